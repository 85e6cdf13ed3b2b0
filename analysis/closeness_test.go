package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// closenessGraphs are mid-size graphs for checking the top-k and sampled
// forms of closeness and harmonic against their exact values: undirected,
// directed (a third of the ties FUNDING, so some actors are reached by few)
// and weighted, plus a ring, where every actor has the same value and
// nothing can be cut.
func closenessGraphs(tb testing.TB) map[string]*analysis.Projection {
	snap := MustBarabasiAlbert(tb, 2000, 2, 5)
	for i, t := range snap.Ties {
		if i%3 == 0 {
			t.Kind = network.Funding
		}
	}
	ring := &network.Snapshot{}
	for i := range 300 {
		ring.Actors = append(ring.Actors, actor(fmt.Sprintf("r%03d", i), network.OtherActor))
		ring.Ties = append(ring.Ties, tie(fmt.Sprint(i), network.Partnership, fmt.Sprintf("r%03d", i), fmt.Sprintf("r%03d", (i+1)%300), 1, "", ""))
	}
	// Two components: a BA graph and a separate small one, so the bound's
	// reach is a component's size, not n.
	two := MustBarabasiAlbert(tb, 1000, 3, 8)
	for i := range 50 {
		two.Actors = append(two.Actors, actor(fmt.Sprintf("z%03d", i), network.OtherActor))
		if i > 0 {
			two.Ties = append(two.Ties, tie(fmt.Sprintf("z%d", i), network.Partnership, "z000", fmt.Sprintf("z%03d", i), 1, "", ""))
		}
	}
	return map[string]*analysis.Projection{
		"undirected":     MustProject(tb, snap, analysis.Selection{}),
		"directed":       MustProject(tb, snap, analysis.Selection{Directed: true}),
		"weighted":       MustProject(tb, snap, analysis.Selection{Weight: analysis.WeightStrength}),
		"directed-dist":  MustProject(tb, snap, analysis.Selection{Directed: true, Weight: analysis.WeightDistance}),
		"ring":           MustProject(tb, ring, analysis.Selection{}),
		"two-components": MustProject(tb, two, analysis.Selection{}),
	}
}

// TestTopCloseness checks that the cut searches find the same top k, with
// the same values and the same order, as the exact computation ranks, for
// any number of workers.
func TestTopCloseness(t *testing.T) {
	ctx := context.Background()
	for name, p := range closenessGraphs(t) {
		exact := map[string]*analysis.Scores{
			"closeness": Must(analysis.Closeness(ctx, p)),
			"harmonic":  Must(analysis.Harmonic(ctx, p)),
		}
		for metric, top := range map[string]func(context.Context, *analysis.Projection, analysis.TopOptions) (*analysis.Scores, error){
			"closeness": analysis.TopCloseness, "harmonic": analysis.TopHarmonic,
		} {
			for _, k := range []int{1, 10, 100} {
				for _, workers := range []int{1 + k%3} { // 2, 2 and 1 workers
					t.Run(fmt.Sprintf("%s/%s/k=%d/workers=%d", name, metric, k, workers), func(t *testing.T) {
						got := Must(top(ctx, p, analysis.TopOptions{K: k, Workers: workers}))
						want := exact[metric].Ranked(k)
						if !got.Method.Exact || got.Method.Top != k {
							t.Errorf("method %+v, want exact with Top %d", got.Method, k)
						}
						ranked := got.Ranked(k)
						for i := range want {
							if ranked[i].ID != want[i].ID || math.Abs(ranked[i].Value-want[i].Value) > 1e-12*math.Abs(want[i].Value) {
								t.Fatalf("rank %d: %s = %v, exact %s = %v", i+1, ranked[i].ID, ranked[i].Value, want[i].ID, want[i].Value)
							}
						}
						known := 0
						for _, v := range got.Values {
							if !math.IsNaN(v) {
								known++
							}
						}
						if known != k {
							t.Errorf("%d values known, want only the top %d", known, k)
						}
					})
				}
			}
		}
	}
}

