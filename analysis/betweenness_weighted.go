package analysis

import (
	"math"
	"slices"
)

// weightedGraph is the adjacency the weighted Brandes kernel searches: the
// nodes renumbered by out-degree, highest first (as batchGraph), each arc
// with its length, and the in-arcs with theirs (the same arrays when the
// projection is undirected). Each row keeps the projection's order of its
// arcs.
type weightedGraph struct {
	off, adj     []int32
	cost         []float64
	inOff, inAdj []int32
	inCost       []float64
	id           []int32 // kernel number of each projection node
	node         []int32 // projection node of each kernel number
}

func newWeightedGraph(p *Projection, outCost, inCost []float64) *weightedGraph {
	c := &p.out
	n := len(c.off) - 1
	g := &weightedGraph{id: make([]int32, n), node: make([]int32, n)}
	for i := range g.node {
		g.node[i] = int32(i)
	}
	deg := func(v int32) int32 { return c.off[v+1] - c.off[v] }
	slices.SortStableFunc(g.node, func(a, b int32) int { return int(deg(b) - deg(a)) })
	for u, v := range g.node {
		g.id[v] = int32(u)
	}
	g.off, g.adj, g.cost = g.renumber(c, outCost)
	g.inOff, g.inAdj, g.inCost = g.off, g.adj, g.cost
	if p.Directed() {
		g.inOff, g.inAdj, g.inCost = g.renumber(&p.in, inCost)
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
// slot so that relaxing an arc touches one cache line.
type weightedNode struct {
	dist  float64 // +Inf until reached
	sigma float64 // shortest paths from the source
	delta float64 // dependency, in the backward pass
	// pos is the node's place in the heap plus one, 0 when it has not
	// been pushed, and -1 once settled.
	pos int32
	_   int32
}

// weightedBrandes is one worker's scratch space for weighted betweenness:
// Dijkstra with an indexed 4-ary heap, as NetworkX's
// _single_source_dijkstra_path_basic (exact float equality decides equal
// paths), then dependencies accumulated over the in-arcs in reverse
// settling order. It speaks in kernel numbers (weightedGraph).
type weightedBrandes struct {
	g         *weightedGraph
	endpoints bool
	st        []weightedNode
	order     []int32
	heap      []heapItem
}

func newWeightedBrandes(g *weightedGraph, endpoints bool) *weightedBrandes {
	k := &weightedBrandes{g: g, endpoints: endpoints, st: make([]weightedNode, len(g.id)),
		order: make([]int32, 0, len(g.id))}
	for i := range k.st {
		k.st[i].dist = math.Inf(1)
	}
	return k
}

// source adds the dependencies of source s (a kernel number) to bc,
// indexed by kernel number.
func (k *weightedBrandes) source(s int32, bc []float64) {
	off, adj, cost := k.g.off, k.g.adj, k.g.cost
	st := k.st
	order := k.order[:0]
	st[s].dist, st[s].sigma = 0, 1
	k.push(0, s)
	for len(k.heap) > 0 {
		d, v := k.pop()
		st[v].pos = -1
		order = append(order, v)
		sv := st[v].sigma
		for j := off[v]; j < off[v+1]; j++ {
			w := adj[j]
			x := &st[w]
			if x.pos < 0 {
				continue // settled
			}
			nd := d + cost[j]
			switch {
			case nd < x.dist:
				x.dist, x.sigma = nd, sv
				k.push(nd, w)
			case nd == x.dist:
				x.sigma += sv
			}
		}
	}
	if k.endpoints {
		bc[s] += float64(len(order) - 1)
	}
	// Backward: a node's predecessors are the in-neighbours whose distance
	// plus the arc's length is its own; an unreached one is at +Inf.
	inOff, inAdj, inCost := k.g.inOff, k.g.inAdj, k.g.inCost
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		x := &st[w]
		coeff := (1 + x.delta) / x.sigma
		dw := x.dist
		for j := inOff[w]; j < inOff[w+1]; j++ {
			y := &st[inAdj[j]]
			if y.dist+inCost[j] == dw {
				y.delta += y.sigma * coeff
			}
		}
		if k.endpoints {
			bc[w] += x.delta + 1
		} else {
			bc[w] += x.delta
		}
	}
	for _, v := range order {
		st[v] = weightedNode{dist: math.Inf(1)}
	}
	k.order = order
}

// heapArity is the weighted kernel's heap's fan-out: four children share
// a cache line of 16-byte items, and the heap is half as deep as a binary
// one.
const heapArity = 4

// push inserts v at distance d, or lowers v's distance to d. Items are
// ordered by distance, then node, as distHeap.
func (k *weightedBrandes) push(d float64, v int32) {
	st := k.st
	i := int(st[v].pos) - 1
	if i < 0 {
		k.heap = append(k.heap, heapItem{})
		i = len(k.heap) - 1
	}
	it := heapItem{d, v}
	h := k.heap
	for i > 0 {
		parent := (i - 1) / heapArity
		if !it.less(h[parent]) {
			break
		}
		h[i] = h[parent]
		st[h[i].v].pos = int32(i) + 1
		i = parent
	}
	h[i] = it
	st[v].pos = int32(i) + 1
}

// pop removes and returns the nearest node; its pos is left for the caller
// to set.
func (k *weightedBrandes) pop() (float64, int32) {
	h, st := k.heap, k.st
	top := h[0]
	last := len(h) - 1
	it := h[last]
	h = h[:last]
	k.heap = h
	if last == 0 {
		return top.d, top.v
	}
	i := 0
	for {
		c := heapArity*i + 1
		if c >= last {
			break
		}
		best := c
		for x := c + 1; x < min(c+heapArity, last); x++ {
			if h[x].less(h[best]) {
				best = x
			}
		}
		if !h[best].less(it) {
			break
		}
		h[i] = h[best]
		st[h[i].v].pos = int32(i) + 1
		i = best
	}
	h[i] = it
	st[it.v].pos = int32(i) + 1
	return top.d, top.v
}
