package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// Search is the resolver for the search field.
func (r *queryResolver) Search(ctx context.Context, query string, first *int, after *string) (*model.SearchConnection, error) {
	return r.search(ctx, query, first, after)
}
