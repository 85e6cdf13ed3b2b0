package analysis_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// MustEdgeList reads a whitespace-separated "u v" or "u v weight" edge
// list into an undirected snapshot, for comparing with other tools on the
// same graph; a missing weight is 1.
func MustEdgeList(tb testing.TB, path string) *network.Snapshot {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	snap := &network.Snapshot{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		for _, id := range fs[:2] {
			if !seen[id] {
				seen[id] = true
				snap.Actors = append(snap.Actors, actor(id, network.OtherActor))
			}
		}
		w := 1.0
		if len(fs) > 2 {
			var err error
			if w, err = strconv.ParseFloat(fs[2], 64); err != nil {
				tb.Fatalf("%s: edge %d: weight: %v", path, len(snap.Ties)+1, err)
			}
		}
		snap.Ties = append(snap.Ties, tie(fmt.Sprint(len(snap.Ties)), network.Partnership, fs[0], fs[1], w, "", ""))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return snap
}

// benchGraph is the Barabasi-Albert graph n=5000, m=3: read from the file
// in PEACEGRAPH_BENCH_EDGES (written by bench/compare.py) or generated.
func benchGraph(b *testing.B) *network.Snapshot {
	if path := os.Getenv("PEACEGRAPH_BENCH_EDGES"); path != "" {
		return MustEdgeList(b, path)
	}
	return MustBarabasiAlbert(b, 5000, 3, 42)
}

func BenchmarkBetweennessBA5000(b *testing.B) {
	p := MustProject(b, benchGraph(b), analysis.Selection{})
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: workers}))
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkBetweennessBA5000Weighted(b *testing.B) {
	p := MustProject(b, benchGraph(b), analysis.Selection{Weight: analysis.WeightStrength})
	for b.Loop() {
		Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{}))
	}
}

// BenchmarkBetweennessScaling times exact unweighted betweenness on one
// worker on Barabasi-Albert graphs (m=3) of 5,000, 20,000 and 50,000
// nodes: the work is O(nm), so 20k should take 16 times 5k and 50k 100
// times. PEACEGRAPH_BENCH_SCALING names the edge lists as
// "5000=path,20000=path,50000=path" (bench/compare.py --scaling writes them
// and times igraph on the same files); otherwise the graphs are generated.
func BenchmarkBetweennessScaling(b *testing.B) {
	files := map[int]string{}
	if env := os.Getenv("PEACEGRAPH_BENCH_SCALING"); env != "" {
		for _, kv := range strings.Split(env, ",") {
			k, v, _ := strings.Cut(kv, "=")
			n, err := strconv.Atoi(k)
			if err != nil {
				b.Fatalf("PEACEGRAPH_BENCH_SCALING: %q: %v", kv, err)
			}
			files[n] = v
		}
	}
	for _, n := range []int{5000, 20_000, 50_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var snap *network.Snapshot
			if path, ok := files[n]; ok {
				snap = MustEdgeList(b, path)
			} else {
				snap = MustBarabasiAlbert(b, n, 3, 42)
			}
			p := MustProject(b, snap, analysis.Selection{})
			start := cpuTime()
			for b.Loop() {
				Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: 1}))
			}
			cpu := float64(cpuTime()-start) / float64(b.N)
			b.ReportMetric(cpu, "cpu-ns/op")
			// Per unit of work: one source's search over every arc.
			b.ReportMetric(cpu/(float64(p.N())*float64(p.Edges())), "cpu-ns/n·m")
		})
	}
}

// BenchmarkBetweennessLaneGroups times exact unweighted betweenness on one
// worker on BA m=3 graphs of 5,000, 20,000 and 50,000 nodes with each lane
// group width, as laneGroupFor chooses among them by the graph's size.
func BenchmarkBetweennessLaneGroups(b *testing.B) {
	for _, n := range []int{5000, 20_000, 50_000} {
		p := MustProject(b, MustBarabasiAlbert(b, n, 3, 42), analysis.Selection{})
		for _, lanes := range []int{8, 16, 32, 64} {
			b.Run(fmt.Sprintf("n=%d/lanes=%d", n, lanes), func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: 1, LaneGroup: lanes}))
				}
				cpu := float64(cpuTime()-start) / float64(b.N)
				b.ReportMetric(cpu, "cpu-ns/op")
				b.ReportMetric(cpu/(float64(p.N())*float64(p.Edges())), "cpu-ns/n·m")
			})
		}
	}
}

