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

// DegreeMode says which ties of a node a degree counts.
type DegreeMode string

// The degree modes. In the undirected view they are all the same.
const (
	DegreeTotal DegreeMode = "TOTAL"
	DegreeIn    DegreeMode = "IN"
	DegreeOut   DegreeMode = "OUT"
)

// Degree returns degree centrality, the number of neighbours divided by
// n-1 (NetworkX degree_centrality, in_degree_centrality,
// out_degree_centrality). Parallel ties count once; in the directed view
// TOTAL is in + out.
func Degree(p *Projection, mode DegreeMode) *Scores {
	n := p.N()
	vals := make([]float64, n)
	s := 1.0
	if n > 1 {
		s = 1 / float64(n-1)
	}
	for i := range vals {
		if n <= 1 {
			vals[i] = 1
			continue
		}
		vals[i] = float64(p.degree(int32(i), mode)) * s
	}
	return p.scores(Method{Algorithm: fmt.Sprintf("degree centrality (%s)", degreeName(mode)), Normalization: "1/(n-1)", Exact: true}, vals)
}

// Strength returns the sum of the strengths of each node's edges (NetworkX
// G.degree(weight="weight") in STRENGTH mode; the plain degree in NONE mode).
func Strength(p *Projection, mode DegreeMode) *Scores {
	vals := make([]float64, p.N())
	for i := range vals {
		var sum float64
		if mode != DegreeIn || !p.Directed() {
			_, w := p.out.row(int32(i))
			for _, x := range w {
				sum += p.strength(x)
			}
		}
		if p.Directed() && mode != DegreeOut {
			_, w := p.in.row(int32(i))
			for _, x := range w {
				sum += p.strength(x)
			}
		}
		vals[i] = sum
	}
	return p.scores(Method{Algorithm: fmt.Sprintf("strength (%s)", degreeName(mode)), Normalization: "none", Exact: true}, vals)
}

func degreeName(mode DegreeMode) string {
	if mode == "" {
		return string(DegreeTotal)
	}
	return string(mode)
}

func (p *Projection) degree(i int32, mode DegreeMode) int {
	out := int(p.out.off[i+1] - p.out.off[i])
	if !p.Directed() {
		return out
	}
	in := int(p.in.off[i+1] - p.in.off[i])
	switch mode {
	case DegreeIn:
		return in
	case DegreeOut:
		return out
	}
	return in + out
}

