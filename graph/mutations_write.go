package graph

import (
	"context"
	"path"
	"strings"
	"time"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// importName returns the file name an import cites: name without any
// directory, or "import" with the format's usual extension when it is empty.
func importName(format model.ImportFormat, name *string) string {
	if name != nil {
		if n := path.Base(strings.ReplaceAll(strings.TrimSpace(*name), `\`, "/")); n != "" && n != "." && n != "/" {
			return n
		}
	}
	switch format {
	case model.ImportFormatGexf:
		return "import.gexf"
	case model.ImportFormatCSVEdges:
		return "import.csv"
	case model.ImportFormatNodeLinkJSON:
		return "import.json"
	case model.ImportFormatIatiXML:
		return "import.xml"
	}
	return "import.graphml"
}

// readImport reads data, a file in format named name, into a validated
// change. IATI organisations are matched to the actors stored now, and the
// report flags the actors that look like stored ones (formats.FlagLookalikes).
// EINVALID naming the line or element for a bad file.
func (r *Resolver) readImport(ctx context.Context, format model.ImportFormat, data, name string) (*network.Change, error) {
	snap, err := r.Store.Snapshot(ctx, false)
	if err != nil {
		return nil, err
	}
	c, err := readFile(format, data, name, snap.Actors)
	if err != nil {
		return nil, err
	}
	if c.Import == nil {
		c.Import = formats.ImportRecord(importFormats[format], name, c)
	}
	formats.FlagLookalikes(c, snap.Actors)
	return c, nil
}

// importFormats names each import format as an ImportRecord does.
var importFormats = map[model.ImportFormat]string{
	model.ImportFormatGraphml:      "graphml",
	model.ImportFormatGexf:         "gexf",
	model.ImportFormatCSVEdges:     "csv",
	model.ImportFormatNodeLinkJSON: "node-link-json",
	model.ImportFormatIatiXML:      "iati",
}

// readFile reads data, a file in format named name; IATI organisations
// are matched to stored.
func readFile(format model.ImportFormat, data, name string, stored []*network.Actor) (*network.Change, error) {
	switch format {
	case model.ImportFormatGraphml:
		return formats.ReadGraphML(strings.NewReader(data), name)
	case model.ImportFormatGexf:
		return formats.ReadGEXF(strings.NewReader(data), name)
	case model.ImportFormatCSVEdges:
		return formats.ReadCSV(nil, "", strings.NewReader(data), name)
	case model.ImportFormatNodeLinkJSON:
		return formats.ReadNodeLink(strings.NewReader(data), name)
	case model.ImportFormatIatiXML:
		return formats.ReadIATI(strings.NewReader(data), name, stored)
	}
	return nil, network.Errorf(network.EINVALID, "import format %q is not known", format)
}

// write stores c in one transaction and says what it wrote, with the data
// version after the write.
func (r *Resolver) write(ctx context.Context, c *network.Change) (*model.ImportResult, error) {
	formats.Normalize(c)
	if err := r.Store.Apply(ctx, c); err != nil {
		return nil, err
	}
	// The write is stored: its answer must not fail because the request's
	// time ran out meanwhile.
	vctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	v, err := r.Store.Version(vctx)
	if err != nil {
		return nil, err
	}
	return &model.ImportResult{Actors: len(c.Actors), Ties: len(c.Ties), Places: len(c.Places), DataVersion: v, Import: c.Import}, nil
}
