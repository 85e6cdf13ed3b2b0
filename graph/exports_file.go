package graph

import (
	"context"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// MaxExportLayoutNodes is the largest view whose GEXF export carries
// positions: the force-directed layout costs n² a step.
const MaxExportLayoutNodes = 2000

// exportFile returns, from one snapshot, the whole network (ns nil) or the
// analysis view of ns, with the asked metric and community columns, as the
// text of a file in format.
func (r *Resolver) exportFile(ctx context.Context, format model.ExportFormat, ns *model.NetworkSelection, metrics []model.CentralityMetric, community *model.CommunityAlgorithm) (string, error) {
	var (
		snap *network.Snapshot
		opts formats.ExportOptions
		err  error
	)
	if ns == nil && len(metrics) == 0 && community == nil {
		snap, err = r.Store.Snapshot(ctx, false)
	} else {
		snap, opts, err = r.exportView(ctx, format, ns, metrics, community)
	}
	if err != nil {
		return "", err
	}
	var b strings.Builder
	w, done := responseWriter(ctx, &b) // a file past the response limit stops while it is written
	defer done()
	switch format {
	case model.ExportFormatGraphml:
		err = formats.ExportWith(w, "graphml", snap, opts)
	case model.ExportFormatGexf:
		err = formats.ExportWith(w, "gexf", snap, opts)
	case model.ExportFormatNodeLinkJSON:
		err = formats.ExportWith(w, "json", snap, opts)
	case model.ExportFormatCSVNodes:
		err = formats.ExportCSV(w, io.Discard, snap)
	case model.ExportFormatCSVEdges:
		err = formats.ExportCSV(io.Discard, w, snap)
	default:
		err = network.Errorf(network.EINVALID, "export format %q is not known", format)
	}
	var tooLarge errResponseTooLarge
	if errors.As(err, &tooLarge) {
		return "", limitError(CodeResponseTooLarge, "the export would make the response larger than %d bytes (--max-response): export with the export command or a narrower network", tooLarge.max)
	}
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// exportView returns the network to export with metric and community
// columns: the analysis view of ns when ns is given (one edge per pair, or
// per arc when directed), else every stored actor and tie.
func (r *Resolver) exportView(ctx context.Context, format model.ExportFormat, ns *model.NetworkSelection, metrics []model.CentralityMetric, community *model.CommunityAlgorithm) (*network.Snapshot, formats.ExportOptions, error) {
	var opts formats.ExportOptions
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, opts, err
	}
	snap := vw.snap
	if ns != nil {
		snap = viewSnapshot(vw)
		directed := vw.proj.Directed()
		opts.Directed = &directed
		opts.Numeric = []string{"distance", "tie_count"}
		opts.Graph = selectionAttributes(vw)
	}
	columns := map[string][]network.Attribute{} // actor ID -> extra attributes
	var sizeBy map[string]float64
	for _, m := range metrics {
		name := strings.ToLower(string(m))
		if slices.Contains(opts.Numeric, name) {
			continue // asked twice
		}
		_, s, err := r.centralityScores(ctx, m, ns, nil)
		if err != nil {
			return nil, opts, err
		}
		first := sizeBy == nil
		if first {
			sizeBy = map[string]float64{}
		}
		for i, id := range s.IDs {
			if v := s.Values[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				columns[id] = append(columns[id], network.Attribute{Name: name, Value: strconv.FormatFloat(v, 'g', -1, 64)})
				if first {
					sizeBy[id] = v
				}
			}
		}
		opts.Numeric = append(opts.Numeric, name)
	}
	if community != nil {
		_, part, err := r.partition(ctx, ns, community, nil, nil, nil)
		if err != nil {
			return nil, opts, err
		}
		for k, c := range part.Communities {
			for _, id := range c {
				columns[id] = append(columns[id], network.Attribute{Name: "community", Value: strconv.Itoa(k)})
			}
		}
		opts.Numeric = append(opts.Numeric, "community")
	}
	out := &network.Snapshot{Version: snap.Version, Places: snap.Places, Ties: snap.Ties}
	for _, a := range snap.Actors {
		if extra := columns[a.ID]; len(extra) > 0 {
			c := *a
			c.Attributes = append(slices.Clone(a.Attributes), extra...)
			a = &c
		}
		out.Actors = append(out.Actors, a)
	}
	if format == model.ExportFormatGexf && ns != nil {
		if opts.Viz, err = viewViz(ctx, vw, sizeBy); err != nil {
			return nil, opts, err
		}
	}
	return out, opts, nil
}

// viewSnapshot returns the analysis view of vw as a network: its actors,
// and one tie per edge (per arc when directed) with the summed weight, the
// path distance, the selected ties' IDs and kinds.
func viewSnapshot(vw *view) *network.Snapshot {
	p := vw.proj
	ties := arcTies(vw)
	out := &network.Snapshot{Version: vw.version, Places: vw.snap.Places}
	for _, id := range p.IDs() {
		out.Actors = append(out.Actors, snapshotActor(vw.snap, id))
	}
	for i := range p.N() {
		adj, w := p.Out(i)
		for j, v := range adj {
			u, t := p.ID(i), p.ID(int(v))
			if !p.Directed() && t < u {
				continue
			}
			on := ties[[2]string{u, t}]
			var ids []string
			var kinds []network.TieKind
			for _, tie := range on {
				ids = append(ids, tie.ID)
				if !slices.Contains(kinds, tie.Kind) {
					kinds = append(kinds, tie.Kind)
				}
			}
			slices.Sort(kinds)
			// An edge of an undirected view has its ties' kind when they
			// share one. Every edge of a directed view is an arc, so it is
			// an OTHER tie marked directed: read back (by peacegraph or
			// any tool), it stays the one arc it was in the view.
			kind := network.OtherTie
			if len(kinds) == 1 && !p.Directed() {
				kind = kinds[0]
			}
			names := make([]string, len(kinds))
			for k, kd := range kinds {
				names[k] = string(kd)
			}
			sep := "--"
			if p.Directed() {
				sep = "->"
			}
			attrs := []network.Attribute{
				{Name: "distance", Value: strconv.FormatFloat(p.Distance(w[j]), 'g', -1, 64)},
				{Name: "kinds", Value: strings.Join(names, ";")},
				{Name: "tie_count", Value: strconv.Itoa(len(ids))},
				{Name: "ties", Value: strings.Join(ids, ";")},
			}
			if p.Directed() {
				attrs = append([]network.Attribute{{Name: network.DirectedAttribute, Value: "true"}}, attrs...)
			}
			out.Ties = append(out.Ties, &network.Tie{ID: u + sep + t, Kind: kind, From: u, To: t, Weight: w[j], Attributes: attrs})
		}
	}
	return out
}

// arcTies returns the selected ties of each arc of the view, keyed by the
// pair as the view's edges are (From, To when directed; the lower ID first
// when not), in snapshot order.
func arcTies(vw *view) map[[2]string][]*network.Tie {
	out := map[[2]string][]*network.Tie{}
	for _, t := range vw.snap.Ties {
		if t == nil || len(vw.sel.TieKinds) > 0 && !slices.Contains(vw.sel.TieKinds, t.Kind) || !t.ActiveAt(vw.sel.AsOf) || t.From == t.To {
			continue
		}
		if vw.proj.Index(t.From) < 0 || vw.proj.Index(t.To) < 0 {
			continue
		}
		u, v := t.From, t.To
		switch {
		case !vw.sel.Directed && v < u:
			u, v = v, u
		case vw.sel.Directed && !t.Directed():
			out[[2]string{v, u}] = append(out[[2]string{v, u}], t)
		}
		out[[2]string{u, v}] = append(out[[2]string{u, v}], t)
	}
	return out
}

// selectionAttributes describes the selection of vw as graph attributes.
func selectionAttributes(vw *view) []network.Attribute {
	sel := vw.sel
	join := func(xs []string) string { return strings.Join(xs, ";") }
	var tieKinds, actorKinds []string
	for _, k := range sel.TieKinds {
		tieKinds = append(tieKinds, string(k))
	}
	for _, k := range sel.ActorKinds {
		actorKinds = append(actorKinds, string(k))
	}
	weight := string(sel.Weight)
	if weight == "" {
		weight = string(analysis.WeightNone)
	}
	attrs := []network.Attribute{
		{Name: "data_version", Value: strconv.FormatUint(vw.version, 10)},
		{Name: "directed", Value: strconv.FormatBool(sel.Directed)},
		{Name: "weight_mode", Value: weight},
		{Name: "tie_kinds", Value: join(tieKinds)},
		{Name: "actor_kinds", Value: join(actorKinds)},
		{Name: "regions", Value: join(sel.Regions)},
		{Name: "as_of", Value: string(sel.AsOf)},
	}
	return slices.DeleteFunc(attrs, func(a network.Attribute) bool { return a.Value == "" })
}

// kindColours are the viz colours of actor kinds in GEXF views: the
// Okabe-Ito palette, which colour-blind readers can tell apart.
var kindColours = map[network.ActorKind][3]uint8{
	network.UNEntity:             {0, 114, 178},
	network.RegionalOrganization: {230, 159, 0},
	network.CivilSociety:         {0, 158, 115},
	network.Donor:                {204, 121, 167},
	network.FinancialInstitution: {213, 94, 0},
	network.Government:           {86, 180, 233},
	network.Programme:            {240, 228, 66},
	network.Research:             {0, 0, 0},
	network.OtherActor:           {153, 153, 153},
}

// viewViz returns the viz of each actor of vw: colour by kind, size from
// sizeBy (the first metric's finite values by actor ID, scaled to 1..20; 10
// without one) and, for views of at most MaxExportLayoutNodes actors, the
// networkGraph layout's position.
func viewViz(ctx context.Context, vw *view, sizeBy map[string]float64) (map[string]formats.Viz, error) {
	p := vw.proj
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range sizeBy {
		lo, hi = min(lo, v), max(hi, v)
	}
	var x, y []float64
	if p.N() <= MaxExportLayoutNodes {
		var pairs [][2]int
		for i := range p.N() {
			adj, _ := p.Out(i)
			for _, v := range adj {
				if int(v) > i || p.Directed() {
					pairs = append(pairs, [2]int{i, int(v)})
				}
			}
		}
		var err error
		if x, y, err = analysis.Layout(ctx, p.N(), pairs); err != nil {
			return nil, err
		}
	}
	out := make(map[string]formats.Viz, p.N())
	for i, id := range p.IDs() {
		c := kindColours[p.Kind(i)]
		v := formats.Viz{R: c[0], G: c[1], B: c[2], Size: 10}
		if s, ok := sizeBy[id]; ok && hi > lo {
			v.Size = 1 + 19*(s-lo)/(hi-lo)
		}
		if x != nil {
			v.X, v.Y, v.Positioned = 1000*x[i], 1000*y[i], true
		}
		out[id] = v
	}
	return out, nil
}
