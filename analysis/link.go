package analysis

import (
	"context"
	"fmt"
	"math"
)

// HITSOptions tunes HITS. The zero value iterates to convergence: until the
// L1 change of the hub vector (scaled to a largest value of 1) is below
// ConvergedChange, at most DefaultMaxIter times.
type HITSOptions struct {
	MaxIter int     // 0: DefaultMaxIter
	Tol     float64 // NetworkX's tol (an L1 change, not scaled by n); 0: ConvergedChange
}

// HITS returns Kleinberg's hub and authority scores as NetworkX's
// _hits_python: from uniform hubs, authorities a = Aᵀh and hubs h = Aa,
// each scaled to a largest value of 1 per iteration, until the L1 change
// of h is below Tol; then each sums to 1. Arcs are followed in the
// directed view (a hub points to authorities); each edge both ways
// otherwise, where hubs and authorities coincide. Edge strengths weigh
// the products. It checks ctx after every iteration.
func HITS(ctx context.Context, p *Projection, opt HITSOptions) (hubs, authorities *Scores, err error) {
	if opt.MaxIter <= 0 {
		opt.MaxIter = DefaultMaxIter
	}
	if opt.Tol <= 0 {
		opt.Tol = ConvergedChange
	}
	n := p.N()
	h, a, last := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range h {
		h[i] = 1 / float64(n)
	}
	m := Method{Algorithm: "HITS (power iteration)", Normalization: "sums to 1", Tolerance: opt.Tol, Exact: true}
	t := newTracker(ctx, int64(opt.MaxIter))
	scale := func(x []float64) {
		top := 0.0
		for _, v := range x {
			top = max(top, v)
		}
		if top > 0 {
			for i := range x {
				x[i] /= top
			}
		}
	}
	for it := 1; it <= opt.MaxIter; it++ {
		if err := t.step(1); err != nil {
			return nil, nil, err
		}
		h, last = last, h
		clear(a)
		for u := int32(0); u < int32(n); u++ {
			adj, w := p.out.row(u)
			for j, v := range adj {
				a[v] += last[u] * p.strength(w[j])
			}
		}
		for u := int32(0); u < int32(n); u++ {
			adj, w := p.out.row(u)
			var s float64
			for j, v := range adj {
				s += a[v] * p.strength(w[j])
			}
			h[u] = s
		}
		scale(h)
		scale(a)
		var diff float64
		for i := range h {
			diff += math.Abs(h[i] - last[i])
		}
		m.Iterations = it
		if diff < opt.Tol {
			m.Converged = true
			break
		}
	}
	if m.Converged {
		m.Notes = fmt.Sprintf("converged in %d iterations: L1 change of the hubs below %.3g", m.Iterations, opt.Tol)
	} else {
		m.Notes = fmt.Sprintf("did not converge in %d iterations: L1 change of the hubs still above %.3g", opt.MaxIter, opt.Tol)
	}
	for _, x := range [][]float64{h, a} {
		var s float64
		for _, v := range x {
			s += v
		}
		if s > 0 {
			for i := range x {
				x[i] /= s
			}
		}
	}
	t.finish()
	hm, am := m, m
	hm.Algorithm, am.Algorithm = "HITS hubs (power iteration)", "HITS authorities (power iteration)"
	return p.scores(hm, h), p.scores(am, a), nil
}

// KatzOptions tunes Katz centrality. The zero value is NetworkX's alpha
// and beta, iterated to convergence as PowerOptions's zero value.
type KatzOptions struct {
	PowerOptions
	Alpha float64 // attenuation; 0 means 0.1, as NetworkX; must be below 1/λmax to converge
	Beta  float64 // weight of each node's own term; 0 means 1
}

// Katz returns Katz centrality as NetworkX's katz_centrality: from zero,
// x = alpha·Aᵀx + beta (scores flow along arcs, each edge both ways in the
// undirected view, weighed by strength) until the L1 change is below
// n·Tol, then L2-normalized. It diverges when alpha is not below the
// inverse of the largest eigenvalue: then Method.Converged is false. It
// checks ctx after every iteration.
func Katz(ctx context.Context, p *Projection, opt KatzOptions) (*Scores, error) {
	n := p.N()
	po := opt.withDefaults(n)
	alpha, beta := opt.Alpha, opt.Beta
	if alpha == 0 {
		alpha = 0.1
	}
	if beta == 0 {
		beta = 1
	}
	x, last := make([]float64, n), make([]float64, n)
	m := Method{Algorithm: fmt.Sprintf("Katz (alpha %g, beta %g)", alpha, beta), Normalization: "L2", Tolerance: po.Tol, Exact: true}
	t := newTracker(ctx, int64(po.MaxIter))
	for it := 1; it <= po.MaxIter; it++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		x, last = last, x
		var diff float64
		for u := int32(0); u < int32(n); u++ {
			adj, w := p.in.row(u)
			var s float64
			for j, v := range adj {
				s += last[v] * p.strength(w[j])
			}
			x[u] = alpha*s + beta
			diff += math.Abs(x[u] - last[u])
		}
		m.Iterations = it
		if diff < float64(n)*po.Tol {
			m.Converged = true
			break
		}
		if math.IsInf(diff, 0) || math.IsNaN(diff) {
			break
		}
	}
	m.Notes = po.stopRule(n, &m)
	if !m.Converged {
		m.Notes += fmt.Sprintf("; alpha %g may be above 1/λmax, where Katz centrality diverges", alpha)
	}
	var sq float64
	for _, v := range x {
		sq += v * v
	}
	if s := math.Sqrt(sq); s > 0 && !math.IsInf(s, 0) {
		for i := range x {
			x[i] /= s
		}
	}
	t.finish()
	return p.scores(m, x), nil
}

// Reciprocity is the share of arcs whose reverse is an arc too, as
// NetworkX's reciprocity(G) (a self-loop counts as an arc, never as
// reciprocated); 0 for no arcs. In the
// undirected view every edge runs both ways, so it is 1.
func Reciprocity(p *Projection) float64 {
	var arcs, mutual int
	for u := int32(0); u < int32(p.N()); u++ {
		adj, _ := p.out.row(u)
		for _, v := range adj {
			arcs++
			if v != u && p.hasArc(v, u) {
				mutual++
			}
		}
	}
	if arcs == 0 {
		return 0
	}
	return float64(mutual) / float64(arcs)
}

// hasArc reports whether v -> u is an arc of p.
func (p *Projection) hasArc(v, u int32) bool {
	adj, _ := p.out.row(v)
	lo, hi := 0, len(adj)
	for lo < hi {
		mid := (lo + hi) / 2
		switch {
		case adj[mid] < u:
			lo = mid + 1
		case adj[mid] > u:
			hi = mid
		default:
			return true
		}
	}
	return false
}

// DegreeCentralization is Freeman's degree centralization of the
// undirected view: Σ(max − c_i)/(n−2) over the degree centralities
// c_i = deg_i/(n−1), 1 for a star and 0 when every degree is equal; 0 for
// fewer than three nodes.
func DegreeCentralization(p *Projection) float64 {
	n := p.N()
	if n < 3 {
		return 0
	}
	g := p.undirected()
	c := make([]float64, n)
	top := 0.0
	for u := range c {
		c[u] = float64(g.off[u+1]-g.off[u]) / float64(n-1)
		top = max(top, c[u])
	}
	var s float64
	for _, v := range c {
		s += top - v
	}
	return s / float64(n-2)
}
