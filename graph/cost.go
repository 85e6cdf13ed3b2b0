package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"sync"

	gqlcomplexity "github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// This file holds the cost model: what an operation's analytics and export
// fields will compute, in units of one actor or arc touched, summed over
// every field and alias and checked against a budget before any of them
// runs.

// The defaults of CostOptions.
const (
	// DefaultRequestCost is the largest cost one request may have. On a
	// two-core machine a unit is about 15 ns of one core, so 1e9 units are
	// about 15 core-seconds.
	DefaultRequestCost = 1_000_000_000
	// DefaultClientCostPerSecond is how many units one client (API key,
	// or client address without one) may spend per second on average.
	DefaultClientCostPerSecond = 20_000_000
	// DefaultClientCostBurst is how many units a client may spend at once
	// after being idle; it must be at least the request cost.
	DefaultClientCostBurst = 2 * DefaultRequestCost
	// requestBaseCost is what every request costs the client's budget,
	// whatever it asks for.
	requestBaseCost = 1000
	// maxFieldCost caps one field's cost so that sums cannot overflow.
	maxFieldCost = math.MaxInt64 >> 16
)

// The factors of the cost model: how many passes over the projection
// (n actors plus their arcs) a kernel makes.
const (
	// iterativePasses is what power iteration (eigenvector, PageRank)
	// may take to converge.
	iterativePasses = 100
	// neighbourhoodPasses covers kernels that read each actor's
	// neighbours' neighbours (clustering, constraint, brokerage, link
	// scores): the sum of squared degrees, bounded by a multiple of n+m on
	// the sparse networks this service holds.
	neighbourhoodPasses = 20
	// communityPassesPerRestart is what one Louvain or Leiden run takes:
	// local moving until stable, on every level.
	communityPassesPerRestart = 50
	// yenSpursPerPath is the spur searches Yen's algorithm makes per path
	// found: one per actor of the last path, taken as 20.
	yenSpursPerPath = 20
	// maxFlowPasses is the augmenting-path searches of maxFlow: one per
	// independent path, taken as 2 x 20 for the tie and the actor flow.
	maxFlowPasses = 40
	// exportBytesPerActor and exportBytesPerTie estimate an export's size.
	exportBytesPerActor = 600
	exportBytesPerTie   = 400
	// networkDataBytesPerActor and networkDataBytesPerTie estimate
	// networkData's columns (1.5 MB for 5,000 actors and 20,000 ties).
	networkDataBytesPerActor = 80
	networkDataBytesPerTie   = 50
)

// networkSize is the size of the network the cost model charges a field
// for: the projection its network argument selects, or the whole current
// network when it has none.
type networkSize struct {
	actors, ties int64
}

// pass is the cost of one pass over the network: every actor and every arc
// (an undirected tie is read both ways).
func (s networkSize) pass() int64 { return s.actors + 2*s.ties }

// costKey is the context key of a request's cost state.
type costKey struct{}

// requestCost is the cost state of one request: the network size, read at
// most once, the sizes of the selections its fields ask for, and the
// estimated response bytes.
type requestCost struct {
	once    sync.Once
	size    networkSize
	err     error
	bytes   int64
	asked   bool // an analytics or export field read the size
	read    func(context.Context) (networkSize, error)
	readSel func(context.Context, analysis.Selection) (networkSize, error)
}

func (rc *requestCost) networkSize(ctx context.Context) (networkSize, error) {
	rc.once.Do(func() { rc.size, rc.err = rc.read(ctx) })
	return rc.size, rc.err
}

// costSchema is the executable schema whose Complexity is the cost model:
// an analytics or export field costs what it computes plus its children,
// any other field only its children.
type costSchema struct {
	graphql.ExecutableSchema
}

// fieldCosts are the fields that compute over the network, by
// "Type.field", with what each computes.
var fieldCosts = map[string]func(args map[string]any, s networkSize) (cost, bytes int64){
	"Query.centrality": metricCost,
	"Actor.centrality": metricCost,
	"Query.networkGraph": func(a map[string]any, s networkSize) (int64, int64) {
		c, _ := metricCost(a, s)
		return sat(c, s.pass()), 0
	},
	"Query.networkStatistics": func(_ map[string]any, s networkSize) (int64, int64) { return mul(s.actors, s.pass()), 0 }, // diameter: a BFS from every actor
	"Query.triadCensus":       passes(neighbourhoodPasses),
	"Query.networkData": func(_ map[string]any, s networkSize) (int64, int64) {
		return s.pass(), sat(mul(s.actors, networkDataBytesPerActor), mul(s.ties, networkDataBytesPerTie))
	},
	"Query.components":            passes(1),
	"Query.cutPoints":             passes(1),
	"Query.mixing":                passes(1),
	"Query.shortestPaths":         passes(1),
	"Query.neighbourhood":         passes(1),
	"Query.brokerage":             passes(neighbourhoodPasses),
	"Query.communities":           communitiesCost,
	"Query.fundingGaps":           passes(1),
	"Query.unfundedPartnerships":  passes(1),
	"Query.donorConcentration":    passes(1),
	"Query.singlePointsOfFailure": passes(1),
	"Query.triadCoverage":         passes(neighbourhoodPasses),
	"Query.suggestedPartnerships": passes(neighbourhoodPasses),
	"Query.underfundedBrokers": func(a map[string]any, s networkSize) (int64, int64) {
		return sampledPathCost(intArg(a, "samples", 0), s), 0
	},
	"Query.export": exportCost,
	// measures.graphqls
	"Query.centralization": metricCost,
	"Query.richClub":       passes(2),
	"Query.similarActors":  passes(1),
	"Query.similarity":     passes(1),
	"Query.kShortestPaths": func(a map[string]any, s networkSize) (int64, int64) {
		return mul(mul(int64(max(intArg(a, "k", 10), 1)), yenSpursPerPath), s.pass()), 0
	},
	"Query.maxFlow":    func(_ map[string]any, s networkSize) (int64, int64) { return mul(maxFlowPasses, s.pass()), 0 },
	"Query.egoNetwork": passes(neighbourhoodPasses),
}

