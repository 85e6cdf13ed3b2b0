package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/storetest"
)

func TestActor(t *testing.T) { forEachStore(t, testActor) }

func testActor(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	t.Run("OK", func(t *testing.T) {
		var resp struct {
			Actor struct {
				ID, Name, Acronym, Kind string
				Scope                   *string
				Aliases, Themes         []string
				Imported                bool
				Regions                 []struct{ ID, Name, Kind string }
				Countries               []struct{ ID, Name string }
				Identifiers             []network.Identifier
				Attributes              []network.Attribute
				Sources                 []network.Source
			}
		}
		MustQuery(t, c, &resp, `query($id: ID!) { actor(id: $id) {
			id name acronym kind scope aliases themes imported
			regions { id name kind } countries { id name }
			identifiers { scheme value } attributes { name value }
			sources { title url passage record retrieved } } }`, map[string]any{"id": "ecowas"})
		want := fixtureActor(t, "ecowas")
		got := resp.Actor
		if got.ID != want.ID || got.Name != want.Name || got.Acronym != want.Acronym || got.Kind != string(want.Kind) {
			t.Errorf("actor = %+v, want %+v", got, want)
		}
		if got.Scope == nil || *got.Scope != string(want.Scope) {
			t.Errorf("scope = %v, want %q", got.Scope, want.Scope)
		}
		if !slices.Equal(got.Aliases, want.Aliases) || !slices.Equal(got.Themes, want.Themes) {
			t.Errorf("aliases, themes = %q, %q; want %q, %q", got.Aliases, got.Themes, want.Aliases, want.Themes)
		}
		if g, w := ids(got.Regions, func(p struct{ ID, Name, Kind string }) string { return p.ID + "/" + p.Kind }), ids(want.Regions, func(id string) string { return id + "/REGION" }); !slices.Equal(g, w) {
			t.Errorf("regions = %q, want %q", g, w)
		}
		if g, w := ids(got.Countries, func(p struct{ ID, Name string }) string { return p.ID }), want.Countries; !slices.Equal(g, w) {
			t.Errorf("countries = %q, want %q", g, w)
		}
		if got.Regions[0].Name != "West Africa" {
			t.Errorf("region name = %q, want the place's name", got.Regions[0].Name)
		}
		if !slices.Equal(got.Identifiers, want.Identifiers) || !slices.Equal(got.Attributes, want.Attributes) {
			t.Errorf("identifiers, attributes = %v, %v; want %v, %v", got.Identifiers, got.Attributes, want.Identifiers, want.Attributes)
		}
		if !slices.Equal(got.Sources, want.Sources) {
			t.Errorf("sources = %+v, want %+v", got.Sources, want.Sources)
		}
	})
	t.Run("NoScope", func(t *testing.T) {
		var resp struct{ Actor struct{ Scope *string } }
		MustQuery(t, c, &resp, `{ actor(id: "swisspeace") { scope } }`, nil)
		if resp.Actor.Scope != nil {
			t.Errorf("scope = %q, want null", *resp.Actor.Scope)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		resp := MustPost(t, graph.NewHandler(MustFixture(t, open), graph.Options{}), `{ actor(id: "no-such-actor") { id } }`, nil)
		if got, want := string(resp.Data), `{"actor":null}`; got != want || len(resp.Errors) != 0 {
			t.Errorf("data = %s, errors = %v; want %s and no errors", got, resp.Errors, want)
		}
	})
}

func TestActors(t *testing.T) { forEachStore(t, testActors) }

func testActors(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	for _, tt := range []struct {
		name   string
		filter map[string]any
		order  string
		want   network.ActorFilter
	}{
		{"All", nil, "NAME", network.ActorFilter{}},
		{"Kinds", map[string]any{"kinds": []string{"REGIONAL_ORGANIZATION", "CIVIL_SOCIETY"}}, "NAME",
			network.ActorFilter{Kinds: []network.ActorKind{network.RegionalOrganization, network.CivilSociety}}},
		{"Regions", map[string]any{"regions": []string{"sahel"}}, "ID", network.ActorFilter{Regions: []string{"sahel"}}},
		{"Countries", map[string]any{"countries": []string{"GH", "ML"}}, "KIND", network.ActorFilter{Countries: []string{"GH", "ML"}}},
		{"Themes", map[string]any{"themes": []string{"mediation"}}, "NAME", network.ActorFilter{Themes: []string{"mediation"}}},
		{"TextAlias", map[string]any{"text": "cedeao"}, "NAME", network.ActorFilter{Text: "cedeao"}},
		{"Text", map[string]any{"text": "west"}, "NAME", network.ActorFilter{Text: "west"}},
		{"Combined", map[string]any{"kinds": []string{"GOVERNMENT"}, "countries": []string{"NG"}}, "NAME",
			network.ActorFilter{Kinds: []network.ActorKind{network.Government}, Countries: []string{"NG"}}},
		{"IDs", map[string]any{"ids": []string{"au", "igad", "nobody"}}, "NAME", network.ActorFilter{IDs: []string{"au", "igad", "nobody"}}},
		{"None", map[string]any{"themes": []string{"no-such-theme"}}, "NAME", network.ActorFilter{Themes: []string{"no-such-theme"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp struct {
				Actors struct {
					Nodes      []idNode
					TotalCount int
				}
			}
			MustQuery(t, c, &resp, `query($f: ActorFilter, $o: ActorOrder) {
				actors(filter: $f, orderBy: $o, first: 100) { nodes { id } totalCount } }`,
				map[string]any{"f": tt.filter, "o": tt.order})
			want := fixtureActors(tt.want, network.ActorOrder(tt.order))
			if got := nodeIDs(resp.Actors.Nodes); !equal(got, want) {
				t.Errorf("actors = %q, want %q", got, want)
			}
			if got, want := resp.Actors.TotalCount, len(want); got != want {
				t.Errorf("totalCount = %d, want %d", got, want)
			}
		})
	}
}

func TestActorsPaging(t *testing.T) { forEachStore(t, testActorsPaging) }

func testActorsPaging(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	want := fixtureActors(network.ActorFilter{}, network.ByName)
	for _, size := range []int{1, 5, 12, 20} {
		t.Run(fmt.Sprintf("First%d", size), func(t *testing.T) {
			var got []string
			var after *string
			for pages := 0; ; pages++ {
				if pages > len(want) {
					t.Fatal("paging does not end")
				}
				var resp struct {
					Actors struct {
						Edges []struct {
							Cursor string
							Node   idNode
						}
						Nodes    []idNode
						PageInfo struct {
							HasNextPage, HasPreviousPage bool
							StartCursor, EndCursor       *string
						}
						TotalCount int
					}
				}
				MustQuery(t, c, &resp, `query($first: Int, $after: String) { actors(first: $first, after: $after) {
					edges { cursor node { id } } nodes { id }
					pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`,
					map[string]any{"first": size, "after": after})
				a := resp.Actors
				if a.TotalCount != len(want) {
					t.Fatalf("totalCount = %d, want %d", a.TotalCount, len(want))
				}
				if len(a.Nodes) > size || len(a.Edges) != len(a.Nodes) {
					t.Fatalf("page has %d nodes and %d edges, first is %d", len(a.Nodes), len(a.Edges), size)
				}
				if g, w := a.PageInfo.HasPreviousPage, after != nil; g != w {
					t.Errorf("hasPreviousPage = %v, want %v", g, w)
				}
				for i, e := range a.Edges {
					if e.Node.ID != a.Nodes[i].ID {
						t.Errorf("edge %d is %q, node is %q", i, e.Node.ID, a.Nodes[i].ID)
					}
				}
				if len(a.Edges) > 0 && (*a.PageInfo.EndCursor != a.Edges[len(a.Edges)-1].Cursor || *a.PageInfo.StartCursor != a.Edges[0].Cursor) {
					t.Errorf("pageInfo cursors %q..%q do not match the edges", *a.PageInfo.StartCursor, *a.PageInfo.EndCursor)
				}
				got = append(got, nodeIDs(a.Nodes)...)
				if g, w := a.PageInfo.HasNextPage, len(got) < len(want); g != w {
					t.Fatalf("hasNextPage = %v after %d of %d", g, len(got), len(want))
				}
				if !a.PageInfo.HasNextPage {
					break
				}
				after = a.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("pages = %q, want %q", got, want)
			}
		})
	}
}

func TestTies(t *testing.T) { forEachStore(t, testTies) }

func testTies(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	for _, tt := range []struct {
		name   string
		filter map[string]any
		want   network.TieFilter
	}{
		{"All", nil, network.TieFilter{}},
		{"Kinds", map[string]any{"kinds": []string{"FUNDING", "MOU"}}, network.TieFilter{Kinds: []network.TieKind{network.Funding, network.MOU}}},
		{"ActorBoth", map[string]any{"actor": "wanep"}, network.TieFilter{Actor: "wanep"}},
		{"ActorOut", map[string]any{"actor": "ecowas", "direction": "OUT"}, network.TieFilter{Actor: "ecowas", Direction: network.Outgoing}},
		{"ActorIn", map[string]any{"actor": "ecowas", "direction": "IN"}, network.TieFilter{Actor: "ecowas", Direction: network.Incoming}},
		{"Period", map[string]any{"activeFrom": "2019-06", "activeTo": "2020"}, network.TieFilter{ActiveFrom: "2019-06", ActiveTo: "2020"}},
		{"ActiveTo", map[string]any{"activeTo": "2005-12-31"}, network.TieFilter{ActiveTo: "2005-12-31"}},
		{"IDs", map[string]any{"ids": []string{"t03", "t01"}}, network.TieFilter{IDs: []string{"t03", "t01"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp struct {
				Ties struct {
					Nodes []struct {
						ID   string
						From struct{ ID string }
						To   struct{ ID string }
					}
					TotalCount int
				}
			}
			MustQuery(t, c, &resp, `query($f: TieFilter) { ties(filter: $f, first: 100) {
				nodes { id from { id } to { id } } totalCount } }`, map[string]any{"f": tt.filter})
			want := fixtureTies(tt.want)
			byID := map[string]*network.Tie{}
			for _, tie := range storetest.Fixture().Ties {
				byID[tie.ID] = tie
			}
			var got []string
			for _, n := range resp.Ties.Nodes {
				got = append(got, n.ID)
				if tie := byID[n.ID]; tie == nil || tie.From != n.From.ID || tie.To != n.To.ID {
					t.Errorf("tie %s runs %s -> %s, want %v", n.ID, n.From.ID, n.To.ID, tie)
				}
			}
			if !equal(got, want) {
				t.Errorf("ties = %q, want %q", got, want)
			}
			if resp.Ties.TotalCount != len(want) {
				t.Errorf("totalCount = %d, want %d", resp.Ties.TotalCount, len(want))
			}
		})
	}
	t.Run("Fields", func(t *testing.T) {
		var resp struct {
			T06, T16 struct {
				ID, Kind     string
				Symmetric    bool
				Since, Until *string
				Weight       float64
				Funding      *struct {
					Amount          float64
					Currency        string
					Date            *string
					TransactionType string
					Sectors         []network.SectorShare
					RecipientRegion string
					ActivityID      string `json:"activityId"`
				}
				Attributes []network.Attribute
				Sources    []network.Source
			}
		}
		q := `fragment F on Tie { id kind symmetric since until weight
			funding { amount currency date transactionType sectors { code percentage } recipientRegion activityId }
			attributes { name value } sources { title record } }
			{ t06: node(id: "t06") { ...F } t16: node(id: "t16") { ...F } }`
		MustQuery(t, c, &resp, q, nil)
		want := storetest.Fixture().Ties[5]
		got := resp.T06
		if got.ID != want.ID || got.Kind != string(want.Kind) || got.Symmetric != want.Kind.Symmetric() || got.Weight != want.Weight {
			t.Errorf("t06 = %+v, want %+v", got, want)
		}
		if got.Since == nil || *got.Since != string(want.Since) || got.Until == nil || *got.Until != string(want.Until) {
			t.Errorf("t06 since, until = %v, %v; want %q, %q", got.Since, got.Until, want.Since, want.Until)
		}
		f := got.Funding
		if f == nil || f.Amount != want.Funding.Amount || f.Currency != want.Funding.Currency || *f.Date != string(want.Funding.Date) ||
			!slices.Equal(f.Sectors, want.Funding.Sectors) || f.ActivityID != want.Funding.ActivityID || f.TransactionType != want.Funding.TransactionType {
			t.Errorf("t06 funding = %+v, want %+v", f, want.Funding)
		}
		if !slices.Equal(got.Sources, want.Sources) {
			t.Errorf("t06 sources = %+v, want %+v", got.Sources, want.Sources)
		}
		if u := resp.T16; u.Since != nil || u.Until != nil || u.Funding != nil || !u.Symmetric == network.Support.Symmetric() || len(u.Attributes) != 1 {
			t.Errorf("t16 = %+v, want no dates, no funding, directed, one attribute", u)
		}
	})
}

func TestActorTies(t *testing.T) { forEachStore(t, testActorTies) }

func testActorTies(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	for _, tt := range []struct {
		name      string
		actor     string
		kinds     []string
		direction string
		want      network.TieFilter
	}{
		{"Both", "wanep", nil, "BOTH", network.TieFilter{Actor: "wanep"}},
		{"Out", "sweden", nil, "OUT", network.TieFilter{Actor: "sweden", Direction: network.Outgoing}},
		{"InKinds", "ecowas", []string{"SUPPORT", "PARTNERSHIP"}, "IN",
			network.TieFilter{Actor: "ecowas", Direction: network.Incoming, Kinds: []network.TieKind{network.Support, network.Partnership}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp struct {
				Actor struct {
					Ties struct {
						Nodes      []idNode
						TotalCount int
					}
					Neighbors []idNode
				}
			}
			MustQuery(t, c, &resp, `query($id: ID!, $k: [TieKind!], $d: Direction) { actor(id: $id) {
				ties(kinds: $k, direction: $d) { nodes { id } totalCount } neighbors(kinds: $k, direction: $d) { id } } }`,
				map[string]any{"id": tt.actor, "k": tt.kinds, "d": tt.direction})
			wantTies := fixtureTies(tt.want)
			if got := nodeIDs(resp.Actor.Ties.Nodes); !equal(got, wantTies) || resp.Actor.Ties.TotalCount != len(wantTies) {
				t.Errorf("ties = %q (%d), want %q", got, resp.Actor.Ties.TotalCount, wantTies)
			}
			// The neighbors are the distinct other ends, ordered by name.
			others := network.ActorFilter{}
			for _, tie := range storetest.Fixture().Ties {
				if slices.Contains(wantTies, tie.ID) {
					others.IDs = append(others.IDs, tie.Other(tt.actor))
				}
			}
			want := fixtureActors(others, network.ByName)
			if len(others.IDs) == 0 {
				want = nil
			}
			if got := nodeIDs(resp.Actor.Neighbors); !equal(got, want) {
				t.Errorf("neighbors = %q, want %q", got, want)
			}
		})
	}
	t.Run("Paging", func(t *testing.T) {
		all := fixtureTies(network.TieFilter{Actor: "ecowas"})
		var resp struct {
			Actor struct {
				Ties struct {
					Nodes    []idNode
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		MustQuery(t, c, &resp, `{ actor(id: "ecowas") { ties(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } } }`, nil)
		first := resp.Actor.Ties
		if got := nodeIDs(first.Nodes); !slices.Equal(got, all[:2]) || !first.PageInfo.HasNextPage {
			t.Fatalf("first page = %q (next %v), want %q", got, first.PageInfo.HasNextPage, all[:2])
		}
		MustQuery(t, c, &resp, `query($a: String) { actor(id: "ecowas") { ties(first: 100, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"a": first.PageInfo.EndCursor})
		if got := nodeIDs(resp.Actor.Ties.Nodes); !slices.Equal(got, all[2:]) || resp.Actor.Ties.PageInfo.HasNextPage {
			t.Errorf("second page = %q, want %q", got, all[2:])
		}
	})
}

func TestSearch(t *testing.T) { forEachStore(t, testSearch) }

func testSearch(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	for _, q := range []string{"west", "ecowas", "peace", "national early", "un", "WÉST afr"} {
		t.Run(q, func(t *testing.T) {
			var resp struct {
				Search struct {
					Nodes []struct {
						Actor idNode
						Score int
					}
				}
			}
			MustQuery(t, c, &resp, `query($q: String!) { search(query: $q, first: 5) { nodes { actor { id } score } } }`, map[string]any{"q": q})
			var hits []network.SearchHit
			for _, a := range storetest.Fixture().Actors {
				if s := network.MatchScore(a, q); s > 0 {
					hits = append(hits, network.SearchHit{Actor: a, Score: s})
				}
			}
			hits = network.RankHits(hits, 5)
			var got, want []string
			for _, h := range resp.Search.Nodes {
				got = append(got, h.Actor.ID+":"+string(rune('0'+h.Score/20)))
			}
			for _, h := range hits {
				want = append(want, h.Actor.ID+":"+string(rune('0'+h.Score/20)))
			}
			if len(want) == 0 {
				t.Fatalf("query %q matches nothing in the fixture", q)
			}
			if !slices.Equal(got, want) {
				t.Errorf("search(%q) = %q, want %q", q, got, want)
			}
		})
	}
	t.Run("Pages", func(t *testing.T) {
		type hits struct {
			Search struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Nodes []struct{ Actor idNode }
			}
		}
		const q = `query($after: String) { search(query: "a", first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { actor { id } } } }`
		var all []string
		var after *string
		total := -1
		for range 100 {
			var resp hits
			MustQuery(t, c, &resp, q, map[string]any{"after": after})
			total = resp.Search.TotalCount
			for _, n := range resp.Search.Nodes {
				all = append(all, n.Actor.ID)
			}
			if !resp.Search.PageInfo.HasNextPage {
				break
			}
			after = resp.Search.PageInfo.EndCursor
		}
		var want []network.SearchHit
		for _, a := range storetest.Fixture().Actors {
			if s := network.MatchScore(a, "a"); s > 0 {
				want = append(want, network.SearchHit{Actor: a, Score: s})
			}
		}
		var wantIDs []string
		for _, h := range network.RankHits(want, 0) {
			wantIDs = append(wantIDs, h.Actor.ID)
		}
		if total != len(wantIDs) || !slices.Equal(all, wantIDs) || total < 3 {
			t.Errorf("paged search = %d %q, want %d %q", total, all, len(wantIDs), wantIDs)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		var resp struct {
			Search struct {
				TotalCount int
				Nodes      []struct{ Score int }
			}
		}
		MustQuery(t, c, &resp, `{ search(query: " ' ") { totalCount nodes { score } } }`, nil)
		if resp.Search.TotalCount != 0 || resp.Search.Nodes == nil || len(resp.Search.Nodes) != 0 {
			t.Errorf("search of nothing = %+v, want an empty list", resp.Search)
		}
	})
}

func TestPlaces(t *testing.T) { forEachStore(t, testPlaces) }

func testPlaces(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	t.Run("OK", func(t *testing.T) {
		var resp struct {
			Regions, All []idNode
			Mali         struct {
				Name    string
				Regions []idNode
				Actors  struct {
					Nodes      []idNode
					TotalCount int
				}
			}
			Sahel struct{ Actors struct{ Nodes []idNode } }
		}
		MustQuery(t, c, &resp, `{ regions: places(kind: REGION) { id } all: places { id }
			mali: place(id: "ML") { name regions { id } actors { nodes { id } totalCount } }
			sahel: place(id: "sahel") { actors(kinds: [UN_ENTITY, REGIONAL_ORGANIZATION]) { nodes { id } } } }`, nil)
		var wantRegions, wantAll []string
		var mali *network.Place
		for _, p := range storetest.Fixture().Places {
			wantAll = append(wantAll, p.ID)
			if p.Kind == network.Region {
				wantRegions = append(wantRegions, p.ID)
			}
			if p.ID == "ML" {
				mali = p
			}
		}
		slices.Sort(wantRegions)
		slices.Sort(wantAll)
		if got := nodeIDs(resp.Regions); !slices.Equal(got, wantRegions) {
			t.Errorf("regions = %q, want %q", got, wantRegions)
		}
		if got := nodeIDs(resp.All); !slices.Equal(got, wantAll) {
			t.Errorf("places = %q, want %q", got, wantAll)
		}
		if got := nodeIDs(resp.Mali.Regions); resp.Mali.Name != mali.Name || !slices.Equal(got, mali.Regions) {
			t.Errorf("Mali = %q in %q, want %q in %q", resp.Mali.Name, got, mali.Name, mali.Regions)
		}
		if got, want := nodeIDs(resp.Mali.Actors.Nodes), fixtureActors(network.ActorFilter{Countries: []string{"ML"}}, network.ByName); !slices.Equal(got, want) {
			t.Errorf("actors in Mali = %q, want %q", got, want)
		}
		want := fixtureActors(network.ActorFilter{Regions: []string{"sahel"}, Kinds: []network.ActorKind{network.UNEntity, network.RegionalOrganization}}, network.ByName)
		if got := nodeIDs(resp.Sahel.Actors.Nodes); !slices.Equal(got, want) {
			t.Errorf("actors in the Sahel = %q, want %q", got, want)
		}
	})
	// A country's ISO 3166 alpha-3 code and centroid, a region's parent, as
	// the store holds them; null where the place has none.
	t.Run("CodesAndParents", func(t *testing.T) {
		var resp struct {
			Nigeria, Ghana, Sahel struct {
				ISO3                *string
				Latitude, Longitude *float64
				Parent              *idNode
			}
		}
		MustQuery(t, c, &resp, `{ nigeria: place(id: "NG") { iso3 latitude longitude parent { id } }
			ghana: place(id: "GH") { iso3 latitude longitude parent { id } }
			sahel: place(id: "sahel") { iso3 latitude parent { id } } }`, nil)
		var ng *network.Place
		for _, p := range storetest.Fixture().Places {
			if p.ID == "NG" {
				ng = p
			}
		}
		n := resp.Nigeria
		if n.ISO3 == nil || *n.ISO3 != ng.ISO3 || n.Latitude == nil || *n.Latitude != *ng.Latitude || n.Longitude == nil || *n.Longitude != *ng.Longitude || n.Parent != nil {
			t.Errorf("Nigeria = %+v, want %s at %v,%v and no parent", n, ng.ISO3, *ng.Latitude, *ng.Longitude)
		}
		if g := resp.Ghana; g.ISO3 != nil || g.Latitude != nil || g.Longitude != nil {
			t.Errorf("Ghana = %+v, want no code or centroid", g)
		}
		if p := resp.Sahel.Parent; p == nil || p.ID != "africa" || resp.Sahel.ISO3 != nil {
			t.Errorf("Sahel = %+v, want parent africa", resp.Sahel)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		resp := MustPost(t, graph.NewHandler(MustFixture(t, open), graph.Options{}), `{ place(id: "atlantis") { id } }`, nil)
		if got, want := string(resp.Data), `{"place":null}`; got != want || len(resp.Errors) != 0 {
			t.Errorf("data = %s, errors = %v; want %s", got, resp.Errors, want)
		}
	})
}

func TestNodeAndStats(t *testing.T) { forEachStore(t, testNodeAndStats) }

func testNodeAndStats(t *testing.T, open openFunc) {
	c := client.New(graph.NewHandler(MustFixture(t, open), graph.Options{}))
	var resp struct {
		A, T, P, None *struct {
			Typename string `json:"__typename"`
			ID       string
		}
		NetworkStats struct{ Actors, Ties, Places int }
	}
	MustQuery(t, c, &resp, `{ a: node(id: "wanep") { __typename id } t: node(id: "t07") { __typename id }
		p: node(id: "sahel") { __typename id } none: node(id: "nothing") { id }
		networkStats { actors ties places } }`, nil)
	if resp.A == nil || resp.A.Typename != "Actor" || resp.T == nil || resp.T.Typename != "Tie" || resp.P == nil || resp.P.Typename != "Place" || resp.None != nil {
		t.Errorf("nodes = %+v %+v %+v %+v", resp.A, resp.T, resp.P, resp.None)
	}
	f := storetest.Fixture()
	if got, want := resp.NetworkStats, (struct{ Actors, Ties, Places int }{len(f.Actors), len(f.Ties), len(f.Places)}); got != want {
		t.Errorf("networkStats = %+v, want %+v", got, want)
	}
}