// BenchmarkRandomUpdate measures what one random read-modify-write of a
// float64 costs in an array the size of the batched betweenness kernel's
// rows (64 float64 a node) at 1,000, 5,000, 20,000 and 50,000 nodes: the
// kernel's inner loops are such updates, so the figures say how much of
// its time at scale is the memory's and not the work's.
func BenchmarkRandomUpdate(b *testing.B) {
	for _, nodes := range []int{1000, 5000, 20_000, 50_000} {
		b.Run(fmt.Sprintf("nodes=%d/MB=%.1f", nodes, float64(nodes*64*8)/1e6), func(b *testing.B) {
			val := make([]float64, nodes*64)
			idx := make([]int32, 1<<20)
			x := uint64(42)
			for i := range idx {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				idx[i] = int32(x % uint64(len(val)))
			}
			b.ResetTimer()
			for b.Loop() {
				for _, j := range idx {
					val[j] += 1
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(idx)), "ns/update")
		})
	}
}

// BenchmarkBetweennessWeighted20k times exact weighted betweenness (weights
// as distances) on one worker and on every core on the edge list
// "u v weight" in PEACEGRAPH_BENCH_WEIGHTED (bench/compare.py --weighted
// writes it, BA n=20,000 m=3 with integer weights 1 to 10, and times igraph
// on the same file), or on a generated BA 20,000 graph with weights 1 to 10.
func BenchmarkBetweennessWeighted20k(b *testing.B) {
	var snap *network.Snapshot
	if path := os.Getenv("PEACEGRAPH_BENCH_WEIGHTED"); path != "" {
		snap = MustEdgeList(b, path)
	} else {
		snap = weightedBA20k(b)
	}
	p := MustProject(b, snap, analysis.Selection{Weight: analysis.WeightDistance})
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			start := cpuTime()
			var s *analysis.Scores
			for b.Loop() {
				s = Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: workers, Raw: true}))
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			if path := os.Getenv("PEACEGRAPH_BENCH_WEIGHTED_OUT"); path != "" && workers == 1 {
				// Raw values by actor ID, for compare.py to check against igraph.
				var out strings.Builder
				for i, id := range s.IDs {
					fmt.Fprintf(&out, "%s %.17g\n", id, s.Values[i])
				}
				if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// weightedBA20k is BA n=20,000 m=3 (seed 42) with integer weights 1 to 10.
func weightedBA20k(tb testing.TB) *network.Snapshot {
	snap := MustBarabasiAlbert(tb, 20_000, 3, 42)
	for i, t := range snap.Ties {
		t.Weight = float64(1 + (i*7919)%10)
	}
	return snap
}

// BenchmarkWeightedSources times weighted betweenness (weights 1 to 10 as
// distances) on BA n=20,000 m=3 from 1,000 sampled sources on one worker,
// in CPU microseconds per source: a kernel change is compared in a few
// seconds, in interleaved runs, where the exact benchmark takes minutes.
func BenchmarkWeightedSources(b *testing.B) {
	p := MustProject(b, weightedBA20k(b), analysis.Selection{Weight: analysis.WeightDistance})
	const sources = 1000
	start := cpuTime()
	for b.Loop() {
		Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: 1, Samples: sources, Seed: 1}))
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/sources/1e3, "cpu-us/source")
}

func BenchmarkClosenessBA5000(b *testing.B) {
	p := MustProject(b, benchGraph(b), analysis.Selection{})
	for b.Loop() {
		Must(analysis.Closeness(context.Background(), p))
	}
}

