package graph_test

import (
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// fixtureNeighbours returns id and the actors within one tie of it in the
// fixture, direction ignored, and the fixture's ties among them.
func fixtureNeighbours(id string) (actors, ties []string) {
	in := map[string]bool{id: true}
	for _, t := range storetest.Fixture().Ties {
		if t.From == id {
			in[t.To] = true
		}
		if t.To == id {
			in[t.From] = true
		}
	}
	for a := range in {
		actors = append(actors, a)
	}
	for _, t := range storetest.Fixture().Ties {
		if in[t.From] && in[t.To] && t.From != t.To {
			ties = append(ties, t.ID)
		}
	}
	slices.Sort(actors)
	slices.Sort(ties)
	return actors, ties
}

func TestNetworkGraphAround(t *testing.T) {
	h := graph.NewHandler(MustFixtureStore(t), graph.Options{})
	c := client.New(h)
	type graphResp struct {
		NetworkGraph struct {
			Nodes []struct{ ID string }
			Edges []struct {
				Source, Target string
				Kinds          []network.TieKind
				TieIds         []string
			}
		}
	}
	const q = `query($around: [ID!], $hops: Int) { networkGraph(around: $around, hops: $hops, top: 1000) {
		nodes { id } edges { source target kinds tieIds } } }`
	t.Run("OK", func(t *testing.T) {
		var resp graphResp
		MustQuery(t, c, &resp, q, map[string]any{"around": []string{"wanep"}, "hops": 1})
		wantActors, wantTies := fixtureNeighbours("wanep")
		var gotActors, gotTies []string
		for _, n := range resp.NetworkGraph.Nodes {
			gotActors = append(gotActors, n.ID)
		}
		byID := map[string]*network.Tie{}
		for _, t := range storetest.Fixture().Ties {
			byID[t.ID] = t
		}
		for _, e := range resp.NetworkGraph.Edges {
			if !slices.IsSorted(e.TieIds) || len(e.TieIds) == 0 {
				t.Errorf("edge %s-%s: tieIds %q not sorted or empty", e.Source, e.Target, e.TieIds)
			}
			for _, id := range e.TieIds {
				tie := byID[id]
				if tie == nil {
					t.Fatalf("edge %s-%s: unknown tie %q", e.Source, e.Target, id)
				}
				ends := []string{tie.From, tie.To}
				if !slices.Contains(ends, e.Source) || !slices.Contains(ends, e.Target) || !slices.Contains(e.Kinds, tie.Kind) {
					t.Errorf("edge %s-%s %v lists tie %s (%s %s-%s)", e.Source, e.Target, e.Kinds, id, tie.Kind, tie.From, tie.To)
				}
				gotTies = append(gotTies, id)
			}
		}
		slices.Sort(gotActors)
		slices.Sort(gotTies)
		if !slices.Equal(gotActors, wantActors) || len(wantActors) < 3 {
			t.Errorf("actors = %q, want %q", gotActors, wantActors)
		}
		if !slices.Equal(gotTies, wantTies) {
			t.Errorf("ties = %q, want %q", gotTies, wantTies)
		}
	})
	t.Run("OK/ZeroHops", func(t *testing.T) {
		var resp graphResp
		MustQuery(t, c, &resp, q, map[string]any{"around": []string{"wanep", "au"}, "hops": 0})
		if n := resp.NetworkGraph.Nodes; len(n) != 2 || n[0].ID == n[1].ID {
			t.Errorf("nodes = %v, want wanep and au", n)
		}
	})
	for _, tt := range []struct {
		name string
		vars map[string]any
		code string
	}{
		{"ErrInvalid/Hops", map[string]any{"around": []string{"wanep"}, "hops": 11}, graph.CodeBadUserInput},
		{"ErrNotFound", map[string]any{"around": []string{"nobody"}, "hops": 1}, graph.CodeNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := MustPost(t, h, q, tt.vars)
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != tt.code {
				t.Errorf("errors = %s, want code %s", resp.Body, tt.code)
			}
		})
	}
}

