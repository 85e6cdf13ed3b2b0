package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/peacegraph/peacegraph/network"
)

// Partition is a set of communities over the actors of a projection.
type Partition struct {
	// Communities are sorted actor IDs, largest community first, then by
	// first ID.
	Communities [][]string
	Modularity  float64
	Method      Method
}

// Modularity returns the modularity of communities (lists of actor IDs) in
// p as NetworkX's community.modularity: edge strengths per the weight mode
// (NONE counts 1 per edge), directed modularity in the directed view,
// resolution γ (0 means 1). EINVALID if an actor is in two communities or
// not in p.
func Modularity(p *Projection, communities [][]string, resolution float64) (float64, error) {
	label := make([]int32, p.N())
	for i := range label {
		label[i] = -1
	}
	for c, com := range communities {
		for _, id := range com {
			i := p.Index(id)
			if i < 0 {
				return 0, network.Errorf(network.EINVALID, "actor %q is not in the selected network", id)
			}
			if label[i] >= 0 {
				return 0, network.Errorf(network.EINVALID, "actor %q is in two communities", id)
			}
			label[i] = int32(c)
		}
	}
	return p.modularity(label, len(communities), resolution), nil
}

// modularity of a labelling; nodes labelled -1 belong to no community.
func (p *Projection) modularity(label []int32, k int, resolution float64) float64 {
	if resolution == 0 {
		resolution = 1
	}
	inner := make([]float64, k)
	outSum := make([]float64, k)
	inSum := make([]float64, k)
	var total float64
	for u := int32(0); u < int32(p.N()); u++ {
		adj, w := p.out.row(u)
		for j, v := range adj {
			s := p.strength(w[j])
			total += s
			if lu := label[u]; lu >= 0 {
				outSum[lu] += s
				if label[v] == lu {
					inner[lu] += s
				}
			}
			if lv := label[v]; lv >= 0 {
				inSum[lv] += s
			}
		}
	}
	if total == 0 {
		return 0
	}
	// total is m in the directed view and 2m (each edge both ways)
	// otherwise; inner likewise counts an undirected edge twice.
	var q float64
	for c := 0; c < k; c++ {
		q += inner[c]/total - resolution*outSum[c]*inSum[c]/(total*total)
	}
	return q
}

// LouvainOptions tunes Louvain.
type LouvainOptions struct {
	Resolution float64 // γ; 0 means 1
	Threshold  float64 // stop when a level gains less; 0 means 1e-7, as NetworkX
	Seed       uint64  // seeds the order nodes are visited in
	// Restarts is how many seeded runs to make, keeping the one of highest
	// modularity (the first on a tie); 0 means DefaultRestarts, or one run
	// above LargeGraphEdges (see Restarts).
	Restarts int
	// NoRefine leaves out Louvain's refinement: NetworkX's procedure, which
	// keeps each level's communities as the level above found them.
	NoRefine bool
}

// DefaultRestarts is how many seeded runs Louvain and Leiden make unless
// told otherwise on graphs of at most LargeGraphEdges edges. One run of
// either heuristic can land well below the best partition it finds from
// other visiting orders (NetworkX's own louvain_communities spans 0.395 to
// 0.420 on the karate club over 20 seeds); the best of ten is reliably
// within 0.01 of the best of twenty.
const DefaultRestarts = 10

// LargeGraphEdges is the size (edges of the undirected view) above which
// Louvain and Leiden make one run unless told otherwise: on large graphs
// the runs' modularities differ little (docs/benchmarks.md), and ten runs
// cost ten times one.
const LargeGraphEdges = 200_000

// Restarts returns how many seeded runs Louvain and Leiden make on p with
// restarts asked for (0: the default for p's size).
func Restarts(p *Projection, restarts int) int {
	switch {
	case restarts > 0:
		return restarts
	case p.Edges() > LargeGraphEdges:
		return 1
	}
	return DefaultRestarts
}

