package analysis

import (
	"context"
	"slices"
)

// TriadTypes are the 16 isomorphism classes of directed triads in
// Holland and Leinhardt's MAN notation (mutual, asymmetric, null dyads), in
// NetworkX's order.
var TriadTypes = []string{"003", "012", "102", "021D", "021U", "021C", "111D", "111U",
	"030T", "030C", "201", "120D", "120U", "120C", "210", "300"}

// tricodes maps the 6-bit code of a triad's arcs (v→u 1, u→v 2, v→w 4,
// w→v 8, u→w 16, w→u 32) to its type, 1-based into TriadTypes.
var tricodes = [64]uint8{1, 2, 2, 3, 2, 4, 6, 8, 2, 6, 5, 7, 3, 8, 7, 11, 2, 6, 4, 8, 5, 9,
	9, 13, 6, 10, 9, 14, 7, 14, 12, 15, 2, 5, 6, 7, 6, 9, 10, 14, 4, 9, 9, 12, 8, 13, 14, 15, 3, 7,
	8, 11, 7, 12, 14, 15, 8, 14, 13, 15, 11, 15, 15, 16}

// TriadCensus counts the triads of p by type (TriadTypes order), as
// NetworkX's triadic_census, by Batagelj and Mrvar's O(m·Δ) algorithm. In
// the undirected view every edge is a mutual dyad. It checks ctx as it goes
// and reports the fraction of nodes done.
func TriadCensus(ctx context.Context, p *Projection) ([]int64, error) {
	n := p.N()
	g := p.undirected()
	t := newTracker(ctx, int64(n))
	k := ticker{t: t}
	census := make([]int64, len(TriadTypes))
	arc := func(a, b int32) bool {
		adj, _ := p.out.row(a)
		_, ok := slices.BinarySearch(adj, b)
		return ok
	}
	code := func(v, u, w int32) int {
		c := 0
		for _, x := range [...]struct {
			a, b int32
			bit  int
		}{{v, u, 1}, {u, v, 2}, {v, w, 4}, {w, v, 8}, {u, w, 16}, {w, u, 32}} {
			if arc(x.a, x.b) {
				c |= x.bit
			}
		}
		return c
	}
	var nbrs []int32
	for v := int32(0); v < int32(n); v++ {
		if err := t.step(1); err != nil {
			return nil, err
		}
		vn, _ := g.row(v)
		for _, u := range vn {
			if u <= v {
				continue
			}
			un, _ := g.row(u)
			if err := k.tick(len(vn) + len(un)); err != nil {
				return nil, err
			}
			// The neighbours of v or u, except u and v, merged in order.
			nbrs = nbrs[:0]
			i, j := 0, 0
			for i < len(vn) || j < len(un) {
				var w int32
				switch {
				case j == len(un) || i < len(vn) && vn[i] < un[j]:
					w = vn[i]
					i++
				case i == len(vn) || un[j] < vn[i]:
					w = un[j]
					j++
				default:
					w = vn[i]
					i++
					j++
				}
				if w != u && w != v {
					nbrs = append(nbrs, w)
				}
			}
			for _, w := range nbrs {
				if u < w || v < w && w < u && !adjacent(vn, w) {
					census[tricodes[code(v, u, w)]-1]++
				}
			}
			if arc(v, u) && arc(u, v) {
				census[2] += int64(n - len(nbrs) - 2)
			} else {
				census[1] += int64(n - len(nbrs) - 2)
			}
		}
	}
	total := int64(n) * int64(n-1) * int64(n-2) / 6
	for _, c := range census[1:] {
		total -= c
	}
	census[0] = total
	t.finish()
	return census, nil
}

func adjacent(row []int32, w int32) bool {
	_, ok := slices.BinarySearch(row, w)
	return ok
}
