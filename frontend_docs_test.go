package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// frontendQueries returns the named GraphQL operations of docs/frontend.md
// (query Ego, query Region, ...), each as written there.
func frontendQueries(tb testing.TB) (doc string, queries map[string]string) {
	tb.Helper()
	doc = MustRead(tb, "docs/frontend.md")
	queries = map[string]string{}
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(doc, -1) {
		name := regexp.MustCompile(`^query (\w+)`).FindStringSubmatch(m[1])
		if name == nil {
			tb.Fatalf("docs/frontend.md: a graphql block without a named query: %.60q", m[1])
		}
		queries[name[1]] = m[1]
	}
	return doc, queries
}

// TestFrontendDocs runs the queries docs/frontend.md gives a front-end team
// (an ego network, a region, a gap chart, search) against the seed network
// and checks what the page says of their answers: the ego network is every
// actor within two ties and its edges are the ties the page names, the
// region's columns line up and hold only the region's actors and the kinds
// asked, the gap chart's groups say their coverage and a group without data
// has no funding figure to draw, and search finds Côte d'Ivoire first.
func TestFrontendDocs(t *testing.T) {
	doc, queries := frontendQueries(t)
	for _, name := range []string{"Ego", "Region", "GapChart", "Find"} {
		if queries[name] == "" {
			t.Fatalf("docs/frontend.md has no query %s", name)
		}
	}
	s := MustServe(t, nil)

	t.Run("OK Ego", func(t *testing.T) {
		var got struct {
			NetworkGraph struct {
				Nodes []struct{ ID string }
				Edges []struct {
					From, To string
					TieIds   []string
				}
			}
		}
		MustGraphQL(t, s.URL, queries["Ego"], nil, &got)
		// The same selection's network, and who is within two ties of WANEP.
		var all struct {
			NetworkData struct {
				ActorIds       []string
				TieFrom, TieTo []int
			}
		}
		MustGraphQL(t, s.URL, `{ networkData(network: {tieKinds: [MOU, PARTNERSHIP, DIALOGUE, SUPPORT, COLLABORATION]}) { actorIds tieFrom tieTo } }`, nil, &all)
		d := all.NetworkData
		dist := map[string]int{"wanep": 0}
		for hop := 1; hop <= 2; hop++ {
			for i := range d.TieFrom {
				a, b := d.ActorIds[d.TieFrom[i]], d.ActorIds[d.TieTo[i]]
				if da, ok := dist[a]; ok && da == hop-1 {
					if _, seen := dist[b]; !seen {
						dist[b] = hop
					}
				}
				if db, ok := dist[b]; ok && db == hop-1 {
					if _, seen := dist[a]; !seen {
						dist[a] = hop
					}
				}
			}
		}
		var want, gotIDs []string
		for id := range dist {
			want = append(want, id)
		}
		for _, n := range got.NetworkGraph.Nodes {
			gotIDs = append(gotIDs, n.ID)
		}
		slices.Sort(want)
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("ego network %v, want the actors within two ties of wanep %v", gotIDs, want)
		}
		if len(got.NetworkGraph.Edges) == 0 {
			t.Fatal("the ego network has no edges")
		}
		for _, e := range got.NetworkGraph.Edges {
			for _, id := range e.TieIds {
				if !strings.Contains(doc, "`"+id+"`") {
					t.Errorf("the edge %s-%s stands for tie %s, which docs/frontend.md does not name", e.From, e.To, id)
				}
			}
		}
	})

	t.Run("OK Region", func(t *testing.T) {
		var got struct {
			NetworkData struct {
				ActorIds, ActorNames, ActorAcronyms, ActorKinds []string
				ActorRegions                                    [][]string
				TieIds, TieKinds, TieSince, TieUntil            []string
				TieFrom, TieTo                                  []int
				TieWeights                                      []float64
			}
		}
		MustGraphQL(t, s.URL, queries["Region"], nil, &got)
		d := got.NetworkData
		if len(d.ActorIds) == 0 || len(d.TieIds) == 0 {
			t.Fatalf("west-africa: %d actors, %d ties", len(d.ActorIds), len(d.TieIds))
		}
		for _, n := range []int{len(d.ActorNames), len(d.ActorAcronyms), len(d.ActorKinds), len(d.ActorRegions)} {
			if n != len(d.ActorIds) {
				t.Errorf("an actor column has %d entries, want %d", n, len(d.ActorIds))
			}
		}
		for _, n := range []int{len(d.TieKinds), len(d.TieSince), len(d.TieUntil), len(d.TieFrom), len(d.TieTo), len(d.TieWeights)} {
			if n != len(d.TieIds) {
				t.Errorf("a tie column has %d entries, want %d", n, len(d.TieIds))
			}
		}
		for i, rs := range d.ActorRegions {
			if !slices.Contains(rs, "west-africa") {
				t.Errorf("%s is not in west-africa: %v", d.ActorIds[i], rs)
			}
		}
		asked := []string{"MOU", "PARTNERSHIP", "DIALOGUE", "SUPPORT", "COLLABORATION", "FUNDING"}
		for i, k := range d.TieKinds {
			if !slices.Contains(asked, k) {
				t.Errorf("tie %s is %s, not a kind asked", d.TieIds[i], k)
			}
			if d.TieFrom[i] < 0 || d.TieFrom[i] >= len(d.ActorIds) || d.TieTo[i] < 0 || d.TieTo[i] >= len(d.ActorIds) {
				t.Errorf("tie %s names an end outside actorIds", d.TieIds[i])
			}
		}
	})

	t.Run("OK GapChart", func(t *testing.T) {
		var got struct {
			FundingGaps []struct {
				Group, Name, Coverage       string
				ActivityShare, FundingShare float64
				Funding                     float64
			}
		}
		MustGraphQL(t, s.URL, queries["GapChart"], nil, &got)
		if len(got.FundingGaps) == 0 {
			t.Fatal("no groups")
		}
		noData := 0
		for _, g := range got.FundingGaps {
			switch g.Coverage {
			case "NO_DATA":
				noData++
				if g.Funding != 0 || g.FundingShare != 0 {
					t.Errorf("%s: NO_DATA with funding %v (share %v)", g.Group, g.Funding, g.FundingShare)
				}
			case "NO_FUNDING", "FUNDED":
			default:
				t.Errorf("%s: coverage %q", g.Group, g.Coverage)
			}
		}
		if noData == 0 {
			t.Error(`no group says NO_DATA, so the page's "no data" bar is not shown by this query`)
		}
	})

	t.Run("OK Find", func(t *testing.T) {
		var got struct {
			Search struct {
				TotalCount int
				Nodes      []struct {
					Score float64
					Actor struct{ Name string }
				}
			}
		}
		MustGraphQL(t, s.URL, queries["Find"], map[string]any{"q": "cote divoire"}, &got)
		if len(got.Search.Nodes) == 0 || got.Search.Nodes[0].Actor.Name != "Côte d'Ivoire" || got.Search.Nodes[0].Score != 100 {
			t.Errorf(`search "cote divoire": %+v, want Côte d'Ivoire first with score 100`, got.Search.Nodes)
		}
	})
}
