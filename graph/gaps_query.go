package graph

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// This file holds what the gap resolvers call: each converts the filter to
// analysis.GapOptions, runs the analysis gap query once per data version and
// options (through the analytics cache) and returns pointers to copies of
// the cached results.

// gapOptions converts the GraphQL filter and adds the funding reference
// data (exchange rates, data sources) the service was given.
func (r *Resolver) gapOptions(f *model.GapFilter) analysis.GapOptions {
	o := analysis.GapOptions{Rates: r.Funding.Rates, Sources: r.Funding.Sources, OrgansWithParent: true}
	if f == nil {
		return o
	}
	if f.OrgansWithParent != nil {
		o.OrgansWithParent = *f.OrgansWithParent
	}
	o.Donors = f.Donors
	if f.ConvertTo != nil {
		o.ConvertTo = *f.ConvertTo
	}
	if f.From != nil {
		o.From = *f.From
	}
	if f.To != nil {
		o.To = *f.To
	}
	o.Regions, o.Countries, o.Sectors, o.TransactionTypes, o.TieKinds = f.Regions, f.Countries, f.Sectors, f.TransactionTypes, f.TieKinds
	if f.Currency != nil {
		o.Currency = *f.Currency
	}
	return o
}

// gapKey names a gap query and its options (Betweenness left out: it is a
// function of the selection and the sampling options).
func gapKey(query string, o analysis.GapOptions) string {
	o.Betweenness = nil
	b, err := json.Marshal(o)
	if err != nil {
		return fmt.Sprintf("gap|%s|%+v", query, o)
	}
	return "gap|" + query + "|" + string(b)
}

// partnershipSelection is the selection of the gap queries over a
// projection: the partnership kinds unless it names tie kinds.
func partnershipSelection(ns *model.NetworkSelection) analysis.Selection {
	sel := selection(ns)
	if len(sel.TieKinds) == 0 {
		sel.TieKinds = analysis.ActivityTieKinds
	}
	return sel
}

// snapshotResult runs a gap query over the current snapshot, cached under
// key.
func (a *Analytics) snapshotResult(ctx context.Context, key string, fn func(context.Context, *network.Snapshot) (any, error)) (any, error) {
	v, err := a.version(ctx)
	if err != nil {
		return nil, err
	}
	snap, err := a.snapshot(ctx, v)
	if err != nil {
		return nil, err
	}
	return a.cached(ctx, fmt.Sprintf("result|%d|%s", v, key), func(ctx context.Context) (any, error) {
		a.computations.Add(1)
		return fn(ctx, snap)
	})
}

// pointers returns pointers to copies of the items of s, so that callers
// cannot change what the cache holds.
func pointers[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		c := s[i]
		out[i] = &c
	}
	return out
}

// fundingGaps runs analysis.FundingGaps.
func (r *Resolver) fundingGaps(ctx context.Context, groupBy *analysis.GroupBy, filter *model.GapFilter, need []*model.NeedInput, top *int) ([]*analysis.FundingGap, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := r.gapOptions(filter)
	o.Top = n
	if groupBy != nil {
		if *groupBy == analysis.GroupByRecipient {
			return nil, network.Errorf(network.EINVALID, "fundingGaps cannot group by RECIPIENT; use REGION, COUNTRY, SECTOR or ACTOR_KIND")
		}
		o.GroupBy = *groupBy
	}
	if len(need) > 0 {
		o.Need = make(map[string]float64, len(need))
		for _, x := range need {
			if _, dup := o.Need[x.Group]; dup {
				return nil, network.Errorf(network.EINVALID, "need: group %q is given twice", x.Group)
			}
			o.Need[x.Group] = x.Value
		}
	}
	v, err := r.analytics().snapshotResult(ctx, gapKey("fundingGaps", o), func(ctx context.Context, snap *network.Snapshot) (any, error) {
		return analysis.FundingGaps(ctx, snap, o)
	})
	if err != nil {
		return nil, err
	}
	return pointers(v.([]analysis.FundingGap)), nil
}

// donorConcentration runs analysis.DonorConcentration.
func (r *Resolver) donorConcentration(ctx context.Context, groupBy *analysis.GroupBy, filter *model.GapFilter, top *int) ([]*analysis.Concentration, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := r.gapOptions(filter)
	o.Top = n
	if groupBy != nil {
		o.GroupBy = *groupBy
	}
	v, err := r.analytics().snapshotResult(ctx, gapKey("donorConcentration", o), func(ctx context.Context, snap *network.Snapshot) (any, error) {
		return analysis.DonorConcentration(ctx, snap, o)
	})
	if err != nil {
		return nil, err
	}
	return pointers(v.([]analysis.Concentration)), nil
}

// unfundedPartnerships runs analysis.UnfundedPartnerships and gives each
// tie back with its sources.
func (r *Resolver) unfundedPartnerships(ctx context.Context, filter *model.GapFilter, top *int) ([]*analysis.UnfundedPartnership, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := r.gapOptions(filter)
	v, err := r.analytics().snapshotResult(ctx, gapKey("unfundedPartnerships", o), func(ctx context.Context, snap *network.Snapshot) (any, error) {
		return analysis.UnfundedPartnerships(ctx, snap, o)
	})
	if err != nil {
		return nil, err
	}
	all := v.([]analysis.UnfundedPartnership)
	out := pointers(all[:min(n, len(all))])
	ids := make([]string, len(out))
	for i, u := range out {
		ids[i] = u.Tie.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	stored, _, err := r.Store.Ties(ctx, network.TieQuery{Filter: network.TieFilter{IDs: ids}})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*network.Tie, len(stored))
	for _, t := range stored {
		byID[t.ID] = t
	}
	for _, u := range out {
		if t := byID[u.Tie.ID]; t != nil {
			u.Tie = t
		}
	}
	return out, nil
}