// bestOf makes Restarts(p, opt.Restarts) runs of a seeded heuristic (run r
// uses stream r of opt.Seed's generator), up to GOMAXPROCS of them at
// once, and keeps the partition of highest modularity, the lowest run on a
// tie, so the result does not depend on how many run at once. Progress is
// the fraction of runs done; each run checks ctx as it goes.
func bestOf(ctx context.Context, p *Projection, opt LouvainOptions, run func(t *tracker, stream uint64) (*Partition, error)) (*Partition, error) {
	n := Restarts(p, opt.Restarts)
	t := newTracker(ctx, int64(n))
	parts := make([]*Partition, n)
	errs := make([]error, n)
	workers := max(1, min(n, runtime.GOMAXPROCS(0)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1) - 1)
				if r >= n {
					return
				}
				parts[r], errs[r] = run(t, uint64(r))
				if errs[r] != nil {
					next.Store(int64(n))
					return
				}
				if errs[r] = t.step(1); errs[r] != nil {
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := t.err(); err != nil {
		return nil, err
	}
	var best *Partition
	for r, part := range parts {
		if errs[r] != nil {
			return nil, errs[r]
		}
		if best == nil || part.Modularity > best.Modularity {
			best = part
		}
	}
	best.Method.Workers = workers
	switch {
	case n > 1:
		best.Method.Notes += fmt.Sprintf("; best modularity of %d seeded runs", n)
	case opt.Restarts <= 0:
		best.Method.Notes += fmt.Sprintf("; one seeded run, the default above %d edges (pass restarts for more)", LargeGraphEdges)
	default:
		best.Method.Notes += "; one seeded run"
	}
	t.finish()
	return best, nil
}

// checkEvery is how many node visits a community pass makes between two
// checks of its context.
const checkEvery = 1024

// Louvain finds communities by the Louvain method as NetworkX's
// louvain_communities: local moves in a seeded random order while
// modularity gains, then aggregation, until a level gains no more than
// Threshold. It works on the undirected view (parallel and reciprocal arcs
// summed). The visiting order comes from the project's own seeded
// generator, so communities need not equal NetworkX's for the same seed;
// modularity is comparable. It makes Restarts(p, opt.Restarts) runs (DefaultRestarts
// unless set, one above LargeGraphEdges) from streams of opt.Seed, on up
// to GOMAXPROCS goroutines, and keeps the best. It checks ctx
// every 1024 node visits.
func Louvain(ctx context.Context, p *Projection, opt LouvainOptions) (*Partition, error) {
	return bestOf(ctx, p, opt, func(t *tracker, stream uint64) (*Partition, error) { return louvainRun(t, p, opt, stream) })
}

// louvainRun is one Louvain run, its visiting order drawn from stream of
// opt.Seed's generator.
func louvainRun(t *tracker, p *Projection, opt LouvainOptions, stream uint64) (*Partition, error) {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	if opt.Threshold == 0 {
		opt.Threshold = 1e-7
	}
	g := p.undirected()
	n := p.N()
	// The level graph: CSR without self-loops plus a self-loop weight.
	lg := levelGraph{off: g.off, adj: g.adj, w: make([]float64, len(g.w)), loop: make([]float64, n)}
	for j, x := range g.w {
		lg.w[j] = p.strength(x)
	}
	var m float64
	for _, x := range lg.w {
		m += x
	}
	m /= 2
	member := make([]int32, n) // node -> current top-level community
	for i := range member {
		member[i] = int32(i)
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x4c6f7576+stream))
	ui := p.undirectedProjection()
	mod := ui.modularity(member, n, opt.Resolution)
	// graphs[l] is level l's graph and coms[l] the communities its local
	// moves found, which are the nodes of level l+1.
	var graphs []levelGraph
	var coms [][]int32
	for m > 0 {
		com, moved, err := lg.oneLevel(t, m, opt.Resolution, r, nil)
		if err != nil {
			return nil, err
		}
		if !moved {
			break
		}
		k := renumber(com)
		graphs, coms = append(graphs, lg), append(coms, com)
		for i := range member {
			member[i] = com[member[i]]
		}
		newMod := ui.modularity(member, k, opt.Resolution)
		if newMod-mod <= opt.Threshold {
			mod = newMod
			break
		}
		mod = newMod
		lg = lg.aggregate(com, k)
	}
	levels := len(coms)
	refined := 0
	if !opt.NoRefine && levels > 1 {
		// Refinement as networkit's PLM with refine=True: going back down
		// the levels, each level's nodes start in the community the level
		// above ended in and move again while they gain. A node of a lower
		// level can leave the community its aggregate was put in, which
		// the coarse level could not see.
		label := coms[levels-1]
		for l := levels - 2; l >= 0; l-- {
			start := make([]int32, len(coms[l]))
			for u, c := range coms[l] {
				start[u] = label[c]
			}
			next, moved, err := graphs[l].oneLevel(t, m, opt.Resolution, r, start)
			if err != nil {
				return nil, err
			}
			label = next
			if moved {
				refined++
			}
		}
		k := renumber(label)
		copy(member, label)
		mod = ui.modularity(member, k, opt.Resolution)
	}
	part := &Partition{Communities: p.groups(member), Modularity: mod}
	algo := fmt.Sprintf("Louvain (resolution %g, threshold %g, %d levels", opt.Resolution, opt.Threshold, levels)
	switch {
	case opt.NoRefine:
		algo += ", not refined)"
	case levels > 1:
		algo += fmt.Sprintf(", refined on the way back down as networkit's PLMR: nodes moved on %d of %d lower levels)", refined, levels-1)
	default:
		algo += ")"
	}
	part.Method = Method{Algorithm: algo,
		Normalization: "modularity as NetworkX", Exact: false, Seed: opt.Seed, Weight: p.sel.Weight, Directed: false,
		Engine: Engine, Workers: 1, Notes: "undirected view; heuristic: communities depend on the seed"}
	return part, nil
}

