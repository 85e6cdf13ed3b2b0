package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// MustSnapshotOf turns a change into a snapshot: actors by ID, ties by
// CompareTies.
func MustSnapshotOf(tb testing.TB, c *network.Change) *network.Snapshot {
	tb.Helper()
	if err := c.Validate(); err != nil {
		tb.Fatal(err)
	}
	snap := &network.Snapshot{Actors: slices.Clone(c.Actors), Ties: slices.Clone(c.Ties), Places: slices.Clone(c.Places)}
	slices.SortFunc(snap.Actors, func(a, b *network.Actor) int { return network.ByID.Compare(a, b) })
	slices.SortFunc(snap.Ties, network.CompareTies)
	return snap
}

// MustSeedSnapshot returns the built-in seed network as a snapshot.
func MustSeedSnapshot(tb testing.TB) *network.Snapshot {
	tb.Helper()
	c, err := seed.Change()
	if err != nil {
		tb.Fatal(err)
	}
	return MustSnapshotOf(tb, c)
}

// MustSyntheticSnapshot returns a synthetic network as a snapshot.
func MustSyntheticSnapshot(tb testing.TB, actors, ties int, seed int64) *network.Snapshot {
	tb.Helper()
	c, err := synthetic.Generate(synthetic.Options{Actors: actors, Ties: ties, Seed: seed})
	if err != nil {
		tb.Fatal(err)
	}
	return MustSnapshotOf(tb, c)
}

// MustMatchGolden compares v, as indented JSON, with
// testdata/gaps/<name>.golden.json, or rewrites the file with -update.
func MustMatchGolden(tb testing.TB, name string, v any) {
	tb.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "gaps", name+".golden.json")
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -run Gap -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from %s; run go test -run Gap -update if the change is intended", name, path)
	}
}

// gapQueries runs every gap query on snap over its partnership network,
// with organs folded into their organizations when opts says so.
func gapQueries(tb testing.TB, snap *network.Snapshot, opts analysis.GapOptions) map[string]any {
	tb.Helper()
	proj := MustProject(tb, snap, analysis.Selection{TieKinds: analysis.ActivityTieKinds, OrgansWithParent: opts.OrgansWithParent})
	out := map[string]any{}
	var err error
	must := func(name string, v any, e error) {
		if e != nil {
			err = e
		}
		out[name] = v
	}
	v1, e := analysis.FundingGaps(context.Background(), snap, opts)
	must("funding_gaps", v1, e)
	v2, e := analysis.UnderfundedBrokers(context.Background(), snap, proj, opts)
	must("underfunded_brokers", v2, e)
	v3, e := analysis.UnfundedPartnerships(context.Background(), snap, opts)
	must("unfunded_partnerships", v3, e)
	v4, e := analysis.TriadCoverage(context.Background(), snap, opts)
	must("triad_coverage", v4, e)
	v5, e := analysis.DonorConcentration(context.Background(), snap, opts)
	must("donor_concentration", v5, e)
	out["single_points_of_failure"] = analysis.SinglePointsOfFailure(proj)
	v7, e := analysis.SuggestPartnerships(context.Background(), proj, snap, opts)
	must("suggested_partnerships", v7, e)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestGapGolden(t *testing.T) {
	t.Run("Seed", func(t *testing.T) {
		// The defaults of the API: organs counted with their organization.
		for name, v := range gapQueries(t, MustSeedSnapshot(t), analysis.GapOptions{Top: 10, OrgansWithParent: true}) {
			MustMatchGolden(t, "seed_"+name, v)
		}
	})
	t.Run("Synthetic", func(t *testing.T) {
		snap := MustSyntheticSnapshot(t, 150, 600, 1)
		for name, v := range gapQueries(t, snap, analysis.GapOptions{Top: 8, From: "2015", To: "2022"}) {
			MustMatchGolden(t, "synthetic_"+name, v)
		}
	})
}

// The benchmarks run each gap query on a synthetic network of 100,000
// ties among 20,000 actors.
var bigGap struct {
	once sync.Once
	snap *network.Snapshot
	proj *analysis.Projection
}

func MustBigGapNetwork(b *testing.B) (*network.Snapshot, *analysis.Projection) {
	b.Helper()
	bigGap.once.Do(func() {
		bigGap.snap = MustSyntheticSnapshot(b, 20_000, 100_000, 2026)
		bigGap.proj = MustProject(b, bigGap.snap, analysis.Selection{TieKinds: analysis.ActivityTieKinds})
	})
	return bigGap.snap, bigGap.proj
}

func BenchmarkGapFundingGaps(b *testing.B) {
	snap, _ := MustBigGapNetwork(b)
	for _, by := range []analysis.GroupBy{analysis.GroupByRegion, analysis.GroupBySector} {
		b.Run(string(by), func(b *testing.B) {
			for b.Loop() {
				if _, err := analysis.FundingGaps(context.Background(), snap, analysis.GapOptions{GroupBy: by}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGapUnderfundedBrokers(b *testing.B) {
	snap, proj := MustBigGapNetwork(b)
	for b.Loop() {
		if _, err := analysis.UnderfundedBrokers(context.Background(), snap, proj, analysis.GapOptions{Top: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGapUnfundedPartnerships(b *testing.B) {
	snap, _ := MustBigGapNetwork(b)
	for b.Loop() {
		if _, err := analysis.UnfundedPartnerships(context.Background(), snap, analysis.GapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGapTriadCoverage(b *testing.B) {
	snap, _ := MustBigGapNetwork(b)
	for b.Loop() {
		if _, err := analysis.TriadCoverage(context.Background(), snap, analysis.GapOptions{Top: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGapDonorConcentration(b *testing.B) {
	snap, _ := MustBigGapNetwork(b)
	for b.Loop() {
		if _, err := analysis.DonorConcentration(context.Background(), snap, analysis.GapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGapSinglePointsOfFailure(b *testing.B) {
	_, proj := MustBigGapNetwork(b)
	for b.Loop() {
		analysis.SinglePointsOfFailure(proj)
	}
}

func BenchmarkGapSuggestPartnerships(b *testing.B) {
	snap, proj := MustBigGapNetwork(b)
	for b.Loop() {
		if _, err := analysis.SuggestPartnerships(context.Background(), proj, snap, analysis.GapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
