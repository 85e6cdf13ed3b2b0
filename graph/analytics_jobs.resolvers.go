package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// Result is the resolver for the result field.
func (r *analysisJobResolver) Result(ctx context.Context, obj *model.AnalysisJob, top *int) (*model.CentralityResult, error) {
	return r.jobResult(ctx, obj, top)
}

// Communities is the resolver for the communities field.
func (r *analysisJobResolver) Communities(ctx context.Context, obj *model.AnalysisJob, top *int) (*model.CommunitiesResult, error) {
	return r.jobCommunities(obj, top)
}

// StartAnalysis is the resolver for the startAnalysis field.
func (r *mutationResolver) StartAnalysis(ctx context.Context, metric model.CentralityMetric, network *model.NetworkSelection, options *model.CentralityOptions) (*model.AnalysisJob, error) {
	return r.startAnalysis(ctx, metric, network, options)
}

// StartCommunityAnalysis is the resolver for the startCommunityAnalysis field.
func (r *mutationResolver) StartCommunityAnalysis(ctx context.Context, network *model.NetworkSelection, algorithm *model.CommunityAlgorithm, resolution *float64, seed *int, restarts *int) (*model.AnalysisJob, error) {
	return r.startCommunityAnalysis(ctx, network, algorithm, resolution, seed, restarts)
}

// CancelAnalysis is the resolver for the cancelAnalysis field.
func (r *mutationResolver) CancelAnalysis(ctx context.Context, id string) (*model.AnalysisJob, error) {
	return r.cancelAnalysis(ctx, id)
}

// AnalysisJob is the resolver for the analysisJob field.
func (r *queryResolver) AnalysisJob(ctx context.Context, id string) (*model.AnalysisJob, error) {
	return r.analysisJob(id), nil
}

// AnalysisJob returns AnalysisJobResolver implementation.
func (r *Resolver) AnalysisJob() AnalysisJobResolver { return &analysisJobResolver{r} }

type analysisJobResolver struct{ *Resolver }
