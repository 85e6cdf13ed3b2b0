package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// ImportData is the resolver for the importData field.
func (r *mutationResolver) ImportData(ctx context.Context, format model.ImportFormat, data string, name *string) (*model.ImportResult, error) {
	c, err := r.readImport(ctx, format, data, importName(format, name))
	if err != nil {
		return nil, err
	}
	return r.write(ctx, c)
}

// UpsertActors is the resolver for the upsertActors field.
func (r *mutationResolver) UpsertActors(ctx context.Context, actors []*network.Actor) (*model.ImportResult, error) {
	return r.write(ctx, &network.Change{Actors: actors})
}

// UpsertTies is the resolver for the upsertTies field.
func (r *mutationResolver) UpsertTies(ctx context.Context, ties []*network.Tie) (*model.ImportResult, error) {
	return r.write(ctx, &network.Change{Ties: ties})
}

// Mutation returns MutationResolver implementation.
func (r *Resolver) Mutation() MutationResolver { return &mutationResolver{r} }

type mutationResolver struct{ *Resolver }
