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
