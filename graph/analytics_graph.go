package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// drawing is a NetworkGraph before its actors are loaded.
type drawing struct {
	ids    []string
	scores []float64
	x, y   []float64
	edges  []*model.GraphEdge
	method analysis.Method
}

// networkGraph returns the top actors by metric with the edges among them
// and their layout.
func (r *Resolver) networkGraph(ctx context.Context, ns *model.NetworkSelection, metric *model.CentralityMetric, top *int, options *model.CentralityOptions, around []string, hops *int) (*model.NetworkGraph, error) {
	n, err := topArg(top, DefaultGraphTop)
	if err != nil {
		return nil, err
	}
	h := 1
	if hops != nil {
		h = *hops
	}
	if h < 0 || h > MaxHops {
		return nil, network.Errorf(network.EINVALID, "hops must be between 0 and %d, got %d", MaxHops, h)
	}
	opts, err := centralityOpts(options)
	if err != nil {
		return nil, err
	}
	m := model.CentralityMetricDegree
	if metric != nil {
		m = *metric
	}
	a := r.analytics()
	vw, err := a.view(ctx, selection(ns))
	if err != nil {
		return nil, err
	}
	s, err := a.scores(ctx, vw, m, opts)
	if err != nil {
		return nil, err
	}
	var within map[string]bool // the actors that may be drawn; all when nil
	key := fmt.Sprintf("graph|%s|top=%d", opts.key(m, vw.proj.N()), n)
	if len(around) > 0 {
		found, err := analysis.Neighbourhood(ctx, vw.proj, around, h)
		if err != nil {
			return nil, err
		}
		within = make(map[string]bool, len(found))
		ids := make([]string, len(found))
		for i, f := range found {
			within[f.ID] = true
			ids[i] = f.ID
		}
		slices.Sort(ids)
		key += fmt.Sprintf("|hops=%d|around=%q", h, ids)
	}
	v, err := a.result(ctx, vw, key, func(ctx context.Context) (any, error) {
		return draw(ctx, vw, s, n, within)
	})
	if err != nil {
		return nil, err
	}
	d := v.(*drawing)
	actors, err := r.loadActors(ctx, vw, d.ids)
	if err != nil {
		return nil, err
	}
	out := &model.NetworkGraph{Nodes: make([]*model.GraphNode, len(d.ids)), Edges: d.edges, Method: method(vw, d.method)}
	for i, id := range d.ids {
		out.Nodes[i] = &model.GraphNode{ID: id, Actor: actors[i], Score: finite(d.scores[i]), Rank: i + 1, X: d.x[i], Y: d.y[i]}
	}
	return out, nil
}

// draw keeps the top n actors of s (of those within, when it is not nil),
// the edges among them and a layout.
func draw(ctx context.Context, vw *view, s *analysis.Scores, n int, within map[string]bool) (*drawing, error) {
	p := vw.proj
	ranked := s.Ranked(0)
	if within != nil {
		ranked = slices.DeleteFunc(ranked, func(x analysis.Score) bool { return !within[x.ID] })
	}
	ranked = ranked[:min(n, len(ranked))]
	d := &drawing{method: s.Method, edges: []*model.GraphEdge{}}
	node := map[int]int{} // projection node -> drawing node
	for i, x := range ranked {
		d.ids = append(d.ids, x.ID)
		d.scores = append(d.scores, x.Value)
		node[p.Index(x.ID)] = i
	}
	kinds, tieIDs := edgeKinds(vw)
	var pairs [][2]int
	for i, id := range d.ids {
		adj, w := p.Out(p.Index(id))
		for j, v := range adj {
			k, ok := node[int(v)]
			if !ok || !p.Directed() && d.ids[k] < id {
				continue
			}
			pairs = append(pairs, [2]int{i, k})
			d.edges = append(d.edges, &model.GraphEdge{From: id, To: d.ids[k], Source: id, Target: d.ids[k], Weight: w[j], Kinds: kinds[[2]string{id, d.ids[k]}], TieIds: tieIDs[[2]string{id, d.ids[k]}]})
		}
	}
	slices.SortFunc(d.edges, func(a, b *model.GraphEdge) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return strings.Compare(a.Target, b.Target)
	})
	var err error
	if d.x, d.y, err = analysis.Layout(ctx, len(d.ids), pairs); err != nil {
		return nil, err
	}
	d.method.Notes = joinNotes(d.method.Notes, fmt.Sprintf("layout: Fruchterman-Reingold, %d steps from a circle in rank order, scaled to [-1, 1]", analysis.LayoutIterations))
	return d, nil
}

// edgeKinds returns the kinds and the IDs of the selected ties of each arc
// of the view (both orders of a pair when undirected or the kind is
// symmetric), sorted.
func edgeKinds(vw *view) (map[[2]string][]network.TieKind, map[[2]string][]string) {
	out := map[[2]string][]network.TieKind{}
	ids := map[[2]string][]string{}
	add := func(u, v string, t *network.Tie) {
		key := [2]string{u, v}
		if !slices.Contains(out[key], t.Kind) {
			out[key] = append(out[key], t.Kind)
			slices.Sort(out[key])
		}
		ids[key] = append(ids[key], t.ID)
	}
	for _, t := range vw.snap.Ties {
		if t == nil || len(vw.sel.TieKinds) > 0 && !slices.Contains(vw.sel.TieKinds, t.Kind) || !t.ActiveAt(vw.sel.AsOf) {
			continue
		}
		if vw.proj.Index(t.From) < 0 || vw.proj.Index(t.To) < 0 {
			continue
		}
		add(t.From, t.To, t)
		if !vw.sel.Directed || !t.Directed() {
			add(t.To, t.From, t)
		}
	}
	for _, l := range ids {
		slices.Sort(l)
	}
	return out, ids
}

// joinNotes joins two notes with "; ", leaving out empty ones.
func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
