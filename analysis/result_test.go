package analysis_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
)

// TestRankedTop checks that the top k chosen with a heap are the first k of
// the full ranking, on values with repeats and NaN, for every k.
func TestRankedTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &analysis.Scores{}
	for i := range 200 {
		s.IDs = append(s.IDs, fmt.Sprintf("a%03d", i))
		switch v := rng.IntN(12); {
		case v == 0:
			s.Values = append(s.Values, math.NaN())
		default:
			s.Values = append(s.Values, float64(v)) // many repeats: ties broken by ID
		}
	}
	// The IDs are shuffled so that the order of the input is not the order
	// of the ties.
	rng.Shuffle(len(s.IDs), func(i, j int) {
		s.IDs[i], s.IDs[j] = s.IDs[j], s.IDs[i]
		s.Values[i], s.Values[j] = s.Values[j], s.Values[i]
	})
	all := s.Ranked(0)
	if len(all) != len(s.IDs) {
		t.Fatalf("Ranked(0) has %d scores, want %d", len(all), len(s.IDs))
	}
	same := func(a, b analysis.Score) bool {
		return a.ID == b.ID && (a.Value == b.Value || math.IsNaN(a.Value) && math.IsNaN(b.Value))
	}
	for k := 1; k <= len(s.IDs)+1; k++ {
		got, want := s.Ranked(k), all[:min(k, len(all))]
		if !slices.EqualFunc(got, want, same) {
			t.Fatalf("Ranked(%d) = %v,\nwant %v", k, got, want)
		}
	}
}
