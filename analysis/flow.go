package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Flow is how many independent channels connect two actors and what cuts
// them: the maximum flow with one unit of capacity per tie (edge-
// independent paths) or per intermediate actor (node-independent paths),
// and the minimum cuts nearest the target.
type Flow struct {
	// EdgePaths is the number of paths sharing no tie, the maximum flow
	// with capacity 1 on every arc (nx.edge_connectivity(G, s, t)).
	EdgePaths int
	// NodePaths is the number of paths sharing no actor but the two ends
	// (nx.node_connectivity(G, s, t)); a tie between the two counts as one.
	NodePaths int
	// Adjacent is true when an arc runs from from to to, so no actor cut
	// exists.
	Adjacent bool
	// EdgeCut is a minimum set of arcs whose removal leaves to unreachable
	// (EdgePaths of them), each as [tail, head]: the one nearest to, the
	// arcs into what still reaches to in the residual network of a maximum
	// flow (the same for every maximum flow). Sorted.
	EdgeCut [][2]string
	// NodeCut is a minimum set of actors whose removal leaves to
	// unreachable (NodePaths of them) when no tie runs from from to to, the
	// one nearest to likewise. Sorted.
	NodeCut []string
}

// MaxFlow counts the edge- and node-independent paths from one actor to
// another in p (along arcs; ties either way in the undirected view) by
// augmenting paths over unit capacities (Edmonds-Karp), as NetworkX's
// edge_connectivity and node_connectivity between a pair, with the minimum
// cuts nearest to, as nx.minimum_edge_cut and nx.minimum_cut find them.
// Weights are not read. ENOTFOUND if an actor is not in p;
// EINVALID when from is to. It checks ctx at every augmenting path.
func MaxFlow(ctx context.Context, p *Projection, from, to string) (Flow, error) {
	tr := newTracker(ctx, 2)
	s, t := p.Index(from), p.Index(to)
	if s < 0 {
		return Flow{}, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", from)
	}
	if t < 0 {
		return Flow{}, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", to)
	}
	if s == t {
		return Flow{}, network.Errorf(network.EINVALID, "from and to are the same actor %q", from)
	}
	n := p.N()
	var out Flow

	// Edge flow: the arcs themselves.
	ef := newFlowNet(n, len(p.out.adj))
	for u := int32(0); u < int32(n); u++ {
		adj, _ := p.out.row(u)
		for _, v := range adj {
			ef.add(u, v, 1)
		}
	}
	paths, err := ef.maxFlow(tr, int32(s), int32(t))
	if err != nil {
		return Flow{}, err
	}
	out.EdgePaths = paths
	sink := ef.reaching(int32(t))
	for u := int32(0); u < int32(n); u++ {
		if sink[u] {
			continue
		}
		adj, _ := p.out.row(u)
		for _, v := range adj {
			if sink[v] {
				out.EdgeCut = append(out.EdgeCut, [2]string{p.ids[u], p.ids[v]})
			}
		}
	}
	slices.SortFunc(out.EdgeCut, func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	if err := tr.step(1); err != nil {
		return Flow{}, err
	}

	// Node flow: v splits into v_in = 2v and v_out = 2v+1 joined by one
	// unit; an arc u -> v runs from u_out to v_in with room for every
	// path, except the direct arc from -> to, which is one path.
	out.Adjacent = p.hasArc(int32(s), int32(t))
	nf := newFlowNet(2*n, n+len(p.out.adj))
	for v := int32(0); v < int32(n); v++ {
		nf.add(2*v, 2*v+1, 1)
	}
	unbounded := int32(n + 1)
	for u := int32(0); u < int32(n); u++ {
		adj, _ := p.out.row(u)
		for _, v := range adj {
			c := unbounded
			if u == int32(s) && v == int32(t) {
				c = 1
			}
			nf.add(2*u+1, 2*v, c)
		}
	}
	paths, err = nf.maxFlow(tr, 2*int32(s)+1, 2*int32(t))
	if err != nil {
		return Flow{}, err
	}
	out.NodePaths = paths
	if !out.Adjacent {
		sink := nf.reaching(2 * int32(t))
		for v := int32(0); v < int32(n); v++ {
			if !sink[2*v] && sink[2*v+1] {
				out.NodeCut = append(out.NodeCut, p.ids[v])
			}
		}
	}
	tr.finish()
	return out, nil
}

// flowNet is a residual network: arc e runs to[e] with room cap[e], and
// e^1 is its reverse.
type flowNet struct {
	to    []int32
	cap   []int32
	order [][]int32 // each node's arcs in the order added
}

func newFlowNet(n, arcs int) *flowNet {
	return &flowNet{to: make([]int32, 0, 2*arcs), cap: make([]int32, 0, 2*arcs), order: make([][]int32, n)}
}

// add adds the arc u -> v with capacity c and its reverse with none.
func (f *flowNet) add(u, v, c int32) {
	e := int32(len(f.to))
	f.to, f.cap = append(f.to, v, u), append(f.cap, c, 0)
	f.order[u] = append(f.order[u], e)
	f.order[v] = append(f.order[v], e+1)
}

// maxFlow augments along shortest residual paths from s to t until none
// is left and returns the flow's value.
func (f *flowNet) maxFlow(tr *tracker, s, t int32) (int, error) {
	n := len(f.order)
	via := make([]int32, n) // arc that reached each node, -1 unreached
	queue := make([]int32, 0, n)
	total := 0
	for {
		if err := tr.err(); err != nil {
			return 0, err
		}
		for i := range via {
			via[i] = -1
		}
		via[s] = -2
		queue = append(queue[:0], s)
		for head := 0; head < len(queue) && via[t] == -1; head++ {
			u := queue[head]
			for _, e := range f.order[u] {
				if v := f.to[e]; f.cap[e] > 0 && via[v] == -1 {
					via[v] = e
					queue = append(queue, v)
				}
			}
		}
		if via[t] == -1 {
			return total, nil
		}
		push := int32(1 << 30)
		for v := t; v != s; v = f.to[via[v]^1] {
			push = min(push, f.cap[via[v]])
		}
		for v := t; v != s; v = f.to[via[v]^1] {
			f.cap[via[v]] -= push
			f.cap[via[v]^1] += push
		}
		total += int(push)
	}
}

// reaching marks the nodes that reach t through arcs with room left.
func (f *flowNet) reaching(t int32) []bool {
	seen := make([]bool, len(f.order))
	seen[t] = true
	stack := []int32{t}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range f.order[v] {
			// e^1 is the arc from to[e] into v.
			if u := f.to[e]; f.cap[e^1] > 0 && !seen[u] {
				seen[u] = true
				stack = append(stack, u)
			}
		}
	}
	return seen
}
