package analysis_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// TestLouvainBar holds Louvain to the bar analysts expect: on every
// undirected reference graph and weight mode, each of the first five seeds
// reaches at least NetworkX's best modularity over 20 seeded
// louvain_communities runs, minus 0.01 (analysis/testdata/louvain_best.py
// wrote the bar). Leiden must reach it too.
func TestLouvainBar(t *testing.T) {
	var ref struct {
		Graphs map[string]map[string]struct {
			Best float64 `json:"best"`
		} `json:"graphs"`
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "louvain_best.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Graphs) < 4 {
		t.Fatalf("reference has %d graphs, want 4", len(ref.Graphs))
	}
	for name, modes := range ref.Graphs {
		snap := MustGraphML(t, filepath.Join("testdata", name+".graphml"))
		for mode, r := range modes {
			p := MustProject(t, snap, analysis.Selection{Weight: analysis.WeightMode(mode)})
			for seed := uint64(0); seed < 5; seed++ {
				for algo, part := range map[string]*analysis.Partition{
					"Louvain": Must(analysis.Louvain(context.Background(), p, analysis.LouvainOptions{Seed: seed})),
					"Leiden":  Must(analysis.Leiden(context.Background(), p, analysis.LouvainOptions{Seed: seed})),
				} {
					if part.Modularity < r.Best-0.01 {
						t.Errorf("%s %s seed %d: %s modularity %.5f, below NetworkX's best of 20 (%.5f) minus 0.01",
							name, mode, seed, algo, part.Modularity, r.Best)
					}
				}
			}
		}
	}
}

// BenchmarkLouvain100kTies runs Louvain (with its default restarts) on a
// synthetic network of 20,000 actors and 100,000 ties.
func BenchmarkLouvain100kTies(b *testing.B) {
	_, proj := MustBigGapNetwork(b)
	for b.Loop() {
		Must(analysis.Louvain(context.Background(), proj, analysis.LouvainOptions{}))
	}
}

// BenchmarkLouvain1MTies runs Louvain's default (one run on this size,
// refined), one run without refinement (NetworkX's procedure) and ten
// runs at once on the
// Barabasi-Albert graph of 1,000,000 ties (n=200,001, m=5), or on the edge
// list in PEACEGRAPH_BENCH_EDGES_1M (bench/compare.py --louvain runs
// networkit's PLM and igraph's multilevel on the same file), and reports
// the modularity reached.
func BenchmarkLouvain1MTies(b *testing.B) {
	var snap *network.Snapshot
	if path := os.Getenv("PEACEGRAPH_BENCH_EDGES_1M"); path != "" {
		snap = MustEdgeList(b, path)
	} else {
		snap = millionTies(b)
	}
	p := MustProject(b, snap, analysis.Selection{})
	for _, tc := range []struct {
		name     string
		restarts int
		noRefine bool
	}{{"default", 0, false}, {"not-refined", 0, true}, {"ten-runs", 10, false}} {
		b.Run(tc.name, func(b *testing.B) {
			start := cpuTime()
			var part *analysis.Partition
			for b.Loop() {
				part = Must(analysis.Louvain(context.Background(), p, analysis.LouvainOptions{Restarts: tc.restarts, NoRefine: tc.noRefine}))
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(part.Modularity, "modularity")
			b.ReportMetric(float64(len(part.Communities)), "communities")
		})
	}
}

// TestLouvainRestarts checks the default number of runs (ten, one above
// LargeGraphEdges, said in the notes) and that runs made at once give the
// same partition as runs made one after another.
func TestLouvainRestarts(t *testing.T) {
	small := MustProject(t, MustBarabasiAlbert(t, 600, 3, 4), analysis.Selection{})
	if got := analysis.Restarts(small, 0); got != analysis.DefaultRestarts {
		t.Errorf("small graph: %d runs by default, want %d", got, analysis.DefaultRestarts)
	}
	if got := analysis.Restarts(small, 3); got != 3 {
		t.Errorf("3 asked: %d runs", got)
	}
	var want *analysis.Partition
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		got := Must(analysis.Louvain(context.Background(), small, analysis.LouvainOptions{Seed: 2, Restarts: 7}))
		runtime.GOMAXPROCS(old)
		if want == nil {
			want = got
			continue
		}
		if got.Modularity != want.Modularity || !reflect.DeepEqual(got.Communities, want.Communities) {
			t.Errorf("GOMAXPROCS %d: modularity %v, want %v as with 1", procs, got.Modularity, want.Modularity)
		}
	}
	large := MustProject(t, MustBarabasiAlbert(t, analysis.LargeGraphEdges/5+1000, 5, 4), analysis.Selection{})
	if large.Edges() <= analysis.LargeGraphEdges {
		t.Fatalf("large graph has %d edges, want more than %d", large.Edges(), analysis.LargeGraphEdges)
	}
	if got := analysis.Restarts(large, 0); got != 1 {
		t.Errorf("large graph: %d runs by default, want 1", got)
	}
	part := Must(analysis.Louvain(context.Background(), large, analysis.LouvainOptions{}))
	if !strings.Contains(part.Method.Notes, "one seeded run, the default above") {
		t.Errorf("notes %q do not say one run was the default", part.Method.Notes)
	}
}
