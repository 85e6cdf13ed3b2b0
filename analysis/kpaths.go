package analysis

import (
	"cmp"
	"container/heap"
	"context"
	"math"
	"slices"

	"github.com/peacegraph/peacegraph/network"
)

// MaxKPaths is the most paths KShortestPaths returns.
const MaxKPaths = 100

// KShortestPaths returns the k shortest loopless paths from one actor to
// another along arcs (ties either way in the undirected view), shortest
// first, by Yen's algorithm, as NetworkX's shortest_simple_paths: path
// lengths are hops in NONE mode, else summed distances. Among paths of one
// length the one whose actor IDs come first in order comes first (each
// search walks the lowest-ID next actor on a shortest path). Fewer than k
// when fewer exist; none when to is unreachable. ENOTFOUND if an actor is
// not in p; EINVALID unless 1 <= k <= MaxKPaths or when from is to. It
// checks ctx in every search.
func KShortestPaths(ctx context.Context, p *Projection, from, to string, k int) ([]Path, error) {
	tr := newTracker(ctx, int64(k))
	if k < 1 || k > MaxKPaths {
		return nil, network.Errorf(network.EINVALID, "k must be between 1 and %d, got %d", MaxKPaths, k)
	}
	s, t := p.Index(from), p.Index(to)
	if s < 0 {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", from)
	}
	if t < 0 {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", to)
	}
	if s == t {
		return nil, network.Errorf(network.EINVALID, "from and to are the same actor %q", from)
	}
	y := newYen(p, int32(t))
	first, ok := y.search(int32(s))
	if err := tr.err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	chosen := []yenPath{{nodes: first, length: y.length(first)}}
	seen := map[string]bool{pathKey(first): true}
	var cands yenHeap
	kt := ticker{t: tr}
	for len(chosen) < k {
		if err := tr.step(1); err != nil {
			return nil, err
		}
		prev := chosen[len(chosen)-1].nodes
		for j := 0; j < len(prev)-1; j++ {
			if err := kt.tick(len(p.out.adj) + p.N()); err != nil {
				return nil, err
			}
			root := prev[:j+1]
			y.reset()
			for _, q := range chosen {
				if len(q.nodes) > j+1 && slices.Equal(q.nodes[:j+1], root) {
					y.banArc(q.nodes[j], q.nodes[j+1])
				}
			}
			for _, v := range root[:j] {
				y.banned[v] = true
			}
			spur, ok := y.search(prev[j])
			if !ok {
				continue
			}
			path := append(slices.Clone(root[:j]), spur...)
			key := pathKey(path)
			if seen[key] {
				continue
			}
			seen[key] = true
			heap.Push(&cands, yenPath{nodes: path, length: y.length(path)})
		}
		if cands.Len() == 0 {
			break
		}
		chosen = append(chosen, heap.Pop(&cands).(yenPath))
	}
	tr.finish()
	out := make([]Path, len(chosen))
	for i, q := range chosen {
		ids := make([]string, len(q.nodes))
		for j, v := range q.nodes {
			ids[j] = p.ids[v]
		}
		out[i] = Path{Actors: ids, Length: q.length}
	}
	return out, nil
}

// yen holds the scratch of one k-shortest-paths run towards node t: the
// nodes and arcs a spur search may not use, and its distances.
type yen struct {
	p       *Projection
	t       int32
	banned  []bool
	arcs    map[[2]int32]bool
	dist    []float64
	touched []int32
	h       nodeHeap
}

func newYen(p *Projection, t int32) *yen {
	n := p.N()
	y := &yen{p: p, t: t, banned: make([]bool, n), arcs: map[[2]int32]bool{}, dist: make([]float64, n)}
	for i := range y.dist {
		y.dist[i] = math.Inf(1)
	}
	return y
}

func (y *yen) reset() {
	clear(y.banned)
	clear(y.arcs)
}

func (y *yen) banArc(u, v int32) { y.arcs[[2]int32{u, v}] = true }

// search returns the shortest path from s to y.t avoiding the banned
// nodes and arcs, the lowest-ID next node first among equal ones, and
// whether there is one.
func (y *yen) search(s int32) ([]int32, bool) {
	p := y.p
	for _, v := range y.touched {
		y.dist[v] = math.Inf(1)
	}
	y.touched = y.touched[:0]
	// Distances to t along reversed arcs (Dijkstra; every arc costs 1 in
	// NONE mode).
	y.dist[y.t] = 0
	y.touched = append(y.touched, y.t)
	y.h = append(y.h[:0], nodeItem{0, y.t})
	for len(y.h) > 0 {
		it := heap.Pop(&y.h).(nodeItem)
		if it.d > y.dist[it.v] {
			continue
		}
		if it.v == s {
			break
		}
		adj, w := p.in.row(it.v)
		for j, u := range adj {
			if y.banned[u] || y.arcs[[2]int32{u, it.v}] {
				continue
			}
			if d := it.d + p.cost(w[j]); d < y.dist[u] {
				if math.IsInf(y.dist[u], 1) {
					y.touched = append(y.touched, u)
				}
				y.dist[u] = d
				heap.Push(&y.h, nodeItem{d, u})
			}
		}
	}
	if math.IsInf(y.dist[s], 1) {
		return nil, false
	}
	// Walk forward on arcs that lie on a shortest path, lowest ID first.
	path := []int32{s}
	for v := s; v != y.t; {
		adj, w := p.out.row(v)
		next := int32(-1)
		for j, x := range adj {
			if y.banned[x] || y.arcs[[2]int32{v, x}] || math.IsInf(y.dist[x], 1) || !onPath(y.dist[v], y.dist[x], p.cost(w[j])) {
				continue
			}
			next = x
			break
		}
		if next < 0 || slices.Contains(path, next) {
			// Rounding left no arc on the path: should not happen with
			// positive lengths.
			return nil, false
		}
		path = append(path, next)
		v = next
	}
	return path, true
}

// length sums the lengths of the arcs along path, from its start.
func (y *yen) length(path []int32) float64 {
	var l float64
	for i := 1; i < len(path); i++ {
		adj, w := y.p.out.row(path[i-1])
		j, _ := slices.BinarySearch(adj, path[i])
		l += y.p.cost(w[j])
	}
	return l
}

func pathKey(path []int32) string {
	b := make([]byte, 0, 4*len(path))
	for _, v := range path {
		b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return string(b)
}

// yenPath is a candidate path and its length.
type yenPath struct {
	nodes  []int32
	length float64
}

// yenHeap orders candidates by length, then by their nodes (actor ID
// order).
type yenHeap []yenPath

func (h yenHeap) Len() int { return len(h) }
func (h yenHeap) Less(i, j int) bool {
	if h[i].length != h[j].length {
		return h[i].length < h[j].length
	}
	return slices.Compare(h[i].nodes, h[j].nodes) < 0
}
func (h yenHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *yenHeap) Push(x any)   { *h = append(*h, x.(yenPath)) }
func (h *yenHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// nodeItem is a node at a tentative distance.
type nodeItem struct {
	d float64
	v int32
}

// nodeHeap is a min-heap of nodes by distance, then node.
type nodeHeap []nodeItem

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(h[i].d, h[j].d), cmp.Compare(h[i].v, h[j].v)) < 0
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(nodeItem)) }
func (h *nodeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
