package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Centrality is the resolver for the centrality field.
func (r *actorResolver) Centrality(ctx context.Context, obj *network.Actor, metric model.CentralityMetric, network *model.NetworkSelection, options *model.CentralityOptions) (*float64, error) {
	return r.actorCentrality(ctx, obj.ID, metric, network, options)
}

// Actors is the resolver for the actors field.
func (r *componentResolver) Actors(ctx context.Context, obj *model.Component, first *int) ([]*network.Actor, error) {
	return r.componentActors(ctx, obj, first)
}

// Centrality is the resolver for the centrality field.
func (r *queryResolver) Centrality(ctx context.Context, metric model.CentralityMetric, network *model.NetworkSelection, top *int, options *model.CentralityOptions) (*model.CentralityResult, error) {
	return r.centrality(ctx, metric, network, top, options)
}

// NetworkStatistics is the resolver for the networkStatistics field.
func (r *queryResolver) NetworkStatistics(ctx context.Context, network *model.NetworkSelection) (*model.NetworkStatistics, error) {
	return r.networkStatistics(ctx, network)
}

// TriadCensus is the resolver for the triadCensus field.
func (r *queryResolver) TriadCensus(ctx context.Context, network *model.NetworkSelection) (*model.TriadCensusResult, error) {
	return r.triadCensus(ctx, network)
}

// Components is the resolver for the components field.
func (r *queryResolver) Components(ctx context.Context, network *model.NetworkSelection, strong *bool, top *int) (*model.ComponentsResult, error) {
	return r.components(ctx, network, strong, top)
}

// CutPoints is the resolver for the cutPoints field.
func (r *queryResolver) CutPoints(ctx context.Context, network *model.NetworkSelection) (*model.CutPointsResult, error) {
	return r.cutPoints(ctx, network)
}

// Mixing is the resolver for the mixing field.
func (r *queryResolver) Mixing(ctx context.Context, network *model.NetworkSelection) (*model.MixingResult, error) {
	return r.mixing(ctx, network)
}

// Communities is the resolver for the communities field.
func (r *queryResolver) Communities(ctx context.Context, network *model.NetworkSelection, algorithm *model.CommunityAlgorithm, resolution *float64, seed *int, restarts *int, top *int) (*model.CommunitiesResult, error) {
	return r.communities(ctx, network, algorithm, resolution, seed, restarts, top)
}

// Brokerage is the resolver for the brokerage field.
func (r *queryResolver) Brokerage(ctx context.Context, network *model.NetworkSelection, top *int, groupBy *analysis.BrokerageGroup) (*model.BrokerageResult, error) {
	return r.brokerage(ctx, network, top, groupBy)
}

// ShortestPaths is the resolver for the shortestPaths field.
func (r *queryResolver) ShortestPaths(ctx context.Context, from string, to string, network *model.NetworkSelection, all *bool) (*model.ShortestPathsResult, error) {
	return r.shortestPaths(ctx, from, to, network, all)
}

// Neighbourhood is the resolver for the neighbourhood field.
func (r *queryResolver) Neighbourhood(ctx context.Context, ids []string, hops int, network *model.NetworkSelection) (*model.NeighbourhoodResult, error) {
	return r.neighbourhood(ctx, ids, hops, network)
}

// NetworkGraph is the resolver for the networkGraph field.
func (r *queryResolver) NetworkGraph(ctx context.Context, network *model.NetworkSelection, metric *model.CentralityMetric, top *int, options *model.CentralityOptions, around []string, hops *int) (*model.NetworkGraph, error) {
	return r.networkGraph(ctx, network, metric, top, options, around, hops)
}

// Component returns ComponentResolver implementation.
func (r *Resolver) Component() ComponentResolver { return &componentResolver{r} }

type componentResolver struct{ *Resolver }
