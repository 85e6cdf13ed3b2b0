package analysis_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/analysis"
)

// cancelBound is how soon after its context is cancelled a kernel must
// return: generous against the 100 ms aimed at, so that a loaded machine
// does not fail the test; the latency seen is logged.
const cancelBound = time.Second

type kernel struct {
	name string
	run  func(ctx context.Context) error
	// during: the kernel runs long enough on the test graph to be
	// cancelled after its first progress report, or after a timer when
	// its progress comes in large steps (one per seeded run).
	during bool
	timer  bool
}

func kernels(tb testing.TB) []kernel {
	snap := MustBarabasiAlbert(tb, 20_000, 5, 1) // 20,000 actors, ~100,000 ties
	und := MustProject(tb, snap, analysis.Selection{})
	dir := MustProject(tb, snap, analysis.Selection{Directed: true})
	wtd := MustProject(tb, snap, analysis.Selection{Weight: analysis.WeightStrength})
	gaps := MustSyntheticSnapshot(tb, 2_000, 10_000, 1)
	gp := MustProject(tb, gaps, analysis.Selection{})
	scores := func(f func(context.Context) (*analysis.Scores, error)) func(context.Context) error {
		return func(ctx context.Context) error { _, err := f(ctx); return err }
	}
	return []kernel{
		{"Betweenness", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.Betweenness(ctx, und, analysis.BetweennessOptions{})
		}), true, false},
		{"BetweennessOneSourcePerPass", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.Betweenness(ctx, und, analysis.BetweennessOptions{SourcesPerPass: 1})
		}), true, false},
		{"BetweennessSampled", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.Betweenness(ctx, dir, analysis.BetweennessOptions{Samples: 2000, Seed: 3})
		}), true, false},
		{"BetweennessWeighted", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.Betweenness(ctx, wtd, analysis.BetweennessOptions{})
		}), true, false},
		{"Closeness", scores(func(ctx context.Context) (*analysis.Scores, error) { return analysis.Closeness(ctx, dir) }), true, false},
		{"Harmonic", scores(func(ctx context.Context) (*analysis.Scores, error) { return analysis.Harmonic(ctx, wtd) }), true, false},
		{"TopCloseness", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.TopCloseness(ctx, dir, analysis.TopOptions{K: 10})
		}), false, false},
		{"SampledHarmonic", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.SampledHarmonic(ctx, wtd, analysis.SampleOptions{Samples: 2000, Seed: 1})
		}), true, false},
		{"Eigenvector", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.Eigenvector(ctx, dir, analysis.PowerOptions{})
		}), false, false},
		{"PageRank", scores(func(ctx context.Context) (*analysis.Scores, error) {
			return analysis.PageRank(ctx, dir, analysis.PageRankOptions{})
		}), false, false},
		{"Constraint", scores(func(ctx context.Context) (*analysis.Scores, error) { return analysis.Constraint(ctx, wtd) }), false, false},
		{"EffectiveSize", scores(func(ctx context.Context) (*analysis.Scores, error) { return analysis.EffectiveSize(ctx, wtd) }), false, false},
		{"Clustering", scores(func(ctx context.Context) (*analysis.Scores, error) { return analysis.Clustering(ctx, und) }), false, false},
		{"TriadCensus", func(ctx context.Context) error { _, err := analysis.TriadCensus(ctx, dir); return err }, false, false},
		{"Statistics", func(ctx context.Context) error { _, err := analysis.Statistics(ctx, und); return err }, true, false},
		{"Louvain", func(ctx context.Context) error {
			_, err := analysis.Louvain(ctx, und, analysis.LouvainOptions{Restarts: 5})
			return err
		}, true, true},
		{"Leiden", func(ctx context.Context) error {
			_, err := analysis.Leiden(ctx, und, analysis.LouvainOptions{Restarts: 5})
			return err
		}, true, true},
		{"LabelPropagation", func(ctx context.Context) error { _, err := analysis.LabelPropagation(ctx, und); return err }, false, false},
		{"Brokerage", func(ctx context.Context) error { _, _, err := analysis.Brokerage(ctx, dir); return err }, false, false},
		{"ShortestPaths", func(ctx context.Context) error {
			_, err := analysis.ShortestPaths(ctx, und, und.ID(0), und.ID(19_999), true)
			return err
		}, false, false},
		{"Neighbourhood", func(ctx context.Context) error {
			_, err := analysis.Neighbourhood(ctx, und, []string{und.ID(0)}, 3)
			return err
		}, false, false},
		{"SuggestPartnerships", func(ctx context.Context) error {
			_, err := analysis.SuggestPartnerships(ctx, und, snap, analysis.GapOptions{})
			return err
		}, false, false},
		{"UnderfundedBrokers", func(ctx context.Context) error {
			_, err := analysis.UnderfundedBrokers(ctx, gaps, gp, analysis.GapOptions{})
			return err
		}, false, false},
		{"FundingGaps", func(ctx context.Context) error {
			_, err := analysis.FundingGaps(ctx, gaps, analysis.GapOptions{})
			return err
		}, false, false},
		{"DonorConcentration", func(ctx context.Context) error {
			_, err := analysis.DonorConcentration(ctx, gaps, analysis.GapOptions{})
			return err
		}, false, false},
		{"UnfundedPartnerships", func(ctx context.Context) error {
			_, err := analysis.UnfundedPartnerships(ctx, gaps, analysis.GapOptions{})
			return err
		}, false, false},
		{"Layout", func(ctx context.Context) error {
			pairs := make([][2]int, 0, 5000)
			for i := range 5000 {
				pairs = append(pairs, [2]int{i % 1000, (i*7 + 1) % 1000})
			}
			_, _, err := analysis.Layout(ctx, 1000, pairs)
			return err
		}, true, false},
		{"MostSimilar", func(ctx context.Context) error {
			_, err := analysis.MostSimilar(ctx, und, und.ID(0), analysis.Jaccard, 10)
			return err
		}, false, false},
		{"KShortestPaths", func(ctx context.Context) error {
			_, err := analysis.KShortestPaths(ctx, und, und.ID(0), und.ID(19_999), analysis.MaxKPaths)
			return err
		}, true, false},
		{"MaxFlow", func(ctx context.Context) error {
			_, err := analysis.MaxFlow(ctx, und, und.ID(0), und.ID(19_999))
			return err
		}, false, false},
		{"EgoNetwork", func(ctx context.Context) error {
			_, err := analysis.EgoNetwork(ctx, und, und.ID(0), 2)
			return err
		}, false, false},
		{"TwoModeNetwork", func(ctx context.Context) error {
			_, err := analysis.TwoModeNetwork(ctx, gp, gaps, analysis.DonorsActivities)
			return err
		}, false, false},
		{"TriadCoverage", func(ctx context.Context) error {
			_, err := analysis.TriadCoverage(ctx, gaps, analysis.GapOptions{MinSides: 1})
			return err
		}, false, false},
	}
}

