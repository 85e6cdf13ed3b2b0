package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// The sizes of analytics lists named top.
const (
	DefaultTop      = 20
	MaxTop          = 1000
	DefaultGraphTop = 100
)

// MaxHops is the largest hops neighbourhood accepts.
const MaxHops = 10

// MaxRestarts is the most seeded runs communities makes for Louvain or Leiden.
const MaxRestarts = 100

// topArg checks top (1..MaxTop, def when nil).
func topArg(top *int, def int) (int, error) {
	if top == nil {
		return def, nil
	}
	if *top < 1 || *top > MaxTop {
		return 0, network.Errorf(network.EINVALID, "top must be between 1 and %d, got %d", MaxTop, *top)
	}
	return *top, nil
}

// selection converts the GraphQL network selection.
func selection(ns *model.NetworkSelection) analysis.Selection {
	sel := analysis.Selection{Weight: analysis.WeightNone, OrgansWithParent: true}
	if ns == nil {
		return sel
	}
	if ns.OrgansWithParent != nil {
		sel.OrgansWithParent = *ns.OrgansWithParent
	}
	if ns.CoOrganizing != nil {
		sel.CoOrganizing = *ns.CoOrganizing
	}
	sel.TieKinds, sel.ActorKinds, sel.Regions = ns.TieKinds, ns.ActorKinds, ns.Regions
	if ns.AsOf != nil {
		sel.AsOf = *ns.AsOf
	}
	if ns.Directed != nil {
		sel.Directed = *ns.Directed
	}
	if ns.Weight != nil && *ns.Weight != "" {
		sel.Weight = *ns.Weight
	}
	return sel
}

// centralityOptions are CentralityOptions with defaults filled in.
type centralityOptions struct {
	normalized, endpoints bool
	samples               int
	seed                  uint64
	// top (CLOSENESS, HARMONIC) finds only the top highest values.
	top int
	// workBudget caps the work of a top search (0: none); the caller
	// sets it from its budget.
	workBudget      int64
	personalization []string
	power           analysis.PowerOptions
}

// MaxIterLimit is the largest maxIter the iterative metrics accept.
const MaxIterLimit = 10_000

func centralityOpts(o *model.CentralityOptions) (centralityOptions, error) {
	c := centralityOptions{normalized: true}
	if o == nil {
		return c, nil
	}
	if o.Normalized != nil {
		c.normalized = *o.Normalized
	}
	if o.Endpoints != nil {
		c.endpoints = *o.Endpoints
	}
	if o.Samples != nil {
		if *o.Samples < 0 {
			return c, network.Errorf(network.EINVALID, "samples must not be negative, got %d", *o.Samples)
		}
		c.samples = *o.Samples
	}
	if o.Top != nil {
		if *o.Top < 1 || *o.Top > MaxTop {
			return c, network.Errorf(network.EINVALID, "options.top must be between 1 and %d, got %d", MaxTop, *o.Top)
		}
		c.top = *o.Top
	}
	if c.top > 0 && c.samples > 0 {
		return c, network.Errorf(network.EINVALID, "options.top and options.samples cannot be combined: top finds the highest values exactly, samples estimates every value")
	}
	if o.Seed != nil {
		if *o.Seed < 0 {
			return c, network.Errorf(network.EINVALID, "seed must not be negative, got %d", *o.Seed)
		}
		c.seed = uint64(*o.Seed)
	}
	if o.Tolerance != nil {
		if !(*o.Tolerance > 0) || math.IsInf(*o.Tolerance, 1) {
			return c, network.Errorf(network.EINVALID, "tolerance must be a positive number, got %v", *o.Tolerance)
		}
		c.power.Tol = *o.Tolerance
	}
	if o.MaxIter != nil {
		if *o.MaxIter < 1 || *o.MaxIter > MaxIterLimit {
			return c, network.Errorf(network.EINVALID, "maxIter must be between 1 and %d, got %d", MaxIterLimit, *o.MaxIter)
		}
		c.power.MaxIter = *o.MaxIter
	}
	c.personalization = slices.Clone(o.Personalization)
	slices.Sort(c.personalization)
	c.personalization = slices.Compact(c.personalization)
	return c, nil
}

// key names the options that change metric's result.
func (c centralityOptions) key(metric model.CentralityMetric, n int) string {
	switch metric {
	case model.CentralityMetricBetweenness:
		samples := c.samples
		if samples >= n {
			samples = 0 // every source: exact
		}
		return fmt.Sprintf("%s|norm=%t|end=%t|k=%d|seed=%d", metric, c.normalized, c.endpoints, samples, c.seed)
	case model.CentralityMetricCloseness, model.CentralityMetricHarmonic:
		samples, top := c.samples, c.top
		if samples >= n {
			samples = 0
		}
		if top >= n {
			top = 0
		}
		return fmt.Sprintf("%s|k=%d|seed=%d|top=%d", metric, samples, c.seed, top)
	case model.CentralityMetricPagerank:
		return fmt.Sprintf("%s|pers=%s|tol=%v|iter=%d", metric, strings.Join(c.personalization, ","), c.power.Tol, c.power.MaxIter)
	case model.CentralityMetricEigenvector, model.CentralityMetricHub, model.CentralityMetricAuthority, model.CentralityMetricKatz:
		return fmt.Sprintf("%s|tol=%v|iter=%d", metric, c.power.Tol, c.power.MaxIter)
	}
	return string(metric)
}

