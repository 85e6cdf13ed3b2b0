package formats

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// ExportOptions changes what ExportWith writes. The zero value writes the
// network as Export does.
type ExportOptions struct {
	// Directed, when not nil, decides whether the file is written as
	// directed, instead of "directed when any tie is". An analysis view is
	// written with the direction it was analysed with, so that NetworkX
	// reads it as the same Graph or DiGraph.
	Directed *bool
	// Numeric names the attributes of actors and ties, besides weight and
	// funding_amount, whose values are numbers and are declared as such
	// (double in GraphML and GEXF, numbers in node-link JSON): metric
	// columns, community numbers, distances.
	Numeric []string
	// Graph holds attributes of the whole graph: written as GraphML graph
	// data, in the GEXF description and in node-link "graph".
	Graph []network.Attribute
	// Viz gives, by actor ID, the colour, size and position GEXF writes as
	// viz elements, so that Gephi shows the view as it was drawn.
	Viz map[string]Viz
}

// Viz is how one node is drawn: a colour, a size and, when Positioned, a
// position.
type Viz struct {
	R, G, B    uint8
	Size       float64
	X, Y       float64
	Positioned bool
}

// ExportWith writes snap to w in format ("graphml", "gexf" or "json") as
// Export does, changed by opts. EINVALID for any other format.
func ExportWith(w io.Writer, format string, snap *network.Snapshot, opts ExportOptions) error {
	switch strings.ToLower(format) {
	case "graphml":
		return writeGraphML(w, snap, opts)
	case "gexf":
		return writeGEXF(w, snap, opts)
	case "json":
		return writeNodeLink(w, snap, opts)
	}
	return network.Errorf(network.EINVALID, "export format %q is not graphml, gexf or json (CSV is written as two files)", format)
}

// directed reports whether the file of snap is written as directed.
func (o ExportOptions) directed(snap *network.Snapshot) bool {
	if o.Directed != nil {
		return *o.Directed
	}
	return directed(snap.Ties)
}

// numeric reports whether the attribute name holds a number.
func (o ExportOptions) numeric(name string) bool {
	return numeric(name) || slices.Contains(o.Numeric, name)
}

// hexColour writes v's colour as #rrggbb.
func (v Viz) hexColour() string { return fmt.Sprintf("#%02x%02x%02x", v.R, v.G, v.B) }
