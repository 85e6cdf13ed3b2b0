package analysis

import (
	"context"
	"math"
	"slices"
)

// mutual is the undirected view with mutual weights a(u,v)+a(v,u), the
// quantity NetworkX's structural-holes measures use: in NONE mode each arc
// counts 1, otherwise its strength.
func (p *Projection) mutual() csr {
	if !p.Directed() {
		g := csr{off: p.out.off, adj: p.out.adj, w: make([]float64, len(p.out.w))}
		for j, w := range p.out.w {
			g.w[j] = 2 * p.strength(w)
		}
		return g
	}
	// Merge out and in rows, each arc counted by its own strength.
	return p.unionRows(p.strength)
}

// weightOf returns the weight of edge u-v in g, 0 if there is none.
func (g *csr) weightOf(u, v int32) float64 {
	adj, w := g.row(u)
	if j, ok := slices.BinarySearch(adj, v); ok {
		return w[j]
	}
	return 0
}

// Constraint returns Burt's constraint as NetworkX's constraint: for node u
// the sum over neighbours v of (p_uv + Σ_w p_uw·p_wv)², where p is the
// mutual weight normalized by the node's total. NaN for an isolated node.
// Neighbours ignore direction. It checks ctx as it goes and reports the
// fraction of nodes done.
func Constraint(ctx context.Context, p *Projection) (*Scores, error) {
	g := p.mutual()
	n := p.N()
	t := newTracker(ctx, int64(n))
	k := ticker{t: t}
	total := rowSums(&g)
	nmw := func(u, v int32) float64 {
		if total[u] == 0 {
			return 0
		}
		return g.weightOf(u, v) / total[u]
	}
	vals := make([]float64, n)
	for u := int32(0); u < int32(n); u++ {
		adj, w := g.row(u)
		if len(adj) == 0 {
			vals[u] = math.NaN()
			continue
		}
		if err := t.step(1); err != nil {
			return nil, err
		}
		var c float64
		for j, v := range adj {
			if err := k.tick(len(adj)); err != nil {
				return nil, err
			}
			direct := w[j] / total[u]
			var indirect float64
			for k, x := range adj {
				indirect += w[k] / total[u] * nmw(x, v)
			}
			c += (direct + indirect) * (direct + indirect)
		}
		vals[u] = c
	}
	t.finish()
	return p.scores(Method{Algorithm: "Burt's constraint", Normalization: "mutual weights normalized by node total", Exact: true}, vals), nil
}

// EffectiveSize returns Burt's effective size as NetworkX's effective_size:
// Borgatti's n - 2t/n for an undirected unweighted view, otherwise the sum
// over neighbours v of 1 - Σ_w p_uw·m_vw with m normalized by the largest
// mutual weight of v. NaN for an isolated node. It checks ctx as it goes
// and reports the fraction of nodes done.
func EffectiveSize(ctx context.Context, p *Projection) (*Scores, error) {
	g := p.mutual()
	n := p.N()
	vals := make([]float64, n)
	t := newTracker(ctx, int64(n))
	if !p.Directed() && !p.weighted() {
		tri, err := triangles(t, p)
		if err != nil {
			return nil, err
		}
		for u := 0; u < n; u++ {
			d := float64(p.degree(int32(u), DegreeTotal))
			if d == 0 {
				vals[u] = math.NaN()
				continue
			}
			// Ties among the neighbours are the triangles at u.
			vals[u] = d - 2*float64(tri[u])/d
		}
		t.finish()
		return p.scores(Method{Algorithm: "effective size (Borgatti)", Normalization: "none", Exact: true}, vals), nil
	}
	k := ticker{t: t}
	total := rowSums(&g)
	largest := make([]float64, n)
	for u := int32(0); u < int32(n); u++ {
		_, w := g.row(u)
		for _, x := range w {
			largest[u] = max(largest[u], x)
		}
	}
	for u := int32(0); u < int32(n); u++ {
		adj, w := g.row(u)
		if len(adj) == 0 {
			vals[u] = math.NaN()
			continue
		}
		if err := t.step(1); err != nil {
			return nil, err
		}
		var es float64
		for _, v := range adj {
			if err := k.tick(len(adj)); err != nil {
				return nil, err
			}
			var r float64
			for k, x := range adj {
				if largest[v] > 0 {
					r += w[k] / total[u] * (g.weightOf(v, x) / largest[v])
				}
			}
			es += 1 - r
		}
		vals[u] = es
	}
	t.finish()
	return p.scores(Method{Algorithm: "effective size (Burt)", Normalization: "none", Exact: true}, vals), nil
}

func rowSums(g *csr) []float64 {
	n := len(g.off) - 1
	s := make([]float64, n)
	for u := int32(0); u < int32(n); u++ {
		_, w := g.row(u)
		for _, x := range w {
			s[u] += x
		}
	}
	return s
}