// exportCost is one pass to write the file, plus each metric column and the
// community column it asks for, plus the layout of a GEXF view.
func exportCost(args map[string]any, s networkSize) (int64, int64) {
	cost := s.pass()
	metrics, _ := args["metrics"].([]any)
	for _, m := range metrics {
		c, _ := metricCost(map[string]any{"metric": m}, s)
		cost = sat(cost, c)
	}
	if args["community"] != nil {
		c, _ := communitiesCost(map[string]any{}, s)
		cost = sat(cost, c)
	}
	if args["format"] == "GEXF" && args["network"] != nil && s.actors <= MaxExportLayoutNodes {
		cost = sat(cost, mul(analysis.LayoutIterations, mul(s.actors, s.actors)))
	}
	return cost, sat(mul(s.actors, exportBytesPerActor), mul(s.ties, exportBytesPerTie))
}

// Complexity implements graphql.ExecutableSchema with the cost model.
func (c costSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	f, ok := fieldCosts[typeName+"."+field]
	if !ok {
		return child, true
	}
	rc, _ := ctx.Value(costKey{}).(*requestCost)
	if rc == nil {
		return child, true
	}
	rc.asked = true
	s, err := rc.networkSize(ctx)
	if err != nil {
		return child, true // reported by Cost.MutateOperationContext
	}
	if sel, ok := argSelection(typeName+"."+field, args); ok && rc.readSel != nil {
		if ss, err := rc.readSel(ctx, sel); err == nil {
			s = ss
		} // else the resolver reports the bad selection; the whole network is charged
	}
	cost, bytes := f(args, s)
	rc.bytes = sat(rc.bytes, bytes)
	return int(sat(int64(child), cost)), true
}

// partnershipFields read their network argument as the gap queries do
// (partnershipSelection).
var partnershipFields = map[string]bool{
	"Query.underfundedBrokers":    true,
	"Query.singlePointsOfFailure": true,
	"Query.suggestedPartnerships": true,
}

// argSelection returns the selection a field's network argument asks for,
// as its resolver reads it; false when the field has none (the whole
// network is charged) or it cannot be read.
func argSelection(field string, args map[string]any) (analysis.Selection, bool) {
	raw, ok := args["network"]
	if !ok || raw == nil {
		return analysis.Selection{}, false
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return analysis.Selection{}, false
	}
	var ns model.NetworkSelection
	if err := json.Unmarshal(b, &ns); err != nil {
		return analysis.Selection{}, false
	}
	if partnershipFields[field] {
		return partnershipSelection(&ns), true
	}
	return selection(&ns), true
}

// passes returns the cost of k passes over the network.
func passes(k int64) func(map[string]any, networkSize) (int64, int64) {
	return func(_ map[string]any, s networkSize) (int64, int64) { return mul(k, s.pass()), 0 }
}

// metricCost is the cost of a centrality metric with its options.
func metricCost(args map[string]any, s networkSize) (int64, int64) {
	metric, _ := args["metric"].(string)
	if metric == "" {
		metric = "DEGREE" // networkGraph's default
	}
	switch metric {
	case "BETWEENNESS":
		samples := 0
		if o, ok := args["options"].(map[string]any); ok {
			samples = intArg(o, "samples", 0)
		}
		return sampledPathCost(samples, s), 0
	case "CLOSENESS", "HARMONIC":
		samples, top := 0, 0
		if o, ok := args["options"].(map[string]any); ok {
			samples, top = intArg(o, "samples", 0), intArg(o, "top", 0)
		}
		if top > 0 && int64(top) < s.actors {
			// The cut searches of the top k: a few dozen passes on graphs
			// of 100,000 actors; the kernel stops at the exact budget.
			return mul(min(s.actors, topPasses+4*int64(top)), s.pass()), 0
		}
		return sampledPathCost(samples, s), 0
	case "EIGENVECTOR", "PAGERANK":
		return mul(iterativePasses, s.pass()), 0
	case "CONSTRAINT", "EFFECTIVE_SIZE", "CLUSTERING":
		return mul(neighbourhoodPasses, s.pass()), 0
	}
	return s.pass(), 0
}