// triadCoverage runs analysis.TriadCoverage.
func (r *Resolver) triadCoverage(ctx context.Context, filter *model.GapFilter, minSides *int, top *int) ([]*analysis.RegionTriads, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := r.gapOptions(filter)
	o.Top = n
	if minSides != nil {
		if *minSides < 1 || *minSides > 2 {
			return nil, network.Errorf(network.EINVALID, "minSides must be 1 or 2, got %d", *minSides)
		}
		o.MinSides = *minSides
	}
	v, err := r.analytics().snapshotResult(ctx, gapKey("triadCoverage", o), func(ctx context.Context, snap *network.Snapshot) (any, error) {
		return analysis.TriadCoverage(ctx, snap, o)
	})
	if err != nil {
		return nil, err
	}
	return pointers(v.([]analysis.RegionTriads)), nil
}

// underfundedBrokers runs analysis.UnderfundedBrokers over the partnership
// projection. With samples, betweenness comes from the cached, cost-guarded
// centrality computation.
func (r *Resolver) underfundedBrokers(ctx context.Context, ns *model.NetworkSelection, filter *model.GapFilter, samples, seed *int, top *int) ([]*analysis.UnderfundedBroker, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := r.gapOptions(filter)
	o.Top = n
	a := r.analytics()
	vw, err := a.view(ctx, partnershipSelection(ns))
	if err != nil {
		return nil, err
	}
	if samples != nil {
		c, err := centralityOpts(&model.CentralityOptions{Samples: samples, Seed: seed})
		if err != nil {
			return nil, err
		}
		if o.Betweenness, err = a.scores(ctx, vw, model.CentralityMetricBetweenness, c); err != nil {
			return nil, err
		}
		o.Samples, o.Seed = c.samples, c.seed
	}
	v, err := a.result(ctx, vw, gapKey("underfundedBrokers", o), func(ctx context.Context) (any, error) {
		return analysis.UnderfundedBrokers(ctx, vw.snap, vw.proj, o)
	})
	if err != nil {
		return nil, err
	}
	return pointers(v.([]analysis.UnderfundedBroker)), nil
}

// singlePointsOfFailure runs analysis.SinglePointsOfFailure over the
// partnership projection and keeps the top of each list.
func (r *Resolver) singlePointsOfFailure(ctx context.Context, ns *model.NetworkSelection, top *int) (*analysis.SinglePoints, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	a := r.analytics()
	vw, err := a.view(ctx, partnershipSelection(ns))
	if err != nil {
		return nil, err
	}
	v, err := a.result(ctx, vw, "singlePointsOfFailure", func(context.Context) (any, error) {
		return analysis.SinglePointsOfFailure(vw.proj), nil
	})
	if err != nil {
		return nil, err
	}
	sp := *v.(*analysis.SinglePoints)
	sp.Actors = sp.Actors[:min(n, len(sp.Actors))]
	sp.Bridges = sp.Bridges[:min(n, len(sp.Bridges))]
	return &sp, nil
}

// suggestedPartnerships runs analysis.SuggestPartnerships over the
// partnership projection.
func (r *Resolver) suggestedPartnerships(ctx context.Context, ns *model.NetworkSelection, score *analysis.LinkScore, kindsA, kindsB []network.ActorKind, top *int) ([]*analysis.Suggestion, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	o := analysis.GapOptions{Top: n, KindsA: kindsA, KindsB: kindsB}
	if score != nil {
		o.Score = *score
	}
	a := r.analytics()
	vw, err := a.view(ctx, partnershipSelection(ns))
	if err != nil {
		return nil, err
	}
	v, err := a.result(ctx, vw, gapKey("suggestedPartnerships", o), func(ctx context.Context) (any, error) {
		return analysis.SuggestPartnerships(ctx, vw.proj, vw.snap, o)
	})
	if err != nil {
		return nil, err
	}
	return pointers(v.([]analysis.Suggestion)), nil
}

// refActor returns the stored actor a gap result names, null when unknown.
func (r *Resolver) refActor(ctx context.Context, ref *analysis.ActorRef) (*network.Actor, error) {
	return loadersFor(ctx, r.Store).Actor(ctx, ref.ID)
}

// fundingNeed returns a group's need, null when none was given.
func fundingNeed(g *analysis.FundingGap) *float64 {
	if !g.HasNeed {
		return nil
	}
	return &g.Need
}

// dataSources returns copies of the data sources the service was given.
func (r *Resolver) dataSources() []*network.DataSource {
	return pointers(r.Funding.Sources)
}

// dataSourceFlows returns how many FUNDING ties of source d the store
// holds, counted once per data version for every source.
func (r *Resolver) dataSourceFlows(ctx context.Context, d *network.DataSource) (int, error) {
	v, err := r.analytics().snapshotResult(ctx, "dataSourceFlows", func(_ context.Context, snap *network.Snapshot) (any, error) {
		n := map[string]int{}
		for _, t := range snap.Ties {
			if t == nil || t.Kind != network.Funding {
				continue
			}
			for i := range r.Funding.Sources {
				if r.Funding.Sources[i].Holds(t) {
					n[r.Funding.Sources[i].ID]++
				}
			}
		}
		return n, nil
	})
	if err != nil {
		return 0, err
	}
	return v.(map[string]int)[d.ID], nil
}
