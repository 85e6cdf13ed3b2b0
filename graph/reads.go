package graph

import (
	"context"
	"reflect"
	"slices"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// This file holds what the resolvers call: each helper converts arguments,
// makes one store or loader call and converts the result.

// actor returns the actor with id, or nil when there is none. When its ties
// or neighbors are selected, they and their ends are read with it.
func (r *Resolver) actor(ctx context.Context, id string) (*network.Actor, error) {
	l := loadersFor(ctx, r.Store)
	if op, fields := objectFields(ctx, actorTypes); op != nil {
		if err := prefetch(ctx, l, op, fields, []string{id}); err != nil {
			return nil, err
		}
	}
	return l.Actor(ctx, id)
}

// actors returns one page of the actors that match filter in order.
func (r *Resolver) actors(ctx context.Context, filter *network.ActorFilter, order *network.ActorOrder, first *int, after *string) (*model.ActorConnection, error) {
	p, err := actorPageArgs(first, after)
	if err != nil {
		return nil, err
	}
	l := loadersFor(ctx, r.Store)
	// One actor more than the page says whether another page follows.
	q := network.ActorQuery{Order: network.ByName, Offset: p.offset, Limit: p.limit + 1, After: p.after, Omit: l.Omit(ctx)}
	if filter != nil {
		if err := network.CheckSearch("filter.text", filter.Text); err != nil {
			return nil, err
		}
		q.Filter = *filter
	}
	if order != nil {
		q.Order = *order
	}
	// Without totalCount the store does not count.
	q.NoTotal = !selectsTotal(ctx)
	op, fields := connectionNodes(ctx, actorTypes)
	var (
		actors []*network.Actor
		total  int
	)
	neighbors, namesOnly, withNeighbors := network.TieFilter{}, false, false
	if op != nil {
		neighbors, namesOnly, withNeighbors = neighborPlan(op, fields)
	}
	if withNeighbors {
		// The page and its actors' neighbors in one read.
		actors, total, err = l.PrefetchPage(ctx, q, neighbors, namesOnly)
	} else {
		actors, total, err = r.Store.Actors(ctx, q)
	}
	if err != nil {
		return nil, err
	}
	more := len(actors) > p.limit
	actors = actors[:min(len(actors), p.limit)]
	if q.NoTotal {
		total = p.offset + len(actors) // not selected: never shown
	}
	// The page's ties and their ends in one more read.
	if op != nil && !withNeighbors && len(actors) > 0 {
		ids := make([]string, len(actors))
		for i, a := range actors {
			ids[i] = a.ID
		}
		if err := prefetch(ctx, l, op, fields, ids); err != nil {
			return nil, err
		}
	}
	return actorPageConnection(actors, p, more, total), nil
}

// ties returns one page of the ties that match filter.
func (r *Resolver) ties(ctx context.Context, filter *network.TieFilter, first *int, after *string) (*model.TieConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	l := loadersFor(ctx, r.Store)
	q := network.TieQuery{Offset: p.offset, Limit: p.limit, Omit: l.Omit(ctx)}
	if filter != nil {
		q.Filter = *filter
	}
	if q.Filter.Actor != "" && onlyTiesOfFields(q.Filter) {
		// The page of the actor's ties with their ends in one call,
		// counted only when totalCount or pageInfo is selected.
		f := q.Filter
		f.Actor = ""
		w := network.TieWindow{Offset: p.offset, Limit: p.limit, Count: selectsTotalOrPageInfo(ctx)}
		n, err := l.Prefetch(ctx, []string{q.Filter.Actor}, f, w)
		if err != nil {
			return nil, err
		}
		page := n.Ties[q.Filter.Actor]
		total := p.offset + len(page) // not selected: never shown
		if w.Count {
			total = n.Totals[q.Filter.Actor]
		}
		return tieConnection(page, p.offset, total), nil
	}
	ties, total, err := r.Store.Ties(ctx, q)
	if err != nil {
		return nil, err
	}
	return tieConnection(ties, p.offset, total), nil
}

// onlyTiesOfFields reports whether f uses only the fields that
// Store.Neighborhood filters by (IDs, Kinds, Direction, ActiveFrom,
// ActiveTo, Among) besides Actor.
func onlyTiesOfFields(f network.TieFilter) bool {
	f.IDs, f.Kinds, f.Actor, f.Direction, f.ActiveFrom, f.ActiveTo, f.Among = nil, nil, "", "", "", "", nil
	return reflect.DeepEqual(f, network.TieFilter{})
}

// actorTies returns one page of the ties of actor of kinds in direction.
func (r *Resolver) actorTies(ctx context.Context, actor string, kinds []network.TieKind, direction *network.Direction, first *int, after *string) (*model.TieConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	l := loadersFor(ctx, r.Store)
	window := network.TieWindow{Offset: p.offset, Limit: p.limit, Count: selectsTotalOrPageInfo(ctx)}
	if w, ok := l.PrefetchedWindow(actor, kinds, direction, window); ok {
		total := p.offset + len(w.Ties) // not selected: never shown
		if w.Counted {
			total = w.Total
		}
		return tieConnection(w.Ties, p.offset, total), nil
	}
	all, err := l.TiesOf(ctx, actor, kinds, direction)
	if err != nil {
		return nil, err
	}
	return tieConnection(slicePage(all, p), p.offset, len(all)), nil
}

// neighbors returns the distinct actors at the other end of the ties of
// actor of kinds in direction, ordered by name.
func (r *Resolver) neighbors(ctx context.Context, actor string, kinds []network.TieKind, direction *network.Direction) ([]*network.Actor, error) {
	l := loadersFor(ctx, r.Store)
	if list, ok := l.PrefetchedNeighbors(actor, kinds, direction); ok {
		return list, nil // already ordered by name
	}
	ties, err := l.TiesOf(ctx, actor, kinds, direction)
	if err != nil {
		return nil, err
	}
	var ids []string
	seen := make(map[string]bool, len(ties))
	for _, t := range ties {
		if other := t.Other(actor); !seen[other] {
			seen[other] = true
			ids = append(ids, other)
		}
	}
	actors, err := l.ActorList(ctx, ids)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(actors, network.ByName.Compare)
	return actors, nil
}

// tieEnd returns the actor id at one end of tie; a tie always names a stored
// actor, so a missing one is ENOTFOUND.
func (r *Resolver) tieEnd(ctx context.Context, tie *network.Tie, id string) (*network.Actor, error) {
	a, err := loadersFor(ctx, r.Store).Actor(ctx, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q at an end of tie %q not found", id, tie.ID)
	}
	return a, nil
}

// search returns one page of the actors matching query, best first. A query
// with nothing to match finds nothing.
func (r *Resolver) search(ctx context.Context, query string, first *int, after *string) (*model.SearchConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	if err := network.CheckSearch("query", query); err != nil {
		return nil, err
	}
	var hits []network.SearchHit
	if network.FoldText(query) != "" {
		if hits, err = r.Store.Search(ctx, query, 0); err != nil {
			return nil, err
		}
	}
	return searchConnection(slicePage(hits, p), p.offset, len(hits)), nil
}

// places returns the places of kind (all when nil), ordered by ID.
func (r *Resolver) places(ctx context.Context, kind *network.PlaceKind) ([]*network.Place, error) {
	places, err := r.Store.Places(ctx)
	if err != nil {
		return nil, err
	}
	if kind != nil {
		places = slices.DeleteFunc(places, func(p *network.Place) bool { return p.Kind != *kind })
	}
	return places, nil
}

// place returns the place with id, or nil when there is none.
func (r *Resolver) place(ctx context.Context, id string) (*network.Place, error) {
	places, err := loadersFor(ctx, r.Store).Places(ctx)
	if err != nil {
		return nil, err
	}
	return places[id], nil
}

// placeList returns the places with ids; an ID no place has is shown as a
// place of kind with the ID as its name, so that no fact is hidden.
func (r *Resolver) placeList(ctx context.Context, ids []string, kind network.PlaceKind) ([]*network.Place, error) {
	places, err := loadersFor(ctx, r.Store).Places(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*network.Place, len(ids))
	for i, id := range ids {
		if p, ok := places[id]; ok {
			out[i] = p
		} else {
			out[i] = &network.Place{ID: id, Name: id, Kind: kind}
		}
	}
	return out, nil
}

// placeISO3 returns p's ISO 3166-1 alpha-3 code, or nil when it has none
// (a region).
func placeISO3(p *network.Place) *string {
	if p.ISO3 == "" {
		return nil
	}
	return &p.ISO3
}

// placeParent returns the region place p lies in, or nil when it names none.
func (r *Resolver) placeParent(ctx context.Context, p *network.Place) (*network.Place, error) {
	if p.Parent == "" {
		return nil, nil
	}
	places, err := r.placeList(ctx, []string{p.Parent}, network.Region)
	if err != nil {
		return nil, err
	}
	return places[0], nil
}

// placeActors returns one page of the actors of kinds working in place.
func (r *Resolver) placeActors(ctx context.Context, place *network.Place, kinds []network.ActorKind, order *network.ActorOrder, first *int, after *string) (*model.ActorConnection, error) {
	f := &network.ActorFilter{Kinds: kinds}
	if place.Kind == network.Country {
		f.Countries = []string{place.ID}
	} else {
		f.Regions = []string{place.ID}
	}
	return r.actors(ctx, f, order, first, after)
}

// node returns the actor, place or tie with id, or nil when there is none.
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	if a, err := r.actor(ctx, id); err != nil || a != nil {
		return a, err
	}
	if p, err := r.place(ctx, id); err != nil || p != nil {
		return p, err
	}
	ties, _, err := r.Store.Ties(ctx, network.TieQuery{Filter: network.TieFilter{IDs: []string{id}}, Limit: 1})
	if err != nil || len(ties) == 0 {
		return nil, err
	}
	return ties[0], nil
}

// networkStats counts what the store holds.
func (r *Resolver) networkStats(ctx context.Context) (*model.NetworkStats, error) {
	s, err := r.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	return &model.NetworkStats{Actors: s.Actors, Ties: s.Ties, Places: s.Places}, nil
}

// scope returns the actor's scope, nil when the sources do not say.
func scope(a *network.Actor) *network.Scope {
	if a.Scope == "" {
		return nil
	}
	s := a.Scope
	return &s
}
