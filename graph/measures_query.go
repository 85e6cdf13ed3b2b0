package graph

import (
	"context"
	"fmt"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// This file holds what the resolvers of measures.graphqls call.

// undirectedUnweighted returns a copy of ns read undirected and without
// weights.
func undirectedUnweighted(ns *model.NetworkSelection) *model.NetworkSelection {
	var out model.NetworkSelection
	if ns != nil {
		out = *ns
	}
	f, none := false, analysis.WeightNone
	out.Directed, out.Weight = &f, &none
	return &out
}

// centralization is Freeman's centralization of metric over the
// undirected, unweighted view of the selection ns, from the (cached)
// centrality scores.
func (r *Resolver) centralization(ctx context.Context, metric model.CentralizationMetric, ns *model.NetworkSelection) (*model.CentralizationResult, error) {
	vw, s, err := r.centralityScores(ctx, model.CentralityMetric(metric), undirectedUnweighted(ns), nil)
	if err != nil {
		return nil, err
	}
	c, err := analysis.FreemanCentralization(analysis.CentralizationKind(metric), s.Values)
	if err != nil {
		return nil, err
	}
	m := s.Method
	m.Algorithm = "Freeman centralization of " + m.Algorithm
	m.Normalization = c.Normalization
	m.Notes = joinNotes(m.Notes, "undirected, unweighted view of the selection")
	return &model.CentralizationResult{Metric: metric, Value: finite(c.Value), Sum: c.Sum, StarSum: c.StarSum,
		Actors: len(s.Values), Method: method(vw, m)}, nil
}

// richClub is the rich-club coefficient of the selection by degree.
func (r *Resolver) richClub(ctx context.Context, ns *model.NetworkSelection) (*model.RichClubResult, error) {
	vw, levels, err := cachedResult(ctx, r, ns, "rich club", func(_ context.Context, vw *view) ([]analysis.RichClub, error) {
		return analysis.RichClubCoefficient(vw.proj), nil
	})
	if err != nil {
		return nil, err
	}
	m := structural(vw, "rich-club coefficient (unnormalized)")
	m.Normalization = "2·E_k/(N_k(N_k − 1)); not divided by a randomised network's"
	m.Notes = "undirected view; degree counts distinct neighbours"
	out := &model.RichClubResult{Levels: make([]*model.RichClubLevel, len(levels)), Method: method(vw, m)}
	for i, l := range levels {
		out.Levels[i] = &model.RichClubLevel{Degree: l.Degree, Actors: l.Actors, Ties: l.Ties, Coefficient: l.Coefficient}
	}
	return out, nil
}

// similarActors ranks the actors most similar to id.
func (r *Resolver) similarActors(ctx context.Context, id string, measure *model.SimilarityMeasure, top *int, ns *model.NetworkSelection) (*model.SimilarActorsResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	m := model.SimilarityMeasureJaccard
	if measure != nil {
		m = *measure
	}
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	all, err := analysis.MostSimilar(ctx, vw.proj, id, analysis.SimilarityMeasure(m), 0)
	if err != nil {
		return nil, err
	}
	ranked := all[:min(n, len(all))]
	ids := []string{id}
	for _, s := range ranked {
		ids = append(ids, s.ID)
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	am := structural(vw, "structural similarity of open neighbourhoods ("+string(m)+")")
	am.Normalization = similarityFormula(m)
	am.Notes = "undirected view; actors sharing no partner are left out"
	out := &model.SimilarActorsResult{Actor: actors[0], Measure: m, Count: len(all), Items: make([]*model.SimilarActor, len(ranked)), Method: method(vw, am)}
	for i, s := range ranked {
		score := s.Jaccard
		if m == model.SimilarityMeasureCosine {
			score = s.Cosine
		}
		out.Items[i] = &model.SimilarActor{Rank: i + 1, Score: score, Jaccard: s.Jaccard, Cosine: s.Cosine, Shared: len(s.Shared), Actor: actors[i+1]}
	}
	return out, nil
}

func similarityFormula(m model.SimilarityMeasure) string {
	if m == model.SimilarityMeasureCosine {
		return "|N(a) ∩ N(b)|/√(|N(a)|·|N(b)|)"
	}
	return "|N(a) ∩ N(b)|/|N(a) ∪ N(b)|"
}

// similarity compares the neighbourhoods of a and b.
func (r *Resolver) similarity(ctx context.Context, a, b string, ns *model.NetworkSelection) (*model.PairSimilarity, error) {
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	s, err := analysis.PairSimilarity(vw.proj, a, b)
	if err != nil {
		return nil, err
	}
	actors, err := r.loadActors(ctx, vw, append([]string{a, b}, s.Shared...))
	if err != nil {
		return nil, err
	}
	am := structural(vw, "structural similarity of open neighbourhoods (Jaccard and cosine)")
	am.Normalization = "Jaccard " + similarityFormula(model.SimilarityMeasureJaccard) + "; cosine " + similarityFormula(model.SimilarityMeasureCosine)
	am.Notes = "undirected view"
	return &model.PairSimilarity{A: actors[0], B: actors[1], Jaccard: s.Jaccard, Cosine: s.Cosine, Shared: actors[2:], Method: method(vw, am)}, nil
}

// kShortestPaths returns the k shortest loopless paths from one actor to
// another with the ties along them.
func (r *Resolver) kShortestPaths(ctx context.Context, from, to string, k *int, ns *model.NetworkSelection) (*model.KShortestPathsResult, error) {
	n := 10
	if k != nil {
		n = *k
	}
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	paths, err := analysis.KShortestPaths(ctx, vw.proj, from, to, n)
	if err != nil {
		return nil, err
	}
	algo := "k shortest loopless paths (Yen, breadth-first spur searches)"
	if vw.sel.Weight != analysis.WeightNone {
		algo = "k shortest loopless paths (Yen, Dijkstra spur searches)"
	}
	m := structural(vw, algo)
	m.Notes = "paths of one length ordered by the actor IDs along them"
	out := &model.KShortestPathsResult{Method: method(vw, m)}
	out.Paths, err = r.modelPaths(ctx, vw, paths)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// modelPaths converts paths with their actors and the selected ties
// between consecutive actors.
func (r *Resolver) modelPaths(ctx context.Context, vw *view, paths []analysis.Path) ([]*model.Path, error) {
	out := []*model.Path{}
	if len(paths) == 0 {
		return out, nil
	}
	var ids []string
	for _, p := range paths {
		ids = append(ids, p.Actors...)
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	ties, err := r.pathTies(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		path := &model.Path{Length: p.Length, Actors: actors[:len(p.Actors)], Ties: []*network.Tie{}}
		actors = actors[len(p.Actors):]
		for i := 1; i < len(p.Actors); i++ {
			path.Ties = append(path.Ties, ties.between(p.Actors[i-1], p.Actors[i], vw.sel.Directed)...)
		}
		out = append(out, path)
	}
	return out, nil
}

// maxFlow counts the independent paths between two actors, with the
// minimum cuts and the ties of the tie cut.
func (r *Resolver) maxFlow(ctx context.Context, from, to string, ns *model.NetworkSelection) (*model.MaxFlowResult, error) {
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	f, err := analysis.MaxFlow(ctx, vw.proj, from, to)
	if err != nil {
		return nil, err
	}
	ids := append([]string{from, to}, f.NodeCut...)
	for _, e := range f.EdgeCut {
		ids = append(ids, e[0], e[1])
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	var ends []string
	for _, e := range f.EdgeCut {
		ends = append(ends, e[0])
	}
	ties, err := r.pathTies(ctx, vw, ends)
	if err != nil {
		return nil, err
	}
	m := structural(vw, "maximum flow (Edmonds-Karp) over unit capacities per tie and per actor")
	m.Normalization = "none: counts of paths"
	m.Notes = "weights not read; the cuts are the minimum cuts nearest the second actor"
	if !vw.sel.Directed {
		m.Notes += "; undirected view: a tie carries one unit each way"
	}
	out := &model.MaxFlowResult{From: actors[0], To: actors[1], TieIndependentPaths: f.EdgePaths, ActorIndependentPaths: f.NodePaths,
		Adjacent: f.Adjacent, ActorCut: actors[2 : 2+len(f.NodeCut)], TieCut: []*model.CutPair{}, Method: method(vw, m)}
	rest := actors[2+len(f.NodeCut):]
	for i, e := range f.EdgeCut {
		out.TieCut = append(out.TieCut, &model.CutPair{From: rest[2*i], To: rest[2*i+1], Ties: ties.between(e[0], e[1], vw.sel.Directed)})
	}
	return out, nil
}

// egoNetwork returns actor id's ego network within radius and the ego's
// measures in it.
func (r *Resolver) egoNetwork(ctx context.Context, id string, radius, first *int, ns *model.NetworkSelection) (*model.EgoNetworkResult, error) {
	rad := 1
	if radius != nil {
		rad = *radius
	}
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	vw, e, err := cachedResult(ctx, r, ns, fmt.Sprintf("ego network %q radius %d", id, rad), func(ctx context.Context, vw *view) (*analysis.Ego, error) {
		return analysis.EgoNetwork(ctx, vw.proj, id, rad)
	})
	if err != nil {
		return nil, err
	}
	listed := e.Actors[:min(n, len(e.Actors))]
	ids := make([]string, len(listed))
	for i, h := range listed {
		ids[i] = h.ID
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	m := structural(vw, "ego network (nx.ego_graph) with Burt's effective size and constraint and ego betweenness (Brandes)")
	m.Notes = "direction ignored"
	out := &model.EgoNetworkResult{Actor: actors[0], Radius: rad, Size: len(e.Actors), Actors: make([]*model.HopActor, len(listed)),
		Ties: e.Ties, Density: finite(e.Density), Degree: e.Degree, EffectiveSize: finite(e.EffectiveSize), Efficiency: finite(e.Efficiency),
		Constraint: finite(e.Constraint), BrokeragePairs: e.BrokeragePairs, EgoBetweenness: e.Betweenness, Method: method(vw, m)}
	for i, h := range listed {
		out.Actors[i] = &model.HopActor{Hops: h.Hops, Actor: actors[i]}
	}
	return out, nil
}

// networkChange compares the selection ns read at two dates.
func (r *Resolver) networkChange(ctx context.Context, from, to network.Date, metric *model.CentralityMetric, top *int, ns *model.NetworkSelection) (*model.NetworkChangeResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	if ns != nil && ns.AsOf != nil {
		return nil, network.Errorf(network.EINVALID, "network.asOf must not be set: networkChange reads the network at from and at to")
	}
	m := model.CentralityMetricDegree
	if metric != nil {
		m = *metric
	}
	at := func(d network.Date) *model.NetworkSelection {
		var s model.NetworkSelection
		if ns != nil {
			s = *ns
		}
		s.AsOf = &d
		return &s
	}
	vwA, sa, err := r.centralityScores(ctx, m, at(from), nil)
	if err != nil {
		return nil, err
	}
	vwB, sb, err := r.centralityScores(ctx, m, at(to), nil)
	if err != nil {
		return nil, err
	}
	ch, err := analysis.Change(vwA.proj, vwB.proj, vwA.snap, vwB.snap, sa, sb)
	if err != nil {
		return nil, err
	}
	out := &model.NetworkChangeResult{From: from, To: to, ActorsFrom: ch.ActorsFrom, ActorsTo: ch.ActorsTo, TiesFrom: ch.TiesFrom, TiesTo: ch.TiesTo,
		Metric: m, Method: method(vwB, sb.Method)}
	if out.Gained, err = r.tiesByID(ctx, vwB, ch.Gained); err != nil {
		return nil, err
	}
	if out.Lost, err = r.tiesByID(ctx, vwA, ch.Lost); err != nil {
		return nil, err
	}
	if out.Entering, err = r.loadActors(ctx, vwB, ch.Entering); err != nil {
		return nil, err
	}
	if out.Leaving, err = r.loadActors(ctx, vwA, ch.Leaving); err != nil {
		return nil, err
	}
	ranked := ch.Ranks[:min(n, len(ch.Ranks))]
	ids := make([]string, len(ranked))
	for i, rc := range ranked {
		ids[i] = rc.ID
	}
	actors, err := r.loadActors(ctx, vwB, ids)
	if err != nil {
		return nil, err
	}
	out.RankChanges = make([]*model.RankChange, len(ranked))
	for i, rc := range ranked {
		out.RankChanges[i] = &model.RankChange{Actor: actors[i], FromRank: rc.FromRank, ToRank: rc.ToRank, Rise: rc.Rise(),
			FromValue: finite(rc.FromValue), ToValue: finite(rc.ToValue)}
	}
	out.Method.Notes = joinNotes(out.Method.Notes, fmt.Sprintf("ranks among the actors with a tie at each date; the metric read at %s and at %s", from, to))
	return out, nil
}

// tiesByID returns the ties of vw's snapshot with the given IDs (sorted),
// with their sources, through the request's loader.
func (r *Resolver) tiesByID(ctx context.Context, vw *view, ids []string) ([]*network.Tie, error) {
	out := []*network.Tie{}
	if len(ids) == 0 {
		return out, nil
	}
	want := make(map[string]*network.Tie, len(ids))
	for _, id := range ids {
		want[id] = nil
	}
	var ends []string
	for _, t := range vw.snap.Ties {
		if _, ok := want[t.ID]; ok && t != nil {
			want[t.ID] = t
			ends = append(ends, t.From)
		}
	}
	idx, err := r.pathTies(ctx, vw, ends)
	if err != nil {
		return nil, err
	}
	for _, ts := range idx {
		for _, t := range ts {
			if _, ok := want[t.ID]; ok {
				want[t.ID] = t
			}
		}
	}
	for _, id := range ids {
		if t := want[id]; t != nil {
			out = append(out, t)
		}
	}
	return out, nil
}

// twoMode reads the two-mode network of kind from the selection and
// projects it onto the actors.
func (r *Resolver) twoMode(ctx context.Context, kind model.TwoModeKind, top *int, ns *model.NetworkSelection) (*model.TwoModeResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	vw, tm, err := cachedResult(ctx, r, ns, "two-mode "+string(kind), func(ctx context.Context, vw *view) (*analysis.TwoMode, error) {
		return analysis.TwoModeNetwork(ctx, vw.proj, vw.snap, analysis.TwoModeKind(kind))
	})
	if err != nil {
		return nil, err
	}
	listed := tm.Ties[:min(n, len(tm.Ties))]
	var ids []string
	for _, pt := range listed {
		ids = append(ids, pt.A, pt.B)
		if kind == model.TwoModeKindEvents {
			ids = append(ids, pt.Items...)
		}
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	m := structural(vw, "two-mode network projected onto the actors (nx.bipartite.weighted_projected_graph)")
	m.Normalization = "none: weight = number of shared " + map[model.TwoModeKind]string{model.TwoModeKindEvents: "events", model.TwoModeKindActivities: "activities"}[kind]
	m.Notes = "links read from ORGANIZED and PARTICIPATED ties to EVENT actors"
	if kind == model.TwoModeKindActivities {
		m.Notes = "links read from FUNDING ties' IATI activity IDs, donor = the tie's source"
	}
	out := &model.TwoModeResult{Kind: kind, Actors: len(tm.Actors), Items: len(tm.Items), Links: tm.Links, Count: len(tm.Ties),
		Ties: make([]*model.TwoModeTie, len(listed)), Method: method(vw, m)}
	for i, pt := range listed {
		t := &model.TwoModeTie{A: actors[0], B: actors[1], Weight: pt.Weight(), Shared: pt.Items, Events: []*network.Actor{}, TieIds: pt.Ties}
		actors = actors[2:]
		if kind == model.TwoModeKindEvents {
			t.Events, actors = actors[:len(pt.Items)], actors[len(pt.Items):]
		}
		out.Ties[i] = t
	}
	return out, nil
}
