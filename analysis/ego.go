package analysis

import (
	"context"
	"math"
	"slices"

	"github.com/peacegraph/peacegraph/network"
)

// MaxEgoRadius is the largest radius of an ego network.
const MaxEgoRadius = 3

// Ego is an actor's ego network, the actors within Radius ties of it in
// the undirected view and the ties among them (nx.ego_graph), with Burt's
// measures of the ego inside it.
type Ego struct {
	ID     string
	Radius int
	// Actors are the actors of the ego network, the ego first, by hops
	// then ID.
	Actors []Hop
	// Ties is the number of edges among them (parallel ties once).
	Ties int
	// Density is 2·Ties/(n(n−1)) over the n actors (nx.density); NaN for
	// an ego alone.
	Density float64
	// Degree is the number of the ego's partners.
	Degree int
	// EffectiveSize is Burt's effective size of the ego (nx.effective_size:
	// the partners less the redundancy of their ties to each other),
	// Efficiency that over Degree, and Constraint Burt's constraint
	// (nx.constraint) within the ego network. NaN for an isolated ego.
	EffectiveSize, Efficiency, Constraint float64
	// BrokeragePairs is the number of pairs of the ego's partners not tied
	// to each other (Burt's structural holes the ego spans): C(Degree, 2)
	// less the triangles at the ego.
	BrokeragePairs int
	// Betweenness is the ego's betweenness within its radius-1 ego network
	// (Everett and Borgatti's ego betweenness), not normalized: the shares
	// of shortest paths between pairs of its partners that run through it.
	Betweenness float64
}

// EgoNetwork returns the ego network of actor id in p within radius ties
// (1..MaxEgoRadius), read undirected, with the ego's density, effective
// size, efficiency, constraint, brokerage pairs and ego betweenness.
// Weights count as in Constraint and EffectiveSize (strengths) and in
// Betweenness (distances). ENOTFOUND if id is not in p; EINVALID for a
// radius out of range. It checks ctx as it goes.
func EgoNetwork(ctx context.Context, p *Projection, id string, radius int) (*Ego, error) {
	if radius < 1 || radius > MaxEgoRadius {
		return nil, network.Errorf(network.EINVALID, "radius must be between 1 and %d, got %d", MaxEgoRadius, radius)
	}
	hops, err := Neighbourhood(ctx, p, []string{id}, radius)
	if err != nil {
		return nil, err
	}
	u := p.undirectedProjection()
	e := &Ego{ID: id, Radius: radius, Actors: hops}
	sub := u.induced(hops)
	e.Ties = sub.Edges()
	e.Density = math.NaN()
	if n := sub.N(); n > 1 {
		e.Density = 2 * float64(e.Ties) / float64(n*(n-1))
	}
	ego := int32(sub.Index(id))
	e.Degree = int(sub.out.off[ego+1] - sub.out.off[ego])
	cs, err := Constraint(ctx, sub)
	if err != nil {
		return nil, err
	}
	es, err := EffectiveSize(ctx, sub)
	if err != nil {
		return nil, err
	}
	e.Constraint, e.EffectiveSize = cs.Values[ego], es.Values[ego]
	e.Efficiency = math.NaN()
	if e.Degree > 0 {
		e.Efficiency = e.EffectiveSize / float64(e.Degree)
	}
	// Ties among the partners: the triangles at the ego.
	partners, _ := sub.out.row(ego)
	tri := 0
	for _, a := range partners {
		row, _ := sub.out.row(a)
		tri += len(intersectSorted(row, partners))
	}
	e.BrokeragePairs = e.Degree*(e.Degree-1)/2 - tri/2
	one := sub
	if radius > 1 {
		var first []Hop
		for _, h := range hops {
			if h.Hops <= 1 {
				first = append(first, h)
			}
		}
		one = u.induced(first)
	}
	bc, err := Betweenness(ctx, one, BetweennessOptions{Raw: true, Workers: 1})
	if err != nil {
		return nil, err
	}
	e.Betweenness = bc.Values[one.Index(id)]
	return e, nil
}

// induced returns the projection of p's actors in hops and the edges
// among them, numbered in actor ID order like any projection.
func (p *Projection) induced(hops []Hop) *Projection {
	keep := make([]int32, 0, len(hops))
	for _, h := range hops {
		keep = append(keep, int32(p.Index(h.ID)))
	}
	slices.Sort(keep)
	index := make(map[int32]int32, len(keep))
	for i, v := range keep {
		index[v] = int32(i)
	}
	q := &Projection{sel: p.sel, notes: p.notes, ids: make([]string, len(keep)), kinds: make([]uint8, len(keep))}
	var src, dst []int32
	var wts []float64
	for i, v := range keep {
		q.ids[i], q.kinds[i] = p.ids[v], p.kinds[v]
		adj, w := p.out.row(v)
		for j, x := range adj {
			if k, ok := index[x]; ok {
				src, dst, wts = append(src, int32(i)), append(dst, k), append(wts, w[j])
			}
		}
	}
	q.out = buildCSR(len(keep), src, dst, wts)
	q.in = q.out
	if p.Directed() {
		q.in = buildCSR(len(keep), dst, src, wts)
	}
	q.ties = len(src)
	if !p.Directed() {
		q.ties /= 2
	}
	return q
}
