package embedded

import (
	"context"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Actor returns the actor with the given ID. ENOTFOUND if there is none.
func (s *Store) Actor(ctx context.Context, id string) (*network.Actor, error) {
	var out *network.Actor
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		a, ok := st.actors[id]
		if !ok {
			return network.Errorf(network.ENOTFOUND, "actor %q not found", id)
		}
		out = copyActor(a)
		f.actor(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ActorsByID returns the actors with the given IDs in the order asked, with
// nil where an ID is unknown, without the parts omit names.
func (s *Store) ActorsByID(ctx context.Context, ids []string, omit network.Omit) ([]*network.Actor, error) {
	var out []*network.Actor
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		out = make([]*network.Actor, len(ids))
		for i, id := range ids {
			if a, ok := st.actors[id]; ok {
				out[i] = copyActorOmit(a, omit, f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Actors returns one page of the actors that match q.Filter in q.Order, and
// how many match in all (-1 with q.NoTotal, when the scan stops at the end
// of the page). EINVALID for a negative offset or limit.
func (s *Store) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, 0, err
	}
	var (
		out   []*network.Actor
		total int
	)
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		out, total = st.actorsPage(q, f)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// ActorsNeighbors returns the page of actors q asks for, as Actors does, and
// the neighbors of every actor of the page, as Neighbors does, both from one
// state of the store.
func (s *Store) ActorsNeighbors(ctx context.Context, q network.ActorQuery, filter network.TieFilter) (*network.NeighborPage, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, err
	}
	var out *network.NeighborPage
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		page, total := st.actorsPage(q, f)
		ids := make([]string, len(page))
		for i, a := range page {
			ids[i] = a.ID
		}
		out = &network.NeighborPage{Actors: page, Total: total, Neighbors: st.neighbors(ids, filter, q.Omit, f)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// actorsPage returns one page of the actors that match q.Filter in q.Order,
// and how many match in all (-1 with q.NoTotal); q's page is valid. The
// copies it returns get their sources through f, unless q.Omit leaves them
// out.
func (st *state) actorsPage(q network.ActorQuery, f *sourceFill) ([]*network.Actor, int) {
	order := q.Order
	if order == "" {
		order = network.ByName
	}
	var candidates []*network.Actor
	if len(q.Filter.IDs) > 0 {
		seen := make(map[string]bool, len(q.Filter.IDs))
		for _, id := range q.Filter.IDs {
			if a, ok := st.actors[id]; ok && !seen[id] {
				seen[id] = true
				candidates = append(candidates, a)
			}
		}
		slices.SortFunc(candidates, order.Compare)
	} else {
		// Every actor, already in order: the page is cut from the first
		// matches, with no sort per read.
		candidates = st.ordered(order)
	}
	// The text is lowered once for the whole scan (network.TextMatchesLower).
	filter, text := q.Filter, ""
	if filter.Text != "" {
		filter.Text, text = "", strings.ToLower(strings.TrimSpace(q.Filter.Text))
	}
	var (
		out   []*network.Actor
		total int
		skip  int // matches up to After, counted in total only
	)
	if q.After != nil && q.NoTotal {
		// Nothing up to After is counted: start the scan after it.
		i, _ := slices.BinarySearchFunc(candidates, q.After, order.Compare)
		for i < len(candidates) && order.Compare(candidates[i], q.After) <= 0 {
			i++
		}
		candidates = candidates[i:]
	}
	for _, a := range candidates {
		if !filter.Matches(a) || (q.Filter.Text != "" && !network.TextMatchesLower(a, text)) {
			continue
		}
		if q.After != nil && order.Compare(a, q.After) <= 0 {
			skip++
			total++
			continue
		}
		if total-skip >= q.Offset && (q.Limit == 0 || len(out) < q.Limit) {
			out = append(out, copyActorOmit(a, q.Omit, f))
		}
		total++
		if q.NoTotal && q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	if q.NoTotal {
		total = -1
	}
	return out, total
}

// Ties returns one page of the ties that match q.Filter in ID order, and how
// many match in all. EINVALID for a negative offset or limit.
func (s *Store) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, 0, err
	}
	var (
		out   []*network.Tie
		total int
	)
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		candidates := st.tieList
		if q.Filter.Actor != "" {
			candidates = st.byActor[q.Filter.Actor]
		}
		var matched []*network.Tie
		for _, t := range candidates {
			if q.Filter.Matches(t) {
				matched = append(matched, t)
			}
		}
		page := network.Page(matched, q.Offset, q.Limit)
		out, total = make([]*network.Tie, len(page)), len(matched)
		for i, t := range page {
			out[i] = copyTieOmit(t, q.Omit, f)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// TiesOf returns, for each actor ID asked, the ties that match filter with
// that actor at an end chosen by filter.Direction, in ID order, without the
// parts omit names. Every ID asked is a key of the result, with no ties for
// an unknown actor.
func (s *Store) TiesOf(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (map[string][]*network.Tie, error) {
	var out map[string][]*network.Tie
	err := s.readSourced(ctx, func(st *state, fill *sourceFill) error {
		out = make(map[string][]*network.Tie, len(actorIDs))
		for _, id := range actorIDs {
			if _, done := out[id]; done {
				continue
			}
			f := filter
			f.Actor = id
			var ties []*network.Tie
			for _, t := range st.byActor[id] {
				if f.Matches(t) {
					ties = append(ties, copyTieOmit(t, omit, fill))
				}
			}
			out[id] = ties
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Neighborhood returns the actors with the given IDs, their ties that match
// filter as TiesOf returns them, of those the ones in window, and the actors
// at the other ends of these, without the parts omit names.
func (s *Store) Neighborhood(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit, window network.TieWindow) (*network.Neighborhood, error) {
	if err := network.CheckPage(window.Offset, window.Limit); err != nil {
		return nil, err
	}
	var n *network.Neighborhood
	err := s.readSourced(ctx, func(st *state, fill *sourceFill) error {
		n = st.neighborhood(actorIDs, filter, omit, window, fill)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// neighborhood is Neighborhood over st; the copies get their sources
// through fill unless omit leaves them out.
func (st *state) neighborhood(actorIDs []string, filter network.TieFilter, omit network.Omit, window network.TieWindow, fill *sourceFill) *network.Neighborhood {
	n := &network.Neighborhood{
		Actors: make(map[string]*network.Actor, len(actorIDs)),
		Ties:   make(map[string][]*network.Tie, len(actorIDs)),
	}
	if window.Count {
		n.Totals = make(map[string]int, len(actorIDs))
	}
	addActor := func(id string) {
		if _, done := n.Actors[id]; done {
			return
		}
		if a, ok := st.actors[id]; ok {
			n.Actors[id] = copyActorOmit(a, omit, fill)
		}
	}
	for _, id := range actorIDs {
		if _, done := n.Ties[id]; done {
			continue
		}
		addActor(id)
		f := filter
		f.Actor = id
		// st.byActor is in CompareTies order: the window is cut as the
		// matches go by.
		var ties []*network.Tie
		matched := 0
		for _, t := range st.byActor[id] {
			if !f.Matches(t) {
				continue
			}
			if matched >= window.Offset && (window.Limit == 0 || len(ties) < window.Limit) {
				ties = append(ties, copyTieOmit(t, omit, fill))
				addActor(t.Other(id))
			} else if !window.Count && window.Limit > 0 && len(ties) == window.Limit {
				break
			}
			matched++
		}
		n.Ties[id] = ties
		if window.Count {
			n.Totals[id] = matched
		}
	}
	return n
}

// Neighbors returns the actors with the given IDs and, for each, the
// distinct actors at the other ends of its ties that match filter, ordered by
// name, without the parts omit names. No tie is copied.
func (s *Store) Neighbors(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (*network.Adjacency, error) {
	var adj *network.Adjacency
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		adj = st.neighbors(actorIDs, filter, omit, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return adj, nil
}

// neighbors is Neighbors over st; the copies get their sources through
// fill unless omit leaves them out.
func (st *state) neighbors(actorIDs []string, filter network.TieFilter, omit network.Omit, fill *sourceFill) *network.Adjacency {
	adj := &network.Adjacency{
		Actors:    make(map[string]*network.Actor, len(actorIDs)),
		Neighbors: make(map[string][]string, len(actorIDs)),
	}
	addActor := func(id string) {
		if _, done := adj.Actors[id]; done {
			return
		}
		if a, ok := st.actors[id]; ok {
			adj.Actors[id] = copyActorOmit(a, omit, fill)
		}
	}
	for _, id := range actorIDs {
		addActor(id) // whole, before any is added as a neighbor
	}
	if omit.NeighborNames {
		addActor = func(id string) {
			if _, done := adj.Actors[id]; done {
				return
			}
			if a, ok := st.actors[id]; ok {
				adj.Actors[id] = &network.Actor{ID: a.ID, Name: a.Name}
			}
		}
	}
	seen := map[string]bool{}
	for _, id := range actorIDs {
		if _, done := adj.Neighbors[id]; done {
			continue
		}
		f := filter
		f.Actor = id
		clear(seen)
		var ids []string
		for _, t := range st.byActor[id] {
			if other := t.Other(id); !seen[other] && f.Matches(t) {
				seen[other] = true
				ids = append(ids, other)
				addActor(other)
			}
		}
		adj.Neighbors[id] = ids
	}
	adj.SortNeighbors()
	return adj
}

// Search returns the actors that query matches, ranked by network.MatchScore
// and network.RankHits, at most limit of them (all when limit <= 0).
func (s *Store) Search(ctx context.Context, query string, limit int) ([]network.SearchHit, error) {
	var hits []network.SearchHit
	err := s.readSourced(ctx, func(st *state, f *sourceFill) error {
		hits = nil
		for _, a := range st.actorList {
			if score := network.MatchScore(a, query); score > 0 {
				hits = append(hits, network.SearchHit{Actor: a, Score: score})
			}
		}
		hits = network.RankHits(hits, limit)
		for i := range hits {
			hits[i].Actor = copyActor(hits[i].Actor)
			f.actor(hits[i].Actor)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// Places returns every place, ordered by ID.
func (s *Store) Places(ctx context.Context) ([]*network.Place, error) {
	st, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*network.Place, len(st.placeList))
	for i, p := range st.placeList {
		out[i] = copyPlace(p)
	}
	return out, nil
}

// Snapshot returns the whole network at the current version: actors and
// places by ID, ties by ID. Actors and ties carry no sources unless
// withSources; places keep theirs.
func (s *Store) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	var snap *network.Snapshot
	err := s.readSourced(ctx, func(st *state, f *sourceFill) (err error) {
		snap, err = st.snapshot(ctx, withSources, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// snapshot is Snapshot over st; with sources, the copies get theirs
// through f.
func (st *state) snapshot(ctx context.Context, withSources bool, f *sourceFill) (*network.Snapshot, error) {
	snap := &network.Snapshot{
		Version: st.version,
		Actors:  make([]*network.Actor, len(st.actorList)),
		Ties:    make([]*network.Tie, len(st.tieList)),
		Places:  make([]*network.Place, len(st.placeList)),
	}
	// One allocation for all actors and one for all ties: a snapshot is
	// taken whole and dropped whole.
	actors := make([]network.Actor, len(st.actorList))
	for i, a := range st.actorList {
		copyActorInto(&actors[i], a)
		snap.Actors[i] = &actors[i]
	}
	ties := make([]network.Tie, len(st.tieList))
	for i, t := range st.tieList {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		copyTieInto(&ties[i], t)
		snap.Ties[i] = &ties[i]
	}
	for i, p := range st.placeList {
		snap.Places[i] = copyPlace(p)
	}
	if withSources {
		// In ID order, as the file's keys: the file is read front to back.
		f.actors, f.ties = snap.Actors, snap.Ties
	}
	return snap, nil
}

var _ network.SnapshotSharer = (*Store)(nil)

// SharedSnapshot returns the state the store serves from as a snapshot:
// its lists and items, not copied (the state is never changed once
// published). The caller must not change them. Its actors and ties carry
// no sources (they stay in the file); its places carry theirs.
func (s *Store) SharedSnapshot(ctx context.Context) (*network.Snapshot, error) {
	st, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	return &network.Snapshot{Version: st.version, Actors: slices.Clip(st.actorList),
		Ties: slices.Clip(st.tieList), Places: slices.Clip(st.placeList)}, nil
}
