package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
)

// This file holds what the resolvers of measures.graphqls call.

// undirectedUnweighted returns a copy of ns read undirected and without
// weights.
func undirectedUnweighted(ns *model.NetworkSelection) *model.NetworkSelection {
	var out model.NetworkSelection
	if ns != nil {
		out = *ns
	}
	f, none := false, analysis.WeightNone
	out.Directed, out.Weight = &f, &none
	return &out
}

// centralization is Freeman's centralization of metric over the
// undirected, unweighted view of the selection ns, from the (cached)
// centrality scores.
func (r *Resolver) centralization(ctx context.Context, metric model.CentralizationMetric, ns *model.NetworkSelection) (*model.CentralizationResult, error) {
	vw, s, err := r.centralityScores(ctx, model.CentralityMetric(metric), undirectedUnweighted(ns), nil)
	if err != nil {
		return nil, err
	}
	c, err := analysis.FreemanCentralization(analysis.CentralizationKind(metric), s.Values)
	if err != nil {
		return nil, err
	}
	m := s.Method
	m.Algorithm = "Freeman centralization of " + m.Algorithm
	m.Normalization = c.Normalization
	m.Notes = joinNotes(m.Notes, "undirected, unweighted view of the selection")
	return &model.CentralizationResult{Metric: metric, Value: finite(c.Value), Sum: c.Sum, StarSum: c.StarSum,
		Actors: len(s.Values), Method: method(vw, m)}, nil
}

// richClub is the rich-club coefficient of the selection by degree.
func (r *Resolver) richClub(ctx context.Context, ns *model.NetworkSelection) (*model.RichClubResult, error) {
	vw, levels, err := cachedResult(ctx, r, ns, "rich club", func(_ context.Context, vw *view) ([]analysis.RichClub, error) {
		return analysis.RichClubCoefficient(vw.proj), nil
	})
	if err != nil {
		return nil, err
	}
	m := structural(vw, "rich-club coefficient (unnormalized)")
	m.Normalization = "2·E_k/(N_k(N_k − 1)); not divided by a randomised network's"
	m.Notes = "undirected view; degree counts distinct neighbours"
	out := &model.RichClubResult{Levels: make([]*model.RichClubLevel, len(levels)), Method: method(vw, m)}
	for i, l := range levels {
		out.Levels[i] = &model.RichClubLevel{Degree: l.Degree, Actors: l.Actors, Ties: l.Ties, Coefficient: l.Coefficient}
	}
	return out, nil
}

// similarActors ranks the actors most similar to id.
func (r *Resolver) similarActors(ctx context.Context, id string, measure *model.SimilarityMeasure, top *int, ns *model.NetworkSelection) (*model.SimilarActorsResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	m := model.SimilarityMeasureJaccard
	if measure != nil {
		m = *measure
	}
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	all, err := analysis.MostSimilar(ctx, vw.proj, id, analysis.SimilarityMeasure(m), 0)
	if err != nil {
		return nil, err
	}
	ranked := all[:min(n, len(all))]
	ids := []string{id}
	for _, s := range ranked {
		ids = append(ids, s.ID)
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	am := structural(vw, "structural similarity of open neighbourhoods ("+string(m)+")")
	am.Normalization = similarityFormula(m)
	am.Notes = "undirected view; actors sharing no partner are left out"
	out := &model.SimilarActorsResult{Actor: actors[0], Measure: m, Count: len(all), Items: make([]*model.SimilarActor, len(ranked)), Method: method(vw, am)}
	for i, s := range ranked {
		score := s.Jaccard
		if m == model.SimilarityMeasureCosine {
			score = s.Cosine
		}
		out.Items[i] = &model.SimilarActor{Rank: i + 1, Score: score, Jaccard: s.Jaccard, Cosine: s.Cosine, Shared: len(s.Shared), Actor: actors[i+1]}
	}
	return out, nil
}

func similarityFormula(m model.SimilarityMeasure) string {
	if m == model.SimilarityMeasureCosine {
		return "|N(a) ∩ N(b)|/√(|N(a)|·|N(b)|)"
	}
	return "|N(a) ∩ N(b)|/|N(a) ∪ N(b)|"
}

// similarity compares the neighbourhoods of a and b.
func (r *Resolver) similarity(ctx context.Context, a, b string, ns *model.NetworkSelection) (*model.PairSimilarity, error) {
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	s, err := analysis.PairSimilarity(vw.proj, a, b)
	if err != nil {
		return nil, err
	}
	actors, err := r.loadActors(ctx, vw, append([]string{a, b}, s.Shared...))
	if err != nil {
		return nil, err
	}
	am := structural(vw, "structural similarity of open neighbourhoods (Jaccard and cosine)")
	am.Normalization = "Jaccard " + similarityFormula(model.SimilarityMeasureJaccard) + "; cosine " + similarityFormula(model.SimilarityMeasureCosine)
	am.Notes = "undirected view"
	return &model.PairSimilarity{A: actors[0], B: actors[1], Jaccard: s.Jaccard, Cosine: s.Cosine, Shared: actors[2:], Method: method(vw, am)}, nil
}
