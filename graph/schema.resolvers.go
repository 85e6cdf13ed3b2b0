package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// Node is the resolver for the node field.
func (r *queryResolver) Node(ctx context.Context, id string) (model.Node, error) {
	return r.node(ctx, id)
}

// NetworkStats is the resolver for the networkStats field.
func (r *queryResolver) NetworkStats(ctx context.Context) (*model.NetworkStats, error) {
	return r.networkStats(ctx)
}

// Query returns QueryResolver implementation.
func (r *Resolver) Query() QueryResolver { return &queryResolver{r} }

type queryResolver struct{ *Resolver }
