package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestReferenceGraphs is the analyst's check, end to end: each public
// reference graph in analysis/testdata is imported with the import command
// like a user's file, served, and its centralities asked through GraphQL;
// every value must equal NetworkX's (the golden file beside the graph, made
// by analysis/testdata/reference.py) within 1e-9.
func TestReferenceGraphs(t *testing.T) {
	metrics := []struct {
		golden  string // key in the golden file's by_node
		metric  string
		weight  string
		options string
	}{
		{"degree_centrality", "DEGREE", "NONE", "{}"},
		{"betweenness", "BETWEENNESS", "NONE", "{}"},
		{"betweenness_raw", "BETWEENNESS", "NONE", "{normalized: false}"},
		{"betweenness_endpoints", "BETWEENNESS", "NONE", "{endpoints: true}"},
		{"closeness", "CLOSENESS", "NONE", "{}"},
		{"harmonic", "HARMONIC", "NONE", "{}"},
		{"pagerank", "PAGERANK", "NONE", "{tolerance: 1e-6, maxIter: 100}"}, // nx.pagerank(G)'s own call
		{"pagerank_tight", "PAGERANK", "NONE", "{}"},                        // converged by default
		{"eigenvector_tight", "EIGENVECTOR", "NONE", "{}"},
		{"constraint", "CONSTRAINT", "NONE", "{}"},
		{"effective_size", "EFFECTIVE_SIZE", "NONE", "{}"},
		{"clustering", "CLUSTERING", "NONE", "{}"},
		{"core_number", "CORE_NUMBER", "NONE", "{}"},
		{"w_betweenness_weight_as_distance", "BETWEENNESS", "DISTANCE", "{}"},
		{"w_betweenness_inv_weight_distance", "BETWEENNESS", "STRENGTH", "{}"},
		{"w_closeness_weight_as_distance", "CLOSENESS", "DISTANCE", "{}"},
		{"w_harmonic_weight_as_distance", "HARMONIC", "DISTANCE", "{}"},
		{"w_degree_strength", "STRENGTH", "STRENGTH", "{}"},
	}
	for _, name := range []string{"karate", "lesmis", "florentine", "davis", "gnp_directed"} {
		t.Run(name, func(t *testing.T) {
			var golden struct {
				Meta   struct{ Directed bool }        `json:"meta"`
				ByNode map[string]map[string]*float64 `json:"by_node"`
			}
			raw, err := os.ReadFile(filepath.Join("analysis", "testdata", name+".golden.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &golden); err != nil {
				t.Fatal(err)
			}

			db := filepath.Join(t.TempDir(), "peacegraph.db")
			var out bytes.Buffer
			file := filepath.Join("analysis", "testdata", name+".graphml")
			if err := run(context.Background(), []string{"import", "--data", db, "--no-seed", file}, noEnv, &out); err != nil {
				t.Fatalf("import %s: %v\n%s", file, err, out.String())
			}
			s := MustServe(t, nil, "--data", db, "--no-seed")

			checked := 0
			for _, m := range metrics {
				if _, ok := firstValue(golden.ByNode)[m.golden]; !ok {
					continue // this graph's reference has no such value
				}
				query := fmt.Sprintf(`{ centrality(metric: %s, top: 1000, options: %s,
					network: {directed: %v, weight: %s}) { items { score actor { id } } } }`,
					m.metric, m.options, golden.Meta.Directed, m.weight)
				var resp struct {
					Centrality struct {
						Items []struct {
							Score *float64
							Actor struct{ ID string }
						}
					}
				}
				MustGraphQL(t, s.URL, query, nil, &resp)
				items := resp.Centrality.Items
				if got, want := len(items), len(golden.ByNode); got != want {
					t.Fatalf("%s: %d actors ranked, want %d", m.golden, got, want)
				}
				for _, it := range items {
					want := golden.ByNode[it.Actor.ID][m.golden]
					switch {
					case want == nil && it.Score == nil:
					case want == nil || it.Score == nil:
						t.Errorf("%s of %s = %v, want %v", m.golden, it.Actor.ID, it.Score, want)
					case math.Abs(*it.Score-*want) > 1e-9*math.Max(1, math.Abs(*want)):
						t.Errorf("%s of %s = %.15g, want %.15g (NetworkX)", m.golden, it.Actor.ID, *it.Score, *want)
					}
				}
				checked++
			}
			if checked < 10 {
				t.Errorf("only %d metrics checked against the reference", checked)
			}
		})
	}
}

// firstValue returns one node's reference values, to see which keys exist.
func firstValue(byNode map[string]map[string]*float64) map[string]*float64 {
	for _, v := range byNode {
		return v
	}
	return nil
}
