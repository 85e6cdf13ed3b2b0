package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"golang.org/x/time/rate"

	"github.com/peacegraph/peacegraph/network"
)

// DepthLimit is a handler extension that refuses an operation whose
// selections nest deeper than Max fields, with COMPLEXITY_LIMIT_EXCEEDED.
// Introspection fields (__schema, __type) are not counted, so that
// GraphiQL can read the schema.
type DepthLimit struct {
	Max int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = DepthLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (DepthLimit) ExtensionName() string { return "DepthLimit" }

// Validate implements graphql.HandlerExtension.
func (DepthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator: it
// measures the depth of the operation about to run.
func (d DepthLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(rc.Operation.SelectionSet); depth > d.Max {
		err := gqlerror.Errorf("operation has depth %d, which exceeds the limit of %d", depth, d.Max)
		err.Extensions = map[string]any{"code": CodeComplexityExceeded}
		return err
	}
	return nil
}

// selectionDepth returns how many fields deep set nests.
func selectionDepth(set ast.SelectionSet) int {
	depth := 0
	for _, sel := range set {
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = 1 + selectionDepth(sel.SelectionSet)
		case *ast.InlineFragment:
			d = selectionDepth(sel.SelectionSet)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				d = selectionDepth(sel.Definition.SelectionSet)
			}
		}
		depth = max(depth, d)
	}
	return depth
}

// complexity returns the ComplexityRoot that makes a list cost its page
// size times the cost of one item, so that limits bound the work.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	perPage := func(child int, first *int) int {
		n := DefaultFirst
		if first != nil {
			n = min(max(*first, 1), MaxFirst)
		}
		return 1 + n*child
	}
	c.Query.Actors = func(child int, _ *network.ActorFilter, _ *network.ActorOrder, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Query.Ties = func(child int, _ *network.TieFilter, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Query.Search = func(child int, _ string, first *int, _ *string) int { return perPage(child, first) }
	c.Query.Places = func(child int, _ *network.PlaceKind) int { return 1 + MaxFirst*child }
	c.Actor.Ties = func(child int, _ []network.TieKind, _ *network.Direction, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Actor.Neighbors = func(child int, _ []network.TieKind, _ *network.Direction) int {
		return perPage(child, nil)
	}
	c.Actor.Neighbours = c.Actor.Neighbors
	c.Place.Actors = func(child int, _ []network.ActorKind, _ *network.ActorOrder, first *int, _ *string) int {
		return perPage(child, first)
	}
	return c
}

// The defaults of QueryLimits.
const (
	// DefaultMaxQueryBytes is the longest query text accepted.
	DefaultMaxQueryBytes = 64 << 10
	// DefaultMaxTokens is how many lexical tokens a query may have.
	DefaultMaxTokens = 10_000
	// DefaultMaxAliases is how many aliased fields a query may have.
	DefaultMaxAliases = 200
	// DefaultMaxFragmentSpreads is how many fragment spreads (named and
	// inline) a query may have.
	DefaultMaxFragmentSpreads = 200
)

// QueryLimits is a handler extension that bounds the query text before it
// is parsed or validated, so that the parser's and validator's work is
// bounded too: its length in bytes, its tokens, its aliases and its fragment
// spreads. A query over a limit is refused with COMPLEXITY_LIMIT_EXCEEDED
// after one pass of the lexer. Zero fields take the defaults.
type QueryLimits struct {
	MaxBytes, MaxTokens, MaxAliases, MaxFragmentSpreads int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = QueryLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (QueryLimits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (QueryLimits) Validate(graphql.ExecutableSchema) error { return nil }

// withDefaults returns l with zero fields set to the defaults.
func (l QueryLimits) withDefaults() QueryLimits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxBytes, DefaultMaxQueryBytes)
	def(&l.MaxTokens, DefaultMaxTokens)
	def(&l.MaxAliases, DefaultMaxAliases)
	def(&l.MaxFragmentSpreads, DefaultMaxFragmentSpreads)
	return l
}

// MutateOperationParameters implements graphql.OperationParameterMutator:
// it measures the query text before the parser sees it. A query the lexer
// cannot read is left to the parser, which reports where.
func (l QueryLimits) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	l = l.withDefaults()
	if len(p.Query) > l.MaxBytes {
		return limitError(CodeComplexityExceeded, "%s", queryTooLong(len(p.Query), l.MaxBytes))
	}
	lex := lexer.New(&ast.Source{Input: p.Query})
	var tokens, aliases, spreads, parens int
	prevName := false
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return nil
		}
		tokens++
		if tokens > l.MaxTokens {
			return limitError(CodeComplexityExceeded, "query has more than %d tokens", l.MaxTokens)
		}
		switch tok.Kind {
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			parens--
		case lexer.Spread:
			if spreads++; spreads > l.MaxFragmentSpreads {
				return limitError(CodeComplexityExceeded, "query has more than %d fragment spreads", l.MaxFragmentSpreads)
			}
		case lexer.Colon:
			// A name and a colon outside parentheses is an alias; inside
			// them it is an argument or a variable definition.
			if prevName && parens == 0 {
				if aliases++; aliases > l.MaxAliases {
					return limitError(CodeComplexityExceeded, "query has more than %d aliases", l.MaxAliases)
				}
			}
		}
		prevName = tok.Kind == lexer.Name
	}
}