// undirectedProjection returns p itself when undirected, else a copy
// whose arcs are the undirected view (for modularity of Louvain levels).
func (p *Projection) undirectedProjection() *Projection {
	if !p.Directed() {
		return p
	}
	q := *p
	q.sel.Directed = false
	q.out = p.undirected()
	q.in = q.out
	return &q
}

// levelGraph is one level of Louvain: weighted undirected CSR (no
// self-loops) and each node's self-loop weight (edges inside it).
type levelGraph struct {
	off  []int32
	adj  []int32
	w    []float64
	loop []float64
}

func (g *levelGraph) n() int { return len(g.loop) }

// moveSlack, times a node's degree over m, is the least modularity gain for
// which a local move is made: far below any real gain, above rounding.
const moveSlack = 1e-12

// oneLevel moves nodes between communities while modularity improves, to
// the local optimum of NetworkX's _one_level, and returns each node's
// community and whether any node moved. Nodes start alone, or in the
// communities of start (labels below n) when it is not nil; start may be
// returned, changed. It stops with t's context error once that context
// ends.
func (g *levelGraph) oneLevel(t *tracker, m, resolution float64, r *rand.Rand, start []int32) ([]int32, bool, error) {
	n := g.n()
	com := start
	if com == nil {
		com = make([]int32, n)
		for u := range com {
			com[u] = int32(u)
		}
	}
	deg := make([]float64, n)
	stot := make([]float64, n)
	for u := 0; u < n; u++ {
		for _, x := range g.w[g.off[u]:g.off[u+1]] {
			deg[u] += x
		}
		deg[u] += 2 * g.loop[u]
		stot[com[u]] += deg[u]
	}
	nodes := make([]int32, n)
	for i := range nodes {
		nodes[i] = int32(i)
	}
	r.Shuffle(n, func(i, j int) { nodes[i], nodes[j] = nodes[j], nodes[i] })
	w2c := make([]float64, n)
	seen := make([]bool, n)
	var touched []int32
	improved := false
	// One pass over every node in the seeded order, then only the nodes
	// next to a move, in the order they were queued, until none can gain:
	// the same local optimum NetworkX's repeated passes reach (a pass with
	// no move), without rescanning the nodes whose neighbourhood did not
	// change. On a Barabasi-Albert graph of 1,000,000 ties the first level
	// takes hundreds of passes, each moving a few nodes.
	queue := nodes // a ring of at most n nodes
	queued := make([]bool, n)
	for i := range queued {
		queued[i] = true
	}
	head, size := 0, n
	for visits := 0; size > 0; visits++ {
		if visits%checkEvery == 0 {
			if err := t.err(); err != nil {
				return nil, false, err
			}
		}
		u := queue[head]
		head, size = (head+1)%n, size-1
		queued[u] = false
		touched = touched[:0]
		for j := g.off[u]; j < g.off[u+1]; j++ {
			c := com[g.adj[j]]
			if !seen[c] {
				seen[c] = true
				touched = append(touched, c)
			}
			w2c[c] += g.w[j]
		}
		own := com[u]
		d := deg[u]
		stot[own] -= d
		// The gain of joining c against staying (NetworkX's remove_cost
		// plus its gain): staying is exactly 0, and a move must gain more
		// than rounding, or nodes trade places between equally good
		// communities.
		k := resolution * d / (2 * m * m)
		stay := w2c[own]/m - k*stot[own]
		best, bestGain := own, moveSlack*d/m
		for _, c := range touched {
			if c == own {
				continue
			}
			if gain := w2c[c]/m - k*stot[c] - stay; gain > bestGain {
				best, bestGain = c, gain
			}
		}
		stot[best] += d
		for _, c := range touched {
			w2c[c], seen[c] = 0, false
		}
		if best == own {
			continue
		}
		com[u] = best
		improved = true
		for _, v := range g.adj[g.off[u]:g.off[u+1]] {
			if !queued[v] && com[v] != best {
				queued[v] = true
				queue[(head+size)%n] = v
				size++
			}
		}
	}
	return com, improved, nil
}

