package graph_test

import (
	"encoding/base64"
	"runtime"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// BenchmarkReadShapes answers each read shape the request planner covers
// (the four queries of the side-by-side benchmark in docs/benchmarks.md)
// through GraphQL in process, one request at a time, on each store (Neo4j
// when NEO4J_URI is set) holding a synthetic network of 10,000 actors and
// 100,000 ties. Each operation draws its arguments from a fixed list in
// turn, as the load generator does.
//
//	go test -run '^$' -bench ReadShapes -benchtime 200x ./graph/
func BenchmarkReadShapes(b *testing.B) {
	generate := func(b *testing.B) *network.Change {
		c, err := synthetic.Generate(synthetic.Options{Actors: 10_000, Ties: 100_000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	// Each store gets its own copy of the network, dropped once stored, so
	// that the collector does not scan it during the runs.
	ids, kindOf := benchActors(generate(b))
	texts := []string{"synthetic", "society 1", "donor 2", "research 3", "government", "zz"}
	for _, st := range stores {
		b.Run(st.name, func(b *testing.B) {
			store := st.open(b)
			MustApply(b, store, generate(b))
			runtime.GC()
			h := client.New(graph.NewHandler(store, graph.Options{}))
			for _, shape := range []struct {
				name  string
				query string
				vars  func(i int) map[string]any
			}{
				{"Q1ActorTiesEnds", `query($id: ID!) { actor(id: $id) { id name kind ties(first: 20) { nodes { id kind from { id name } to { id name } } } } }`,
					func(i int) map[string]any { return map[string]any{"id": ids[i%len(ids)]} }},
				{"Q2TextPageTotal", `query($text: String!) { actors(filter: {text: $text}, first: 20) { totalCount nodes { id name kind } } }`,
					func(i int) map[string]any { return map[string]any{"text": texts[i%len(texts)]} }},
				{"Q3PageNeighbors", `query($after: String) { actors(first: 50, after: $after) { nodes { id neighbors { id } } } }`,
					func(i int) map[string]any {
						if off := 50 * (i % 20); off > 0 {
							return map[string]any{"after": offsetCursor(off - 1)}
						}
						return map[string]any{}
					}},
				{"Q4ActorTiesOfKind", `query($id: ID!, $kind: TieKind!) { ties(filter: {actor: $id, kinds: [$kind]}, first: 100) { totalCount nodes { id kind from { id } to { id } } } }`,
					func(i int) map[string]any {
						id := ids[i%len(ids)]
						return map[string]any{"id": id, "kind": string(kindOf[id])}
					}},
			} {
				b.Run(shape.name, func(b *testing.B) {
					i := 0
					for b.Loop() {
						var resp map[string]any
						MustQuery(b, h, &resp, shape.query, shape.vars(i))
						i++
					}
				})
			}
		})
	}
}

// offsetCursor is the cursor of the item at index i of a list, as the
// service writes it.
func offsetCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(i)))
}

// benchActors returns every 50th actor of c that has ties, and the kind of
// the first tie of each actor.
func benchActors(c *network.Change) ([]string, map[string]network.TieKind) {
	kindOf := map[string]network.TieKind{}
	for _, t := range c.Ties {
		for _, end := range []string{t.From, t.To} {
			if _, ok := kindOf[end]; !ok {
				kindOf[end] = t.Kind
			}
		}
	}
	var ids []string
	for i := 0; i < len(c.Actors); i += 50 {
		if _, ok := kindOf[c.Actors[i].ID]; ok {
			ids = append(ids, c.Actors[i].ID)
		}
	}
	return ids, kindOf
}
