package graph

import (
	"context"

	"github.com/peacegraph/peacegraph/graph/model"
)

// Export is the resolver for the export field.
func (r *queryResolver) Export(ctx context.Context, format model.ExportFormat, network *model.NetworkSelection, metrics []model.CentralityMetric, community *model.CommunityAlgorithm) (string, error) {
	return r.exportFile(ctx, format, network, metrics, community)
}
