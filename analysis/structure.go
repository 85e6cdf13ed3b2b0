package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Triangles returns, for each node, the number of triangles through it in
// the undirected view (NetworkX triangles). It checks ctx as it goes and
// reports the fraction of nodes done.
func Triangles(ctx context.Context, p *Projection) ([]int, error) {
	t := newTracker(ctx, int64(p.N()))
	tri, err := triangles(t, p)
	if err != nil {
		return nil, err
	}
	t.finish()
	return tri, nil
}

// triangles counts triangles, one unit of t's work per node.
func triangles(t *tracker, p *Projection) ([]int, error) {
	g := p.undirected()
	n := p.N()
	tri := make([]int, n)
	k := ticker{t: t}
	for u := int32(0); u < int32(n); u++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		adj, _ := g.row(u)
		for _, v := range adj {
			if v <= u {
				continue
			}
			// Count common neighbours w > v so each triangle u<v<w is found once.
			other, _ := g.row(v)
			if err := k.tick(len(adj) + len(other)); err != nil {
				return nil, err
			}
			a, b := 0, 0
			for a < len(adj) && b < len(other) {
				switch {
				case adj[a] < other[b]:
					a++
				case adj[a] > other[b]:
					b++
				default:
					if w := adj[a]; w > v {
						tri[u]++
						tri[v]++
						tri[w]++
					}
					a++
					b++
				}
			}
		}
	}
	return tri, nil
}

// Clustering returns the local clustering coefficient of each node in the
// undirected, unweighted view: 2T/(d(d-1)), 0 when d < 2 (NetworkX
// clustering). It checks ctx as it goes and reports the fraction of nodes
// done.
func Clustering(ctx context.Context, p *Projection) (*Scores, error) {
	t := newTracker(ctx, int64(p.N()))
	s, err := clustering(t, p)
	if err != nil {
		return nil, err
	}
	t.finish()
	return s, nil
}

func clustering(t *tracker, p *Projection) (*Scores, error) {
	tri, err := triangles(t, p)
	if err != nil {
		return nil, err
	}
	return clusteringOf(p, tri), nil
}

// clusteringOf is the local clustering of each node given its triangles.
func clusteringOf(p *Projection, tri []int) *Scores {
	g := p.undirected()
	vals := make([]float64, p.N())
	for u := range vals {
		d := float64(g.off[u+1] - g.off[u])
		if d >= 2 {
			vals[u] = 2 * float64(tri[u]) / (d * (d - 1))
		}
	}
	return p.scores(Method{Algorithm: "local clustering (undirected, unweighted view)", Normalization: "2T/(d(d-1))", Exact: true}, vals)
}

// AverageClustering returns the mean local clustering over all nodes,
// zeros included (NetworkX average_clustering).
func AverageClustering(ctx context.Context, p *Projection) (float64, error) {
	c, err := Clustering(ctx, p)
	if err != nil {
		return 0, err
	}
	return averageOf(c.Values), nil
}

func averageOf(vals []float64) float64 {
	if len(vals) == 0 {
		return 0
	}
	var s float64
	for _, v := range vals {
		s += v
	}
	return s / float64(len(vals))
}

// Transitivity returns 3 × triangles / connected triples in the undirected
// view (NetworkX transitivity).
func Transitivity(ctx context.Context, p *Projection) (float64, error) {
	tri, err := Triangles(ctx, p)
	if err != nil {
		return 0, err
	}
	return transitivity(p, tri), nil
}

func transitivity(p *Projection, tri []int) float64 {
	g := p.undirected()
	var t, triples float64
	for u, x := range tri {
		d := float64(g.off[u+1] - g.off[u])
		t += float64(x)
		triples += d * (d - 1)
	}
	if t == 0 {
		return 0
	}
	return 2 * t / triples
}

// CoreNumber returns the k-core number of each node in the undirected view
// (NetworkX core_number), by Batagelj and Zaversnik's bucket algorithm.
func CoreNumber(p *Projection) []int {
	g := p.undirected()
	n := p.N()
	deg := make([]int, n)
	maxDeg := 0
	for u := range deg {
		deg[u] = int(g.off[u+1] - g.off[u])
		maxDeg = max(maxDeg, deg[u])
	}
	bin := make([]int, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := 1; d <= maxDeg+1; d++ {
		bin[d] += bin[d-1]
	}
	pos := make([]int, n)
	vert := make([]int32, n)
	next := slices.Clone(bin)
	for u, d := range deg {
		pos[u] = next[d]
		vert[pos[u]] = int32(u)
		next[d]++
	}
	for i := 0; i < n; i++ {
		v := vert[i]
		adj, _ := g.row(v)
		for _, u := range adj {
			if deg[u] > deg[v] {
				du, pu := deg[u], pos[u]
				pw := bin[du]
				w := vert[pw]
				if u != w {
					pos[u], pos[w] = pw, pu
					vert[pu], vert[pw] = w, u
				}
				bin[du]++
				deg[u]--
			}
		}
	}
	return deg
}

// Components returns the weakly connected components (the connected
// components of the undirected view), each as sorted actor IDs, largest
// first, then by first ID.
func Components(p *Projection) [][]string {
	g := p.undirected()
	return p.groups(componentLabels(&g, p.N()))
}

func componentLabels(g *csr, n int) []int32 {
	label := make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	queue := make([]int32, 0, n)
	c := int32(0)
	for s := int32(0); s < int32(n); s++ {
		if label[s] >= 0 {
			continue
		}
		label[s] = c
		queue = append(queue[:0], s)
		for head := 0; head < len(queue); head++ {
			adj, _ := g.row(queue[head])
			for _, w := range adj {
				if label[w] < 0 {
					label[w] = c
					queue = append(queue, w)
				}
			}
		}
		c++
	}
	return label
}

// groups turns node labels into sorted lists of IDs, largest group first.
func (p *Projection) groups(label []int32) [][]string {
	m := map[int32][]string{}
	for i, l := range label {
		m[l] = append(m[l], p.ids[i])
	}
	out := make([][]string, 0, len(m))
	for _, g := range m {
		out = append(out, g) // ids are already in order
	}
	slices.SortFunc(out, func(a, b []string) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return strings.Compare(a[0], b[0])
	})
	return out
}

