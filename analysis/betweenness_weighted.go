package analysis

import (
	"math"
	"math/bits"
)

// weightedGraph is the adjacency the weighted Brandes kernel searches: the
// nodes renumbered by out-degree, highest first (as batchGraph), each arc
// with its length. Each row keeps the projection's order of its arcs. The
// backward pass follows the predecessors the search recorded, so no in-arcs
// are needed.
type weightedGraph struct {
	off, adj []int32
	cost     []float64
	id       []int32 // kernel number of each projection node
	node     []int32 // projection node of each kernel number
	// whole is the longest length when every length is a whole number of
	// at most maxWholeLength (then every distance, at most n times it, is
	// exact in a float64), else 0.
	whole int
}

// maxWholeLength bounds the ring of a distQueue over whole lengths.
const maxWholeLength = 1 << 16

func newWeightedGraph(p *Projection) *weightedGraph {
	c := &p.out
	g := &weightedGraph{}
	g.node, g.id = degreeOrder(c)
	g.off, g.adj, g.cost = g.renumber(c, p.costs(c))
	longest := 0.0
	for _, x := range g.cost {
		if x != math.Trunc(x) || x > maxWholeLength {
			return g
		}
		longest = max(longest, x)
	}
	if longest*float64(len(g.id)) < 1<<53 {
		g.whole = int(longest)
	}
	return g
}

// renumber returns c's rows in kernel order and numbers, with the lengths
// of their arcs.
func (g *weightedGraph) renumber(c *csr, cost []float64) ([]int32, []int32, []float64) {
	off := make([]int32, len(c.off))
	adj := make([]int32, len(c.adj))
	out := make([]float64, len(c.adj))
	for u, v := range g.node {
		lo, hi := c.off[v], c.off[v+1]
		off[u+1] = off[u] + hi - lo
		for j := lo; j < hi; j++ {
			k := off[u] + j - lo
			adj[k], out[k] = g.id[c.adj[j]], cost[j]
		}
	}
	return off, adj, out
}

// weightedNode is one node's state in a weighted search, in one 32-byte
// slot so that relaxing an arc touches one cache line, with the node's
// betweenness summed over the sources searched since the last flush.
type weightedNode struct {
	dist  float64 // +Inf until reached
	sigma float64 // shortest paths from the source
	delta float64 // settledMark once settled, then the dependency, in the backward pass
	bc    float64
}

// settledMark is the bits of -0.0, the delta of a settled node until the
// backward pass adds to it: -0.0 + x is x, and a node's delta is +0.0
// until it is settled.
const settledMark = 1 << 63

func (x *weightedNode) settled() bool { return math.Float64bits(x.delta) == settledMark }

// weightedBrandes is one worker's scratch space for weighted betweenness:
// Dijkstra as NetworkX's _single_source_dijkstra_path_basic (exact float
// equality decides equal paths, a node pushed again when its distance
// drops and skipped when popped late), with a radix heap, then
// dependencies accumulated over the in-arcs in reverse settling order. It
// speaks in kernel numbers (weightedGraph).
type weightedBrandes struct {
	g         *weightedGraph
	endpoints bool
	st        []weightedNode
	order     []int32
	queue     distQueue
	// preds[head[w]] is the first of w's predecessors on shortest paths
	// from the source, each with the next one's place (-1 after the last):
	// the backward pass follows them instead of testing every in-arc.
	head  []int32
	preds []pred
}

// pred is a predecessor of a node on shortest paths, in a list.
type pred struct{ from, next int32 }

func newWeightedBrandes(g *weightedGraph, endpoints bool) *weightedBrandes {
	k := &weightedBrandes{g: g, endpoints: endpoints, st: make([]weightedNode, len(g.id)),
		order: make([]int32, 0, len(g.id)), head: make([]int32, len(g.id))}
	if g.whole > 0 {
		k.queue.ring = make([][]int32, g.whole+1)
	}
	for i := range k.st {
		k.st[i].dist = math.Inf(1)
		k.head[i] = -1
	}
	return k
}

// source adds the dependencies of source s (a kernel number) to the
// nodes' sums, which flush hands out.
//
// Arc lengths are positive, so a settled node (at most the distance being
// settled) meets a relaxed distance only by equality, when an arc is too
// short to change the sum in floating point: only that rare branch asks
// whether the node is settled. A node is pushed only when its distance
// drops, so the entry popped at its node's distance is its first, and a
// later one is stale. Every arc that gives a node its paths is recorded
// as a predecessor (a drop in distance starts the node's list again), so
// the backward pass visits the arcs of the shortest-path DAG only, not
// every in-arc: a quarter of them on BA 20k with lengths 1 to 10.
func (k *weightedBrandes) source(s int32) {
	off, adj, cost := k.g.off, k.g.adj, k.g.cost
	st := k.st
	order := k.order[:0]
	head, preds := k.head, k.preds[:0]
	h := &k.queue
	h.reset()
	st[s].dist, st[s].sigma = 0, 1
	h.push(0, s)
	for h.len() > 0 {
		d, v := h.pop()
		x := &st[v]
		if d > x.dist {
			continue // pushed again since, at a shorter distance
		}
		x.delta = math.Float64frombits(settledMark)
		order = append(order, v)
		sv := x.sigma
		for j := off[v]; j < off[v+1]; j++ {
			y := &st[adj[j]]
			nd := d + cost[j]
			switch w := adj[j]; {
			case nd < y.dist:
				y.dist, y.sigma = nd, sv
				h.push(nd, w)
				head[w] = int32(len(preds))
				preds = append(preds, pred{v, -1})
			case nd == y.dist && !y.settled():
				y.sigma += sv
				preds = append(preds, pred{v, head[w]})
				head[w] = int32(len(preds) - 1)
			}
		}
	}
	if k.endpoints {
		st[s].bc += float64(len(order) - 1)
	}
	// Backward, in reverse settling order: each node gives its share to
	// the predecessors the forward pass recorded.
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		x := &st[w]
		coeff := (1 + x.delta) / x.sigma
		for e := head[w]; e >= 0; e = preds[e].next {
			y := &st[preds[e].from]
			y.delta += y.sigma * coeff
		}
		if k.endpoints {
			x.bc += x.delta + 1
		} else {
			x.bc += x.delta
		}
	}
	for _, v := range order {
		st[v].dist, st[v].sigma, st[v].delta = math.Inf(1), 0, 0
		head[v] = -1
	}
	k.order, k.preds = order, preds
}