// TestCancel checks that every kernel returns its context's error, at once
// when the context has ended before it starts, and within cancelBound when
// it is cancelled while the kernel runs on 20,000 actors and 100,000 ties.
func TestCancel(t *testing.T) {
	for _, k := range kernels(t) {
		t.Run(k.name+"/Before", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := k.run(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
		})
		if !k.during {
			continue
		}
		t.Run(k.name+"/During", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			var at time.Time
			stop := func() {
				once.Do(func() {
					at = time.Now()
					cancel()
				})
			}
			if k.timer {
				time.AfterFunc(100*time.Millisecond, stop)
			} else {
				ctx = analysis.WithProgress(ctx, func(float64) { stop() })
			}
			err := k.run(ctx)
			once.Do(func() {}) // at is set, or never will be
			since := time.Since(at)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			t.Logf("returned %v after cancel", since)
			if since > cancelBound {
				t.Errorf("returned %v after cancel, want within %v", since, cancelBound)
			}
		})
	}
}

// TestProgress checks that progress rises from above 0 to exactly 1 and
// that a progress hook leaves the result unchanged.
func TestProgress(t *testing.T) {
	p := MustProject(t, MustBarabasiAlbert(t, 3_000, 3, 2), analysis.Selection{})
	var seen []float64
	ctx := analysis.WithProgress(context.Background(), func(done float64) { seen = append(seen, done) })
	got, err := analysis.Betweenness(ctx, p, analysis.BetweennessOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: 2}))
	for i := range want.Values {
		if got.Values[i] != want.Values[i] {
			t.Fatalf("value %d = %v with progress, %v without", i, got.Values[i], want.Values[i])
		}
	}
	if len(seen) < 2 || seen[len(seen)-1] != 1 {
		t.Fatalf("progress = %v, want several reports ending in 1", seen)
	}
	for i := 1; i < len(seen); i++ {
		if !(seen[i] > seen[i-1]) || seen[0] <= 0 {
			t.Fatalf("progress %v is not rising from above 0", seen)
		}
	}
	if len(seen) > 1001 {
		t.Errorf("%d progress reports, want at most about 1000", len(seen))
	}
}
