package instrumented_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/instrumented"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// MustOpen returns a new embedded store behind an instrumented.Store and
// the registry of its metrics.
func MustOpen(tb testing.TB) (*instrumented.Store, *prometheus.Registry) {
	tb.Helper()
	s, err := embedded.Open(filepath.Join(tb.TempDir(), "i.db"))
	if err != nil {
		tb.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	return instrumented.New(s, "embedded", instrumented.NewMetrics(reg)), reg
}

// TestConformance runs the store suite through the wrapper: measuring
// changes no answer.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb *testing.T) network.Store {
		s, _ := MustOpen(tb)
		tb.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestMetrics(t *testing.T) {
	s, reg := MustOpen(t)
	defer func() { _ = s.Close() }()
	ctx := context.Background()
	c, err := seed.Change()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Actor(ctx, "no-such-actor"); network.ErrorCode(err) != network.ENOTFOUND {
		t.Fatalf("Actor(no-such-actor) = %v, want ENOTFOUND", err)
	}
	for range 3 {
		if _, err := s.Stats(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := `
# HELP peacegraph_store_applied_total Actors, ties and places written by successful Apply calls (imports, mutations, the seed), by store and kind.
# TYPE peacegraph_store_applied_total counter
peacegraph_store_applied_total{kind="actors",store="embedded"} ` + strconv.Itoa(len(c.Actors)) + `
peacegraph_store_applied_total{kind="places",store="embedded"} ` + strconv.Itoa(len(c.Places)) + `
peacegraph_store_applied_total{kind="ties",store="embedded"} ` + strconv.Itoa(len(c.Ties)) + `
# HELP peacegraph_store_errors_total Store calls that failed, by store, method and error code (network codes: unavailable, not_found, invalid, ...).
# TYPE peacegraph_store_errors_total counter
peacegraph_store_errors_total{code="` + network.ENOTFOUND + `",method="Actor",store="embedded"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "peacegraph_store_applied_total", "peacegraph_store_errors_total"); err != nil {
		t.Error(err)
	}
	n, err := testutil.GatherAndCount(reg, "peacegraph_store_call_duration_seconds")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 { // Apply, Actor, Stats
		t.Errorf("%d call-duration series, want 3 (Apply, Actor, Stats)", n)
	}
}