// TestTopClosenessBudget checks that a search that cannot cut (every actor
// of a ring has the same closeness) stops at its budget with ETOOLARGE,
// and that a cut search stays far below the exact computation's work.
func TestTopClosenessBudget(t *testing.T) {
	ctx := context.Background()
	gs := closenessGraphs(t)
	ring := gs["ring"]
	work := int64(ring.N()) * int64(ring.N()+2*ring.Edges())
	_, err := analysis.TopCloseness(ctx, ring, analysis.TopOptions{K: 5, Budget: work / 10})
	if network.ErrorCode(err) != network.ETOOLARGE {
		t.Errorf("ring, budget a tenth of the exact work: err = %v, want ETOOLARGE", err)
	}
	p := gs["undirected"]
	budget := int64(p.N()) * int64(p.N()+2*p.Edges()) / 10
	for _, top := range []func(context.Context, *analysis.Projection, analysis.TopOptions) (*analysis.Scores, error){analysis.TopCloseness, analysis.TopHarmonic} {
		if _, err := top(ctx, p, analysis.TopOptions{K: 10, Budget: budget}); err != nil {
			t.Errorf("BA 2000, top 10 within a tenth of the exact work: %v", err)
		}
	}
}

// TestSampledCloseness checks the sampled estimates: the same for any
// number of workers and the same seed, exact when every node is a sample,
// unbiased (the mean estimate within 3% of the mean value), and ranking
// the exact top actor near the top.
func TestSampledCloseness(t *testing.T) {
	ctx := context.Background()
	gs := closenessGraphs(t)
	for _, name := range []string{"undirected", "directed", "weighted"} {
		p := gs[name]
		for metric, fns := range map[string]struct {
			exact   func(context.Context, *analysis.Projection) (*analysis.Scores, error)
			sampled func(context.Context, *analysis.Projection, analysis.SampleOptions) (*analysis.Scores, error)
		}{"closeness": {analysis.Closeness, analysis.SampledCloseness}, "harmonic": {analysis.Harmonic, analysis.SampledHarmonic}} {
			t.Run(name+"/"+metric, func(t *testing.T) {
				exact := Must(fns.exact(ctx, p))
				a := Must(fns.sampled(ctx, p, analysis.SampleOptions{Samples: 300, Seed: 7, Workers: 1}))
				b := Must(fns.sampled(ctx, p, analysis.SampleOptions{Samples: 300, Seed: 7, Workers: 3}))
				if !slices.Equal(a.Values, b.Values) {
					t.Error("1 and 3 workers give different estimates")
				}
				if a.Method.Exact || a.Method.Samples != 300 || a.Method.Seed != 7 {
					t.Errorf("method %+v, want estimated from 300 samples with seed 7", a.Method)
				}
				all := Must(fns.sampled(ctx, p, analysis.SampleOptions{Samples: p.N()}))
				if !slices.Equal(all.Values, exact.Values) || !all.Method.Exact {
					t.Error("every node sampled: not the exact values")
				}
				var se, sa, relErr float64
				for i, v := range exact.Values {
					se, sa = se+v, sa+a.Values[i]
					if v > 0 {
						relErr += math.Abs(a.Values[i]-v) / v
					}
				}
				if math.Abs(sa-se) > 0.03*se {
					t.Errorf("sum of estimates %v, exact %v", sa, se)
				}
				t.Logf("mean relative error %.3g from 300 of %d sources", relErr/float64(p.N()), p.N())
				top := exact.Ranked(1)[0].ID
				if rank := slices.IndexFunc(a.Ranked(0), func(s analysis.Score) bool { return s.ID == top }); rank > 10 {
					t.Errorf("exact top actor %s ranks %d in the estimate", top, rank+1)
				}
			})
		}
	}
	if _, err := analysis.SampledHarmonic(canceled(), gs["undirected"], analysis.SampleOptions{Samples: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
