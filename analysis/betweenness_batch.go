package analysis

import (
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

// levelCheck returns t's error at the last of every batchCheckEvery nodes
// of a level (i is the node's place in its level), nil otherwise.
func levelCheck(t *tracker, i int) error {
	if i%batchCheckEvery == batchCheckEvery-1 {
		return t.err()
	}
	return nil
}

// groupRowsBudget bounds the rows one lane group's pass touches: n rows
// of a float64 per lane. The kernel's passes update rows at random, and on
// the machine the figures in docs/benchmarks.md come from such an update
// costs 2 to 3 ns while the array is under about 5 MB and 10 to 20 ns
// above 10 MB (BenchmarkRandomUpdate).
const groupRowsBudget = 6 << 20

// minLaneGroup is the narrowest lane group: 8 float64, one cache line of a
// node's row.
const minLaneGroup = 8

// laneGroupFor is how many of a batch's sources the kernel's passes over
// the shortest-path arcs handle together on n nodes: all 64 while their
// rows fit groupRowsBudget (up to about 12,000 nodes), else the widest
// power of two whose rows do, and at least minLaneGroup.
func laneGroupFor(n int) int {
	lanes := batchSize
	for lanes > minLaneGroup && n*lanes*8 > groupRowsBudget {
		lanes /= 2
	}
	return lanes
}

// levelEntry is a node reached at one BFS level by the sources in mask.
// sum gathers its dependency over the lane groups, in lane order.
type levelEntry struct {
	v    int32
	mask uint64
	sum  float64
}

// groupEntry is a level entry as one lane group sees it: node v, reached
// by the group's sources in mask (its lane bits, from bit 0), whose
// shortest-path arcs start at arcs in the group's list; entry is its
// index among the batch's entries.
type groupEntry struct {
	v, arcs, entry int32
	mask           uint64
}

// groupArc is an arc to w on a shortest path from the group's sources in
// mask (its lane bits, from bit 0).
type groupArc struct {
	w    int32
	mask uint64
}

// laneGroupPart is what the search keeps for one lane group: its entries
// level by level (levels[l] is where level l starts, the last value where
// the last level ends) and their shortest-path arcs, in the order of the
// batch's entries and of each node's row.
type laneGroupPart struct {
	entries []groupEntry
	arcs    []groupArc
	levels  []int
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
// ANDing bit masks. The search keeps each shortest-path arc, for each lane
// group of sources it is on a shortest path for (laneGroupFor), with their
// mask: on BA 20,000 about 160,000 arcs a batch, each for 12 to 20
// sources. The path counts and dependencies are then summed along those
// arcs one lane group at a time, so that a pass touches only its group's
// rows: on 20,000 nodes 5 MB in two groups of 32 instead of 10 MB, which
// no longer stay in the cache.
//
// val is, for each lane group, a row per node and a slot per source of
// the group: a node's path count from that source while the forward sums
// run, then its coefficient (1+delta)/sigma once the backward sums have
// finished its level (one array instead of two halves the rows a pass
// touches). Every sum runs in the same order whatever the groups, so they
// do not change the result. It speaks in kernel numbers (batchGraph).
type batchBrandes struct {
	g         *batchGraph
	endpoints bool
	lanes     uint // sources per lane group: 8, 16, 32 or 64
	laneShift uint // log2(lanes)
	laneBits  uint64
	visited   []uint64
	next      []uint64
	fresh     []int32      // nodes first reached by the level being built
	val       []float64    // per lane group: sigma, then (1+delta)/sigma
	entries   []levelEntry // this batch's levels, one after another
	levels    []int        // where each level starts in entries, and where the last ends
	parts     []laneGroupPart
	acc       [batchSize]float64 // delta of the node being finished
	reached   [batchSize]int
}

// newBatchBrandes returns a kernel whose lane groups have lanes sources
// (8, 16, 32 or 64; see laneGroupFor).
func newBatchBrandes(g *batchGraph, endpoints bool, lanes int) *batchBrandes {
	n := len(g.id)
	return &batchBrandes{g: g, endpoints: endpoints,
		lanes: uint(lanes), laneShift: uint(bits.TrailingZeros(uint(lanes))),
		laneBits: ^uint64(0) >> (batchSize - lanes),
		visited:  make([]uint64, n), next: make([]uint64, n),
		fresh: make([]int32, n+1),
		// The last row of the last group is read as a whole row.
		val:   make([]float64, n*batchSize+batchSize),
		parts: make([]laneGroupPart, batchSize/lanes)}
}

// row is a node's slots in one lane group's part of val; only the group's
// first lanes are its own.
type row = *[batchSize]float64

// rowOf is node v's row in val, one lane group's part.
func (k *batchBrandes) rowOf(val []float64, v int32) row {
	return row(val[uint(v)<<k.laneShift:])
}

// sources adds the dependencies of up to 64 distinct sources (projection
// nodes) to bc, indexed by kernel number. It checks t's context at every
// level of every pass and every batchCheckEvery nodes of a level, and
// returns its error once it has ended, leaving bc and the scratch space
// unfinished: the caller must drop both.
func (k *batchBrandes) sources(t *tracker, srcs []int32, bc []float64) error {
	if err := k.search(t, srcs); err != nil {
		return err
	}
	clear(k.reached[:])
	for g := 0; g*int(k.lanes) < len(srcs); g++ {
		if err := k.pathCounts(t, g, srcs); err != nil {
			return err
		}
		if err := k.dependencies(t, g); err != nil {
			return err
		}
	}
	// Add each node's dependency in the order the levels were finished,
	// deepest first.
	entries, levels := k.entries, k.levels
	for l := len(levels) - 2; l >= 0; l-- {
		for _, e := range entries[levels[l]:levels[l+1]] {
			bc[e.v] += e.sum
		}
	}
	if k.endpoints {
		for i, s := range srcs {
			bc[k.g.id[s]] += float64(k.reached[i] - 1)
		}
	}
	for _, e := range entries {
		k.visited[e.v] = 0
	}
	return nil
}

// search runs the breadth-first search of all of srcs at once, level by
// level, and keeps every arc on a shortest path in the parts of the lane
// groups whose sources it is on one for.
func (k *batchBrandes) search(t *tracker, srcs []int32) error {
	off, adj := k.g.off, k.g.adj
	visited, next, fresh := k.visited, k.next, k.fresh
	entries, levels := k.entries[:0], k.levels[:0]
	parts, shift, laneBits := k.parts, k.laneShift, k.laneBits
	for g := range parts {
		p := &parts[g]
		p.entries, p.arcs, p.levels = p.entries[:0], p.arcs[:0], p.levels[:0]
	}
	levels = append(levels, 0)
	for i, s := range srcs {
		s = k.g.id[s]
		bit := uint64(1) << i
		visited[s] |= bit
		entries = append(entries, levelEntry{v: s, mask: bit})
	}
	levels = append(levels, len(entries))
	for {
		if err := t.err(); err != nil {
			return err
		}
		lo, hi := levels[len(levels)-2], levels[len(levels)-1]
		for g := range parts {
			parts[g].levels = append(parts[g].levels, len(parts[g].entries))
		}
		nf := 0
		// Each arc v -> w from the frontier is on a shortest path for the
		// sources that have reached v but not w.
		for j := lo; j < hi; j++ {
			if err := levelCheck(t, j-lo); err != nil {
				return err
			}
			e := &entries[j]
			for m := e.mask; m != 0; {
				g := uint(bits.TrailingZeros64(m)) >> shift
				p := &parts[g]
				p.entries = append(p.entries, groupEntry{v: e.v, arcs: int32(len(p.arcs)), entry: int32(j), mask: e.mask >> (g << shift) & laneBits})
				m &^= laneBits << (g << shift)
			}
			for _, w := range adj[off[e.v]:off[e.v+1]] {
				add := e.mask &^ visited[w]
				if add == 0 {
					continue
				}
				for m := add; m != 0; {
					g := uint(bits.TrailingZeros64(m)) >> shift
					p := &parts[g]
					p.arcs = append(p.arcs, groupArc{w: w, mask: add >> (g << shift) & laneBits})
					m &^= laneBits << (g << shift)
				}
				// Note w as new to the level without a branch: it is
				// written in any case and kept only if next had no bit.
				old := next[w]
				fresh[nf] = w
				if old == 0 {
					nf++
				}
				next[w] = old | add
			}
		}
		// Order the next level by node number, so that its rows are
		// visited in memory order: a large level by a scan of next, a
		// small one by sorting.
		if nf*32 >= len(next) {
			for w, m := range next {
				if m != 0 {
					entries = append(entries, levelEntry{v: int32(w), mask: m})
				}
			}
		} else {
			slices.Sort(fresh[:nf])
			for _, w := range fresh[:nf] {
				entries = append(entries, levelEntry{v: w, mask: next[w]})
			}
		}
		for _, e := range entries[hi:] {
			visited[e.v] |= e.mask
			next[e.v] = 0
		}
		if len(entries) == hi {
			break
		}
		levels = append(levels, len(entries))
	}
	for g := range parts {
		parts[g].levels = append(parts[g].levels, len(parts[g].entries))
	}
	k.entries, k.levels = entries, levels
	return nil
}

// group is lane group g's part of val and all that follows it: a row of
// k.lanes slots per node.
func (k *batchBrandes) group(g int) []float64 {
	return k.val[g*len(k.g.id)*int(k.lanes):]
}

// arcsOf is the range of the shortest-path arcs of entry j of part p.
func (p *laneGroupPart) arcsOf(j int) []groupArc {
	hi := int32(len(p.arcs))
	if j+1 < len(p.entries) {
		hi = p.entries[j+1].arcs
	}
	return p.arcs[p.entries[j].arcs:hi]
}

// pathCounts sums, for lane group g, each node's number of shortest paths
// from each source along the arcs search kept, level by level.
func (k *batchBrandes) pathCounts(t *tracker, g int, srcs []int32) error {
	val := k.group(g)
	clear(val[:len(k.g.id)*int(k.lanes)])
	first := g * int(k.lanes)
	for i, s := range srcs[first:min(len(srcs), first+int(k.lanes))] {
		k.rowOf(val, k.g.id[s])[i] = 1
	}
	p := &k.parts[g]
	for l := 0; l+1 < len(p.levels); l++ {
		if err := t.err(); err != nil {
			return err
		}
		for j := p.levels[l]; j < p.levels[l+1]; j++ {
			if err := levelCheck(t, j-p.levels[l]); err != nil {
				return err
			}
			sv := k.rowOf(val, p.entries[j].v)
			for _, a := range p.arcsOf(j) {
				sw := k.rowOf(val, a.w)
				for b := a.mask; b != 0; b &= b - 1 {
					i := bits.TrailingZeros64(b) & (batchSize - 1)
					sw[i] += sv[i]
				}
			}
		}
	}
	return nil
}

// dependencies runs Brandes' backward sums for lane group g, deepest level
// first. val holds, for finished levels, (1+delta)/sigma, which the level
// above sums over its successors: the arcs kept by search, in the order of
// the node's row. The slots a node writes (its level's sources) are not
// among those any node of its level reads (the next level's), so each
// node is finished in one go. Each entry's sum gathers the dependencies of
// the group's sources, after those of the groups before it.
func (k *batchBrandes) dependencies(t *tracker, g int) error {
	val := k.group(g)
	p := &k.parts[g]
	acc := &k.acc
	for l := len(p.levels) - 2; l >= 0; l-- {
		if err := t.err(); err != nil {
			return err
		}
		for j := p.levels[l]; j < p.levels[l+1]; j++ {
			if err := levelCheck(t, j-p.levels[l]); err != nil {
				return err
			}
			ge := &p.entries[j]
			for b := ge.mask; b != 0; b &= b - 1 {
				acc[bits.TrailingZeros64(b)&(batchSize-1)] = 0
			}
			for _, a := range p.arcsOf(j) {
				dx := k.rowOf(val, a.w)
				for b := a.mask; b != 0; b &= b - 1 {
					i := bits.TrailingZeros64(b) & (batchSize - 1)
					acc[i] += dx[i]
				}
			}
			e := &k.entries[ge.entry]
			sum := e.sum
			sv := k.rowOf(val, ge.v)
			for b := ge.mask; b != 0; b &= b - 1 {
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
					k.reached[uint(g)<<k.laneShift+uint(i)]++
				}
			}
			e.sum = sum
		}
	}
	return nil
}