// checkCost refuses a path metric whose exact cost exceeds the budget of
// a request.
func (a *Analytics) checkCost(p *analysis.Projection, metric model.CentralityMetric, c centralityOptions) error {
	return checkCostWithin(p, metric, c, a.budget, "")
}

// checkCostWithin refuses a path metric whose cost exceeds budget; hint
// ends the message (what to do instead), the request's advice when empty.
func checkCostWithin(p *analysis.Projection, metric model.CentralityMetric, c centralityOptions, budget int64, hint string) error {
	n, m := int64(p.N()), int64(p.Edges())
	if !p.Directed() {
		m *= 2
	}
	or := func(advice string) string {
		if hint != "" {
			return hint
		}
		return advice
	}
	switch metric {
	case model.CentralityMetricBetweenness:
		if c.samples > 0 && int64(c.samples) < n {
			if cost := int64(c.samples) * (n + m); cost > budget {
				return network.Errorf(network.ETOOLARGE, "betweenness from %d samples over %d actors and %d arcs costs %d, above the budget of %d: %s", c.samples, n, m, cost, budget,
					or("pass fewer samples, narrow the network selection or start it as a job (startAnalysis)"))
			}
			return nil
		}
		if cost := n * (n + m); cost > budget {
			return network.Errorf(network.ETOOLARGE, "exact betweenness over %d actors and %d arcs costs n·(n+m) = %d, above the budget of %d: %s", n, m, cost, budget,
				or(fmt.Sprintf("start it as a job (startAnalysis), pass options.samples (e.g. %d) or narrow the network selection", max(1, budget/max(1, n+m)))))
		}
	case model.CentralityMetricCloseness, model.CentralityMetricHarmonic:
		name := strings.ToLower(string(metric))
		if c.samples > 0 && int64(c.samples) < n {
			if cost := int64(c.samples) * (n + m); cost > budget {
				return network.Errorf(network.ETOOLARGE, "%s from %d samples over %d actors and %d arcs costs %d, above the budget of %d: %s", name, c.samples, n, m, cost, budget,
					or("pass fewer samples, narrow the network selection or start it as a job (startAnalysis)"))
			}
			return nil
		}
		if c.top > 0 && int64(c.top) < n {
			return nil // the search stops at the budget itself (workBudget)
		}
		if cost := n * (n + m); cost > budget {
			return network.Errorf(network.ETOOLARGE, "exact %s over %d actors and %d arcs costs n·(n+m) = %d, above the budget of %d: %s", name, n, m, cost, budget,
				or(fmt.Sprintf("pass options.top (the highest values exactly) or options.samples (e.g. %d), start it as a job (startAnalysis) or narrow the network selection", max(1, budget/max(1, n+m)))))
		}
	}
	return nil
}

// scores returns metric over vw's projection, from the cache when it was
// computed before. EINVALID for bad options, ENOTFOUND for an unknown
// personalization actor, ETOOLARGE above the exact budget.
func (a *Analytics) scores(ctx context.Context, vw *view, metric model.CentralityMetric, c centralityOptions) (*analysis.Scores, error) {
	if !metric.IsValid() {
		return nil, network.Errorf(network.EINVALID, "metric %q is not a centrality metric", metric)
	}
	p := vw.proj
	v, err := a.result(ctx, vw, c.key(metric, p.N()), func(ctx context.Context) (any, error) {
		if err := a.checkCost(p, metric, c); err != nil {
			return nil, err
		}
		c.workBudget = a.budget
		return computeScores(ctx, p, metric, c)
	})
	if err != nil {
		return nil, err
	}
	return v.(*analysis.Scores), nil
}

// Scores computes metric over p with options o (nil for the defaults), with
// no budget: what the centrality query computes, for callers that run
// where the cost is theirs (the analyze command). EINVALID for bad
// options; ctx's error once it ends.
func Scores(ctx context.Context, p *analysis.Projection, metric model.CentralityMetric, o *model.CentralityOptions) (*analysis.Scores, error) {
	if !metric.IsValid() {
		return nil, network.Errorf(network.EINVALID, "metric %q is not a centrality metric", metric)
	}
	c, err := centralityOpts(o)
	if err != nil {
		return nil, err
	}
	return computeScores(ctx, p, metric, c)
}

