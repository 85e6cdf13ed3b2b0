package analysis

import (
	"math"
	"math/bits"
	"slices"
)

// batchSize is how many sources the batched Brandes kernel searches
// together: one bit of a uint64 each.
const batchSize = 64

// batchMinNodes is the graph size from which Betweenness searches sources
// in batches by default; on small graphs one source at a time is as fast.
const batchMinNodes = 1024

// batchMaxNodes bounds the batched kernel's scratch (64 float64 per node
// per worker) by default.
const batchMaxNodes = 200_000

// batchCheckEvery is how many nodes of a level the batched kernel visits
// between two checks of its context: a large level of a large graph is
// tens of milliseconds.
const batchCheckEvery = 512

// levelEntry is a node reached at one BFS level by the sources in mask;
// its arcs to the next level start at arcs in the batch's list.
type levelEntry struct {
	v    int32
	arcs int32
	mask uint64
}

// dagArc is an arc to w on a shortest path from the sources in mask.
type dagArc struct {
	w    int32
	mask uint64
}

// batchGraph is the adjacency the batched kernel searches: the nodes
// renumbered by degree, highest first, so that the hubs that most shortest
// paths cross share cache lines and pages, and each row in the original
// order of its arcs, so that every sum runs in the same order as over the
// projection and the result does not change.
type batchGraph struct {
	off, adj []int32
	id       []int32 // kernel number of each projection node
	node     []int32 // projection node of each kernel number
}

// degreeOrder numbers c's nodes by degree, highest first (ties in node
// order): node[u] is the node numbered u and id[v] the number of node v.
func degreeOrder(c *csr) (node, id []int32) {
	n := len(c.off) - 1
	node, id = make([]int32, n), make([]int32, n)
	for i := range node {
		node[i] = int32(i)
	}
	deg := func(v int32) int32 { return c.off[v+1] - c.off[v] }
	slices.SortStableFunc(node, func(a, b int32) int { return int(deg(b) - deg(a)) })
	for u, v := range node {
		id[v] = int32(u)
	}
	return node, id
}

func newBatchGraph(c *csr) *batchGraph {
	n := len(c.off) - 1
	g := &batchGraph{off: make([]int32, n+1), adj: make([]int32, len(c.adj))}
	g.node, g.id = degreeOrder(c)
	for u, v := range g.node {
		lo := g.off[u]
		g.off[u+1] = lo + c.off[v+1] - c.off[v]
		for j, x := range c.adj[c.off[v]:c.off[v+1]] {
			g.adj[int(lo)+j] = g.id[x]
		}
	}
	return g
}

// nearbyFirst returns sources (projection nodes) in the order a
// breadth-first search over the kernel graph meets them, from kernel node
// 0 (the highest degree) and then from each node not yet met, so that a
// batch of 64 consecutive sources are near one another: their searches
// reach each node at fewer distinct levels, each level's masks have more
// sources, and the rows a batch touches are fewer and fuller. The order
// changes only how the sums are grouped, not what they add up to.
func (g *batchGraph) nearbyFirst(sources []int32) []int32 {
	n := len(g.id)
	rank := make([]int32, n)
	for i := range rank {
		rank[i] = -1
	}
	queue := make([]int32, 0, n)
	next := int32(0)
	for root := int32(0); root < int32(n); root++ {
		if rank[root] >= 0 {
			continue
		}
		rank[root] = next
		next++
		queue = append(queue[:0], root)
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, w := range g.adj[g.off[v]:g.off[v+1]] {
				if rank[w] < 0 {
					rank[w] = next
					next++
					queue = append(queue, w)
				}
			}
		}
	}
	out := slices.Clone(sources)
	slices.SortFunc(out, func(a, b int32) int { return int(rank[g.id[a]] - rank[g.id[b]]) })
	return out
}

// batchBrandes runs unweighted Brandes for up to 64 sources at once
// (multi-source BFS): each arc is scanned once per level for all sources,
// and per-source work is done only along shortest-path arcs, found by
// ANDing bit masks. val is an n×64 array, a row per node and a slot per
// source: a node's path count from that source while the forward pass
// runs, then its coefficient (1+delta)/sigma once the backward pass has
// finished its level (one array instead of two halves the rows a batch
// touches, which matters once they outgrow the cache). The forward pass keeps each shortest-path arc with its sources (16 bytes),
// so the backward pass walks only those: one per arc and level that some
// source of the batch crosses it at, about 70,000 per batch on BA 5000 and
// never more than 64 per arc. It speaks in kernel numbers (batchGraph).
type batchBrandes struct {
	g         *batchGraph
	endpoints bool
	visited   []uint64
	next      []uint64
	fresh     []int32            // nodes first reached by the level being built
	val       []float64          // sigma, then (1+delta)/sigma once a level is done
	acc       [batchSize]float64 // delta of the node being finished
	arcs      []dagArc           // this batch's shortest-path arcs, by level and node
	levels    [][]levelEntry     // this batch's levels
	pool      [][]levelEntry     // arrays kept across batches
	reached   [batchSize]int
}

func newBatchBrandes(g *batchGraph, endpoints bool) *batchBrandes {
	n := len(g.id)
	return &batchBrandes{g: g, endpoints: endpoints,
		visited: make([]uint64, n), next: make([]uint64, n),
		fresh: make([]int32, n+1), val: make([]float64, n*batchSize)}
}

// row is node v's slots in val: one per source of the batch.
type row = *[batchSize]float64

func (k *batchBrandes) rowOf(v int32) row {
	return row(k.val[int(v)*batchSize:])
}

