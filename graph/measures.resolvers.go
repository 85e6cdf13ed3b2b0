package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// Centralization is the resolver for the centralization field.
func (r *queryResolver) Centralization(ctx context.Context, metric model.CentralizationMetric, network *model.NetworkSelection) (*model.CentralizationResult, error) {
	return r.centralization(ctx, metric, network)
}

// RichClub is the resolver for the richClub field.
func (r *queryResolver) RichClub(ctx context.Context, network *model.NetworkSelection) (*model.RichClubResult, error) {
	return r.richClub(ctx, network)
}
