package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// NetworkData is the resolver for the networkData field.
func (r *queryResolver) NetworkData(ctx context.Context, network *model.NetworkSelection) (*model.NetworkData, error) {
	return r.networkData(ctx, network)
}
