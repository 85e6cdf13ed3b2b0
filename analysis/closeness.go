package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/peacegraph/peacegraph/network"
)

// This file holds the forms of closeness and harmonic centrality that
// answer on graphs too large for one search from every node: the top k
// found exactly by searches cut as soon as they cannot enter the top k
// (Bergamini, Borassi, Crescenzi, Marino and Meyerhenke, "Computing top-k
// closeness centrality faster in unweighted graphs", 2016; networkit's
// TopCloseness and TopHarmonicCloseness), and estimates from a sample of
// sources (Eppstein and Wang, 2004; networkit's ApproxCloseness).

// TopOptions tunes TopCloseness and TopHarmonic.
type TopOptions struct {
	// K is how many of the highest values to find; K >= N computes every
	// value exactly.
	K int
	// Budget caps the work of the searches (nodes and arcs visited, summed
	// over all of them); 0 means no cap. Above it the search stops with
	// ETOOLARGE: the cut prunes little on graphs where many actors have
	// nearly the same value.
	Budget int64
	// Workers is how many goroutines share the candidates; 0 means
	// GOMAXPROCS. The result does not depend on it.
	Workers int
}

// SampleOptions tunes SampledCloseness and SampledHarmonic.
type SampleOptions struct {
	// Samples is how many source nodes are drawn (with Seed, as
	// Betweenness draws them); Samples >= N computes every value exactly.
	Samples int
	Seed    uint64
	// Workers is how many goroutines share the sources; 0 means
	// GOMAXPROCS. The result does not depend on it.
	Workers int
}

// sampleSources returns k of the n nodes drawn uniformly with seed (a
// partial Fisher-Yates shuffle), or every node when k is not in 1..n-1.
func sampleSources(n, k int, seed uint64) []int32 {
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	if k <= 0 || k >= n {
		return sources
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := 0; i < k; i++ {
		j := i + r.IntN(n-i)
		sources[i], sources[j] = sources[j], sources[i]
	}
	return sources[:k]
}

// SampledCloseness estimates closeness centrality (Wasserman-Faust, over
// incoming distances, as Closeness) from the distances of opt.Samples
// sources drawn uniformly: for node u, the number r of nodes that reach u
// is estimated from how many sampled sources reach it, scaled to the n-1
// others, and the mean distance to u from the sampled sources that reach
// it. Method.Exact is false and Method.Samples says how many; with
// Samples >= N it is Closeness. It checks ctx after every source and
// reports the fraction of sources done.
func SampledCloseness(ctx context.Context, p *Projection, opt SampleOptions) (*Scores, error) {
	n := p.N()
	if opt.Samples <= 0 || opt.Samples >= n {
		return Closeness(ctx, p)
	}
	sources := sampleSources(n, opt.Samples, opt.Seed)
	sums, workers, err := sampledSums(ctx, p, sources, opt.Workers, false)
	if err != nil {
		return nil, err
	}
	reach, dist := sums[0], sums[1]
	inSample := make([]bool, n)
	for _, s := range sources {
		inSample[s] = true
	}
	k := len(sources)
	vals := make([]float64, n)
	for u := range vals {
		if dist[u] == 0 || n < 2 {
			continue
		}
		others := k
		if inSample[u] {
			others = k - 1
		}
		r := min(float64(n-1), reach[u]*float64(n-1)/float64(others))
		vals[u] = r / float64(n-1) * (reach[u] / dist[u])
	}
	m := Method{Algorithm: "closeness (incoming distances) from sampled sources (Eppstein-Wang)",
		Normalization: "Wasserman-Faust: (r/(n-1))·(r/sum of distances), r and the mean distance estimated from the samples",
		Samples:       k, Seed: opt.Seed, Workers: workers,
		Notes: fmt.Sprintf("%d of %d sources drawn uniformly with seed %d; an actor's reach is scaled by (n-1)/k (k-1 for a sampled actor)", k, n, opt.Seed)}
	return p.scores(m, vals), nil
}

// SampledHarmonic estimates harmonic centrality (not normalized, over
// incoming distances, as Harmonic) from the distances of opt.Samples
// sources drawn uniformly: the sum of 1/d(s,u) over the sampled sources s
// other than u, scaled by (n-1)/k ((n-1)/(k-1) when u is sampled itself),
// which is unbiased. Method.Exact is false and Method.Samples says how
// many; with Samples >= N it is Harmonic. It checks ctx after every source
// and reports the fraction of sources done.
func SampledHarmonic(ctx context.Context, p *Projection, opt SampleOptions) (*Scores, error) {
	n := p.N()
	if opt.Samples <= 0 || opt.Samples >= n {
		return Harmonic(ctx, p)
	}
	sources := sampleSources(n, opt.Samples, opt.Seed)
	sums, workers, err := sampledSums(ctx, p, sources, opt.Workers, true)
	if err != nil {
		return nil, err
	}
	inv := sums[0]
	inSample := make([]bool, n)
	for _, s := range sources {
		inSample[s] = true
	}
	k := len(sources)
	vals := make([]float64, n)
	for u, v := range inv {
		others := k
		if inSample[u] {
			others = k - 1
		}
		if others > 0 {
			vals[u] = v * float64(n-1) / float64(others)
		}
	}
	m := Method{Algorithm: "harmonic (incoming distances) from sampled sources", Normalization: "none",
		Samples: k, Seed: opt.Seed, Workers: workers,
		Notes: fmt.Sprintf("%d of %d sources drawn uniformly with seed %d; sums scaled by (n-1)/k (k-1 for a sampled actor)", k, n, opt.Seed)}
	return p.scores(m, vals), nil
}

// sampledSums searches forward from every source and sums, per node
// reached, 1/distance (harmonic) or the count of sources and their
// distances (closeness). Sources are split into a fixed number of chunks
// whose sums are added in order, so the result does not depend on the
// number of workers.
func sampledSums(ctx context.Context, p *Projection, sources []int32, workers int, harmonic bool) ([][]float64, int, error) {
	n := p.N()
	arrays := 2
	if harmonic {
		arrays = 1
	}
	chunks := max(1, min(8, len(sources)/4))
	if n > 200_000 {
		chunks = min(chunks, 4) // each chunk holds arrays·n values until merged
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, chunks))
	t := newTracker(ctx, int64(len(sources)))
	partial := make([][][]float64, chunks)
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps := newPaths(p, &p.out)
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || stopped.Load() {
					return
				}
				sums := make([][]float64, arrays)
				for i := range sums {
					sums[i] = make([]float64, n)
				}
				for _, s := range sources[c*len(sources)/chunks : (c+1)*len(sources)/chunks] {
					ps.run(s)
					if harmonic {
						inv := sums[0]
						for _, v := range ps.order[1:] {
							inv[v] += 1 / ps.dist[v]
						}
					} else {
						reach, dist := sums[0], sums[1]
						for _, v := range ps.order[1:] {
							reach[v]++
							dist[v] += ps.dist[v]
						}
					}
					if t.step(1) != nil {
						stopped.Store(true)
						return
					}
				}
				partial[c] = sums
			}
		}()
	}
	wg.Wait()
	if err := t.err(); err != nil {
		return nil, 0, err
	}
	out := partial[0]
	for _, part := range partial[1:] {
		for a := range out {
			for i, v := range part[a] {
				out[a][i] += v
			}
		}
	}
	t.finish()
	return out, workers, nil
}

