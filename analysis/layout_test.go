package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
)

// layoutCases are the graphs of the layout golden file: node counts and the
// pairs that join them.
var layoutCases = []struct {
	name  string
	n     int
	pairs [][2]int
}{
	{"empty", 0, nil},
	{"one", 1, nil},
	{"pair", 2, [][2]int{{0, 1}}},
	{"isolated", 3, nil},
	{"path4", 4, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
	{"triangle_pendant", 4, [][2]int{{0, 1}, {1, 2}, {0, 2}, {2, 3}}},
	{"star6", 6, [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}},
	{"two_components", 6, [][2]int{{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}}},
	{"wheel8", 8, [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 1}}},
}

// MustLayout returns analysis.Layout of n nodes and pairs.
func MustLayout(tb testing.TB, n int, pairs [][2]int) (x, y []float64) {
	tb.Helper()
	x, y, err := analysis.Layout(context.Background(), n, pairs)
	if err != nil {
		tb.Fatal(err)
	}
	return x, y
}

// TestLayout compares Layout with testdata/layout.golden.json (rewritten
// with -update) and checks what every layout must be: the same on every
// run, inside [-1, 1]², filling that square on one axis when it has two or
// more nodes.
func TestLayout(t *testing.T) {
	got := map[string][][2]float64{}
	for _, c := range layoutCases {
		x, y := MustLayout(t, c.n, c.pairs)
		x2, y2 := MustLayout(t, c.n, c.pairs)
		if !slices.Equal(x, x2) || !slices.Equal(y, y2) {
			t.Errorf("%s: two runs differ", c.name)
		}
		if len(x) != c.n || len(y) != c.n {
			t.Fatalf("%s: %d x and %d y for %d nodes", c.name, len(x), len(y), c.n)
		}
		extent := 0.0
		for i := range c.n {
			if math.Abs(x[i]) > 1 || math.Abs(y[i]) > 1 || math.IsNaN(x[i]) || math.IsNaN(y[i]) {
				t.Errorf("%s: node %d at (%v, %v), outside [-1, 1]²", c.name, i, x[i], y[i])
			}
			extent = max(extent, math.Abs(x[i]), math.Abs(y[i]))
		}
		if c.n >= 2 && math.Abs(extent-1) > 1e-6 {
			t.Errorf("%s: largest |coordinate| = %v, want 1", c.name, extent)
		}
		pos := make([][2]float64, c.n)
		for i := range c.n {
			pos[i] = [2]float64{x[i], y[i]}
		}
		got[c.name] = pos
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "layout.golden.json")
	if updating() {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestLayout -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("layouts differ from %s; run go test -run TestLayout -update if the change is intended", path)
	}
}
