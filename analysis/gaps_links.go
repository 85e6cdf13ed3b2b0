package analysis

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// CutActor is an articulation point: removing the actor splits its
// component into Pieces.
type CutActor struct {
	ID   string
	Kind network.ActorKind
	// Component is the size of the actor's connected component; Pieces the
	// sizes of the parts it falls into without the actor, largest first.
	Component int
	Pieces    []int
	// Cut is how many actors lose their connection to the largest piece:
	// Component - 1 - Pieces[0].
	Cut int
}

// CutTie is a bridge: removing the edge A-B splits its component into the
// side of A (SizeA actors) and the side of B (SizeB actors).
type CutTie struct {
	A, B         string // actor IDs, A < B
	Component    int
	SizeA, SizeB int
	// Cut is the size of the smaller side.
	Cut int
}

// SinglePoints are the single points of failure of a partnership network.
type SinglePoints struct {
	Actors  []CutActor // most actors cut off first, ties by ID
	Bridges []CutTie   // most actors cut off first, ties by A then B
	Method  string
}

// SinglePointsOfFailure returns the articulation points and bridges of the
// undirected view of proj (as ArticulationPoints finds them) with the
// sizes of the pieces each would split its component into.
func SinglePointsOfFailure(proj *Projection) *SinglePoints {
	cp := ArticulationPoints(proj)
	g := proj.undirected()
	n := proj.N()
	disc := make([]int32, n)
	low := make([]int32, n)
	parent := make([]int32, n)
	size := make([]int32, n)
	comp := make([]int32, n) // root of each node's DFS tree
	sep := make([][]int32, n)
	for i := range disc {
		disc[i], parent[i] = -1, -1
	}
	type frame struct{ v, next int32 }
	var call []frame
	t := int32(0)
	for s := int32(0); s < int32(n); s++ {
		if disc[s] >= 0 {
			continue
		}
		disc[s], low[s], size[s], comp[s] = t, t, 1, s
		t++
		call = append(call[:0], frame{s, g.off[s]})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < g.off[v+1] {
				w := g.adj[f.next]
				f.next++
				if disc[w] < 0 {
					parent[w], comp[w] = v, s
					disc[w], low[w], size[w] = t, t, 1
					t++
					call = append(call, frame{w, g.off[w]})
				} else if w != parent[v] {
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if u := parent[v]; u >= 0 {
				low[u] = min(low[u], low[v])
				size[u] += size[v]
				if low[v] >= disc[u] {
					sep[u] = append(sep[u], size[v])
				}
			}
		}
	}
	out := &SinglePoints{}
	for _, id := range cp.Articulation {
		v := proj.Index(id)
		c := size[comp[v]]
		var pieces []int
		rest := c - 1
		for _, s := range sep[v] {
			pieces = append(pieces, int(s))
			rest -= s
		}
		if rest > 0 {
			pieces = append(pieces, int(rest))
		}
		slices.SortFunc(pieces, func(a, b int) int { return b - a })
		out.Actors = append(out.Actors, CutActor{ID: id, Kind: proj.Kind(v), Component: int(c), Pieces: pieces,
			Cut: int(c) - 1 - pieces[0]})
	}
	for _, b := range cp.Bridges {
		u, w := int32(proj.Index(b[0])), int32(proj.Index(b[1]))
		// The child in the DFS tree holds the side below the bridge.
		child := w
		if parent[u] == w {
			child = u
		}
		c := size[comp[u]]
		below := size[child]
		ct := CutTie{A: b[0], B: b[1], Component: int(c)}
		if child == u {
			ct.SizeA, ct.SizeB = int(below), int(c-below)
		} else {
			ct.SizeA, ct.SizeB = int(c-below), int(below)
		}
		ct.Cut = min(ct.SizeA, ct.SizeB)
		out.Bridges = append(out.Bridges, ct)
	}
	slices.SortStableFunc(out.Actors, func(a, b CutActor) int { return b.Cut - a.Cut })
	slices.SortStableFunc(out.Bridges, func(a, b CutTie) int { return b.Cut - a.Cut })
	out.Method = fmt.Sprintf("articulation points and bridges of the undirected view (%d actors, %d edges) by one depth-first search; piece sizes from the search tree; cut = actors that lose their connection to the largest remaining piece",
		proj.N(), len(g.adj)/2)
	return out
}

// LinkScore is a link-prediction index of SuggestPartnerships.
type LinkScore string

// The link-prediction indexes, as NetworkX defines them over the common
// neighbours w of u and v in the undirected view.
const (
	AdamicAdar         LinkScore = "ADAMIC_ADAR"         // sum of 1/log(deg w): nx.adamic_adar_index
	ResourceAllocation LinkScore = "RESOURCE_ALLOCATION" // sum of 1/deg w: nx.resource_allocation_index
	CommonNeighbours   LinkScore = "COMMON_NEIGHBOURS"   // count of w: len(nx.common_neighbors)
)

// DefaultSuggestions is how many suggestions SuggestPartnerships returns
// when GapOptions.Top is not set.
const DefaultSuggestions = 20

// SharedPartner is a common neighbour that justifies a suggestion.
type SharedPartner struct {
	Actor  ActorRef
	Degree int // neighbours in the undirected view
}

// Suggestion is a likely missing tie between two actors.
type Suggestion struct {
	A, B        ActorRef // A.ID < B.ID
	Index       LinkScore
	Score       float64
	Shared      []SharedPartner // by ID
	Explanation string
	Method      string
}

// SuggestPartnerships returns the pairs of actors of proj that have no tie
// but share partners, scored by opts.Score (default ADAMIC_ADAR), highest
// first, ties by the pair's IDs; at most opts.Top (default
// DefaultSuggestions). With opts.KindsA and opts.KindsB only pairs across
// them are suggested (with one of them only, pairs with an end in it).
// Weights and directions are ignored, as NetworkX's indexes do. Names come
// from snap. EINVALID for bad options. It checks ctx as it goes and
// reports the fraction of actors done.
func SuggestPartnerships(ctx context.Context, proj *Projection, snap *network.Snapshot, opts GapOptions) ([]Suggestion, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	index := opts.Score
	if index == "" {
		index = AdamicAdar
	}
	var contribution func(deg int) float64
	switch index {
	case AdamicAdar:
		contribution = func(d int) float64 { return 1 / math.Log(float64(d)) }
	case ResourceAllocation:
		contribution = func(d int) float64 { return 1 / float64(d) }
	case CommonNeighbours:
		contribution = func(int) float64 { return 1 }
	default:
		return nil, network.Errorf(network.EINVALID, "score %q is not ADAMIC_ADAR, RESOURCE_ALLOCATION or COMMON_NEIGHBOURS", index)
	}
	limit := opts.Top
	if limit <= 0 {
		limit = DefaultSuggestions
	}
	g := proj.undirected()
	n := proj.N()
	weight := make([]float64, n)
	for w := 0; w < n; w++ {
		if d := int(g.off[w+1] - g.off[w]); d > 1 {
			weight[w] = contribution(d)
		}
	}
	inA := func(i int32) bool { return slices.Contains(opts.KindsA, proj.Kind(int(i))) }
	inB := func(i int32) bool { return slices.Contains(opts.KindsB, proj.Kind(int(i))) }
	pairOK := func(u, v int32) bool {
		switch {
		case len(opts.KindsA) > 0 && len(opts.KindsB) > 0:
			return inA(u) && inB(v) || inB(u) && inA(v)
		case len(opts.KindsA) > 0:
			return inA(u) || inA(v)
		case len(opts.KindsB) > 0:
			return inB(u) || inB(v)
		}
		return true
	}
	acc := make([]float64, n)
	seen := make([]bool, n)
	var touched []int32
	best := &pairHeap{}
	t := newTracker(ctx, int64(n))
	k := ticker{t: t}
	for u := int32(0); u < int32(n); u++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		nu, _ := g.row(u)
		touched = touched[:0]
		for _, w := range nu {
			if w == u {
				continue
			}
			nw, _ := g.row(w)
			if err := k.tick(len(nw)); err != nil {
				return nil, err
			}
			// Neighbours of w above u, in order.
			k, _ := slices.BinarySearch(nw, u+1)
			for _, v := range nw[k:] {
				if !seen[v] {
					seen[v] = true
					touched = append(touched, v)
				}
				acc[v] += weight[w]
			}
		}
		for _, v := range touched {
			s := acc[v]
			acc[v], seen[v] = 0, false
			if _, adjacent := slices.BinarySearch(nu, v); adjacent || !pairOK(u, v) {
				continue
			}
			c := scoredPair{u: u, v: v, score: s}
			if best.Len() < limit {
				heap.Push(best, c)
			} else if better(c, (*best)[0]) {
				(*best)[0] = c
				heap.Fix(best, 0)
			}
		}
	}
	pairs := []scoredPair(*best)
	slices.SortFunc(pairs, func(a, b scoredPair) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	x := newGapIndex(snap)
	method := fmt.Sprintf("suggested partnerships: %s over the undirected, unweighted view (%d actors); pairs without a tie that share a partner", indexFormula(index), n)
	if len(opts.KindsA) > 0 || len(opts.KindsB) > 0 {
		method += fmt.Sprintf("; only pairs across %s and %s", joinKinds(opts.KindsA), joinKinds(opts.KindsB))
	}
	out := make([]Suggestion, len(pairs))
	for i, p := range pairs {
		s := Suggestion{A: x.ref(proj.ID(int(p.u))), B: x.ref(proj.ID(int(p.v))), Index: index, Score: p.score, Method: method}
		if s.A.Kind == "" {
			s.A.Kind = proj.Kind(int(p.u))
		}
		if s.B.Kind == "" {
			s.B.Kind = proj.Kind(int(p.v))
		}
		ru, _ := g.row(p.u)
		rv, _ := g.row(p.v)
		var names []string
		for _, w := range intersectSorted(ru, rv) {
			r := x.ref(proj.ID(int(w)))
			s.Shared = append(s.Shared, SharedPartner{Actor: r, Degree: int(g.off[w+1] - g.off[w])})
			names = append(names, fmt.Sprintf("%s (degree %d)", r.ID, g.off[w+1]-g.off[w]))
		}
		s.Explanation = fmt.Sprintf("%s %.6f from %d shared partners: %s", index, s.Score, len(s.Shared), strings.Join(names, ", "))
		out[i] = s
	}
	t.finish()
	return out, nil
}

func indexFormula(i LinkScore) string {
	switch i {
	case AdamicAdar:
		return "Adamic-Adar index (sum over shared partners of 1/ln degree)"
	case ResourceAllocation:
		return "resource allocation index (sum over shared partners of 1/degree)"
	}
	return "common neighbours (number of shared partners)"
}

func intersectSorted(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// scoredPair is a candidate pair of nodes u < v.
type scoredPair struct {
	u, v  int32
	score float64
}

// better orders pairs by score, highest first, then by u and v (node
// order is actor ID order).
func better(a, b scoredPair) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.u != b.u {
		return a.u < b.u
	}
	return a.v < b.v
}

// pairHeap keeps the best pairs seen, the worst on top.
type pairHeap []scoredPair

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(scoredPair)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
