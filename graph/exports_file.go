package graph

import (
	"context"
	"io"
	"strings"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// exportFile returns the whole network, from one snapshot, as the text of a
// file in format.
func (r *Resolver) exportFile(ctx context.Context, format model.ExportFormat) (string, error) {
	snap, err := r.Store.Snapshot(ctx, false)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch format {
	case model.ExportFormatGraphml:
		err = formats.Export(&b, "graphml", snap)
	case model.ExportFormatGexf:
		err = formats.Export(&b, "gexf", snap)
	case model.ExportFormatNodeLinkJSON:
		err = formats.Export(&b, "json", snap)
	case model.ExportFormatCSVNodes:
		err = formats.ExportCSV(&b, io.Discard, snap)
	case model.ExportFormatCSVEdges:
		err = formats.ExportCSV(io.Discard, &b, snap)
	default:
		err = network.Errorf(network.EINVALID, "export format %q is not known", format)
	}
	if err != nil {
		return "", err
	}
	return b.String(), nil
}
