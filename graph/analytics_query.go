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

// This file holds what the analytics resolvers call: each converts the
// arguments, takes the cached view of the selection, calls the analysis
// package (through the cache) and converts the result.

// analytics returns the resolver's Analytics, or an uncached one over the
// store when the resolver was built without one.
func (r *Resolver) analytics() *Analytics {
	if r.Analytics != nil {
		return r.Analytics
	}
	return NewAnalytics(r.Store, AnalyticsOptions{})
}

// selectionView returns the analytics and their view of the selection ns.
func (r *Resolver) selectionView(ctx context.Context, ns *model.NetworkSelection) (*Analytics, *view, error) {
	a := r.analytics()
	vw, err := a.view(ctx, selection(ns))
	if err != nil {
		return nil, nil, err
	}
	return a, vw, nil
}

// cachedResult returns the view of the selection ns and what fn computes
// over it, cached under algo as Analytics.result does; fn runs under the
// context it is given.
func cachedResult[T any](ctx context.Context, r *Resolver, ns *model.NetworkSelection, algo string, fn func(ctx context.Context, vw *view) (T, error)) (*view, T, error) {
	var zero T
	a, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, zero, err
	}
	v, err := a.result(ctx, vw, algo, func(ctx context.Context) (any, error) { return fn(ctx, vw) })
	if err != nil {
		return nil, zero, err
	}
	return vw, v.(T), nil
}

// loadActors returns the actors with ids in order through the request's
// loader; an actor the store no longer has (a write since the snapshot) is
// taken from the snapshot.
func (r *Resolver) loadActors(ctx context.Context, vw *view, ids []string) ([]*network.Actor, error) {
	actors, err := loadersFor(ctx, r.Store).actors.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, a := range actors {
		if a == nil {
			actors[i] = snapshotActor(vw.snap, ids[i])
		}
	}
	return actors, nil
}

// snapshotActor returns the actor id of snap (ordered by ID), or a bare
// actor with that ID.
func snapshotActor(snap *network.Snapshot, id string) *network.Actor {
	i, ok := slices.BinarySearchFunc(snap.Actors, id, func(a *network.Actor, id string) int { return strings.Compare(a.ID, id) })
	if ok {
		return snap.Actors[i]
	}
	return &network.Actor{ID: id, Kind: network.OtherActor}
}

// centrality ranks the actors of the selection by metric.
func (r *Resolver) centrality(ctx context.Context, metric model.CentralityMetric, ns *model.NetworkSelection, top *int, options *model.CentralityOptions) (*model.CentralityResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	vw, s, err := r.centralityScores(ctx, metric, ns, options)
	if err != nil {
		return nil, err
	}
	return r.ranking(ctx, vw, metric, s, n)
}

// ranking is the CentralityResult of the top n of scores s of metric over
// vw, with the ranked actors read through the request's loader.
func (r *Resolver) ranking(ctx context.Context, vw *view, metric model.CentralityMetric, s *analysis.Scores, n int) (*model.CentralityResult, error) {
	if k := s.Method.Top; k > 0 && n > k {
		n = k // only the top k are known
	}
	ranked := s.Ranked(n)
	ids := make([]string, len(ranked))
	for i, x := range ranked {
		ids[i] = x.ID
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	out := &model.CentralityResult{Metric: metric, Count: len(s.IDs), Method: method(vw, s.Method), Items: make([]*model.RankedActor, len(ranked))}
	for i, x := range ranked {
		out.Items[i] = &model.RankedActor{Rank: i + 1, Score: finite(x.Value), Actor: actors[i]}
	}
	return out, nil
}

// centralityScores returns the view of the selection ns and the (cached)
// scores of metric over it.
func (r *Resolver) centralityScores(ctx context.Context, metric model.CentralityMetric, ns *model.NetworkSelection, options *model.CentralityOptions) (*view, *analysis.Scores, error) {
	opts, err := centralityOpts(options)
	if err != nil {
		return nil, nil, err
	}
	a, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, nil, err
	}
	s, err := a.scores(ctx, vw, metric, opts)
	if err != nil {
		return nil, nil, err
	}
	return vw, s, nil
}