// renumber maps community labels to 0..k-1 in order of first appearance
// and returns k.
func renumber(com []int32) int { return numberLabels(com, com) }

// numberLabels sets dst[i] to the number of labels[i] when the distinct
// labels are numbered 0..k-1 in order of first appearance, and returns k.
// dst may be labels itself.
func numberLabels[L comparable](dst []int32, labels []L) int {
	id := map[L]int32{}
	for i, c := range labels {
		x, ok := id[c]
		if !ok {
			x = int32(len(id))
			id[c] = x
		}
		dst[i] = x
	}
	return len(id)
}

// aggregate returns the graph of communities: edge weights summed, edges
// inside a community as its self-loop.
func (g *levelGraph) aggregate(com []int32, k int) levelGraph {
	members := make([][]int32, k)
	for u, c := range com {
		members[c] = append(members[c], int32(u))
	}
	out := levelGraph{off: make([]int32, k+1), loop: make([]float64, k)}
	acc := make([]float64, k)
	var touched []int32
	for c := 0; c < k; c++ {
		touched = touched[:0]
		for _, u := range members[c] {
			out.loop[c] += g.loop[u]
			for j := g.off[u]; j < g.off[u+1]; j++ {
				d := com[g.adj[j]]
				if int(d) == c {
					out.loop[c] += g.w[j] / 2 // each inner edge is seen from both ends
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += g.w[j]
			}
		}
		slices.Sort(touched)
		for _, d := range touched {
			out.adj = append(out.adj, d)
			out.w = append(out.w, acc[d])
			acc[d] = 0
		}
		out.off[c+1] = int32(len(out.adj))
	}
	return out
}

// LabelPropagation finds communities by semi-synchronous label propagation
// as NetworkX's label_propagation_communities: nodes are coloured greedily
// (largest degree first, ties by actor ID), each colour class updates at
// once, a node takes the most frequent label among its neighbours (keeping
// its own on a tie if it is among the most frequent, else the largest),
// until every node holds a most frequent label. Deterministic; undirected
// view, unweighted. Modularity is reported with the projection's weights.
// It checks ctx every 1024 node visits; progress is not reported, since
// the number of rounds is not known ahead.
func LabelPropagation(ctx context.Context, p *Projection) (*Partition, error) {
	t := newTracker(ctx, 1)
	g := p.undirected()
	n := p.N()
	deg := func(u int32) int32 { return g.off[u+1] - g.off[u] }
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(deg(b) - deg(a)) })
	color := make([]int32, n)
	for i := range color {
		color[i] = -1
	}
	used := make([]int32, n+1) // used[c] == u+1 when a neighbour of u has colour c
	var classes [][]int32
	for _, u := range order {
		adj, _ := g.row(u)
		for _, v := range adj {
			if c := color[v]; c >= 0 {
				used[c] = u + 1
			}
		}
		c := int32(0)
		for used[c] == u+1 {
			c++
		}
		color[u] = c
		if int(c) == len(classes) {
			classes = append(classes, nil)
		}
		classes[c] = append(classes[c], u)
	}
	label := make([]int32, n)
	for i := range label {
		label[i] = int32(i)
	}
	count := make([]int32, n)
	var seen []int32
	// mostFrequent fills seen with the labels around u and returns the
	// highest count; count holds each label's count until cleared.
	mostFrequent := func(u int32) int32 {
		seen = seen[:0]
		best := int32(0)
		adj, _ := g.row(u)
		for _, v := range adj {
			l := label[v]
			if count[l] == 0 {
				seen = append(seen, l)
			}
			count[l]++
			best = max(best, count[l])
		}
		return best
	}
	clear := func() {
		for _, l := range seen {
			count[l] = 0
		}
	}
	visits := 0
	// check returns the context's error every checkEvery calls.
	check := func() error {
		visits++
		if visits%checkEvery == 0 {
			return t.err()
		}
		return nil
	}
	complete := func() (bool, error) {
		for u := int32(0); u < int32(n); u++ {
			if err := check(); err != nil {
				return false, err
			}
			if deg(u) == 0 {
				continue
			}
			best := mostFrequent(u)
			ok := count[label[u]] == best
			clear()
			if !ok {
				return false, nil
			}
		}
		return true, nil
	}
	const maxRounds = 10_000
	rounds := 0
	for ; rounds < maxRounds; rounds++ {
		done, err := complete()
		if err != nil {
			return nil, err
		}
		if done {
			break
		}
		for _, class := range classes {
			for _, u := range class {
				if err := check(); err != nil {
					return nil, err
				}
				if deg(u) == 0 {
					continue
				}
				best := mostFrequent(u)
				if count[label[u]] != best {
					top := int32(-1)
					for _, l := range seen {
						if count[l] == best {
							top = max(top, l)
						}
					}
					label[u] = top
				}
				clear()
			}
		}
	}
	k := 0
	for _, l := range label {
		k = max(k, int(l)+1)
	}
	part := &Partition{Communities: p.groups(label), Modularity: p.modularity(label, k, 1)}
	if p.Directed() {
		part.Modularity = p.undirectedProjection().modularity(label, k, 1)
	}
	part.Method = Method{Algorithm: fmt.Sprintf("label propagation (semi-synchronous, %d colour classes, %d rounds)", len(classes), rounds),
		Normalization: "modularity as NetworkX", Exact: true, Weight: p.sel.Weight, Directed: false, Engine: Engine, Workers: 1,
		Converged: rounds < maxRounds, Iterations: rounds, Notes: "undirected view; labels ignore weights"}
	t.finish()
	return part, nil
}

