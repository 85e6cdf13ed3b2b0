package graph_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

func TestPlanStoreCalls(t *testing.T) { forEachStore(t, testPlanStoreCalls) }

// testPlanStoreCalls checks that each shape a plan covers is answered by the
// store calls it promises, no loader batch after them, and that reads leave
// out exactly what the operation does not select.
func testPlanStoreCalls(t *testing.T, open openFunc) {
	s := open(t)
	MustApply(t, s, ringNetwork(60))
	cs := &countingStore{Store: s, calls: map[string]int{}}
	c := client.New(graph.NewHandler(cs, graph.Options{}))
	lean := network.Omit{ActorSources: true, ActorDetails: true, TieSources: true, TieDetails: true}
	names := lean
	names.NeighborNames = true
	for _, tt := range []struct {
		name   string
		query  string
		vars   map[string]any
		calls  map[string]int
		omit   network.Omit
		window *network.TieWindow // of every Neighborhood call, when set
		check  func(t *testing.T, resp map[string]any)
	}{
		{
			name:  "ActorTiesEnds",
			query: `query($id: ID!) { actor(id: $id) { id name kind ties(first: 20) { nodes { id kind from { id name } to { id name } } } } }`,
			vars:  map[string]any{"id": "a007"},
			calls: map[string]int{"Neighborhood": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				if got := len(dig(resp, "actor", "ties", "nodes").([]any)); got != 6 {
					t.Errorf("%d ties, want 6", got)
				}
			},
		},
		{
			name:  "UnknownActor",
			query: `{ actor(id: "nobody") { id ties { nodes { id } } } }`,
			calls: map[string]int{"Neighborhood": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				if resp["actor"] != nil {
					t.Errorf("actor = %v, want null", resp["actor"])
				}
			},
		},
		{
			// Neighbors without ties: the ties are not read.
			name:  "PageNeighbors",
			query: `query($after: String) { actors(first: 50, after: $after) { nodes { id neighbors { id name } } } }`,
			calls: map[string]int{"ActorsNeighbors": 1},
			omit:  names,
			check: func(t *testing.T, resp map[string]any) {
				nodes := dig(resp, "actors", "nodes").([]any)
				if len(nodes) != 50 {
					t.Fatalf("%d actors, want 50", len(nodes))
				}
				for _, n := range nodes {
					checkNeighbors(t, n.(map[string]any), 6)
				}
			},
		},
		{
			// neighbours, the current spelling, is planned as neighbors is.
			name:  "PageNeighbours",
			query: `{ actors(first: 50) { nodes { id neighbors: neighbours { id name } } } }`,
			calls: map[string]int{"ActorsNeighbors": 1},
			omit:  names,
			check: func(t *testing.T, resp map[string]any) {
				for _, n := range dig(resp, "actors", "nodes").([]any) {
					checkNeighbors(t, n.(map[string]any), 6)
				}
			},
		},
		{
			name:  "ActorNeighborsOfKind",
			query: `{ actor(id: "a010") { id neighbors(kinds: [FUNDING], direction: BOTH) { id name } } }`,
			calls: map[string]int{"Neighbors": 1},
			omit:  names,
			check: func(t *testing.T, resp map[string]any) {
				checkNeighbors(t, dig(resp, "actor").(map[string]any), 2)
			},
		},
		{
			// Neighbours' other fields: the neighbours are read whole.
			name:  "PageNeighborKinds",
			query: `{ actors(first: 10) { nodes { id neighbors: neighbours { id name kind } } } }`,
			calls: map[string]int{"ActorsNeighbors": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				for _, n := range dig(resp, "actors", "nodes").([]any) {
					checkNeighbors(t, n.(map[string]any), 6)
					for _, o := range n.(map[string]any)["neighbors"].([]any) {
						if o.(map[string]any)["kind"] == "" {
							t.Errorf("neighbor %v has no kind", o)
						}
					}
				}
			},
		},
		{
			// A page with its total and its neighbors: one call (two
			// reads on Neo4j, which counts apart).
			name:  "PageNeighborsTotal",
			query: `{ actors(first: 5, orderBy: ID) { totalCount nodes { id neighbors { id name } } } }`,
			calls: map[string]int{"ActorsNeighbors": 1},
			omit:  names,
			check: func(t *testing.T, resp map[string]any) {
				if got := dig(resp, "actors", "totalCount"); got != float64(60) {
					t.Errorf("totalCount = %v, want 60", got)
				}
				for i, n := range dig(resp, "actors", "nodes").([]any) {
					if id := n.(map[string]any)["id"]; id != fmt.Sprintf("a%03d", i) {
						t.Errorf("actor %d is %v, want a%03d", i, id, i)
					}
					checkNeighbors(t, n.(map[string]any), 6)
				}
			},
		},
		{
			// A window of the ties: only those asked are read, counted
			// because totalCount and pageInfo are selected.
			name:   "ActorTiesWindow",
			query:  `query($id: ID!, $after: String) { actor(id: $id) { ties(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { id from { id } to { id } } } } }`,
			vars:   map[string]any{"id": "a007", "after": offsetCursor(0)},
			calls:  map[string]int{"Neighborhood": 1},
			omit:   lean,
			window: &network.TieWindow{Offset: 1, Limit: 2, Count: true},
			check: func(t *testing.T, resp map[string]any) {
				ties := dig(resp, "actor", "ties")
				if got, want := jsonIDs(dig(ties, "nodes")), []string{"t005-2", "t006-1"}; !slices.Equal(got, want) {
					t.Errorf("ties %v, want %v", got, want)
				}
				if dig(ties, "totalCount") != float64(6) || dig(ties, "pageInfo", "hasNextPage") != true || dig(ties, "pageInfo", "hasPreviousPage") != true {
					t.Errorf("totalCount and pageInfo %v, want 6, a next and a previous page", ties)
				}
			},
		},
		{
			// The last window of an actor's ties of one kind, uncounted.
			name:   "TiesOfActorWindow",
			query:  `query($after: String) { ties(filter: {actor: "a007", kinds: [PARTNERSHIP, SUPPORT]}, first: 3, after: $after) { nodes { id } } }`,
			vars:   map[string]any{"after": offsetCursor(1)},
			calls:  map[string]int{"Neighborhood": 1},
			omit:   lean,
			window: &network.TieWindow{Offset: 2, Limit: 3},
			check: func(t *testing.T, resp map[string]any) {
				if got, want := jsonIDs(dig(resp, "ties", "nodes")), []string{"t007-1", "t007-3"}; !slices.Equal(got, want) {
					t.Errorf("ties %v, want %v", got, want)
				}
			},
		},
		{
			// Neighbors beside ties: one read of both.
			name:  "PageTiesAndNeighbors",
			query: `{ actors(first: 10) { nodes { id ties { nodes { id } } neighbors { id name } } } }`,
			calls: map[string]int{"Actors": 1, "Neighborhood": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				for _, n := range dig(resp, "actors", "nodes").([]any) {
					checkNeighbors(t, n.(map[string]any), 6)
				}
			},
		},
		{
			name:  "ActorTiesOfKind",
			query: `query($id: ID!, $kind: TieKind!) { ties(filter: {actor: $id, kinds: [$kind]}, first: 100) { totalCount nodes { id kind from { id } to { id } } } }`,
			vars:  map[string]any{"id": "a010", "kind": "FUNDING"},
			calls: map[string]int{"Neighborhood": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				if got := dig(resp, "ties", "totalCount"); got != float64(2) {
					t.Errorf("totalCount = %v, want 2", got)
				}
			},
		},
		{
			// Sources and funding selected anywhere are read everywhere.
			name:  "SourcesKept",
			query: `{ actor(id: "a001") { ties(kinds: [FUNDING]) { nodes { funding { amount } from { id } to { sources { title } } } } } }`,
			calls: map[string]int{"Neighborhood": 1},
			omit:  network.Omit{ActorDetails: true, TieSources: true},
			check: func(t *testing.T, resp map[string]any) {
				for _, n := range dig(resp, "actor", "ties", "nodes").([]any) {
					tie := n.(map[string]any)
					if tie["funding"] == nil || len(dig(tie, "to", "sources").([]any)) == 0 {
						t.Errorf("tie %v lost its funding or its end's sources", tie)
					}
				}
			},
		},
		{
			// A second, different ties selection goes through the loaders.
			name:  "TwoTieSelections",
			query: `{ actor(id: "a001") { all: ties { nodes { id } } funding: ties(kinds: [FUNDING]) { nodes { id } } } }`,
			calls: map[string]int{"Neighborhood": 1, "TiesOf": 1},
			omit:  lean,
			check: func(t *testing.T, resp map[string]any) {
				if a, f := len(dig(resp, "actor", "all", "nodes").([]any)), len(dig(resp, "actor", "funding", "nodes").([]any)); a != 6 || f != 2 {
					t.Errorf("%d ties and %d funding ties, want 6 and 2", a, f)
				}
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs.Calls()
			cs.omits, cs.windows = nil, nil
			var resp map[string]any
			MustQuery(t, c, &resp, tt.query, tt.vars)
			if got := cs.Calls(); !maps.Equal(got, tt.calls) {
				t.Errorf("store calls %v, want %v", got, tt.calls)
			}
			for _, w := range cs.windows {
				if tt.window != nil && w != *tt.window {
					t.Errorf("a read ahead asked the window %+v, want %+v", w, *tt.window)
				}
			}
			for _, o := range cs.omits {
				if o != tt.omit {
					t.Errorf("a read ahead omitted %+v, want %+v", o, tt.omit)
				}
			}
			tt.check(t, resp)
		})
	}
}

