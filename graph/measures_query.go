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