// Budgets spends each client's cost budget over time: a token bucket per
// client (its API key, or its address when it sends none) that refills
// PerSecond units a second up to Burst. It remembers the most recent
// clients only (MaxClients), so its memory is bounded. Safe for concurrent
// use.
type Budgets struct {
	perSecond rate.Limit
	burst     int
	clients   *lru.Cache[string, *rate.Limiter]
}

// DefaultMaxClients is how many clients' budgets a Budgets remembers.
const DefaultMaxClients = 10_000

// NewBudgets returns budgets of perSecond units a second and burst at once
// per client; nil when perSecond is negative (no budget over time).
func NewBudgets(perSecond, burst int64) *Budgets {
	if perSecond < 0 {
		return nil
	}
	if perSecond == 0 {
		perSecond = DefaultClientCostPerSecond
	}
	if burst <= 0 {
		burst = DefaultClientCostBurst
	}
	clients, _ := lru.New[string, *rate.Limiter](DefaultMaxClients)
	return &Budgets{perSecond: rate.Limit(perSecond), burst: int(burst), clients: clients}
}

// spend takes cost units from the budget of ctx's client. When the budget
// does not hold them it takes nothing and returns how long to wait.
func (b *Budgets) spend(ctx context.Context, cost int64) (time.Duration, bool) {
	client, _ := ctx.Value(clientKey{}).(string)
	lim, ok := b.clients.Get(client)
	if !ok {
		lim = rate.NewLimiter(b.perSecond, b.burst)
		if prev, found, _ := b.clients.PeekOrAdd(client, lim); found {
			lim = prev
		}
	}
	now := time.Now()
	r := lim.ReserveN(now, int(min(cost, int64(b.burst))))
	if !r.OK() {
		return time.Duration(float64(cost) / float64(b.perSecond) * float64(time.Second)), false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

type clientKey struct{}

// clientOf names the client of r for its budget: a digest of its API key,
// else its address without the port.
func clientOf(r *http.Request) string {
	if key, ok := APIKey(r); ok && key != "" {
		sum := sha256.Sum256([]byte(key))
		return "key:" + hex.EncodeToString(sum[:8])
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr:" + host
}

type headerKey struct{}

// setRetryAfter sets the Retry-After header of ctx's response.
func setRetryAfter(ctx context.Context, wait time.Duration) {
	if h, ok := ctx.Value(headerKey{}).(http.Header); ok {
		h.Set("Retry-After", strconv.Itoa(retrySeconds(wait)))
	}
}

// retrySeconds rounds wait up to whole seconds, at least 1.
func retrySeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// queryTooLong is the message of a query text over the limit.
func queryTooLong(n, limit int) string {
	return fmt.Sprintf("query is %d bytes long, above the limit of %d", n, limit)
}