// flush adds the nodes' sums to bc, indexed by kernel number, and clears
// them.
func (k *weightedBrandes) flush(bc []float64) {
	for v := range k.st {
		bc[v] += k.st[v].bc
		k.st[v].bc = 0
	}
}

// distQueue is the queue of Dijkstra's search: nodes by distance, no
// distance pushed below the last popped. When every length is a whole
// number it is a ring of buckets, one per distance from the last popped to
// it plus the longest length (Dial's algorithm): a push appends to its
// distance's bucket, a pop takes from the first bucket not empty, with no
// comparisons and no moves. Otherwise it is a radixHeap. Within one
// distance the last pushed pops first, so runs repeat exactly.
type distQueue struct {
	ring  [][]int32 // the nodes at distance d in ring[d % len(ring)]; nil: radix
	cur   uint64    // the distance last popped from the ring
	size  int
	radix radixHeap
}

func (q *distQueue) reset() {
	for i := range q.ring {
		q.ring[i] = q.ring[i][:0]
	}
	q.cur, q.size = 0, 0
	q.radix.reset()
}

func (q *distQueue) len() int { return q.size + q.radix.size }

// push adds v at distance d (non-negative, not below the last popped).
func (q *distQueue) push(d float64, v int32) {
	if q.ring == nil {
		q.radix.push(d, v)
		return
	}
	b := &q.ring[uint64(d)%uint64(len(q.ring))]
	*b = append(*b, v)
	q.size++
}

// pop removes and returns a node of the smallest distance, with it.
func (q *distQueue) pop() (float64, int32) {
	if q.ring == nil {
		return q.radix.pop()
	}
	n := uint64(len(q.ring))
	for len(q.ring[q.cur%n]) == 0 {
		q.cur++
	}
	b := &q.ring[q.cur%n]
	v := (*b)[len(*b)-1]
	*b = (*b)[:len(*b)-1]
	q.size--
	return float64(q.cur), v
}

// radixHeap is a monotone priority queue of nodes by distance, for
// Dijkstra, where no key pushed is below the last popped: a non-negative
// float64 orders as its bits do, and an item sits in the bucket of the
// highest bit where its key differs from the last popped key (bucket 0:
// equal). Push is O(1); a pop that finds bucket 0 empty moves the
// smallest non-empty bucket's items to lower buckets, each item at most
// 64 times over its life. Equal keys pop in a fixed order (the last pushed
// first), so runs repeat exactly.
type radixHeap struct {
	last    uint64
	size    int
	full    uint64 // bit b-1 set when bucket b (1..64) is not empty
	buckets [65][]radixItem
}

type radixItem struct {
	key uint64
	v   int32
}

func (h *radixHeap) reset() {
	h.last, h.size, h.full = 0, 0, 0
	for b := range h.buckets {
		h.buckets[b] = h.buckets[b][:0]
	}
}

func (h *radixHeap) bucket(key uint64) int { return 64 - bits.LeadingZeros64(key^h.last) }

// push adds v at distance d (non-negative, not below the last popped).
func (h *radixHeap) push(d float64, v int32) {
	key := math.Float64bits(d)
	b := h.bucket(key)
	h.buckets[b] = append(h.buckets[b], radixItem{key, v})
	if b > 0 {
		h.full |= 1 << (b - 1)
	}
	h.size++
}

// pop removes and returns an item of the smallest distance.
func (h *radixHeap) pop() (float64, int32) {
	if len(h.buckets[0]) == 0 {
		b := bits.TrailingZeros64(h.full) + 1
		items := h.buckets[b]
		least := items[0].key
		for _, it := range items[1:] {
			least = min(least, it.key)
		}
		h.last = least
		for _, it := range items {
			nb := h.bucket(it.key)
			h.buckets[nb] = append(h.buckets[nb], it)
			if nb > 0 {
				h.full |= 1 << (nb - 1)
			}
		}
		h.buckets[b] = items[:0]
		h.full &^= 1 << (b - 1)
	}
	zero := h.buckets[0]
	it := zero[len(zero)-1]
	h.buckets[0] = zero[:len(zero)-1]
	h.size--
	return math.Float64frombits(it.key), it.v
}
