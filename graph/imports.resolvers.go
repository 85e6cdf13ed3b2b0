package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/network"
)

// Imports is the resolver for the imports field.
func (r *queryResolver) Imports(ctx context.Context, first *int) ([]*network.ImportRecord, error) {
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	return r.Store.Imports(ctx, n)
}