// actorCentrality returns one actor's value of metric, null when it is not
// in the selection.
func (r *Resolver) actorCentrality(ctx context.Context, id string, metric model.CentralityMetric, ns *model.NetworkSelection, options *model.CentralityOptions) (*float64, error) {
	_, s, err := r.centralityScores(ctx, metric, ns, options)
	if err != nil {
		return nil, err
	}
	v, ok := s.Of(id)
	if !ok {
		return nil, nil
	}
	return finite(v), nil
}

// networkStatistics describes the selection as a whole.
func (r *Resolver) networkStatistics(ctx context.Context, ns *model.NetworkSelection) (*model.NetworkStatistics, error) {
	vw, s, err := cachedResult(ctx, r, ns, "statistics", func(ctx context.Context, vw *view) (analysis.Stats, error) { return analysis.Statistics(ctx, vw.proj) })
	if err != nil {
		return nil, err
	}
	return &model.NetworkStatistics{Actors: s.Actors, Ties: s.Ties, Edges: s.Edges, Density: s.Density,
		Components: s.Components, StrongComponents: s.StrongComponents, LargestComponent: s.LargestComponent,
		Isolates: s.Isolates, AverageClustering: s.AverageClustering, Transitivity: s.Transitivity,
		Diameter: s.Diameter, Reciprocity: s.Reciprocity, DegreeCentralization: s.DegreeCentralization, Method: method(vw, s.Method)}, nil
}

// triadCensus counts the selection's triads by type.
func (r *Resolver) triadCensus(ctx context.Context, ns *model.NetworkSelection) (*model.TriadCensusResult, error) {
	vw, census, err := cachedResult(ctx, r, ns, "triad census", func(ctx context.Context, vw *view) ([]int64, error) {
		return analysis.TriadCensus(ctx, vw.proj)
	})
	if err != nil {
		return nil, err
	}
	out := &model.TriadCensusResult{Method: method(vw, structural(vw, "triad census (Batagelj-Mrvar)"))}
	for i, typ := range analysis.TriadTypes {
		out.Counts = append(out.Counts, &model.TriadCount{Type: typ, Count: int(census[i])})
		out.Total += int(census[i])
	}
	if !vw.proj.Directed() {
		out.Method.Notes = "undirected selection: every tie is a mutual dyad"
	}
	return out, nil
}

// components lists the connected components of the selection.
func (r *Resolver) components(ctx context.Context, ns *model.NetworkSelection, strong *bool, top *int) (*model.ComponentsResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	isStrong := strong != nil && *strong
	algo := "weakly connected components (union of both directions)"
	if isStrong {
		algo = "strongly connected components (Tarjan)"
	}
	vw, comps, err := cachedResult(ctx, r, ns, algo, func(_ context.Context, vw *view) ([][]string, error) {
		if isStrong {
			return analysis.StrongComponents(vw.proj), nil
		}
		return analysis.Components(vw.proj), nil
	})
	if err != nil {
		return nil, err
	}
	m := structural(vw, algo)
	if isStrong && !vw.proj.Directed() {
		m.Notes = "the selection is undirected: strong components are the connected components"
	}
	out := &model.ComponentsResult{Count: len(comps), Method: method(vw, m)}
	for _, c := range comps[:min(n, len(comps))] {
		out.Components = append(out.Components, &model.Component{Size: len(c), ActorIds: c})
	}
	if out.Components == nil {
		out.Components = []*model.Component{}
	}
	return out, nil
}

// componentActors returns the first actors of a component.
func (r *Resolver) componentActors(ctx context.Context, c *model.Component, first *int) ([]*network.Actor, error) {
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	return loadersFor(ctx, r.Store).ActorList(ctx, c.ActorIds[:min(n, len(c.ActorIds))])
}