// Leiden finds communities by the Leiden method (Traag, Waltman and van
// Eck 2019): fast local moving from a queue, then a refinement that splits
// each community into well-connected sub-communities by merging singletons
// greedily along edges (the deterministic θ→0 limit), then aggregation by
// the refined partition, with each aggregate node starting in its
// community. Every community it returns is connected. Undirected view;
// seeded visiting order; modularity as NetworkX. Like Louvain it keeps the
// best of opt.Restarts seeded runs. It checks ctx every 1024 node visits.
func Leiden(ctx context.Context, p *Projection, opt LouvainOptions) (*Partition, error) {
	return bestOf(ctx, p, opt, func(t *tracker, stream uint64) (*Partition, error) { return leidenRun(t, p, opt, stream) })
}

// leidenRun is one Leiden run, its visiting order drawn from stream of
// opt.Seed's generator.
func leidenRun(t *tracker, p *Projection, opt LouvainOptions, stream uint64) (*Partition, error) {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	g := p.undirected()
	n := p.N()
	lg := levelGraph{off: g.off, adj: g.adj, w: make([]float64, len(g.w)), loop: make([]float64, n)}
	var m float64
	for j, x := range g.w {
		lg.w[j] = p.strength(x)
		m += lg.w[j]
	}
	m /= 2
	member := make([]int32, n) // base node -> aggregate node
	com := make([]int32, n)    // aggregate node -> community
	for i := range member {
		member[i], com[i] = int32(i), int32(i)
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x4c656964+stream))
	levels := 0
	for m > 0 {
		k, err := lg.moveNodesFast(t, com, m, opt.Resolution, r)
		if err != nil {
			return nil, err
		}
		if k == lg.n() {
			break // every node alone: nothing to aggregate
		}
		refined, kr, err := lg.refine(t, com, m, opt.Resolution, r)
		if err != nil {
			return nil, err
		}
		if kr == lg.n() {
			break // refinement merged nothing: aggregation would not shrink the graph
		}
		next := make([]int32, kr)
		for u, c := range refined {
			next[c] = com[u]
		}
		for i := range member {
			member[i] = refined[member[i]]
		}
		lg = lg.aggregate(refined, kr)
		com = next
		levels++
	}
	label := make([]int32, n)
	for i := range label {
		label[i] = com[member[i]]
	}
	k := renumber(label)
	ui := p.undirectedProjection()
	part := &Partition{Communities: p.groups(label), Modularity: ui.modularity(label, k, opt.Resolution)}
	part.Method = Method{Algorithm: fmt.Sprintf("Leiden (resolution %g, greedy refinement, %d levels)", opt.Resolution, levels),
		Normalization: "modularity as NetworkX", Seed: opt.Seed, Weight: p.sel.Weight, Engine: Engine, Workers: 1,
		Notes: "undirected view; heuristic: communities depend on the seed; every community connected"}
	return part, nil
}

