package analysis

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/peacegraph/peacegraph/network"
)

// BetweennessOptions tunes Betweenness. The zero value is NetworkX's
// default: exact, normalized, endpoints excluded.
type BetweennessOptions struct {
	// Raw turns normalization off (NetworkX normalized=False): undirected
	// pairs count once.
	Raw bool
	// Endpoints counts the ends of each path (NetworkX endpoints=True).
	Endpoints bool
	// Samples, when 0 < Samples < N, estimates from that many source nodes
	// drawn with Seed, rescaled as NetworkX does for k samples.
	Samples int
	Seed    uint64
	// Workers is how many goroutines share the sources; 0 means GOMAXPROCS.
	// The result does not depend on it.
	Workers int
	// SourcesPerPass is how many sources one breadth-first pass searches
	// together in the unweighted case: 1 or 64. 0 chooses 64 on graphs of
	// 1024 to 200,000 nodes (it keeps 512 bytes per node per worker) and 1
	// otherwise. Results agree to rounding.
	SourcesPerPass int
	// LaneGroup is how many of a 64-source pass's sources its path counts
	// and dependencies are summed for together: 8, 16, 32 or 64. 0 chooses
	// by the graph's size, so that a group's rows stay in the cache. The
	// result does not depend on it.
	LaneGroup int
}

// chunksFor is the fixed number of source blocks whose partial sums are
// added in order, so that the result is the same for any worker count.
func chunksFor(sources, n int) int {
	c := 32
	if n > 200_000 {
		c = 8
	}
	return max(1, min(c, sources))
}

// Betweenness returns the betweenness centrality of every node by Brandes'
// algorithm: breadth-first search when weights are NONE, Dijkstra otherwise
// (a weight is a distance, see WeightMode). Normalized as NetworkX does:
// 1/((n-1)(n-2)) over ordered pairs, so undirected pairs count once. It
// checks ctx after every source (every 64 in the batched kernel) and
// reports progress as the fraction of sources done.
func Betweenness(ctx context.Context, p *Projection, opt BetweennessOptions) (*Scores, error) {
	n := p.N()
	lanes := opt.LaneGroup
	switch lanes {
	case 0:
		lanes = laneGroupFor(n)
	case 8, 16, 32, 64:
	default:
		return nil, network.Errorf(network.EINVALID, "betweenness: a lane group of %d sources: want 8, 16, 32 or 64", lanes)
	}
	sources := sampleSources(n, opt.Samples, opt.Seed)
	sampled := opt.Samples > 0 && opt.Samples < n
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batched := !p.weighted() && (opt.SourcesPerPass == batchSize || opt.SourcesPerPass == 0 && n >= batchMinNodes && n <= batchMaxNodes)
	chunks := chunksFor(len(sources), n)
	if batched {
		chunks = max(1, min(chunks, len(sources)/(2*batchSize)))
	}
	workers = max(1, min(workers, chunks))
	t := newTracker(ctx, int64(len(sources)))
	if err := t.err(); err != nil {
		return nil, err
	}
	var g *batchGraph
	var wgraph *weightedGraph
	switch {
	case batched:
		g = newBatchGraph(&p.out)
		sources = g.nearbyFirst(sources)
	case p.weighted():
		wgraph = newWeightedGraph(p)
	}
	batches := (len(sources) + batchSize - 1) / batchSize
	partial := make([][]float64, chunks)
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var k *brandes
			var kb *batchBrandes
			var kw *weightedBrandes
			switch {
			case batched:
				kb = newBatchBrandes(g, opt.Endpoints, lanes)
			case wgraph != nil:
				kw = newWeightedBrandes(wgraph, opt.Endpoints)
			default:
				k = newBrandes(p, opt.Endpoints)
			}
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || stopped.Load() {
					return
				}
				lo, hi := c*len(sources)/chunks, (c+1)*len(sources)/chunks
				if batched {
					// Whole batches per chunk: a part batch scans the arcs
					// as often as a full one.
					lo, hi = min(c*batches/chunks*batchSize, len(sources)), min((c+1)*batches/chunks*batchSize, len(sources))
				}
				bc := make([]float64, n)
				if batched {
					for b := lo; b < hi; b += batchSize {
						srcs := sources[b:min(b+batchSize, hi)]
						if kb.sources(t, srcs, bc) != nil || t.step(int64(len(srcs))) != nil {
							stopped.Store(true)
							return
						}
					}
				} else {
					for _, s := range sources[lo:hi] {
						if kw != nil {
							kw.source(wgraph.id[s])
						} else {
							k.source(s, bc)
						}
						if t.step(1) != nil {
							stopped.Store(true)
							return
						}
					}
					if kw != nil {
						kw.flush(bc)
					}
				}
				partial[c] = bc
			}
		}()
	}
	wg.Wait()
	if err := t.err(); err != nil {
		return nil, err
	}
	t.finish()
	bc := make([]float64, n)
	for _, part := range partial {
		for i, v := range part {
			bc[i] += v
		}
	}
	if batched || wgraph != nil {
		var node []int32
		if batched {
			node = g.node
		} else {
			node = wgraph.node
		}
		byNode := make([]float64, n)
		for u, v := range node {
			byNode[v] = bc[u]
		}
		bc = byNode
	}
	var inSample []bool
	if sampled {
		inSample = make([]bool, n)
		for _, s := range sources {
			inSample[s] = true
		}
	}
	norm := rescaleBetweenness(bc, inSample, len(sources), p.Directed(), !opt.Raw, opt.Endpoints)
	m := Method{Algorithm: "betweenness (Brandes)", Normalization: norm, Exact: !sampled, Workers: workers}
	if batched {
		m.Algorithm = "betweenness (Brandes, 64-source bit-parallel BFS)"
	}
	if p.weighted() {
		m.Algorithm = "betweenness (Brandes, Dijkstra)"
	}
	if opt.Endpoints {
		m.Notes = "endpoints counted"
	}
	if sampled {
		m.Samples, m.Seed = len(sources), opt.Seed
	}
	return p.scores(m, bc), nil
}