// StrongComponents returns the strongly connected components of the
// directed view (Tarjan's algorithm, iterative), ordered as Components. In
// the undirected view they are the connected components.
func StrongComponents(p *Projection) [][]string {
	n := p.N()
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	label := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int32
	type frame struct{ v, next int32 }
	var call []frame
	counter, comp := int32(0), int32(0)
	for s := int32(0); s < int32(n); s++ {
		if index[s] >= 0 {
			continue
		}
		call = append(call, frame{s, p.out.off[s]})
		index[s], low[s] = counter, counter
		counter++
		stack = append(stack, s)
		onStack[s] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < p.out.off[v+1] {
				w := p.out.adj[f.next]
				f.next++
				if index[w] < 0 {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, p.out.off[w]})
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					label[w] = comp
					if w == v {
						break
					}
				}
				comp++
			}
		}
	}
	return p.groups(label)
}

// CutPoints are the single points of failure of the undirected view.
type CutPoints struct {
	// Articulation lists the actors whose removal disconnects their
	// component, sorted by ID.
	Articulation []string
	// Bridges lists the edges whose removal disconnects their component,
	// each as a sorted pair, sorted.
	Bridges [][2]string
}

// ArticulationPoints returns the articulation points and bridges of the
// undirected view (NetworkX articulation_points and bridges), by one
// iterative depth-first search.
func ArticulationPoints(p *Projection) CutPoints {
	g := p.undirected()
	n := p.N()
	disc := make([]int32, n)
	low := make([]int32, n)
	parent := make([]int32, n)
	isCut := make([]bool, n)
	for i := range disc {
		disc[i], parent[i] = -1, -1
	}
	var bridges [][2]string
	type frame struct{ v, next int32 }
	var call []frame
	t := int32(0)
	for s := int32(0); s < int32(n); s++ {
		if disc[s] >= 0 {
			continue
		}
		disc[s], low[s] = t, t
		t++
		children := 0
		call = append(call[:0], frame{s, g.off[s]})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < g.off[v+1] {
				w := g.adj[f.next]
				f.next++
				if disc[w] < 0 {
					parent[w] = v
					disc[w], low[w] = t, t
					t++
					if v == s {
						children++
					}
					call = append(call, frame{w, g.off[w]})
				} else if w != parent[v] {
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if u := parent[v]; u >= 0 {
				low[u] = min(low[u], low[v])
				if low[v] > disc[u] {
					bridges = append(bridges, orderedPair(p.ids[u], p.ids[v]))
				}
				if u != s && low[v] >= disc[u] {
					isCut[u] = true
				}
			}
		}
		if children > 1 {
			isCut[s] = true
		}
	}
	var cp CutPoints
	for i, c := range isCut {
		if c {
			cp.Articulation = append(cp.Articulation, p.ids[i])
		}
	}
	slices.SortFunc(bridges, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	cp.Bridges = bridges
	return cp
}

func orderedPair(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}

// DiameterLimit is the largest number of nodes for which Statistics
// computes the diameter (one search from every node).
const DiameterLimit = 20_000

// Stats describes a projection as a whole.
type Stats struct {
	Actors int
	Ties   int // ties kept, before parallel ties collapse
	Edges  int // edges after parallel ties collapse
	// Density is Edges/(n(n-1)) in the directed view, 2·Edges/(n(n-1))
	// otherwise (NetworkX density).
	Density           float64
	Components        int // weakly connected
	StrongComponents  int // directed view only; equals Components otherwise
	LargestComponent  int
	Isolates          int
	AverageClustering float64
	Transitivity      float64
	// Reciprocity is the share of arcs reciprocated (NetworkX
	// reciprocity); nil in the undirected view, where it is not defined.
	Reciprocity *float64
	// DegreeCentralization is Freeman's degree centralization of the
	// undirected view (see DegreeCentralization).
	DegreeCentralization float64
	// Diameter is the longest shortest path (in hops, or in the weight
	// mode's distance) between two nodes that reach each other; nil when
	// n > DiameterLimit.
	Diameter *float64
	Method   Method
}

// Statistics computes the network statistics of p. It checks ctx as it
// goes (every node of the triangle count and of the diameter's searches)
// and reports the fraction of those nodes done.
func Statistics(ctx context.Context, p *Projection) (Stats, error) {
	n := p.N()
	work := int64(n)
	if n <= DiameterLimit {
		work *= 2
	}
	t := newTracker(ctx, work)
	tri, err := triangles(t, p)
	if err != nil {
		return Stats{}, err
	}
	s := Stats{Actors: n, Ties: p.Ties(), Edges: p.Edges(),
		AverageClustering: averageOf(clusteringOf(p, tri).Values), Transitivity: transitivity(p, tri),
		DegreeCentralization: DegreeCentralization(p)}
	if p.Directed() {
		r := Reciprocity(p)
		s.Reciprocity = &r
	}
	if n > 1 {
		s.Density = float64(s.Edges) / (float64(n) * float64(n-1))
		if !p.Directed() {
			s.Density *= 2
		}
	}
	comps := Components(p)
	s.Components = len(comps)
	if len(comps) > 0 {
		s.LargestComponent = len(comps[0])
	}
	for _, c := range comps {
		if len(c) == 1 && p.degree(int32(p.Index(c[0])), DegreeTotal) == 0 {
			s.Isolates++
		}
	}
	s.StrongComponents = s.Components
	if p.Directed() {
		s.StrongComponents = len(StrongComponents(p))
	}
	s.Method = Method{Algorithm: "network statistics", Normalization: "density as NetworkX", Exact: true,
		Weight: p.sel.Weight, Directed: p.sel.Directed, Engine: Engine, Workers: 1}
	if n <= DiameterLimit {
		ecc := make([]float64, n)
		s.Method.Workers, err = forEachNode(t, n, 0, func() *paths { return newPaths(p, &p.out) }, func(ps *paths, u int32) {
			ps.run(u)
			ecc[u] = ps.dist[ps.order[len(ps.order)-1]]
		})
		if err != nil {
			return Stats{}, err
		}
		d := 0.0
		for _, e := range ecc {
			d = max(d, e)
		}
		s.Diameter = &d
		s.Method.Notes = "diameter: exact, over pairs that reach each other"
	} else {
		s.Method.Notes = "diameter omitted: more than 20000 nodes"
	}
	t.finish()
	return s, nil
}

// Mixing measures how ties fall within and across actor kinds.
type Mixing struct {
	// Internal and External count edges (in the undirected view) whose
	// ends have the same or different kinds.
	Internal, External int
	// EI is Krackhardt's E-I index, (E-I)/(E+I); 0 for no edges.
	EI float64
	// Assortativity is NetworkX's attribute_assortativity_coefficient by
	// kind: arcs in the directed view, each edge both ways otherwise. NaN
	// when every edge joins one kind.
	Assortativity float64
	Method        Method
}

// KindMixing returns the E-I index and the assortativity of p by actor kind.
func KindMixing(p *Projection) Mixing {
	var m Mixing
	k := len(network.ActorKinds)
	mat := make([]float64, k*k)
	for u := int32(0); u < int32(p.N()); u++ {
		adj, _ := p.out.row(u)
		for _, v := range adj {
			mat[int(p.kinds[u])*k+int(p.kinds[v])]++
			if !p.Directed() && v < u {
				continue
			}
			if p.kinds[u] == p.kinds[v] {
				m.Internal++
			} else {
				m.External++
			}
		}
	}
	if p.Directed() {
		// Count each unordered pair once for E-I.
		m.Internal, m.External = 0, 0
		g := p.undirected()
		for u := int32(0); u < int32(p.N()); u++ {
			adj, _ := g.row(u)
			for _, v := range adj {
				if v < u {
					continue
				}
				if p.kinds[u] == p.kinds[v] {
					m.Internal++
				} else {
					m.External++
				}
			}
		}
	}
	if t := m.Internal + m.External; t > 0 {
		m.EI = float64(m.External-m.Internal) / float64(t)
	}
	m.Assortativity = assortativity(mat, k)
	m.Method = Method{Algorithm: "E-I index and attribute assortativity by actor kind", Normalization: "none",
		Exact: true, Weight: p.sel.Weight, Directed: p.sel.Directed, Engine: Engine, Workers: 1}
	return m
}

func assortativity(mat []float64, k int) float64 {
	var total float64
	for _, x := range mat {
		total += x
	}
	if total == 0 {
		return math.NaN()
	}
	var trace, ab float64
	for i := 0; i < k; i++ {
		trace += mat[i*k+i] / total
		var a, b float64
		for j := 0; j < k; j++ {
			a += mat[i*k+j] / total
			b += mat[j*k+i] / total
		}
		ab += a * b
	}
	return (trace - ab) / (1 - ab)
}