// moveNodesFast is Leiden's local moving: visit nodes from a queue in a
// seeded order, move each to the neighbouring community that gains most,
// and requeue the neighbours a move may help. It renumbers com to 0..k-1
// and returns k. It stops with t's context error once that context ends.
func (g *levelGraph) moveNodesFast(t *tracker, com []int32, m, resolution float64, r *rand.Rand) (int, error) {
	n := g.n()
	deg := make([]float64, n)
	tot := make([]float64, n)
	for u := 0; u < n; u++ {
		for _, x := range g.w[g.off[u]:g.off[u+1]] {
			deg[u] += x
		}
		deg[u] += 2 * g.loop[u]
		tot[com[u]] += deg[u]
	}
	queue := make([]int32, n)
	for i := range queue {
		queue[i] = int32(i)
	}
	r.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	queued := make([]bool, n)
	for i := range queued {
		queued[i] = true
	}
	w2c := make([]float64, n)
	var touched []int32
	for head := 0; head < len(queue); head++ {
		if head%checkEvery == 0 {
			if err := t.err(); err != nil {
				return 0, err
			}
		}
		u := queue[head]
		queued[u] = false
		touched = touched[:0]
		for j := g.off[u]; j < g.off[u+1]; j++ {
			c := com[g.adj[j]]
			if w2c[c] == 0 {
				touched = append(touched, c)
			}
			w2c[c] += g.w[j]
		}
		old, d := com[u], deg[u]
		tot[old] -= d
		best, bestGain := old, w2c[old]/m-resolution*tot[old]*d/(2*m*m)
		for _, c := range touched {
			if gain := w2c[c]/m - resolution*tot[c]*d/(2*m*m); gain > bestGain {
				best, bestGain = c, gain
			}
		}
		tot[best] += d
		for _, c := range touched {
			w2c[c] = 0
		}
		if best == old {
			continue
		}
		com[u] = best
		for j := g.off[u]; j < g.off[u+1]; j++ {
			if v := g.adj[j]; !queued[v] && com[v] != best {
				queued[v] = true
				queue = append(queue, v)
			}
		}
	}
	return renumber(com), nil
}