// cutPoints lists the articulation points and bridges of the selection.
func (r *Resolver) cutPoints(ctx context.Context, ns *model.NetworkSelection) (*model.CutPointsResult, error) {
	vw, cp, err := cachedResult(ctx, r, ns, "cut points", func(_ context.Context, vw *view) (analysis.CutPoints, error) {
		return analysis.ArticulationPoints(vw.proj), nil
	})
	if err != nil {
		return nil, err
	}
	ids := slices.Clone(cp.Articulation)
	for _, b := range cp.Bridges {
		ids = append(ids, b[0], b[1])
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	m := structural(vw, "articulation points and bridges (iterative depth-first search)")
	m.Notes = "direction ignored"
	out := &model.CutPointsResult{ArticulationPoints: actors[:len(cp.Articulation)], Bridges: []*model.Bridge{}, Method: method(vw, m)}
	rest := actors[len(cp.Articulation):]
	for i := range cp.Bridges {
		out.Bridges = append(out.Bridges, &model.Bridge{From: rest[2*i], To: rest[2*i+1], Source: rest[2*i], Target: rest[2*i+1]})
	}
	return out, nil
}

// mixing measures kind mixing in the selection.
func (r *Resolver) mixing(ctx context.Context, ns *model.NetworkSelection) (*model.MixingResult, error) {
	vw, m, err := cachedResult(ctx, r, ns, "mixing", func(_ context.Context, vw *view) (analysis.Mixing, error) { return analysis.KindMixing(vw.proj), nil })
	if err != nil {
		return nil, err
	}
	return &model.MixingResult{Internal: m.Internal, External: m.External, EiIndex: m.EI,
		Assortativity: finite(m.Assortativity), Method: method(vw, m.Method)}, nil
}

// shortestPaths finds the shortest paths between two actors with the ties
// along them.
func (r *Resolver) shortestPaths(ctx context.Context, from, to string, ns *model.NetworkSelection, all *bool) (*model.ShortestPathsResult, error) {
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	every := all != nil && *all
	paths, err := analysis.ShortestPaths(ctx, vw.proj, from, to, every)
	if err != nil {
		return nil, err
	}
	algo := "shortest paths (breadth-first search)"
	if vw.sel.Weight != analysis.WeightNone {
		algo = "shortest paths (Dijkstra)"
	}
	m := structural(vw, algo)
	if every {
		m.Notes = "every shortest path, at most 1000"
	}
	out := &model.ShortestPathsResult{Paths: []*model.Path{}, Method: method(vw, m)}
	if len(paths) == 0 {
		return out, nil
	}
	out.Length = &paths[0].Length
	if out.Paths, err = r.modelPaths(ctx, vw, paths); err != nil {
		return nil, err
	}
	return out, nil
}

// tieIndex holds ties by their actors.
type tieIndex map[string][]*network.Tie

// pathTies returns the selected ties of the actors ids, with sources,
// through the request's loader.
func (r *Resolver) pathTies(ctx context.Context, vw *view, ids []string) (tieIndex, error) {
	l := loadersFor(ctx, r.Store)
	idx := tieIndex{}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		ties, err := l.TiesOf(ctx, id, vw.sel.TieKinds, nil)
		if err != nil {
			return nil, err
		}
		for _, t := range ties {
			if t.ActiveAt(vw.sel.AsOf) {
				idx[id] = append(idx[id], t)
			}
		}
	}
	return idx, nil
}