// TopCloseness returns the opt.K highest closeness values (Wasserman-Faust,
// over incoming distances, as Closeness), each exact; every other value is
// NaN. Candidates are searched highest in-degree first, and a search stops
// once an upper bound on its node's value falls below the K-th value found
// so far: the nodes found have exact distances, every node not yet found
// is at least one level (or the current Dijkstra distance) further, and at
// most as many nodes reach u as share its (weak) component. Method.Top is
// K. ETOOLARGE when the searches' work passes opt.Budget; ctx's error once
// it ends (checked within every search). It reports the fraction of
// candidates done.
func TopCloseness(ctx context.Context, p *Projection, opt TopOptions) (*Scores, error) {
	return topCentrality(ctx, p, opt, false)
}

// TopHarmonic returns the opt.K highest harmonic centrality values (over
// incoming distances, not normalized, as Harmonic), each exact; every
// other value is NaN. It cuts its searches as TopCloseness does, with the
// bound "sum so far plus every node not yet found at the next distance".
func TopHarmonic(ctx context.Context, p *Projection, opt TopOptions) (*Scores, error) {
	return topCentrality(ctx, p, opt, true)
}

func topCentrality(ctx context.Context, p *Projection, opt TopOptions, harmonic bool) (*Scores, error) {
	n := p.N()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opt.K <= 0 || opt.K >= n {
		if harmonic {
			return Harmonic(ctx, p)
		}
		return Closeness(ctx, p)
	}
	g := p.reverse()
	// reachMax[u] bounds how many other nodes reach u: the rest of its
	// component (weak when directed).
	var label []int32
	if p.Directed() {
		u := p.undirected()
		label = componentLabels(&u, n)
	} else {
		label = componentLabels(&p.out, n)
	}
	size := make([]int32, n)
	for _, l := range label {
		size[l]++
	}
	cand := make([]int32, n)
	for i := range cand {
		cand[i] = int32(i)
	}
	deg := func(v int32) int32 { return g.off[v+1] - g.off[v] }
	slices.SortFunc(cand, func(a, b int32) int { return cmp.Or(cmp.Compare(deg(b), deg(a)), cmp.Compare(a, b)) })

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/64+1))
	best := newTopList(opt.K)
	t := newTracker(ctx, int64(n))
	var work atomic.Int64
	var overBudget atomic.Bool
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := newTopSearch(p, g, harmonic)
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				u := cand[i]
				v, ok, err := ts.run(t, u, int(size[label[u]])-1, best)
				if w := work.Add(int64(ts.work)); opt.Budget > 0 && w > opt.Budget {
					overBudget.Store(true)
					next.Store(int64(n))
					return
				}
				if err != nil || t.step(1) != nil {
					next.Store(int64(n))
					return
				}
				if ok {
					best.offer(v, u)
				}
			}
		}()
	}
	wg.Wait()
	if err := t.err(); err != nil {
		return nil, err
	}
	name := "closeness"
	if harmonic {
		name = "harmonic"
	}
	if overBudget.Load() {
		return nil, network.Errorf(network.ETOOLARGE, "top-%d %s: the pruned searches visited more than the budget of %d nodes and arcs before the top %d were settled (many actors have nearly the same value); start it as a job or sample instead", opt.K, name, opt.Budget, opt.K)
	}
	t.finish()
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = math.NaN()
	}
	for _, e := range best.items {
		vals[e.v] = e.value
	}
	m := Method{Algorithm: name + " (incoming distances), top k by cut searches (Bergamini et al. 2016, as networkit's Top" + map[bool]string{false: "Closeness", true: "HarmonicCloseness"}[harmonic] + ")",
		Normalization: "none", Exact: true, Top: opt.K, Workers: workers,
		Notes: fmt.Sprintf("only the %d highest values are computed, each exactly; the others are null", opt.K)}
	if !harmonic {
		m.Normalization = "Wasserman-Faust: (r/(n-1))·(r/sum of distances)"
	}
	return p.scores(m, vals), nil
}