// refine splits each community of com into sub-communities: every node
// starts alone, and in a seeded order a node still alone and well
// connected to its community joins the well-connected sub-community of
// that community, reached by an edge, that gains most. It returns each
// node's sub-community, numbered 0..k-1, and k. It stops with t's context
// error once that context ends.
func (g *levelGraph) refine(t *tracker, com []int32, m, resolution float64, r *rand.Rand) ([]int32, int, error) {
	n := g.n()
	deg := make([]float64, n)
	totS := make([]float64, n) // per community
	for u := 0; u < n; u++ {
		for _, x := range g.w[g.off[u]:g.off[u+1]] {
			deg[u] += x
		}
		deg[u] += 2 * g.loop[u]
		totS[com[u]] += deg[u]
	}
	sub := make([]int32, n)
	tot := make([]float64, n) // per sub-community
	ext := make([]float64, n) // weight from the sub-community to the rest of its community
	size := make([]int32, n)
	for u := 0; u < n; u++ {
		sub[u], tot[u], size[u] = int32(u), deg[u], 1
		for j := g.off[u]; j < g.off[u+1]; j++ {
			if com[g.adj[j]] == com[u] {
				ext[u] += g.w[j]
			}
		}
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	w2c := make([]float64, n)
	var touched []int32
	wellConnected := func(e, w, s float64) bool { return e >= resolution*w*(s-w)/(2*m) }
	for i, u := range order {
		if i%checkEvery == 0 {
			if err := t.err(); err != nil {
				return nil, 0, err
			}
		}
		if size[sub[u]] != 1 || !wellConnected(ext[u], deg[u], totS[com[u]]) {
			continue
		}
		touched = touched[:0]
		for j := g.off[u]; j < g.off[u+1]; j++ {
			v := g.adj[j]
			if com[v] != com[u] {
				continue
			}
			c := sub[v]
			if w2c[c] == 0 {
				touched = append(touched, c)
			}
			w2c[c] += g.w[j]
		}
		own := sub[u]
		best, bestGain := own, 0.0
		for _, c := range touched {
			if c == own || !wellConnected(ext[c], tot[c], totS[com[u]]) {
				continue
			}
			if gain := w2c[c]/m - resolution*deg[u]*tot[c]/(2*m*m); gain > bestGain {
				best, bestGain = c, gain
			}
		}
		if best != own {
			ext[best] += ext[u] - 2*w2c[best]
			tot[best] += deg[u]
			size[best]++
			size[own], tot[own], ext[own] = 0, 0, 0
			sub[u] = best
		}
		for _, c := range touched {
			w2c[c] = 0
		}
	}
	return sub, renumber(sub), nil
}