// between returns the ties from u to v (either way when undirected or the
// kind is symmetric), by ID.
func (x tieIndex) between(u, v string, directed bool) []*network.Tie {
	var out []*network.Tie
	for _, t := range x[u] {
		switch {
		case t.From == u && t.To == v:
		case t.From == v && t.To == u && (!directed || !t.Directed()):
		default:
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, network.CompareTies)
	return out
}

// neighbourhood returns the actors within hops of ids.
func (r *Resolver) neighbourhood(ctx context.Context, ids []string, hops int, ns *model.NetworkSelection) (*model.NeighbourhoodResult, error) {
	if hops < 0 || hops > MaxHops {
		return nil, network.Errorf(network.EINVALID, "hops must be between 0 and %d, got %d", MaxHops, hops)
	}
	if len(ids) == 0 {
		return nil, network.Errorf(network.EINVALID, "ids must name at least one actor")
	}
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	found, err := analysis.Neighbourhood(ctx, vw.proj, ids, hops)
	if err != nil {
		return nil, err
	}
	reached := make([]string, len(found))
	for i, h := range found {
		reached[i] = h.ID
	}
	actors, err := r.loadActors(ctx, vw, reached)
	if err != nil {
		return nil, err
	}
	m := structural(vw, "neighbourhood (breadth-first search)")
	m.Notes = "direction ignored"
	out := &model.NeighbourhoodResult{Actors: make([]*model.HopActor, len(found)), Method: method(vw, m)}
	for i, h := range found {
		out.Actors[i] = &model.HopActor{Hops: h.Hops, Actor: actors[i]}
	}
	return out, nil
}

// communities partitions the selection.
func (r *Resolver) communities(ctx context.Context, ns *model.NetworkSelection, algorithm *model.CommunityAlgorithm, resolution *float64, seed, restarts, top *int) (*model.CommunitiesResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	vw, part, err := r.partition(ctx, ns, algorithm, resolution, seed, restarts)
	if err != nil {
		return nil, err
	}
	return communitiesResult(vw, part, n), nil
}

// communitiesResult is the answer of the communities query: part over vw,
// its n largest communities listed.
func communitiesResult(vw *view, part *analysis.Partition, n int) *model.CommunitiesResult {
	out := &model.CommunitiesResult{Count: len(part.Communities), Modularity: part.Modularity, Method: method(vw, part.Method), Communities: []*model.Component{}}
	for _, c := range part.Communities[:min(n, len(part.Communities))] {
		out.Communities = append(out.Communities, &model.Component{Size: len(c), ActorIds: c})
	}
	return out
}

// partition returns the view of the selection ns and its (cached) partition
// into communities by algorithm (LOUVAIN when nil) with the given options.
func (r *Resolver) partition(ctx context.Context, ns *model.NetworkSelection, algorithm *model.CommunityAlgorithm, resolution *float64, seed, restarts *int) (*view, *analysis.Partition, error) {
	c, err := communityOpts(algorithm, resolution, seed, restarts)
	if err != nil {
		return nil, nil, err
	}
	return cachedResult(ctx, r, ns, c.key(), func(ctx context.Context, vw *view) (*analysis.Partition, error) {
		return c.partition(ctx, vw.proj)
	})
}

// Communities partitions p into communities by algorithm with the
// communities query's arguments (nil for its defaults): what the query and
// startCommunityAnalysis compute, for callers that run where the cost is
// theirs (the analyze command). Several restarts report the fraction of
// them done to ctx's analysis.Progress; one run and label propagation
// report none. EINVALID for bad arguments; ctx's error once it ends.
func Communities(ctx context.Context, p *analysis.Projection, algorithm model.CommunityAlgorithm, resolution *float64, seed, restarts *int) (*analysis.Partition, error) {
	c, err := communityOpts(&algorithm, resolution, seed, restarts)
	if err != nil {
		return nil, err
	}
	return c.partition(ctx, p)
}

// communityArgs are the arguments of a partition into communities.
type communityArgs struct {
	algo model.CommunityAlgorithm
	opt  analysis.LouvainOptions
}

// communityOpts checks the arguments of the communities query (and of
// startCommunityAnalysis): EINVALID naming the bad one.
func communityOpts(algorithm *model.CommunityAlgorithm, resolution *float64, seed, restarts *int) (communityArgs, error) {
	c := communityArgs{algo: model.CommunityAlgorithmLouvain, opt: analysis.LouvainOptions{Resolution: 1}}
	if algorithm != nil {
		if !algorithm.IsValid() {
			return c, network.Errorf(network.EINVALID, "algorithm %q is not a community algorithm", *algorithm)
		}
		c.algo = *algorithm
	}
	if resolution != nil {
		if !(*resolution > 0) {
			return c, network.Errorf(network.EINVALID, "resolution must be positive, got %v", *resolution)
		}
		c.opt.Resolution = *resolution
	}
	if seed != nil {
		if *seed < 0 {
			return c, network.Errorf(network.EINVALID, "seed must not be negative, got %d", *seed)
		}
		c.opt.Seed = uint64(*seed)
	}
	if restarts != nil { // else analysis.Restarts: 10, or 1 on a large network
		if *restarts < 1 || *restarts > MaxRestarts {
			return c, network.Errorf(network.EINVALID, "restarts must be 1 to %d, got %d", MaxRestarts, *restarts)
		}
		c.opt.Restarts = *restarts
	}
	return c, nil
}

// key names the partition in the analytics cache.
func (c communityArgs) key() string {
	if c.algo == model.CommunityAlgorithmLabelPropagation {
		return "communities|" + string(c.algo)
	}
	// restarts=0 is the default for the view's size (analysis.Restarts).
	return fmt.Sprintf("communities|%s|res=%v|seed=%d|restarts=%d", c.algo, c.opt.Resolution, c.opt.Seed, c.opt.Restarts)
}

// partition computes the partition of p.
func (c communityArgs) partition(ctx context.Context, p *analysis.Projection) (*analysis.Partition, error) {
	switch c.algo {
	case model.CommunityAlgorithmLabelPropagation:
		return analysis.LabelPropagation(ctx, p)
	case model.CommunityAlgorithmLeiden:
		return analysis.Leiden(ctx, p, c.opt)
	}
	return analysis.Louvain(ctx, p, c.opt)
}

// reportsProgress says whether the partition of p reports its progress:
// the fraction of several restarts done; one run and label propagation
// report none.
func (c communityArgs) reportsProgress(p *analysis.Projection) bool {
	return c.algo != model.CommunityAlgorithmLabelPropagation && analysis.Restarts(p, c.opt.Restarts) > 1
}

// brokerage counts the brokerage roles of the selection's actors.
func (r *Resolver) brokerage(ctx context.Context, ns *model.NetworkSelection, top *int, groupBy *analysis.BrokerageGroup) (*model.BrokerageResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	by := analysis.BrokerByKind
	if groupBy != nil {
		by = *groupBy
	}
	type roles struct {
		list   []analysis.BrokerRoles
		method analysis.Method
	}
	vw, res, err := cachedResult(ctx, r, ns, "brokerage by "+string(by), func(ctx context.Context, vw *view) (roles, error) {
		if by == analysis.BrokerByRegion {
			list, m, err := analysis.BrokerageBy(ctx, vw.proj, analysis.RegionGroups(vw.proj, vw.snap), by)
			return roles{list, m}, err
		}
		list, m, err := analysis.Brokerage(ctx, vw.proj)
		return roles{list, m}, err
	})
	if err != nil {
		return nil, err
	}
	list := res.list[:min(n, len(res.list))]
	ids := make([]string, len(list))
	for i, b := range list {
		ids[i] = b.ID
	}
	actors, err := r.loadActors(ctx, vw, ids)
	if err != nil {
		return nil, err
	}
	out := &model.BrokerageResult{Items: make([]*model.BrokerRoles, len(list)), Method: method(vw, res.method)}
	for i, b := range list {
		out.Items[i] = &model.BrokerRoles{Actor: actors[i], Coordinator: b.Coordinator, Itinerant: b.Itinerant,
			Representative: b.Representative, Gatekeeper: b.Gatekeeper, Liaison: b.Liaison, Total: b.Total()}
	}
	return out, nil
}