// checkNeighbors checks that actor (a JSON object with id and neighbors
// { id name }) has want distinct neighbors ordered by name, none of them
// itself (ringNetwork has no loops).
func checkNeighbors(t *testing.T, actor map[string]any, want int) {
	t.Helper()
	list := actor["neighbors"].([]any)
	if len(list) != want {
		t.Errorf("%v has %d neighbors, want %d", actor["id"], len(list), want)
	}
	seen := map[any]bool{}
	for i, v := range list {
		n := v.(map[string]any)
		if seen[n["id"]] || n["id"] == actor["id"] {
			t.Errorf("%v: neighbor %v repeated or itself", actor["id"], n["id"])
		}
		seen[n["id"]] = true
		if i > 0 {
			prev := list[i-1].(map[string]any)
			if network.ByName.Compare(&network.Actor{ID: prev["id"].(string), Name: prev["name"].(string)}, &network.Actor{ID: n["id"].(string), Name: n["name"].(string)}) >= 0 {
				t.Errorf("%v: neighbors %v and %v out of name order", actor["id"], prev["id"], n["id"])
			}
		}
	}
}

// jsonIDs returns the ids of a list of JSON objects.
func jsonIDs(nodes any) []string {
	var ids []string
	for _, n := range nodes.([]any) {
		ids = append(ids, n.(map[string]any)["id"].(string))
	}
	return ids
}