func computeScores(ctx context.Context, p *analysis.Projection, metric model.CentralityMetric, c centralityOptions) (*analysis.Scores, error) {
	if c.top > 0 && metric != model.CentralityMetricCloseness && metric != model.CentralityMetricHarmonic {
		return nil, network.Errorf(network.EINVALID, "options.top applies to CLOSENESS and HARMONIC, not %s: the field's top argument sizes the list", metric)
	}
	switch metric {
	case model.CentralityMetricDegree:
		return analysis.Degree(p, analysis.DegreeTotal), nil
	case model.CentralityMetricInDegree:
		return analysis.Degree(p, analysis.DegreeIn), nil
	case model.CentralityMetricOutDegree:
		return analysis.Degree(p, analysis.DegreeOut), nil
	case model.CentralityMetricStrength:
		return analysis.Strength(p, analysis.DegreeTotal), nil
	case model.CentralityMetricBetweenness:
		return analysis.Betweenness(ctx, p, analysis.BetweennessOptions{Raw: !c.normalized, Endpoints: c.endpoints, Samples: c.samples, Seed: c.seed})
	case model.CentralityMetricCloseness:
		switch {
		case c.top > 0:
			return analysis.TopCloseness(ctx, p, analysis.TopOptions{K: c.top, Budget: c.workBudget})
		case c.samples > 0:
			return analysis.SampledCloseness(ctx, p, analysis.SampleOptions{Samples: c.samples, Seed: c.seed})
		}
		return analysis.Closeness(ctx, p)
	case model.CentralityMetricHarmonic:
		switch {
		case c.top > 0:
			return analysis.TopHarmonic(ctx, p, analysis.TopOptions{K: c.top, Budget: c.workBudget})
		case c.samples > 0:
			return analysis.SampledHarmonic(ctx, p, analysis.SampleOptions{Samples: c.samples, Seed: c.seed})
		}
		return analysis.Harmonic(ctx, p)
	case model.CentralityMetricEigenvector:
		return analysis.Eigenvector(ctx, p, c.power)
	case model.CentralityMetricPagerank:
		return analysis.PageRank(ctx, p, analysis.PageRankOptions{PowerOptions: c.power, Personalization: c.personalization})
	case model.CentralityMetricHub, model.CentralityMetricAuthority:
		h, a, err := analysis.HITS(ctx, p, analysis.HITSOptions{MaxIter: c.power.MaxIter, Tol: c.power.Tol})
		if metric == model.CentralityMetricHub {
			return h, err
		}
		return a, err
	case model.CentralityMetricKatz:
		return analysis.Katz(ctx, p, analysis.KatzOptions{PowerOptions: c.power})
	case model.CentralityMetricConstraint:
		return analysis.Constraint(ctx, p)
	case model.CentralityMetricEffectiveSize:
		return analysis.EffectiveSize(ctx, p)
	case model.CentralityMetricClustering:
		return analysis.Clustering(ctx, p)
	case model.CentralityMetricCoreNumber:
		cores := analysis.CoreNumber(p)
		vals := make([]float64, len(cores))
		for i, k := range cores {
			vals[i] = float64(k)
		}
		sel := p.Selection()
		return &analysis.Scores{IDs: p.IDs(), Values: vals, Method: analysis.Method{
			Algorithm: "k-core number (Batagelj-Zaversnik)", Normalization: "none", Exact: true,
			Weight: sel.Weight, Directed: sel.Directed, Engine: analysis.Engine, Workers: 1,
			Notes: "direction and weights ignored"}}, nil
	}
	return nil, network.Errorf(network.EINVALID, "metric %q is not a centrality metric", metric)
}

// method converts an analysis method and adds the data version and the
// projection's size.
func method(vw *view, m analysis.Method) *model.AnalysisMethod {
	out := &model.AnalysisMethod{
		Algorithm: m.Algorithm, Normalization: m.Normalization, Weight: m.Weight, Directed: m.Directed,
		Exact: m.Exact, Samples: m.Samples, Seed: int(m.Seed), Top: m.Top, Iterations: m.Iterations,
		Converged: m.Converged, Tolerance: m.Tolerance, Engine: m.Engine, Workers: m.Workers, Notes: m.Notes,
		DataVersion: vw.version, Actors: vw.proj.N(), Ties: vw.proj.Ties(), Edges: vw.proj.Edges(),
	}
	if out.Weight == "" {
		out.Weight = vw.proj.Selection().Weight
	}
	if out.Engine == "" {
		out.Engine = analysis.Engine
	}
	for _, n := range vw.proj.Notes() {
		out.Notes = joinNotes(out.Notes, n)
	}
	return out
}

// structural is the Method of a structural result that analysis returns
// without one.
func structural(vw *view, algorithm string) analysis.Method {
	sel := vw.proj.Selection()
	return analysis.Method{Algorithm: algorithm, Normalization: "none", Exact: true, Weight: sel.Weight,
		Directed: sel.Directed, Engine: analysis.Engine, Workers: 1}
}

// finite returns &x, or nil when x is NaN or infinite.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
