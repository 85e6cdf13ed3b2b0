package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// omits are the ways a read may be asked to leave parts out: nothing, each
// part alone, everything.
var omits = []network.Omit{
	{},
	{ActorSources: true},
	{ActorDetails: true},
	{TieSources: true},
	{TieDetails: true},
	{ActorSources: true, ActorDetails: true, TieSources: true, TieDetails: true},
}

// testNeighborhood checks the one-read subtree: the asked actors, their ties
// as TiesOf returns them, the actors at the other ends, and the parts left
// out as asked.
func testNeighborhood(t *testing.T, s network.Store) {
	ctx := context.Background()
	ids := []string{"ecowas", "wanep", "nobody", "au", "sweden", "ecowas"}
	for _, f := range []network.TieFilter{
		{},
		{Direction: network.Outgoing},
		{Direction: network.Incoming, Kinds: []network.TieKind{network.Funding, network.Support, network.MOU}},
		{ActiveFrom: "2020"},
		{Actor: "igad"}, // ignored
		{IDs: []string{"t01", "t04", "t14"}},
		{Among: []string{"ecowas", "wanep", "au", "unowas"}},
	} {
		for i, omit := range omits {
			window := windows[i%len(windows)]
			name := fmt.Sprintf("Neighborhood(%+v, %+v, %+v)", f, omit, window)
			got, err := s.Neighborhood(ctx, ids, f, omit, window)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantActors := map[string]*network.Actor{}
			for _, id := range ids {
				want := f
				want.Actor = id
				all := wantTies(want)
				wantTies := window.Window(all)
				sameIDs(t, name+"["+id+"]", tieIDs(got.Ties[id]), tieIDs(wantTies))
				if window.Count {
					if n, ok := got.Totals[id]; !ok || n != len(all) {
						t.Errorf("%s: total of %q = %d (given: %v), want %d", name, id, n, ok, len(all))
					}
				} else if got.Totals != nil {
					t.Errorf("%s: totals %v, not asked", name, got.Totals)
				}
				for i := range min(len(got.Ties[id]), len(wantTies)) {
					sameValue(t, name+"["+id+"]", got.Ties[id][i], omit.Tie(wantTies[i]))
				}
				if a := findActor(Fixture().Actors, id); a != nil {
					wantActors[id] = a
				}
				for _, tie := range wantTies {
					other := tie.Other(id)
					wantActors[other] = findActor(Fixture().Actors, other)
				}
			}
			for id := range got.Ties {
				if !slices.Contains(ids, id) {
					t.Errorf("%s has ties for %q, which was not asked", name, id)
				}
			}
			if len(got.Actors) != len(wantActors) {
				t.Errorf("%s: %d actors, want %d", name, len(got.Actors), len(wantActors))
			}
			for id, want := range wantActors {
				a, ok := got.Actors[id]
				if !ok {
					t.Errorf("%s: actor %q missing", name, id)
					continue
				}
				sameValue(t, name+" actor "+id, a, omit.Actor(want))
			}
		}
	}
	none, err := s.Neighborhood(ctx, nil, network.TieFilter{}, network.Omit{}, network.TieWindow{})
	if err != nil {
		t.Fatalf("Neighborhood(nil): %v", err)
	}
	if len(none.Actors) != 0 || len(none.Ties) != 0 {
		t.Errorf("Neighborhood(nil) = %d actors, %d tie lists, want none", len(none.Actors), len(none.Ties))
	}
	for _, w := range []network.TieWindow{{Offset: -1}, {Limit: -1}} {
		if _, err := s.Neighborhood(ctx, ids, network.TieFilter{}, network.Omit{}, w); network.ErrorCode(err) != network.EINVALID {
			t.Errorf("Neighborhood(window %+v) = %v, want EINVALID", w, err)
		}
	}
}

// windows are parts of each actor's list of ties a Neighborhood may be
// asked for: all, a first page, a later page counted, one past the end,
// all counted.
var windows = []network.TieWindow{
	{},
	{Limit: 2},
	{Offset: 1, Limit: 2, Count: true},
	{Offset: 50, Limit: 5},
	{Count: true},
	{Offset: 3},
}