// dig follows keys through nested JSON objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			panic(fmt.Sprintf("dig: %q: not an object: %v", k, v))
		}
		v = m[k]
	}
	return v
}

func TestActorCursorsAcrossWrites(t *testing.T) { forEachStore(t, testActorCursorsAcrossWrites) }

// testActorCursorsAcrossWrites checks that the cursor of an actor in a page
// is a keyset: the next page after it is the actors after it in the order,
// however many actors were written before it meanwhile.
func testActorCursorsAcrossWrites(t *testing.T, open openFunc) {
	s := open(t)
	MustApply(t, s, ringNetwork(30))
	c := client.New(graph.NewHandler(s, graph.Options{}))
	type pageResp struct {
		Actors struct {
			Nodes    []idNode
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				EndCursor                    string
			}
			TotalCount int
		}
	}
	const q = `query($after: String, $order: ActorOrder) { actors(first: 5, after: $after, orderBy: $order) {
		nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }`
	for _, order := range []string{"NAME", "ID", "KIND"} {
		t.Run(order, func(t *testing.T) {
			var first pageResp
			MustQuery(t, c, &first, q, map[string]any{"order": order})
			ids := nodeIDs(first.Actors.Nodes)
			if len(ids) != 5 || !first.Actors.PageInfo.HasNextPage || first.Actors.PageInfo.HasPreviousPage {
				t.Fatalf("first page %q %+v", ids, first.Actors.PageInfo)
			}
			// An actor written before the cursor in every order (kind,
			// name and ID sort first), and read back once more.
			src := []network.Source{{Title: "cursor test", Record: "written"}}
			MustApply(t, s, &network.Change{Actors: []*network.Actor{{ID: "a000-" + order, Name: "Actor 000 " + order, Kind: network.CivilSociety, Sources: src}}})
			var want pageResp
			MustQuery(t, c, &want, q, map[string]any{"order": order})
			all := nodeIDs(want.Actors.Nodes)
			var next pageResp
			MustQuery(t, c, &next, q, map[string]any{"order": order, "after": first.Actors.PageInfo.EndCursor})
			got := nodeIDs(next.Actors.Nodes)
			for _, id := range got {
				if slices.Contains(ids, id) {
					t.Errorf("page after %q repeats %q: %q", ids, id, got)
				}
			}
			if len(got) != 5 || !next.Actors.PageInfo.HasPreviousPage || !next.Actors.PageInfo.HasNextPage {
				t.Errorf("next page %q %+v", got, next.Actors.PageInfo)
			}
			if next.Actors.TotalCount != first.Actors.TotalCount+1 {
				t.Errorf("totalCount %d after one write, was %d", next.Actors.TotalCount, first.Actors.TotalCount)
			}
			// The page after the cursor continues the list as it is now.
			var list pageResp
			MustQuery(t, c, &list, `query($order: ActorOrder) { actors(first: 100, orderBy: $order) { nodes { id } } }`, map[string]any{"order": order})
			now := nodeIDs(list.Actors.Nodes)
			i := slices.Index(now, ids[len(ids)-1])
			if i < 0 || !slices.Equal(got, now[i+1:i+6]) {
				t.Errorf("page after %q = %q, want %q (list now %q, first five %q)", ids[len(ids)-1], got, now[i+1:min(len(now), i+6)], now, all)
			}
		})
	}
}
