package analysis

import (
	"math"

	"github.com/peacegraph/peacegraph/network"
)

// CentralizationKind names the centrality a Freeman centralization is of.
type CentralizationKind string

// The centralities Freeman centralization is defined for here.
const (
	CentralizationDegree      CentralizationKind = "DEGREE"
	CentralizationBetweenness CentralizationKind = "BETWEENNESS"
	CentralizationCloseness   CentralizationKind = "CLOSENESS"
)

// Centralization is Freeman's centralization of one centrality over a
// network: how far its values fall short of the largest one, summed over
// the actors, as a share of the sum in a star of the same size (where one
// actor has every tie), so 1 for a star and 0 when every actor has the same
// value.
type Centralization struct {
	Kind  CentralizationKind
	Value float64 // NaN below three actors
	// Sum is Σ(max − c_i) over the actors; StarSum the same sum in a
	// star of n actors, its theoretical maximum.
	Sum, StarSum float64
	// Normalization says the formula, with the star's sum for this kind.
	Normalization string
}

// FreemanCentralization is the centralization of values, one per actor, of
// the given kind as NetworkX computes them on an undirected graph
// (degree_centrality, betweenness_centrality normalized, closeness_centrality
// with the Wasserman-Faust correction): Σ(max − c_i) over the star's sum,
// n−2 for degree, n−1 for betweenness and (n−1)(n−2)/(2n−3) for closeness.
// EINVALID for an unknown kind.
func FreemanCentralization(kind CentralizationKind, values []float64) (Centralization, error) {
	n := float64(len(values))
	c := Centralization{Kind: kind, Value: math.NaN()}
	switch kind {
	case CentralizationDegree:
		c.StarSum, c.Normalization = n-2, "Σ(max − c_i)/(n − 2) over degree centralities deg/(n − 1) (the star's sum)"
	case CentralizationBetweenness:
		c.StarSum, c.Normalization = n-1, "Σ(max − c_i)/(n − 1) over betweenness normalized by 2/((n − 1)(n − 2)) (the star's sum)"
	case CentralizationCloseness:
		c.StarSum, c.Normalization = (n-1)*(n-2)/(2*n-3), "Σ(max − c_i)/((n − 1)(n − 2)/(2n − 3)) over Wasserman-Faust closeness (the star's sum)"
	default:
		return c, network.Errorf(network.EINVALID, "centralization of %q: only DEGREE, BETWEENNESS and CLOSENESS have one", kind)
	}
	if len(values) < 3 {
		return c, nil
	}
	top := math.Inf(-1)
	for _, v := range values {
		top = max(top, v)
	}
	for _, v := range values {
		c.Sum += top - v
	}
	c.Value = c.Sum / c.StarSum
	return c, nil
}

// RichClub is the rich-club coefficient at one degree: the density of the
// ties among the actors with more than Degree ties.
type RichClub struct {
	Degree      int
	Actors      int // actors with degree > Degree
	Ties        int // ties among them
	Coefficient float64
}

// RichClubCoefficient is NetworkX's rich_club_coefficient(G,
// normalized=False) of p's undirected view: for every degree k from 0
// while more than one actor has a degree above k, 2·E_k/(N_k(N_k − 1)) over
// the N_k actors of degree above k and the E_k ties among them. Not
// normalized against random graphs (NetworkX's normalized=True divides by a
// degree-preserving randomisation, which is not deterministic).
func RichClubCoefficient(p *Projection) []RichClub {
	g := p.undirected()
	n := p.N()
	deg := make([]int, n)
	top := 0
	for u := range deg {
		deg[u] = int(g.off[u+1] - g.off[u])
		top = max(top, deg[u])
	}
	// above[k]: actors of degree > k; ties[k]: ties whose ends both have
	// degree > k, counted by the smaller degree of their ends.
	hist := make([]int, top+2)
	for _, d := range deg {
		hist[d]++
	}
	lower := make([]int, top+2)
	for u := int32(0); u < int32(n); u++ {
		adj, _ := g.row(u)
		for _, v := range adj {
			if u < v {
				lower[min(deg[u], deg[v])]++
			}
		}
	}
	var out []RichClub
	above, ties := n, len(g.adj)/2
	for k := 0; k <= top; k++ {
		above -= hist[k]
		ties -= lower[k]
		if above <= 1 {
			break
		}
		out = append(out, RichClub{Degree: k, Actors: above, Ties: ties, Coefficient: 2 * float64(ties) / float64(above*(above-1))})
	}
	return out
}
