package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Actor is the resolver for the actor field.
func (r *actorRefResolver) Actor(ctx context.Context, obj *analysis.ActorRef) (*network.Actor, error) {
	return r.refActor(ctx, obj)
}

// Flows is the resolver for the flows field.
func (r *dataSourceResolver) Flows(ctx context.Context, obj *network.DataSource) (int, error) {
	return r.dataSourceFlows(ctx, obj)
}

// Need is the resolver for the need field.
func (r *fundingGapResolver) Need(ctx context.Context, obj *analysis.FundingGap) (*float64, error) {
	return fundingNeed(obj), nil
}

// FundingGaps is the resolver for the fundingGaps field.
func (r *queryResolver) FundingGaps(ctx context.Context, groupBy *analysis.GroupBy, filter *model.GapFilter, need []*model.NeedInput, top *int) ([]*analysis.FundingGap, error) {
	return r.fundingGaps(ctx, groupBy, filter, need, top)
}

// UnderfundedBrokers is the resolver for the underfundedBrokers field.
func (r *queryResolver) UnderfundedBrokers(ctx context.Context, network *model.NetworkSelection, filter *model.GapFilter, samples *int, seed *int, top *int) ([]*analysis.UnderfundedBroker, error) {
	return r.underfundedBrokers(ctx, network, filter, samples, seed, top)
}

// UnfundedPartnerships is the resolver for the unfundedPartnerships field.
func (r *queryResolver) UnfundedPartnerships(ctx context.Context, filter *model.GapFilter, top *int) ([]*analysis.UnfundedPartnership, error) {
	return r.unfundedPartnerships(ctx, filter, top)
}

// TriadCoverage is the resolver for the triadCoverage field.
func (r *queryResolver) TriadCoverage(ctx context.Context, filter *model.GapFilter, minSides *int, top *int) ([]*analysis.RegionTriads, error) {
	return r.triadCoverage(ctx, filter, minSides, top)
}

// DonorConcentration is the resolver for the donorConcentration field.
func (r *queryResolver) DonorConcentration(ctx context.Context, groupBy *analysis.GroupBy, filter *model.GapFilter, top *int) ([]*analysis.Concentration, error) {
	return r.donorConcentration(ctx, groupBy, filter, top)
}

// SinglePointsOfFailure is the resolver for the singlePointsOfFailure field.
func (r *queryResolver) SinglePointsOfFailure(ctx context.Context, network *model.NetworkSelection, top *int) (*analysis.SinglePoints, error) {
	return r.singlePointsOfFailure(ctx, network, top)
}

// SuggestedPartnerships is the resolver for the suggestedPartnerships field.
func (r *queryResolver) SuggestedPartnerships(ctx context.Context, network *model.NetworkSelection, score *analysis.LinkScore, kindsA []network.ActorKind, kindsB []network.ActorKind, top *int) ([]*analysis.Suggestion, error) {
	return r.suggestedPartnerships(ctx, network, score, kindsA, kindsB, top)
}

// DataSources is the resolver for the dataSources field.
func (r *queryResolver) DataSources(ctx context.Context) ([]*network.DataSource, error) {
	return r.dataSources(), nil
}

// ActorRef returns ActorRefResolver implementation.
func (r *Resolver) ActorRef() ActorRefResolver { return &actorRefResolver{r} }

// DataSource returns DataSourceResolver implementation.
func (r *Resolver) DataSource() DataSourceResolver { return &dataSourceResolver{r} }

// FundingGap returns FundingGapResolver implementation.
func (r *Resolver) FundingGap() FundingGapResolver { return &fundingGapResolver{r} }

type (
	actorRefResolver   struct{ *Resolver }
	dataSourceResolver struct{ *Resolver }
	fundingGapResolver struct{ *Resolver }
)
