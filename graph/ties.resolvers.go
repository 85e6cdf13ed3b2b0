package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Ties is the resolver for the ties field.
func (r *queryResolver) Ties(ctx context.Context, filter *network.TieFilter, first *int, after *string) (*model.TieConnection, error) {
	return r.ties(ctx, filter, first, after)
}

// Symmetric is the resolver for the symmetric field.
func (r *tieResolver) Symmetric(ctx context.Context, obj *network.Tie) (bool, error) {
	return !obj.Directed(), nil
}

// From is the resolver for the from field.
func (r *tieResolver) From(ctx context.Context, obj *network.Tie) (*network.Actor, error) {
	return r.tieEnd(ctx, obj, obj.From)
}

// To is the resolver for the to field.
func (r *tieResolver) To(ctx context.Context, obj *network.Tie) (*network.Actor, error) {
	return r.tieEnd(ctx, obj, obj.To)
}

// Tie returns TieResolver implementation.
func (r *Resolver) Tie() TieResolver { return &tieResolver{r} }

type tieResolver struct{ *Resolver }
