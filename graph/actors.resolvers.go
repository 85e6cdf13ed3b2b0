package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Scope is the resolver for the scope field.
func (r *actorResolver) Scope(ctx context.Context, obj *network.Actor) (*network.Scope, error) {
	return scope(obj), nil
}

// Regions is the resolver for the regions field.
func (r *actorResolver) Regions(ctx context.Context, obj *network.Actor) ([]*network.Place, error) {
	return r.placeList(ctx, obj.Regions, network.Region)
}

// Countries is the resolver for the countries field.
func (r *actorResolver) Countries(ctx context.Context, obj *network.Actor) ([]*network.Place, error) {
	return r.placeList(ctx, obj.Countries, network.Country)
}

// Ties is the resolver for the ties field.
func (r *actorResolver) Ties(ctx context.Context, obj *network.Actor, kinds []network.TieKind, direction *network.Direction, first *int, after *string) (*model.TieConnection, error) {
	return r.actorTies(ctx, obj.ID, kinds, direction, first, after)
}

// Neighbours is the resolver for the neighbours field.
func (r *actorResolver) Neighbours(ctx context.Context, obj *network.Actor, kinds []network.TieKind, direction *network.Direction) ([]*network.Actor, error) {
	return r.neighbors(ctx, obj.ID, kinds, direction)
}

// Neighbors is the resolver for the neighbors field.
func (r *actorResolver) Neighbors(ctx context.Context, obj *network.Actor, kinds []network.TieKind, direction *network.Direction) ([]*network.Actor, error) {
	return r.neighbors(ctx, obj.ID, kinds, direction)
}

// Actor is the resolver for the actor field.
func (r *queryResolver) Actor(ctx context.Context, id string) (*network.Actor, error) {
	return r.actor(ctx, id)
}

// Actors is the resolver for the actors field.
func (r *queryResolver) Actors(ctx context.Context, filter *network.ActorFilter, orderBy *network.ActorOrder, first *int, after *string) (*model.ActorConnection, error) {
	return r.actors(ctx, filter, orderBy, first, after)
}

// Actor returns ActorResolver implementation.
func (r *Resolver) Actor() ActorResolver { return &actorResolver{r} }

type actorResolver struct{ *Resolver }
