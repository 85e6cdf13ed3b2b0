package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/network"
)

// Search is the resolver for the search field.
func (r *queryResolver) Search(ctx context.Context, query string, first *int) ([]*network.SearchHit, error) {
	return r.search(ctx, query, first)
}
