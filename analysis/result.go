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
// last; at most top of them (all when top <= 0). A top smaller than the
// number of values is chosen with a heap of top scores, so that the top 5
// of 200,000 actors does not copy and sort all of them.
func (s *Scores) Ranked(top int) []Score {
	if top <= 0 || top >= len(s.IDs) {
		out := make([]Score, len(s.IDs))
		for i, id := range s.IDs {
			out[i] = Score{ID: id, Value: s.Values[i]}
		}
		slices.SortFunc(out, compareRank)
		return out
	}
	// worst is a heap of the best top scores so far, the lowest ranked at
	// its root.
	worst := make([]Score, 0, top)
	for i, id := range s.IDs {
		x := Score{ID: id, Value: s.Values[i]}
		switch {
		case len(worst) < top:
			worst = append(worst, x)
			for j := len(worst) - 1; j > 0; {
				parent := (j - 1) / 2
				if compareRank(worst[parent], worst[j]) >= 0 {
					break
				}
				worst[parent], worst[j] = worst[j], worst[parent]
				j = parent
			}
		case compareRank(x, worst[0]) < 0:
			worst[0] = x
			for j := 0; ; {
				k := 2*j + 1
				if k >= len(worst) {
					break
				}
				if k+1 < len(worst) && compareRank(worst[k+1], worst[k]) > 0 {
					k++
				}
				if compareRank(worst[j], worst[k]) >= 0 {
					break
				}
				worst[j], worst[k] = worst[k], worst[j]
				j = k
			}
		}
	}
	slices.SortFunc(worst, compareRank)
	return worst
}

// compareRank orders scores highest first, ties by actor ID, NaN last.
func compareRank(a, b Score) int {
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