// millionTies is a BA graph with 1,000,000 ties (n=200,000, m=5).
func millionTies(b *testing.B) *network.Snapshot {
	b.Helper()
	return MustBarabasiAlbert(b, 200_001, 5, 7)
}

func BenchmarkPageRank1MTies(b *testing.B) {
	snap := millionTies(b)
	p := MustProject(b, snap, analysis.Selection{})
	b.ReportMetric(float64(p.Ties()), "ties")
	for _, tc := range []struct {
		name string
		opt  analysis.PowerOptions
	}{{"networkx-default", analysis.PowerOptions{MaxIter: 100, Tol: 1e-6}}, {"converged", analysis.PowerOptions{}}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				s, err := analysis.PageRank(context.Background(), p, analysis.PageRankOptions{PowerOptions: tc.opt})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(s.Method.Iterations), "iterations")
			}
		})
	}
}

// BenchmarkProject1MTies reports the memory the projection keeps per tie:
// undirected, directed over symmetric ties (both views share arrays) and
// directed over directed ties (out and in arrays).
func BenchmarkProject1MTies(b *testing.B) {
	snap := millionTies(b)
	directedSnap := &network.Snapshot{Actors: snap.Actors}
	for _, t := range snap.Ties {
		d := *t
		d.Kind = network.Support
		directedSnap.Ties = append(directedSnap.Ties, &d)
	}
	for _, tt := range []struct {
		name     string
		snap     *network.Snapshot
		directed bool
	}{{"undirected", snap, false}, {"directed-symmetric", snap, true}, {"directed-support", directedSnap, true}} {
		b.Run(tt.name, func(b *testing.B) {
			var p *analysis.Projection
			var before, after runtime.MemStats
			for b.Loop() {
				p = nil //nolint:ineffassign // drops the last projection so that runtime.GC can free it before the measurement
				runtime.GC()
				runtime.ReadMemStats(&before)
				p = MustProject(b, tt.snap, analysis.Selection{Directed: tt.directed})
				runtime.GC()
				runtime.ReadMemStats(&after)
			}
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(p.Ties()), "bytes/tie")
			runtime.KeepAlive(p)
		})
	}
}

// cpuTime returns the CPU time the process has used, in nanoseconds: on a
// shared machine it measures the work better than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkTopCloseness100k finds the 10 highest closeness and harmonic
// values of a BA graph with n=100,000, m=3 (networkit's TopCloseness and
// TopHarmonicCloseness on the same graph are in bench/compare.py), and
// estimates them from 1,000 sampled sources.
func BenchmarkTopCloseness100k(b *testing.B) {
	var snap *network.Snapshot
	if path := os.Getenv("PEACEGRAPH_BENCH_EDGES_100K"); path != "" {
		snap = MustEdgeList(b, path)
	} else {
		snap = MustBarabasiAlbert(b, 100_000, 3, 42)
	}
	p := MustProject(b, snap, analysis.Selection{})
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func() (*analysis.Scores, error)
	}{
		{"top10-closeness", func() (*analysis.Scores, error) { return analysis.TopCloseness(ctx, p, analysis.TopOptions{K: 10}) }},
		{"top10-harmonic", func() (*analysis.Scores, error) { return analysis.TopHarmonic(ctx, p, analysis.TopOptions{K: 10}) }},
		{"sampled1000-closeness", func() (*analysis.Scores, error) {
			return analysis.SampledCloseness(ctx, p, analysis.SampleOptions{Samples: 1000})
		}},
		{"sampled1000-harmonic", func() (*analysis.Scores, error) {
			return analysis.SampledHarmonic(ctx, p, analysis.SampleOptions{Samples: 1000})
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			start := cpuTime()
			var s *analysis.Scores
			for b.Loop() {
				s = Must(tc.run())
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			var top []string
			for _, x := range s.Ranked(10) {
				top = append(top, x.ID)
			}
			b.Logf("top: %s", strings.Join(top, " ")) // compare.py checks them against networkit's
		})
	}
}