// topPasses is what a top-k closeness or harmonic search is charged
// besides 4 passes per actor asked for.
const topPasses = 64

// sampledPathCost is the cost of shortest paths from samples sources, or
// from every actor when samples is 0 or not below n.
func sampledPathCost(samples int, s networkSize) int64 {
	k := s.actors
	if samples > 0 && int64(samples) < k {
		k = int64(samples)
	}
	return mul(k, s.pass())
}

// communitiesCost is restarts runs of Louvain or Leiden.
func communitiesCost(args map[string]any, s networkSize) (int64, int64) {
	def := analysis.DefaultRestarts
	if s.ties > analysis.LargeGraphEdges {
		def = 1 // analysis.Restarts: one run by default on a large network
	}
	restarts := max(intArg(args, "restarts", def), 1)
	return mul(mul(int64(restarts), communityPassesPerRestart), s.pass()), 0
}

// intArg reads an Int argument as the complexity walker passes it.
func intArg(args map[string]any, name string, def int) int {
	switch v := args[name].(type) {
	case int64:
		return int(min(max(v, math.MinInt32), math.MaxInt32))
	case int:
		return v
	case float64:
		return int(min(max(v, math.MinInt32), math.MaxInt32))
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// sat adds without overflow, capped at maxFieldCost.
func sat(a, b int64) int64 {
	if a > maxFieldCost-b {
		return maxFieldCost
	}
	return a + b
}

// mul multiplies non-negative numbers without overflow, capped at
// maxFieldCost.
func mul(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > maxFieldCost/b {
		return maxFieldCost
	}
	return a * b
}

// Cost is a handler extension that computes an operation's cost with the
// cost model before it runs and refuses it with COMPLEXITY_LIMIT_EXCEEDED
// above MaxCost, with RESPONSE_TOO_LARGE when its exports' estimated size
// exceeds MaxResponseBytes, and with
// RATE_LIMITED (and a Retry-After header) when the client has spent its
// budget over time (see Budgets).
type Cost struct {
	MaxCost          int64
	MaxResponseBytes int64
	Budgets          *Budgets
	es               graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &Cost{}

// ExtensionName implements graphql.HandlerExtension.
func (*Cost) ExtensionName() string { return "Cost" }

// Validate implements graphql.HandlerExtension.
func (c *Cost) Validate(es graphql.ExecutableSchema) error {
	c.es = costSchema{es}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (c *Cost) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	rc, _ := ctx.Value(costKey{}).(*requestCost)
	cost := int64(gqlcomplexity.Calculate(ctx, c.es, oc.Operation, oc.Variables))
	if rc != nil {
		if rc.asked {
			if _, err := rc.networkSize(ctx); err != nil {
				return presentedError(ctx, err)
			}
		}
		if c.MaxResponseBytes > 0 && rc.bytes > c.MaxResponseBytes {
			return limitError(CodeResponseTooLarge, "the exports of this operation would return about %d bytes, above the response limit of %d (--max-response): ask for fewer exports per request", rc.bytes, c.MaxResponseBytes)
		}
	}
	if c.MaxCost > 0 && cost > c.MaxCost {
		return limitError(CodeComplexityExceeded, "operation costs %d, above the limit of %d per request: each analytics field costs what it computes over the network (see docs/api.md); ask for fewer fields, fewer samples or restarts, or a narrower network", cost, c.MaxCost)
	}
	if c.Budgets != nil {
		if wait, ok := c.Budgets.spend(ctx, cost+requestBaseCost); !ok {
			setRetryAfter(ctx, wait)
			e := limitError(CodeRateLimited, "this client has spent its analytics budget: retry after %d s", retrySeconds(wait))
			e.Extensions["retryAfter"] = retrySeconds(wait)
			return e
		}
	}
	return nil
}

// limitError is an error with code, shown as it is.
func limitError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code}
	return err
}

// presentedError turns err into what the client sees, as the error
// presenter would.
func presentedError(ctx context.Context, err error) *gqlerror.Error {
	code := CodeInternal
	msg := "internal error"
	if c := network.ErrorCode(err); c != network.EINTERNAL {
		code, msg = ExtensionCode(c), network.ErrorMessage(err)
	} else if isTimeout(ctx, err) {
		code, msg = CodeTimeout, timeoutMessage
	}
	return limitError(code, "%s", msg)
}

// withCost returns ctx carrying a new cost state whose network size read
// calls once and whose selections' sizes readSel reads.
func withCost(ctx context.Context, read func(context.Context) (networkSize, error), readSel func(context.Context, analysis.Selection) (networkSize, error)) context.Context {
	return context.WithValue(ctx, costKey{}, &requestCost{read: read, readSel: readSel})
}

func (s networkSize) String() string {
	return fmt.Sprintf("%d actors, %d ties", s.actors, s.ties)
}