// topEntry is one exact value of a top-k search.
type topEntry struct {
	value float64
	v     int32
}

// worse orders entries as Scores.Ranked does, reversed: lower value, then
// higher index (node order is actor ID order).
func (a topEntry) worse(b topEntry) bool {
	return a.value < b.value || a.value == b.value && a.v > b.v
}

// topList keeps the k best entries offered, with the worst first (a heap),
// and publishes the k-th value once it holds k, for the searches to cut at.
type topList struct {
	k         int
	mu        sync.Mutex
	items     []topEntry
	threshold atomic.Uint64 // bits of the k-th value; -Inf until k are held
}

func newTopList(k int) *topList {
	l := &topList{k: k, items: make([]topEntry, 0, k)}
	l.threshold.Store(math.Float64bits(math.Inf(-1)))
	return l
}

// kth returns the value a node must reach to enter the list.
func (l *topList) kth() float64 { return math.Float64frombits(l.threshold.Load()) }

// offer adds node v's exact value if it is among the k best so far.
func (l *topList) offer(value float64, v int32) {
	e := topEntry{value, v}
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.items
	if len(h) < l.k {
		h = append(h, e)
		for i := len(h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !h[i].worse(h[parent]) {
				break
			}
			h[i], h[parent] = h[parent], h[i]
			i = parent
		}
	} else {
		if !h[0].worse(e) {
			return
		}
		h[0] = e
		for i := 0; ; {
			c := 2*i + 1
			if c >= len(h) {
				break
			}
			if c+1 < len(h) && h[c+1].worse(h[c]) {
				c++
			}
			if !h[c].worse(h[i]) {
				break
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	l.items = h
	if len(h) == l.k {
		l.threshold.Store(math.Float64bits(h[0].value))
	}
}

// topSearch is one worker's scratch for cut searches along g's arcs.
type topSearch struct {
	p        *Projection
	g        *csr
	harmonic bool
	cost     []float64 // arc lengths (weighted only)
	dist     []float64 // +Inf where not reached
	done     []bool
	order    []int32
	heap     distHeap
	work     int // nodes and arcs visited by the last run
}

func newTopSearch(p *Projection, g *csr, harmonic bool) *topSearch {
	ts := &topSearch{p: p, g: g, harmonic: harmonic, dist: make([]float64, p.N()), done: make([]bool, p.N()), order: make([]int32, 0, 1024)}
	for i := range ts.dist {
		ts.dist[i] = math.Inf(1)
	}
	if p.weighted() {
		ts.cost = p.costs(g)
	}
	return ts
}

// cutSlack keeps a bound computed in another order of additions from
// cutting a node whose value equals the k-th.
const cutSlack = 1e-12

// bound returns an upper bound on the value of a node that c other nodes
// reach at total distance sum and inverse-distance total inv, when at
// most reach nodes reach it, at most near of those not yet found are at
// distance next and the rest at nextGap or more.
func (ts *topSearch) bound(c, reach, near int, sum, inv, next, nextGap float64) float64 {
	rest := reach - c
	a := min(rest, near)
	if ts.harmonic {
		return inv + float64(a)/next + float64(rest-a)/nextGap
	}
	n1 := float64(ts.p.N() - 1)
	f := func(r int) float64 {
		more := r - c
		x := min(more, near)
		far := sum + float64(x)*next + float64(more-x)*nextGap
		if far <= 0 {
			return 0
		}
		return float64(r) * float64(r) / (n1 * far)
	}
	if !ts.p.Directed() {
		return f(reach) // exactly reach nodes reach u
	}
	// r²/(a+b·r) is largest at an end of each piece of [c, reach].
	return max(f(reach), f(min(c+near, reach)), f(c))
}

// value is the exact value of a node reached by c others at total distance
// sum and inverse-distance total inv, as Closeness and Harmonic compute it.
func (ts *topSearch) value(c int, sum, inv float64) float64 {
	if ts.harmonic {
		return inv
	}
	n := ts.p.N()
	r := float64(c)
	if sum > 0 && n > 1 {
		return r / sum * (r / float64(n-1))
	}
	return 0
}

// run searches from u until every node that reaches u is found (ok: the
// exact value) or the bound falls below the list's k-th value (not ok).
// reach bounds how many other nodes reach u.
func (ts *topSearch) run(t *tracker, u int32, reach int, best *topList) (float64, bool, error) {
	for _, v := range ts.order {
		ts.dist[v], ts.done[v] = math.Inf(1), false
	}
	ts.order = ts.order[:0]
	ts.work = 0
	tick := ticker{t: t}
	dist := ts.dist
	off, adj := ts.g.off, ts.g.adj
	dist[u] = 0
	var sum, inv float64
	if !ts.p.weighted() {
		order := append(ts.order, u)
		defer func() { ts.order = order }()
		// The nodes of level d not yet expanded, and their arcs: only
		// they can find nodes at level d+1; the others are at d+2 or more.
		levelEnd, levelArcs, level := 1, int(off[u+1]-off[u]), 0.0
		undirected := !ts.p.Directed()
		for head := 0; head < len(order); head++ {
			c := len(order) - 1
			if c == reach {
				break // every node that can reach u is found
			}
			if head == levelEnd {
				levelEnd, levelArcs, level = len(order), 0, level+1
				for _, x := range order[head:] {
					levelArcs += int(off[x+1] - off[x])
					if undirected {
						levelArcs-- // one arc leads back to the level before
					}
				}
			}
			v := order[head]
			dn := level + 1
			if kth := best.kth(); kth > math.Inf(-1) && ts.bound(c, reach, levelArcs, sum, inv, dn, dn+1) < kth-cutSlack*math.Abs(kth) {
				return 0, false, nil
			}
			row := adj[off[v]:off[v+1]]
			levelArcs -= len(row)
			if undirected && head > 0 {
				levelArcs++
			}
			for _, w := range row {
				if math.IsInf(dist[w], 1) {
					dist[w] = dn
					order = append(order, w)
					sum += dn
					inv += 1 / dn
				}
			}
			ts.work += len(row) + 1
			if err := tick.tick(len(row) + 1); err != nil {
				return 0, false, err
			}
		}
		return ts.value(len(order)-1, sum, inv), true, nil
	}
	h := &ts.heap
	h.reset(len(dist))
	h.push(0, u)
	ts.order = append(ts.order, u)
	c := -1
	for len(h.items) > 0 {
		d, v := h.pop()
		if ts.done[v] {
			continue
		}
		ts.done[v] = true
		c++
		if c > 0 {
			sum += d
			inv += 1 / d
		}
		if c == reach {
			break
		}
		if kth := best.kth(); c > 0 && kth > math.Inf(-1) && ts.bound(c, reach, 0, sum, inv, d, d) < kth-cutSlack*math.Abs(kth) {
			return 0, false, nil
		}
		for j := off[v]; j < off[v+1]; j++ {
			w := adj[j]
			if nd := d + ts.cost[j]; nd < dist[w] {
				if math.IsInf(dist[w], 1) {
					ts.order = append(ts.order, w) // reset next run
				}
				dist[w] = nd
				h.push(nd, w)
			}
		}
		ts.work += int(off[v+1]-off[v]) + 1
		if err := tick.tick(int(off[v+1]-off[v]) + 1); err != nil {
			return 0, false, err
		}
	}
	return ts.value(c, sum, inv), true, nil
}