// sources adds the dependencies of up to 64 distinct sources (projection
// nodes) to bc, indexed by kernel number. It checks t's context at every
// level, forward and backward, and every batchCheckEvery nodes of a level,
// and returns its error once it has ended,
// leaving bc and the scratch space unfinished: the caller must drop both.
//
// val needs no reset between batches: a slot is set, not added to, by the
// first arc that reaches its node at its level, and read only after.
func (k *batchBrandes) sources(t *tracker, srcs []int32, bc []float64) error {
	off, adj := k.g.off, k.g.adj
	visited, next, acc := k.visited, k.next, &k.acc
	fresh, arcs := k.fresh, k.arcs[:0]
	levels := k.levels[:0]
	first := k.level(0)
	for i, s := range srcs {
		s = k.g.id[s]
		bit := uint64(1) << i
		visited[s] |= bit
		k.rowOf(s)[i&(batchSize-1)] = 1
		first = append(first, levelEntry{v: s, mask: bit})
	}
	levels = append(levels, first)

	// Forward: one level at a time for all sources.
	for {
		if err := t.err(); err != nil {
			return err
		}
		cur := levels[len(levels)-1]
		nl := k.level(len(levels))
		nf := 0
		// Each arc v -> w from the frontier is on a shortest path for the
		// sources that have reached v but not w: push sigma along it, and
		// keep it for the backward pass.
		for j := range cur {
			if j%batchCheckEvery == batchCheckEvery-1 {
				if err := t.err(); err != nil {
					return err
				}
			}
			e := &cur[j]
			e.arcs = int32(len(arcs))
			sv := k.rowOf(e.v)
			for _, w := range adj[off[e.v]:off[e.v+1]] {
				add := e.mask &^ visited[w]
				if add == 0 {
					continue
				}
				arcs = append(arcs, dagArc{w, add})
				// Note w as new to the level without a branch: it is
				// written in any case and kept only if next had no bit.
				old := next[w]
				fresh[nf] = w
				if old == 0 {
					nf++
				}
				next[w] = old | add
				// A source whose bit old lacks reaches w here first at
				// this level: its slot still holds an earlier batch's
				// value, so it is set (the mask clears it), not added to.
				sw := k.rowOf(w)
				for b := add; b != 0; b &= b - 1 {
					i := bits.TrailingZeros64(b) & (batchSize - 1)
					keep := -(old >> uint(i) & 1)
					sw[i] = math.Float64frombits(math.Float64bits(sw[i])&keep) + sv[i]
				}
			}
		}
		// Order the next level by node number, so that its rows are
		// visited in memory order: a large level by a scan of next, a
		// small one by sorting.
		if nf*32 >= len(next) {
			for w, m := range next {
				if m != 0 {
					nl = append(nl, levelEntry{v: int32(w), mask: m})
				}
			}
		} else {
			slices.Sort(fresh[:nf])
			for _, w := range fresh[:nf] {
				nl = append(nl, levelEntry{v: w, mask: next[w]})
			}
		}
		for _, e := range nl {
			visited[e.v] |= e.mask
			next[e.v] = 0
		}
		levels = append(levels, nl)
		if len(nl) == 0 {
			break
		}
	}

	// Backward: deepest level first. val holds, for finished levels,
	// (1+delta)/sigma, which the level above sums over its successors: the
	// arcs kept by the forward pass, in the order of the node's row. The
	// slots a node writes (its level's sources) are not among those any
	// node of its level reads (the next level's), so each node is finished
	// in one go.
	clear(k.reached[:])
	end := int32(len(arcs))
	for l := len(levels) - 2; l >= 0; l-- {
		if err := t.err(); err != nil {
			return err
		}
		level := levels[l]
		for j := range level {
			if j%batchCheckEvery == batchCheckEvery-1 {
				if err := t.err(); err != nil {
					return err
				}
			}
			e := &level[j]
			hi := end
			if j+1 < len(level) {
				hi = level[j+1].arcs
			}
			sv := k.rowOf(e.v)
			for b := e.mask; b != 0; b &= b - 1 {
				acc[bits.TrailingZeros64(b)&(batchSize-1)] = 0
			}
			for _, a := range arcs[e.arcs:hi] {
				dx := k.rowOf(a.w)
				for b := a.mask; b != 0; b &= b - 1 {
					i := bits.TrailingZeros64(b) & (batchSize - 1)
					acc[i] += dx[i]
				}
			}
			var sum float64
			for b := e.mask; b != 0; b &= b - 1 {
				i := bits.TrailingZeros64(b) & (batchSize - 1)
				s := sv[i]
				d := s * acc[i]
				sv[i] = (1 + d) / s
				if l > 0 {
					if k.endpoints {
						sum += d + 1
					} else {
						sum += d
					}
				}
				if k.endpoints {
					k.reached[i]++
				}
			}
			bc[e.v] += sum
		}
		if len(level) > 0 {
			end = level[0].arcs
		}
	}
	if k.endpoints {
		for i, s := range srcs {
			bc[k.g.id[s]] += float64(k.reached[i] - 1)
		}
	}
	// Reset what this batch touched.
	for _, l := range levels {
		for _, e := range l {
			visited[e.v] = 0
		}
	}
	for j, l := range levels {
		k.pool[j] = l[:0] // keep grown arrays for the next batch
	}
	k.levels = levels[:0]
	k.arcs = arcs[:0]
	return nil
}

// level returns an empty slice for level j, reusing the array of an
// earlier batch.
func (k *batchBrandes) level(j int) []levelEntry {
	if j < len(k.pool) {
		return k.pool[j][:0]
	}
	k.pool = append(k.pool, nil)
	return nil
}
