package graph_test

import (
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// BenchmarkGapQueries answers each gap query through GraphQL on each store
// (Neo4j when NEO4J_URI is set) holding a synthetic network of 20,000 actors
// and 100,000 ties, with
// a cold analytics cache every time: the snapshot, the projection and the
// computation are all part of each operation, as for the first request after
// a write.
//
//	go test -run '^$' -bench GapQueries -benchtime 5x ./graph/
func BenchmarkGapQueries(b *testing.B) {
	c, err := synthetic.Generate(synthetic.Options{Actors: 20_000, Ties: 100_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range stores {
		b.Run(st.name, func(b *testing.B) {
			store := st.open(b)
			MustApply(b, store, c)
			benchmarkGapQueries(b, store)
		})
	}
}

func benchmarkGapQueries(b *testing.B, store network.Store) {
	for _, q := range []struct{ name, query string }{
		{"fundingGaps", `{ fundingGaps(groupBy: REGION) { group gap total { currency amount } } }`},
		{"fundingGapsBySector", `{ fundingGaps(groupBy: SECTOR) { group gap } }`},
		{"underfundedBrokers", `{ underfundedBrokers { actor { id } score } }`},
		{"unfundedPartnerships", `{ unfundedPartnerships { tie { id } } }`},
		{"triadCoverage", `{ triadCoverage { region coverage } }`},
		{"donorConcentration", `{ donorConcentration { hhi } }`},
		{"singlePointsOfFailure", `{ singlePointsOfFailure { actors { id component } } }`},
		{"suggestedPartnerships", `{ suggestedPartnerships { score } }`},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
				var resp map[string]any
				if err := client.New(MustAnalyticsHandler(store, a)).Post(q.query, &resp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
