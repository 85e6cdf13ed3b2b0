package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
)

// latencyQueries are three typical requests of the front end: an actor page
// with its ties and neighbors, a page of actors found by text, and a search.
var latencyQueries = []struct{ name, query string }{
	{"ActorWithTies", `{ actor(id: "ecowas") { id name kind
		ties(first: 50) { totalCount nodes { id kind since from { id name } to { id name } } }
		neighbors { id name kind } } }`},
	{"ActorsByText", `{ actors(first: 20, filter: {text: "peace"}) { totalCount
		nodes { id name acronym kind regions { id name } } pageInfo { hasNextPage endCursor } } }`},
	{"Search", `{ search(query: "africa", first: 10) { nodes { score actor { id name kind } } } }`},
}

// BenchmarkLatency serves the seed network on each store and sends each of
// latencyQueries over HTTP, one at a time, reporting the median and the
// 95th percentile of the round trip in milliseconds (p50-ms, p95-ms).
//
//	go test -run '^$' -bench Latency -benchtime 500x .
func BenchmarkLatency(b *testing.B) {
	for _, k := range storeKinds {
		b.Run(k.name, func(b *testing.B) {
			s := MustServe(b, k.env(b))
			for _, q := range latencyQueries {
				b.Run(q.name, func(b *testing.B) {
					var took []time.Duration
					for b.Loop() {
						start := time.Now()
						var data map[string]any
						MustGraphQL(b, s.URL, q.query, nil, &data)
						took = append(took, time.Since(start))
					}
					reportPercentiles(b, took)
				})
			}
		})
	}
}

// reportPercentiles reports the 50th and 95th percentiles of took in
// milliseconds.
func reportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[int(p*float64(len(took)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// BenchmarkSeedLoad loads the seed network into an empty store: a new file
// for the embedded store, a wiped database (its schema kept) for Neo4j.
func BenchmarkSeedLoad(b *testing.B) {
	ctx := context.Background()
	b.Run("Embedded", func(b *testing.B) {
		dir := b.TempDir()
		for i := range b.N {
			b.StopTimer()
			s, err := embedded.Open(filepath.Join(dir, fmt.Sprintf("seed%d.db", i)))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if loaded, err := seed.LoadIfEmpty(ctx, s); err != nil || !loaded {
				b.Fatalf("LoadIfEmpty = %v, %v", loaded, err)
			}
			b.StopTimer()
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
	b.Run("Neo4j", func(b *testing.B) {
		s := neo4jtest.Open(b)
		cfg := neo4jtest.Config(b)
		for range b.N {
			b.StopTimer()
			neo4jtest.Wipe(b, cfg)
			b.StartTimer()
			if loaded, err := seed.LoadIfEmpty(ctx, s); err != nil || !loaded {
				b.Fatalf("LoadIfEmpty = %v, %v", loaded, err)
			}
		}
	})
}
