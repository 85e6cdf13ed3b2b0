package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// SimilarityMeasure names a structural similarity of two actors'
// neighbourhoods.
type SimilarityMeasure string

// The similarity measures. Both compare open neighbourhoods (the actors
// themselves left out) in the undirected view.
const (
	// Jaccard is |N(a) ∩ N(b)| / |N(a) ∪ N(b)|, as nx.jaccard_coefficient.
	Jaccard SimilarityMeasure = "JACCARD"
	// Cosine is |N(a) ∩ N(b)| / √(|N(a)|·|N(b)|) (Salton's index), the
	// cosine of the two rows of the adjacency matrix.
	Cosine SimilarityMeasure = "COSINE"
)

// Similarity is how alike two actors' neighbourhoods are.
type Similarity struct {
	ID      string // the other actor
	Shared  []string
	Jaccard float64
	Cosine  float64
}

func (s Similarity) value(m SimilarityMeasure) float64 {
	if m == Cosine {
		return s.Cosine
	}
	return s.Jaccard
}

// similarity fills the measures of a pair with shared common neighbours
// and degrees da and db.
func similarity(id string, shared []string, da, db int) Similarity {
	s := Similarity{ID: id, Shared: shared}
	k := float64(len(shared))
	if union := float64(da + db - len(shared)); union > 0 {
		s.Jaccard = k / union
	}
	if da > 0 && db > 0 {
		s.Cosine = k / math.Sqrt(float64(da)*float64(db))
	}
	return s
}

// PairSimilarity compares the neighbourhoods of actors a and b in p's
// undirected view (0 when either has no neighbour). ENOTFOUND if an actor
// is not in p.
func PairSimilarity(p *Projection, a, b string) (Similarity, error) {
	u, v := p.Index(a), p.Index(b)
	if u < 0 {
		return Similarity{}, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", a)
	}
	if v < 0 {
		return Similarity{}, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", b)
	}
	g := p.undirected()
	ra, _ := g.row(int32(u))
	rb, _ := g.row(int32(v))
	var shared []string
	for _, x := range intersectSorted(ra, rb) {
		shared = append(shared, p.ids[x])
	}
	return similarity(b, shared, len(ra), len(rb)), nil
}

// MostSimilar returns the actors whose neighbourhoods are most like id's
// by measure, in p's undirected view: every actor sharing at least one
// neighbour with id (others score 0 and are left out), highest first, ties
// broken by actor ID, at most top (all when top <= 0). ENOTFOUND if id is
// not in p; EINVALID for an unknown measure. It walks id's neighbours'
// neighbours, checking ctx as it goes.
func MostSimilar(ctx context.Context, p *Projection, id string, measure SimilarityMeasure, top int) ([]Similarity, error) {
	if measure != Jaccard && measure != Cosine {
		return nil, network.Errorf(network.EINVALID, "similarity measure %q is not JACCARD or COSINE", measure)
	}
	u := p.Index(id)
	if u < 0 {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q is not in the selected network", id)
	}
	k := ticker{t: newTracker(ctx, 1)}
	g := p.undirected()
	ru, _ := g.row(int32(u))
	shared := map[int32][]int32{}
	for _, w := range ru {
		rw, _ := g.row(w)
		if err := k.tick(len(rw) + 1); err != nil {
			return nil, err
		}
		for _, v := range rw {
			if v != int32(u) {
				shared[v] = append(shared[v], w)
			}
		}
	}
	out := make([]Similarity, 0, len(shared))
	for v, ws := range shared {
		ids := make([]string, len(ws))
		for i, w := range ws {
			ids[i] = p.ids[w]
		}
		rv, _ := g.row(v)
		out = append(out, similarity(p.ids[v], ids, len(ru), len(rv)))
	}
	if err := k.t.err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Similarity) int {
		if c := cmp.Compare(b.value(measure), a.value(measure)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out, nil
}