// forEachNode calls fn(scratch, i) for every node on the given number of
// workers (0: GOMAXPROCS), each with its own scratch from newScratch. fn
// must write only results of node i, so the outcome does not depend on the
// number of workers. It counts one unit of t's work per node and stops
// after the node in hand, returning t's context error, once that context
// ends.
func forEachNode[S any](t *tracker, n, workers int, newScratch func() S, fn func(S, int32)) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/16+1))
	var next atomic.Int64
	var wg sync.WaitGroup
	const block = 16
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch()
			for {
				lo := int(next.Add(block) - block)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+block, n); i++ {
					fn(s, int32(i))
					if t.step(1) != nil {
						next.Store(int64(n)) // the others stop at their next node
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return workers, t.err()
}

// paths is scratch space for single-source shortest paths over one CSR.
type paths struct {
	p     *Projection
	g     *csr
	cost  []float64 // path length of each arc of g (weighted only)
	dist  []float64 // +Inf where not reached
	done  []bool    // settled (Dijkstra)
	order []int32   // nodes reached, in nondecreasing distance
	heap  distHeap
}

func newPaths(p *Projection, g *csr) *paths {
	d := make([]float64, p.N())
	for i := range d {
		d[i] = math.Inf(1)
	}
	ps := &paths{p: p, g: g, dist: d, done: make([]bool, p.N()), order: make([]int32, 0, p.N())}
	if p.weighted() {
		ps.cost = p.costs(g)
	}
	return ps
}

// run computes distances from s along g's arcs: hops in NONE mode, summed
// edge costs otherwise.
func (ps *paths) run(s int32) {
	for _, v := range ps.order {
		ps.dist[v], ps.done[v] = math.Inf(1), false
	}
	order := ps.order[:0]
	dist := ps.dist
	off, adj := ps.g.off, ps.g.adj
	dist[s] = 0
	if !ps.p.weighted() {
		order = append(order, s)
		for head := 0; head < len(order); head++ {
			v := order[head]
			dn := dist[v] + 1
			for _, w := range adj[off[v]:off[v+1]] {
				if math.IsInf(dist[w], 1) {
					dist[w] = dn
					order = append(order, w)
				}
			}
		}
		ps.order = order
		return
	}
	h := &ps.heap
	h.reset(len(dist))
	h.push(0, s)
	for len(h.items) > 0 {
		d, v := h.pop()
		if ps.done[v] {
			continue
		}
		ps.done[v] = true
		order = append(order, v)
		for j := off[v]; j < off[v+1]; j++ {
			w := adj[j]
			if nd := d + ps.cost[j]; nd < dist[w] {
				dist[w] = nd
				h.push(nd, w)
			}
		}
	}
	ps.order = order
}

// reverse is the CSR whose arcs lead into each node: distances along it are
// incoming distances, as NetworkX's closeness and harmonic centrality use.
func (p *Projection) reverse() *csr { return &p.in }

// Closeness returns closeness centrality with the Wasserman-Faust
// correction (NetworkX closeness_centrality, wf_improved=True): for node u
// reached by r other nodes at total incoming distance d, (r/d)·(r/(n-1)),
// and 0 when no node reaches u. It checks ctx every 16 nodes and reports
// the fraction of nodes done.
func Closeness(ctx context.Context, p *Projection) (*Scores, error) {
	n := p.N()
	vals := make([]float64, n)
	t := newTracker(ctx, int64(n))
	workers, err := forEachNode(t, n, 0, func() *paths { return newPaths(p, p.reverse()) }, func(ps *paths, u int32) {
		ps.run(u)
		var tot float64
		for _, v := range ps.order {
			tot += ps.dist[v]
		}
		r := float64(len(ps.order) - 1)
		if tot > 0 && n > 1 {
			vals[u] = r / tot * (r / float64(n-1))
		}
	})
	if err != nil {
		return nil, err
	}
	t.finish()
	return p.scores(Method{Algorithm: "closeness (incoming distances)", Normalization: "Wasserman-Faust: (r/(n-1))·(r/sum of distances)", Exact: true, Workers: workers}, vals), nil
}

// Harmonic returns harmonic centrality, the sum of 1/d(v,u) over the other
// nodes v that reach u, not normalized (NetworkX harmonic_centrality). It
// checks ctx every 16 nodes and reports the fraction of nodes done.
func Harmonic(ctx context.Context, p *Projection) (*Scores, error) {
	n := p.N()
	vals := make([]float64, n)
	t := newTracker(ctx, int64(n))
	workers, err := forEachNode(t, n, 0, func() *paths { return newPaths(p, p.reverse()) }, func(ps *paths, u int32) {
		ps.run(u)
		var sum float64
		for _, v := range ps.order[1:] {
			sum += 1 / ps.dist[v]
		}
		vals[u] = sum
	})
	if err != nil {
		return nil, err
	}
	t.finish()
	return p.scores(Method{Algorithm: "harmonic (incoming distances)", Normalization: "none", Exact: true, Workers: workers}, vals), nil
}

// PowerOptions tunes the power iterations of Eigenvector and PageRank. The
// zero value iterates to convergence: until the L1 change of one iteration
// is below ConvergedChange, at most DefaultMaxIter times. NetworkX's
// default call (max_iter=100, tol=1e-6) stops far earlier on large graphs
// (6 iterations on 20,000 nodes, values up to a third off);
// PowerOptions{MaxIter: 100, Tol: 1e-6} reproduces it exactly.
type PowerOptions struct {
	// MaxIter caps the iterations; 0 means DefaultMaxIter.
	MaxIter int
	// Tol is NetworkX's tol: stop when the L1 change of an iteration is
	// below n·Tol. 0 means ConvergedChange/n.
	Tol float64
}

// ConvergedChange is the L1 change of one iteration under which the power
// iterations stop by default.
const ConvergedChange = 1e-12

// DefaultMaxIter caps the power iterations by default. PageRank (alpha
// 0.85) needs about 170 to reach ConvergedChange; eigenvector centrality
// needs more where the two largest eigenvalues are close.
const DefaultMaxIter = 1000

// withDefaults fills the defaults in for a graph of n nodes.
func (o PowerOptions) withDefaults(n int) PowerOptions {
	if o.MaxIter <= 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Tol <= 0 {
		o.Tol = ConvergedChange / float64(max(n, 1))
	}
	return o
}

// stopRule says in words when a power iteration stopped.
func (o PowerOptions) stopRule(n int, m *Method) string {
	if m.Converged {
		return fmt.Sprintf("converged in %d iterations: L1 change below n·tol = %.3g (tol %.3g)", m.Iterations, float64(n)*o.Tol, o.Tol)
	}
	return fmt.Sprintf("did not converge in %d iterations: L1 change still above n·tol = %.3g (tol %.3g)", o.MaxIter, float64(n)*o.Tol, o.Tol)
}

// Eigenvector returns eigenvector centrality as NetworkX's
// eigenvector_centrality: power iteration on A+I (scores flow along arcs,
// so in the directed view a node is central when central nodes point to
// it), from a uniform start, L2-normalized each step, until converged
// (see PowerOptions). Method.Converged says whether the L1 change fell
// under n·Tol within MaxIter. It checks ctx after every iteration.
func Eigenvector(ctx context.Context, p *Projection, opt PowerOptions) (*Scores, error) {
	n := p.N()
	opt = opt.withDefaults(n)
	x := make([]float64, n)
	last := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	m := Method{Algorithm: "eigenvector (power iteration on A+I)", Normalization: "L2", Tolerance: opt.Tol, Exact: true}
	t := newTracker(ctx, int64(opt.MaxIter))
	for it := 1; it <= opt.MaxIter; it++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		x, last = last, x
		var sq float64
		for u := int32(0); u < int32(n); u++ {
			adj, w := p.in.row(u)
			v := last[u]
			for j, s := range adj {
				v += last[s] * p.strength(w[j])
			}
			x[u] = v
			sq += v * v
		}
		norm := math.Sqrt(sq)
		if norm == 0 {
			norm = 1
		}
		var diff float64
		for i := range x {
			x[i] /= norm
			diff += math.Abs(x[i] - last[i])
		}
		m.Iterations = it
		if diff < float64(n)*opt.Tol {
			m.Converged = true
			break
		}
	}
	m.Notes = opt.stopRule(n, &m)
	t.finish()
	return p.scores(m, x), nil
}

