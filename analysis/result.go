package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Engine names the implementation in every Method.
const Engine = "peacegraph/analysis (Go, CSR)"

// Method says how a result was computed, so that a reader can reproduce it.
type Method struct {
	Algorithm     string     // e.g. "betweenness (Brandes)"
	Normalization string     // e.g. "1/((n-1)(n-2))", "none"
	Weight        WeightMode // how weights were read
	Directed      bool
	// Exact is false when the result is estimated from samples.
	Exact   bool
	Samples int    // sources sampled; 0 when exact
	Seed    uint64 // seed of the sample
	// Top, when not 0, says that only the Top highest values were
	// computed (each exactly); the others are NaN.
	Top int
	// Iterations and Converged describe iterative methods.
	Iterations int
	Converged  bool
	Tolerance  float64
	Engine     string
	Workers    int    // goroutines used
	Notes      string // anything else a reader should know
}

// Scores is one value per node of a projection, in node (actor ID) order.
type Scores struct {
	Method Method
	IDs    []string
	Values []float64
}

// Score is the value of one actor.
type Score struct {
	ID    string
	Value float64
}

// Of returns the value of actor id, and whether the actor is in s.
func (s *Scores) Of(id string) (float64, bool) {
	i, ok := slices.BinarySearch(s.IDs, id)
	if !ok {
		return 0, false
	}
	return s.Values[i], true
}

// Ranked returns the values highest first, ties broken by actor ID, NaN
// last; at most top of them (all when top <= 0).
func (s *Scores) Ranked(top int) []Score {
	out := make([]Score, len(s.IDs))
	for i, id := range s.IDs {
		out[i] = Score{ID: id, Value: s.Values[i]}
	}
	slices.SortFunc(out, func(a, b Score) int {
		an, bn := math.IsNaN(a.Value), math.IsNaN(b.Value)
		switch {
		case an && !bn:
			return 1
		case bn && !an:
			return -1
		case !an && a.Value != b.Value:
			return cmp.Compare(b.Value, a.Value)
		}
		return strings.Compare(a.ID, b.ID)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

func (p *Projection) scores(m Method, values []float64) *Scores {
	m.Weight, m.Directed = p.sel.Weight, p.sel.Directed
	if m.Engine == "" {
		m.Engine = Engine
	}
	if m.Workers == 0 {
		m.Workers = 1
	}
	return &Scores{Method: m, IDs: p.ids, Values: values}
}
