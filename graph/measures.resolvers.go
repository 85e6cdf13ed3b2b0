package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Centralization is the resolver for the centralization field.
func (r *queryResolver) Centralization(ctx context.Context, metric model.CentralizationMetric, network *model.NetworkSelection) (*model.CentralizationResult, error) {
	return r.centralization(ctx, metric, network)
}

// RichClub is the resolver for the richClub field.
func (r *queryResolver) RichClub(ctx context.Context, network *model.NetworkSelection) (*model.RichClubResult, error) {
	return r.richClub(ctx, network)
}

// SimilarActors is the resolver for the similarActors field.
func (r *queryResolver) SimilarActors(ctx context.Context, id string, measure *model.SimilarityMeasure, top *int, network *model.NetworkSelection) (*model.SimilarActorsResult, error) {
	return r.similarActors(ctx, id, measure, top, network)
}

// Similarity is the resolver for the similarity field.
func (r *queryResolver) Similarity(ctx context.Context, a string, b string, network *model.NetworkSelection) (*model.PairSimilarity, error) {
	return r.similarity(ctx, a, b, network)
}

// KShortestPaths is the resolver for the kShortestPaths field.
func (r *queryResolver) KShortestPaths(ctx context.Context, from string, to string, k *int, network *model.NetworkSelection) (*model.KShortestPathsResult, error) {
	return r.kShortestPaths(ctx, from, to, k, network)
}

// MaxFlow is the resolver for the maxFlow field.
func (r *queryResolver) MaxFlow(ctx context.Context, from string, to string, network *model.NetworkSelection) (*model.MaxFlowResult, error) {
	return r.maxFlow(ctx, from, to, network)
}

// EgoNetwork is the resolver for the egoNetwork field.
func (r *queryResolver) EgoNetwork(ctx context.Context, id string, radius *int, first *int, network *model.NetworkSelection) (*model.EgoNetworkResult, error) {
	return r.egoNetwork(ctx, id, radius, first, network)
}

// NetworkChange is the resolver for the networkChange field.
func (r *queryResolver) NetworkChange(ctx context.Context, from network.Date, to network.Date, metric *model.CentralityMetric, top *int, network *model.NetworkSelection) (*model.NetworkChangeResult, error) {
	return r.networkChange(ctx, from, to, metric, top, network)
}

// TwoMode is the resolver for the twoMode field.
func (r *queryResolver) TwoMode(ctx context.Context, kind model.TwoModeKind, top *int, network *model.NetworkSelection) (*model.TwoModeResult, error) {
	return r.twoMode(ctx, kind, top, network)
}