func TestTiesAmong(t *testing.T) { forEachStore(t, testTiesAmong) }

func testTiesAmong(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	among := []string{"ecowas", "wanep", "au", "pbso"}
	var resp struct {
		Ties struct {
			TotalCount int
			Nodes      []idNode
		}
	}
	MustQuery(t, c, &resp, `query($among: [ID!]) { ties(filter: {among: $among}, first: 100) { totalCount nodes { id } } }`, map[string]any{"among": among})
	var want []string
	for _, t := range storetest.Fixture().Ties {
		if slices.Contains(among, t.From) && slices.Contains(among, t.To) {
			want = append(want, t.ID)
		}
	}
	slices.Sort(want)
	if got := nodeIDs(resp.Ties.Nodes); !slices.Equal(got, want) || resp.Ties.TotalCount != len(want) || len(want) == 0 {
		t.Errorf("ties among %q = %d %q, want %q", among, resp.Ties.TotalCount, got, want)
	}
}

func TestNetworkData(t *testing.T) { forEachStore(t, testNetworkData) }

func testNetworkData(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	type dataResp struct {
		NetworkData struct {
			ActorIds     []string
			ActorKinds   []network.ActorKind
			ActorRegions [][]string
			TieIds       []string
			TieKinds     []network.TieKind
			TieFrom      []int
			TieTo        []int
			TieSince     []string
		}
	}
	const q = `query($n: NetworkSelection) { networkData(network: $n) { actorIds actorKinds actorRegions tieIds tieKinds tieFrom tieTo tieSince } }`
	for _, tt := range []struct {
		name string
		sel  map[string]any
		kind func(*network.Tie) bool
	}{
		{"OK/All", nil, func(*network.Tie) bool { return true }},
		{"OK/Kinds", map[string]any{"tieKinds": []string{"MOU", "PARTNERSHIP"}}, func(t *network.Tie) bool { return t.Kind == network.MOU || t.Kind == network.Partnership }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp dataResp
			MustQuery(t, c, &resp, q, map[string]any{"n": tt.sel})
			d := resp.NetworkData
			var wantActors, wantTies []string
			byID := map[string]*network.Actor{}
			for _, a := range storetest.Fixture().Actors {
				wantActors = append(wantActors, a.ID)
				byID[a.ID] = a
			}
			ties := map[string]*network.Tie{}
			for _, x := range storetest.Fixture().Ties {
				if tt.kind(x) {
					wantTies = append(wantTies, x.ID)
					ties[x.ID] = x
				}
			}
			slices.Sort(wantActors)
			slices.Sort(wantTies)
			if !slices.Equal(d.ActorIds, wantActors) {
				t.Errorf("actorIds = %q, want %q", d.ActorIds, wantActors)
			}
			if !slices.Equal(d.TieIds, wantTies) || len(wantTies) == 0 {
				t.Fatalf("tieIds = %q, want %q", d.TieIds, wantTies)
			}
			for i, id := range d.ActorIds {
				if a := byID[id]; d.ActorKinds[i] != a.Kind || !slices.Equal(d.ActorRegions[i], a.Regions) && len(a.Regions)+len(d.ActorRegions[i]) > 0 {
					t.Errorf("actor %s: kind %s regions %q, want %s %q", id, d.ActorKinds[i], d.ActorRegions[i], a.Kind, a.Regions)
				}
			}
			for i, id := range d.TieIds {
				x := ties[id]
				if d.ActorIds[d.TieFrom[i]] != x.From || d.ActorIds[d.TieTo[i]] != x.To || d.TieKinds[i] != x.Kind || d.TieSince[i] != string(x.Since) {
					t.Errorf("tie %s: %s %s-%s since %q, want %s %s-%s since %q", id, d.TieKinds[i], d.ActorIds[d.TieFrom[i]], d.ActorIds[d.TieTo[i]], d.TieSince[i], x.Kind, x.From, x.To, x.Since)
				}
			}
		})
	}
}
