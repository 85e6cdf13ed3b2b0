package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Iso3 is the resolver for the iso3 field.
func (r *placeResolver) Iso3(ctx context.Context, obj *network.Place) (*string, error) {
	return placeISO3(obj), nil
}

// Parent is the resolver for the parent field.
func (r *placeResolver) Parent(ctx context.Context, obj *network.Place) (*network.Place, error) {
	return r.placeParent(ctx, obj)
}

// Regions is the resolver for the regions field.
func (r *placeResolver) Regions(ctx context.Context, obj *network.Place) ([]*network.Place, error) {
	return r.placeList(ctx, obj.Regions, network.Region)
}

// Actors is the resolver for the actors field.
func (r *placeResolver) Actors(ctx context.Context, obj *network.Place, kinds []network.ActorKind, orderBy *network.ActorOrder, first *int, after *string) (*model.ActorConnection, error) {
	return r.placeActors(ctx, obj, kinds, orderBy, first, after)
}

// Places is the resolver for the places field.
func (r *queryResolver) Places(ctx context.Context, kind *network.PlaceKind) ([]*network.Place, error) {
	return r.places(ctx, kind)
}

// Place is the resolver for the place field.
func (r *queryResolver) Place(ctx context.Context, id string) (*network.Place, error) {
	return r.place(ctx, id)
}

// Place returns PlaceResolver implementation.
func (r *Resolver) Place() PlaceResolver { return &placeResolver{r} }

type placeResolver struct{ *Resolver }