// rescaleBetweenness scales raw ordered-pair sums as NetworkX's _rescale.
func rescaleBetweenness(bc []float64, inSample []bool, k int, directed, normalized, endpoints bool) string {
	n := len(bc)
	N := n
	if !endpoints {
		N = n - 1
	}
	if N < 2 {
		return "none (fewer than 3 nodes)"
	}
	correction := 2.0
	if directed {
		correction = 1
	}
	scale := func(K int) float64 {
		if K < 1 {
			return math.NaN()
		}
		if normalized {
			return 1 / (float64(K) * float64(N-1))
		}
		return float64(N) / (float64(K) * correction)
	}
	desc := "none (undirected pairs counted once)"
	if directed {
		desc = "none"
	}
	if normalized {
		desc = fmt.Sprintf("1/((n-1)(n-2)) with n=%d", n)
		if endpoints {
			desc = fmt.Sprintf("1/(n(n-1)) with n=%d", n)
		}
	}
	if inSample == nil || endpoints {
		K := N
		if inSample != nil {
			K = k
			desc += fmt.Sprintf(", scaled by n/k for k=%d samples", k)
		}
		s := scale(K)
		for i := range bc {
			bc[i] *= s
		}
		return desc
	}
	src, non := scale(k-1), scale(k)
	for i := range bc {
		if inSample[i] {
			bc[i] *= src
		} else {
			bc[i] *= non
		}
	}
	return desc + fmt.Sprintf(", scaled for k=%d samples (sources by k-1)", k)
}

// brandes is one worker's scratch space for unweighted betweenness one
// source at a time: flat arrays over the nodes, reset after each source
// only where the search reached.
type brandes struct {
	p         *Projection
	endpoints bool
	st        []bfsState
	delta     []float64
	order     []int32   // BFS queue, then the stack in reverse
	coeff     []float64 // (1+delta)/sigma of finished BFS levels
}

func newBrandes(p *Projection, endpoints bool) *brandes {
	n := p.N()
	k := &brandes{p: p, endpoints: endpoints, delta: make([]float64, n), order: make([]int32, 0, n+1),
		st: make([]bfsState, n), coeff: make([]float64, n)}
	for i := range k.st {
		k.st[i].dist = -1
	}
	return k
}

// source adds the dependencies of source s to bc.
func (k *brandes) source(s int32, bc []float64) {
	k.bfs(s)
	order, delta := k.order, k.delta
	if k.endpoints {
		bc[s] += float64(len(order) - 1)
	}
	k.accumulateLevels(bc)
	for _, v := range order {
		delta[v] = 0
		k.st[v], k.coeff[v] = bfsState{dist: -1}, 0
	}
}