// PageRankOptions tunes PageRank.
type PageRankOptions struct {
	PowerOptions
	Alpha float64 // damping; 0 means 0.85
	// Personalization, when not empty, restarts the walk at these actors
	// (uniformly) instead of at every node; dangling mass follows it too.
	Personalization []string
	Workers         int // 0: GOMAXPROCS; the result does not depend on it
}

// PageRank returns PageRank as NetworkX's pagerank: the walk follows arcs
// in proportion to their strength, dangling nodes spread their mass by the
// personalization vector (uniform by default), and the values sum to 1;
// iterated until converged (see PowerOptions). ENOTFOUND if a
// personalization actor is not in p. It checks ctx after every iteration.
func PageRank(ctx context.Context, p *Projection, opt PageRankOptions) (*Scores, error) {
	po := opt.withDefaults(p.N())
	alpha := opt.Alpha
	if alpha == 0 {
		alpha = 0.85
	}
	if !(alpha > 0 && alpha < 1) {
		return nil, network.Errorf(network.EINVALID, "alpha %v is not between 0 and 1", alpha)
	}
	n := p.N()
	pers := make([]float64, n)
	if len(opt.Personalization) == 0 {
		for i := range pers {
			pers[i] = 1 / float64(n)
		}
	} else {
		for _, id := range opt.Personalization {
			i := p.Index(id)
			if i < 0 {
				return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", id)
			}
			pers[i] = 1
		}
		var s float64
		for _, v := range pers {
			s += v
		}
		for i := range pers {
			pers[i] /= s
		}
	}
	outStrength := make([]float64, n)
	var dangling []int32
	for i := int32(0); i < int32(n); i++ {
		_, w := p.out.row(i)
		for _, x := range w {
			outStrength[i] += p.strength(x)
		}
		if outStrength[i] == 0 {
			dangling = append(dangling, i)
		}
	}
	x := make([]float64, n)
	last := make([]float64, n)
	share := make([]float64, n) // last[v]/outStrength[v]
	for i := range x {
		x[i] = 1 / float64(n)
	}
	m := Method{Algorithm: fmt.Sprintf("PageRank (alpha %g)", alpha), Normalization: "sums to 1", Tolerance: po.Tol, Exact: true}
	if len(opt.Personalization) > 0 {
		m.Notes = fmt.Sprintf("personalized on %d actors", len(opt.Personalization))
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n/4096+1))
	m.Workers = workers
	t := newTracker(ctx, int64(po.MaxIter))
	for it := 1; it <= po.MaxIter; it++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		x, last = last, x
		var danglesum float64
		for _, d := range dangling {
			danglesum += last[d]
		}
		danglesum *= alpha
		for i, v := range last {
			if outStrength[i] > 0 {
				share[i] = v / outStrength[i]
			}
		}
		step := func(w int) {
			lo, hi := w*n/workers, (w+1)*n/workers
			for u := lo; u < hi; u++ {
				adj, wt := p.in.row(int32(u))
				var in float64
				for j, s := range adj {
					in += share[s] * p.strength(wt[j])
				}
				x[u] = alpha*in + danglesum*pers[u] + (1-alpha)*pers[u]
			}
		}
		if workers == 1 {
			step(0)
		} else {
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() { defer wg.Done(); step(w) }()
			}
			wg.Wait()
		}
		var diff float64
		for i, v := range x {
			diff += math.Abs(v - last[i])
		}
		m.Iterations = it
		if diff < float64(n)*po.Tol {
			m.Converged = true
			break
		}
	}
	m.Notes = joinNotes(m.Notes, po.stopRule(n, &m))
	t.finish()
	return p.scores(m, x), nil
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
