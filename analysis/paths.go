package analysis

import (
	"context"
	"math"
	"slices"

	"github.com/peacegraph/peacegraph/network"
)

// MaxPaths is the most paths ShortestPaths returns.
const MaxPaths = 1000

// Path is a shortest path as the actor IDs along it.
type Path struct {
	Actors []string
	// Length is the number of hops in NONE mode, else the summed distance.
	Length float64
}

// ShortestPaths returns the shortest paths from one actor to another along
// arcs (ties either way in the undirected view): every shortest path when
// all is true (at most MaxPaths, in lexical order of node IDs), else one.
// An empty result means to is unreachable. ENOTFOUND if an actor is not in p.
// One search costs O(n+m); it checks ctx before it and while it walks the
// paths.
func ShortestPaths(ctx context.Context, p *Projection, from, to string, all bool) ([]Path, error) {
	tr := newTracker(ctx, 1)
	if err := tr.err(); err != nil {
		return nil, err
	}
	s, t := p.Index(from), p.Index(to)
	if s < 0 {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", from)
	}
	if t < 0 {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", to)
	}
	// Distances to t along reversed arcs let a forward walk from s keep
	// only arcs on a shortest path, in node order.
	ps := newPaths(p, p.reverse())
	ps.run(int32(t))
	d := ps.dist
	if math.IsInf(d[s], 1) {
		return nil, nil
	}
	if err := tr.err(); err != nil {
		return nil, err
	}
	var out []Path
	stack := []int32{int32(s)}
	k := ticker{t: tr}
	var stopped error
	var walk func(v int32) bool
	walk = func(v int32) bool {
		if stopped = k.tick(1); stopped != nil {
			return true
		}
		if v == int32(t) {
			ids := make([]string, len(stack))
			for i, x := range stack {
				ids[i] = p.ids[x]
			}
			out = append(out, Path{Actors: ids, Length: d[s]})
			return !all || len(out) >= MaxPaths
		}
		adj, w := p.out.row(v)
		for j, x := range adj {
			if math.IsInf(d[x], 1) || !onPath(d[v], d[x], p.cost(w[j])) {
				continue
			}
			stack = append(stack, x)
			if walk(x) {
				return true
			}
			stack = stack[:len(stack)-1]
		}
		return false
	}
	walk(int32(s))
	if stopped != nil {
		return nil, stopped
	}
	tr.finish()
	return out, nil
}

// onPath reports whether an arc of length c from a node at distance dv
// (to the target) to one at distance dx lies on a shortest path, allowing
// for rounding of summed float distances.
func onPath(dv, dx, c float64) bool {
	return math.Abs(dx+c-dv) <= 1e-12*math.Max(1, dv)
}

// Hop is an actor reached from a set of actors and how many ties away.
type Hop struct {
	ID   string
	Hops int
}

// Neighbourhood returns the actors within k ties of any of ids, ignoring
// direction, the starting actors included at 0 hops, ordered by hops then
// ID. ENOTFOUND if an actor is not in p; EINVALID if k < 0. It checks ctx
// as the search goes.
func Neighbourhood(ctx context.Context, p *Projection, ids []string, k int) ([]Hop, error) {
	tk := ticker{t: newTracker(ctx, 1)}
	if k < 0 {
		return nil, network.Errorf(network.EINVALID, "hops %d is negative", k)
	}
	n := p.N()
	dist := make([]int, n)
	for i := range dist {
		dist[i] = -1
	}
	var queue []int32
	for _, id := range ids {
		i := p.Index(id)
		if i < 0 {
			return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", id)
		}
		if dist[i] < 0 {
			dist[i] = 0
			queue = append(queue, int32(i))
		}
	}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		if dist[v] == k {
			continue
		}
		for _, g := range []*csr{&p.out, &p.in} {
			adj, _ := g.row(v)
			if err := tk.tick(len(adj) + 1); err != nil {
				return nil, err
			}
			for _, w := range adj {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
			}
		}
	}
	out := make([]Hop, 0, len(queue))
	for _, v := range queue {
		out = append(out, Hop{ID: p.ids[v], Hops: dist[v]})
	}
	slices.SortFunc(out, func(a, b Hop) int {
		if a.Hops != b.Hops {
			return a.Hops - b.Hops
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out, nil
}