// accumulateLevels walks the BFS levels from the deepest up. A node's
// successors on shortest paths are exactly its neighbours one level deeper,
// and coeff is non-zero only for levels already finished, so the inner
// loop sums coeff over all neighbours without a branch.
func (k *brandes) accumulateLevels(bc []float64) {
	order, st, delta, coeff := k.order, k.st, k.delta, k.coeff
	off, adj := k.p.out.off, k.p.out.adj
	end := len(order)
	for end > 1 {
		level := st[order[end-1]].dist
		start := end - 1
		for start > 0 && st[order[start-1]].dist == level {
			start--
		}
		for _, w := range order[start:end] {
			var sum float64
			for _, x := range adj[off[w]:off[w+1]] {
				sum += coeff[x]
			}
			delta[w] = st[w].sigma * sum
		}
		for _, w := range order[start:end] {
			coeff[w] = (1 + delta[w]) / st[w].sigma
			if w == order[0] {
				continue
			}
			if k.endpoints {
				bc[w] += delta[w] + 1
			} else {
				bc[w] += delta[w]
			}
		}
		end = start
	}
}

// bfs fills order and the per-node state from s. The inner loop has no
// data-dependent branch: a node is written at the tail in any case and the
// tail moves only when the node is new; sigma grows by a masked copy of the
// parent's count. Distance and count share one 16-byte slot, so a visit
// touches one cache line.
func (k *brandes) bfs(s int32) {
	off, adj := k.p.out.off, k.p.out.adj
	st := k.st
	order := k.order[:cap(k.order)]
	order[0] = s
	tail := 1
	st[s] = bfsState{sigma: 1, dist: 0}
	for head := 0; head < tail; head++ {
		v := order[head]
		dn := st[v].dist + 1
		sv := math.Float64bits(st[v].sigma)
		for _, w := range adj[off[v]:off[v+1]] {
			x := &st[w]
			d := x.dist
			order[tail] = w
			var isNew int
			if d < 0 {
				isNew = 1
			}
			tail += isNew
			d = max(d, d+int32(isNew)*(dn-d))
			x.dist = d
			var onPath uint64
			if d == dn {
				onPath = 1
			}
			x.sigma += math.Float64frombits(sv & -onPath)
		}
	}
	k.order = order[:tail]
}

// bfsState is the state of one node in a breadth-first search.
type bfsState struct {
	sigma float64 // number of shortest paths from the source
	dist  int32   // hops from the source, -1 if not reached
}

// distHeap is an indexed binary min-heap of (distance, node), ties broken
// by node: each node is in it at most once and push lowers its key.
type distHeap struct {
	items []heapItem
	pos   []int32 // index in items per node, -1 when absent
}

type heapItem struct {
	d float64
	v int32
}

func (a heapItem) less(b heapItem) bool { return a.d < b.d || a.d == b.d && a.v < b.v }

// reset empties h for a graph of n nodes.
func (h *distHeap) reset(n int) {
	if len(h.pos) != n {
		h.pos = make([]int32, n)
		for i := range h.pos {
			h.pos[i] = -1
		}
	}
	for _, it := range h.items {
		h.pos[it.v] = -1
	}
	h.items = h.items[:0]
}

// push inserts v at distance d, or lowers v's distance to d.
func (h *distHeap) push(d float64, v int32) {
	i := int(h.pos[v])
	if i < 0 {
		h.items = append(h.items, heapItem{d, v})
		i = len(h.items) - 1
	}
	it := heapItem{d, v}
	for i > 0 {
		parent := (i - 1) / 2
		if !it.less(h.items[parent]) {
			break
		}
		h.items[i] = h.items[parent]
		h.pos[h.items[i].v] = int32(i)
		i = parent
	}
	h.items[i] = it
	h.pos[v] = int32(i)
}

// pop removes and returns the nearest node.
func (h *distHeap) pop() (float64, int32) {
	top := h.items[0]
	h.pos[top.v] = -1
	last := len(h.items) - 1
	it := h.items[last]
	h.items = h.items[:last]
	if last == 0 {
		return top.d, top.v
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= last {
			break
		}
		if r := l + 1; r < last && h.items[r].less(h.items[l]) {
			l = r
		}
		if !h.items[l].less(it) {
			break
		}
		h.items[i] = h.items[l]
		h.pos[h.items[i].v] = int32(i)
		i = l
	}
	h.items[i] = it
	h.pos[it.v] = int32(i)
	return top.d, top.v
}
