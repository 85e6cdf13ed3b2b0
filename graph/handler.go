package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/peacegraph/peacegraph/network"
)

// The limits NewHandler uses for zero Options fields.
const (
	DefaultComplexityLimit = 50000
	DefaultMaxDepth        = 10
	DefaultTimeout         = 30 * time.Second
)

// Options configures NewHandler. Zero fields take the defaults.
type Options struct {
	// ComplexityLimit is the largest complexity an operation may have; a
	// list costs its page size (first) times the cost of one item.
	ComplexityLimit int
	// MaxDepth is how many fields deep an operation may nest.
	MaxDepth int
	// Timeout bounds each request; it reaches the store as the context's
	// deadline.
	Timeout time.Duration
	// LoaderWait is how long the per-request loaders gather keys before
	// they call the store; DefaultLoaderWait when zero.
	LoaderWait time.Duration
	// Logger receives internal errors and panics; slog.Default() when nil.
	Logger *slog.Logger
	// Analytics sizes the analytics cache and the exact-computation budget.
	Analytics AnalyticsOptions
	// Engine computes and caches the analytics; a new one from Analytics
	// when nil.
	Engine *Analytics
	// Keys are the API keys the endpoint accepts (see Auth). Without a
	// writer key every mutation is refused with FORBIDDEN.
	Keys *Keys
	// Private closes reads too: a request without a known key is refused
	// with UNAUTHENTICATED.
	Private bool
	// Query bounds the query text before it is parsed (bytes, tokens,
	// aliases, fragment spreads).
	Query QueryLimits
	// MaxCost is the largest cost (see the cost model in docs/api.md) one
	// request may have; DefaultRequestCost when zero.
	MaxCost int64
	// MaxResponseBytes bounds the estimated size of one request's exports;
	// DefaultMaxResponseBytes when zero.
	MaxResponseBytes int64
	// ClientCostPerSecond and ClientCostBurst are each client's budget
	// over time; defaults when zero, none when ClientCostPerSecond is
	// negative.
	ClientCostPerSecond, ClientCostBurst int64
}

// NewHandler returns the GraphQL endpoint over store: POST and GET queries,
// introspection, persisted queries, a query cache, the complexity and depth
// limits, the error presenter, new loaders for every request, the
// per-request timeout, and access control by API key (Auth and the @hasRole
// directive over opts.Keys and opts.Private).
func NewHandler(store network.Store, opts Options) http.Handler {
	if opts.ComplexityLimit <= 0 {
		opts.ComplexityLimit = DefaultComplexityLimit
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxCost <= 0 {
		opts.MaxCost = DefaultRequestCost
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opts.ClientCostBurst <= 0 {
		opts.ClientCostBurst = max(DefaultClientCostBurst, opts.MaxCost)
	}

	analytics := opts.Engine
	if analytics == nil {
		analytics = NewAnalytics(store, opts.Analytics)
	}
	srv := handler.New(NewExecutableSchema(Config{
		Resolvers:  &Resolver{Store: store, Analytics: analytics},
		Complexity: complexity(),
		Directives: DirectiveRoot{HasRole: hasRole(opts.Keys)},
	}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(opts.Query.withDefaults())
	srv.Use(DepthLimit{Max: opts.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	srv.Use(&Cost{MaxCost: opts.MaxCost, MaxResponseBytes: opts.MaxResponseBytes,
		Budgets: NewBudgets(opts.ClientCostPerSecond, opts.ClientCostBurst)})
	srv.SetErrorPresenter(ErrorPresenter(opts.Logger))
	srv.SetRecoverFunc(RecoverFunc(opts.Logger))

	return Auth(opts.Keys, opts.Private,
		withTimeout(opts.Timeout, LoaderMiddleware(store, opts.LoaderWait, analytics.Middleware(withRequestState(analytics, srv)))))
}

// withRequestState gives every request what the limits read: its client,
// its response headers and its cost state, whose network size comes from
// the analytics at the request's data version.
func withRequestState(a *Analytics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), clientKey{}, clientOf(r))
		ctx = context.WithValue(ctx, headerKey{}, w.Header())
		ctx = withCost(ctx, a.networkSize)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withTimeout gives every request a context that ends after d.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