// testActorsNeighbors checks the page with its neighbors: the page and
// total as Actors returns them and the neighbors of its actors as
// Neighbors returns them, for each order, filter, keyset and page.
func testActorsNeighbors(t *testing.T, s network.Store) {
	ctx := context.Background()
	after := &network.Actor{ID: "ecowas", Name: "Economic Community of West African States", Kind: network.RegionalOrganization}
	queries := []network.ActorQuery{
		{},
		{NoTotal: true, Limit: 3},
		{NoTotal: true, Offset: 2, Limit: 4, Order: network.ByID},
		{NoTotal: true, Limit: 5, Order: network.ByKind, After: after},
		{NoTotal: true, After: after},
		{NoTotal: true, Limit: 3, Filter: network.ActorFilter{Text: "a"}},
		{Limit: 3, Filter: network.ActorFilter{Kinds: []network.ActorKind{network.CivilSociety, network.RegionalOrganization}}},
		{NoTotal: true, Filter: network.ActorFilter{IDs: []string{"wanep", "au", "nobody"}}, Order: network.ByID},
	}
	filters := []network.TieFilter{
		{},
		{Kinds: []network.TieKind{network.MOU, network.Funding}, Direction: network.Both},
		{Direction: network.Outgoing},
		{Direction: network.Incoming, Kinds: []network.TieKind{network.Funding, network.Support, network.MOU}},
		{ActiveFrom: "2020"},
		{IDs: []string{"t01", "t04", "t14"}},
		{Among: []string{"ecowas", "wanep", "au", "unowas"}},
	}
	for i, q := range queries {
		for j, f := range filters {
			q := q
			q.Omit = omits[(i+j)%len(omits)]
			q.Omit.NeighborNames = (i+j)%2 == 1
			name := fmt.Sprintf("ActorsNeighbors(%+v, %+v)", q, f)
			got, err := s.ActorsNeighbors(ctx, q, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantPage, wantTotal, err := s.Actors(ctx, q)
			if err != nil {
				t.Fatalf("Actors(%+v): %v", q, err)
			}
			sameIDs(t, name+" page", actorIDs(got.Actors), actorIDs(wantPage))
			for k := range min(len(got.Actors), len(wantPage)) {
				sameValue(t, name+" page", got.Actors[k], wantPage[k])
			}
			if got.Total != wantTotal {
				t.Errorf("%s: total %d, want %d", name, got.Total, wantTotal)
			}
			want, err := s.Neighbors(ctx, actorIDs(wantPage), f, q.Omit)
			if err != nil {
				t.Fatalf("Neighbors: %v", err)
			}
			if got.Neighbors == nil {
				t.Fatalf("%s: no neighbors", name)
			}
			for _, id := range actorIDs(wantPage) {
				sameIDs(t, name+"["+id+"]", got.Neighbors.Neighbors[id], want.Neighbors[id])
			}
			if len(got.Neighbors.Neighbors) != len(want.Neighbors) {
				t.Errorf("%s: neighbors of %d actors, want %d", name, len(got.Neighbors.Neighbors), len(want.Neighbors))
			}
			if len(got.Neighbors.Actors) != len(want.Actors) {
				t.Errorf("%s: %d actors, want %d", name, len(got.Neighbors.Actors), len(want.Actors))
			}
			for id, w := range want.Actors {
				a, ok := got.Neighbors.Actors[id]
				if !ok {
					t.Errorf("%s: actor %q missing", name, id)
					continue
				}
				sameValue(t, name+" actor "+id, a, w)
			}
		}
	}
	if _, err := s.ActorsNeighbors(ctx, network.ActorQuery{Offset: -1}, network.TieFilter{}); network.ErrorCode(err) != network.EINVALID {
		t.Errorf("ActorsNeighbors(offset -1) = %v, want EINVALID", err)
	}
}

// testOmit checks that pages of actors and ties, actors by ID and the ties
// of actors leave out what Omit names and keep the rest.
func testOmit(t *testing.T, s network.Store) {
	ctx := context.Background()
	for _, omit := range omits {
		byID, err := s.ActorsByID(ctx, []string{"ecowas", "nobody", "wanep"}, omit)
		if err != nil {
			t.Fatalf("ActorsByID(%+v): %v", omit, err)
		}
		if len(byID) != 3 || byID[1] != nil || byID[0] == nil || byID[2] == nil {
			t.Fatalf("ActorsByID(%+v) = %v, want ecowas, nil, wanep", omit, byID)
		}
		for i, id := range []string{"ecowas", "wanep"} {
			want := wantActors(network.ActorFilter{IDs: []string{id}}, network.ByID)
			sameValue(t, fmt.Sprintf("ActorsByID(%+v)", omit), byID[2*i], omit.Actor(want[0]))
		}
		of, err := s.TiesOf(ctx, []string{"ecowas"}, network.TieFilter{}, omit)
		if err != nil {
			t.Fatalf("TiesOf(%+v): %v", omit, err)
		}
		wantOf := wantTies(network.TieFilter{Actor: "ecowas"})
		sameIDs(t, fmt.Sprintf("TiesOf(%+v)", omit), tieIDs(of["ecowas"]), tieIDs(wantOf))
		for i := range min(len(of["ecowas"]), len(wantOf)) {
			sameValue(t, fmt.Sprintf("TiesOf(%+v)", omit), of["ecowas"][i], omit.Tie(wantOf[i]))
		}
		actors, _, err := s.Actors(ctx, network.ActorQuery{Omit: omit})
		if err != nil {
			t.Fatalf("Actors(%+v): %v", omit, err)
		}
		want := wantActors(network.ActorFilter{}, network.ByName)
		sameIDs(t, fmt.Sprintf("Actors(%+v)", omit), actorIDs(actors), actorIDs(want))
		for i := range min(len(actors), len(want)) {
			sameValue(t, fmt.Sprintf("Actors(%+v)", omit), actors[i], omit.Actor(want[i]))
		}
		for _, f := range []network.TieFilter{{}, {Actor: "ecowas"}} {
			ties, _, err := s.Ties(ctx, network.TieQuery{Filter: f, Omit: omit})
			if err != nil {
				t.Fatalf("Ties(%+v, %+v): %v", f, omit, err)
			}
			want := wantTies(f)
			sameIDs(t, fmt.Sprintf("Ties(%+v, %+v)", f, omit), tieIDs(ties), tieIDs(want))
			for i := range min(len(ties), len(want)) {
				sameValue(t, fmt.Sprintf("Ties(%+v, %+v)", f, omit), ties[i], omit.Tie(want[i]))
			}
		}
	}
}

// testNeighbors checks the neighbors-only read: the asked actors, the
// distinct actors at the other ends of their ties as TiesOf selects them,
// ordered by name, and the parts left out as asked.
func testNeighbors(t *testing.T, s network.Store) {
	ctx := context.Background()
	ids := []string{"ecowas", "wanep", "nobody", "au", "sweden", "ecowas"}
	for _, f := range []network.TieFilter{
		{},
		{Direction: network.Outgoing},
		{Direction: network.Incoming, Kinds: []network.TieKind{network.Funding, network.Support, network.MOU}},
		{ActiveFrom: "2020"},
		{Actor: "igad"}, // ignored
		{IDs: []string{"t01", "t04", "t14"}},
		{Among: []string{"ecowas", "wanep", "au", "unowas"}},
	} {
		for _, omit := range append(slices.Clone(omits), network.Omit{NeighborNames: true}, network.Omit{ActorSources: true, NeighborNames: true}) {
			name := fmt.Sprintf("Neighbors(%+v, %+v)", f, omit)
			got, err := s.Neighbors(ctx, ids, f, omit)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantActors := map[string]*network.Actor{}
			for _, id := range ids {
				want := f
				want.Actor = id
				fixture := Fixture().Actors
				var others []*network.Actor
				seen := map[string]bool{}
				for _, tie := range wantTies(want) {
					o := findActor(fixture, tie.Other(id))
					if !seen[o.ID] {
						seen[o.ID] = true
						others = append(others, o)
						if _, done := wantActors[o.ID]; !done {
							wantActors[o.ID] = neighborAs(o, omit)
						}
					}
				}
				slices.SortFunc(others, network.ByName.Compare)
				sameIDs(t, name+"["+id+"]", got.Neighbors[id], actorIDs(others))
			}
			for _, id := range ids {
				if a := findActor(Fixture().Actors, id); a != nil {
					wantActors[id] = omit.Actor(a) // asked: whole
				}
			}
			for id := range got.Neighbors {
				if !slices.Contains(ids, id) {
					t.Errorf("%s has neighbors for %q, which was not asked", name, id)
				}
			}
			if len(got.Actors) != len(wantActors) {
				t.Errorf("%s: %d actors, want %d", name, len(got.Actors), len(wantActors))
			}
			for id, want := range wantActors {
				a, ok := got.Actors[id]
				if !ok {
					t.Errorf("%s: actor %q missing", name, id)
					continue
				}
				sameValue(t, name+" actor "+id, a, want)
			}
		}
	}
	none, err := s.Neighbors(ctx, nil, network.TieFilter{}, network.Omit{})
	if err != nil {
		t.Fatalf("Neighbors(nil): %v", err)
	}
	if len(none.Actors) != 0 || len(none.Neighbors) != 0 {
		t.Errorf("Neighbors(nil) = %d actors, %d neighbor lists, want none", len(none.Actors), len(none.Neighbors))
	}
}

// neighborAs is a neighbor as Neighbors returns it with omit: its ID and
// name alone with NeighborNames.
func neighborAs(a *network.Actor, omit network.Omit) *network.Actor {
	if omit.NeighborNames {
		return &network.Actor{ID: a.ID, Name: a.Name}
	}
	return omit.Actor(a)
}
