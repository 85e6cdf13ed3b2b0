package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/peacegraph/peacegraph/network"
)

// The limits NewHandler uses for zero Options fields.
const (
	DefaultComplexityLimit = 50000
	DefaultMaxDepth        = 10
	DefaultTimeout         = 30 * time.Second
	// DefaultMaxBody is the largest request body, in bytes.
	DefaultMaxBody = 1 << 20
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
	// Funding is the reference data of the funding queries.
	Funding FundingReference
	// Keys are the API keys the endpoint accepts (see Auth). Without a
	// writer key every mutation is refused with FORBIDDEN.
	Keys *Keys
	// Private closes reads too: a request without a known key is refused
	// with UNAUTHENTICATED.
	Private bool
	// MaxBody is the largest request body in bytes, declared or chunked;
	// DefaultMaxBody when zero.
	MaxBody int64
	// Query bounds the query text before it is parsed (bytes, tokens,
	// aliases, fragment spreads).
	Query QueryLimits
	// MaxCost is the largest cost (see the cost model in docs/api.md) one
	// request may have; DefaultRequestCost when zero.
	MaxCost int64
	// MaxResponseBytes bounds the size of one response (its JSON answer),
	// estimated for its exports before they run and counted as its fields
	// resolve; DefaultMaxResponseBytes when zero.
	MaxResponseBytes int64
	// ClientCostPerSecond and ClientCostBurst are each client's budget
	// over time; defaults when zero, none when ClientCostPerSecond is
	// negative.
	ClientCostPerSecond, ClientCostBurst int64
	// Extensions are gqlgen extensions used before the built-in ones, such
	// as the service's telemetry.
	Extensions []graphql.HandlerExtension
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
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
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
		Resolvers:  &Resolver{Store: store, Analytics: analytics, Funding: opts.Funding},
		Complexity: complexity(),
		Directives: DirectiveRoot{HasRole: hasRole(opts.Keys)},
	}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(NewQueryCache[*ast.QueryDocument](DefaultQueryCacheBytes, parsedBytesPerByte))
	for _, e := range opts.Extensions {
		srv.Use(e)
	}
	srv.Use(extension.Introspection{})
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: NewQueryCache[string](DefaultPersistedQueryBytes, 1)}})
	srv.Use(opts.Query.withDefaults())
	srv.Use(DepthLimit{Max: opts.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	srv.Use(&Cost{MaxCost: opts.MaxCost, MaxResponseBytes: opts.MaxResponseBytes,
		Budgets: NewBudgets(opts.ClientCostPerSecond, opts.ClientCostBurst)})
	srv.Use(ResponseSize{Max: opts.MaxResponseBytes})
	srv.Use(Deadline{})
	srv.SetErrorPresenter(ErrorPresenter(opts.Logger))
	srv.SetRecoverFunc(RecoverFunc(opts.Logger))

	return Auth(opts.Keys, opts.Private, RequestBodyQuery(opts.MaxBody, opts.Query.withDefaults().MaxBytes,
		withTimeout(opts.Timeout, LoaderMiddleware(store, opts.LoaderWait, analytics.Middleware(withRequestState(analytics, srv))))))
}

// RequestBody returns next behind the checks of a request body that the
// transport would answer with Go's words: a body over max bytes, declared
// or chunked, is refused with 413 and PAYLOAD_TOO_LARGE before more of it
// is read; a JSON body that is a batch (an array) or not a GraphQL request
// object is refused with 400 and BAD_REQUEST, without echoing it. next
// reads the body from memory.
func RequestBody(max int64, next http.Handler) http.Handler {
	return RequestBodyQuery(max, 0, next)
}

// RequestBodyQuery is RequestBody that also refuses, with
// COMPLEXITY_LIMIT_EXCEEDED, a JSON body whose query text is longer than
// maxQuery bytes (no limit when 0) as soon as it is decoded: the query
// limits would refuse it anyway, after the transport had decoded the body
// a second time, which for a body near --max-body costs more than the
// rest of the refusal.
func RequestBodyQuery(max int64, maxQuery int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		tooLarge := func() {
			writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
				fmt.Sprintf("the request body is larger than %d bytes (--max-body); import large files with the import command", max))
		}
		if r.ContentLength > max {
			tooLarge()
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		var nerr net.Error
		switch {
		case errors.As(err, &nerr) && nerr.Timeout():
			writeError(w, http.StatusRequestTimeout, CodeTimeout, "the request body was not sent within the time limit")
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, CodeBadRequest, "the request body could not be read")
			return
		case int64(len(body)) > max:
			tooLarge()
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
			msg, queryBytes := checkRequestJSON(body)
			if msg != "" {
				writeError(w, http.StatusBadRequest, CodeBadRequest, msg)
				return
			}
			if maxQuery > 0 && queryBytes > maxQuery {
				writeError(w, http.StatusOK, CodeComplexityExceeded, queryTooLong(queryBytes, maxQuery))
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// checkRequestJSON says what is wrong with body as a GraphQL request
// object, "" when nothing is, and how many bytes its query text has.
func checkRequestJSON(body []byte) (string, int) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return "batched requests (a JSON array of operations) are not supported: send one operation per request", 0
	}
	var req struct {
		Query         *string        `json:"query"`
		OperationName *string        `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	err := json.Unmarshal(body, &req)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		n := 0
		if req.Query != nil {
			n = len(*req.Query)
		}
		return "", n
	case errors.As(err, &syntax):
		return fmt.Sprintf("the request body is not valid JSON (at byte %d)", syntax.Offset), 0
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("the request body's %q must be a %s", typ.Field, jsonKind(typ.Field)), 0
	}
	return `the request body must be a JSON object {"query": "...", "variables": {...}, "operationName": "..."}`, 0
}

// jsonKind names what a GraphQL request field holds.
func jsonKind(field string) string {
	switch field {
	case "variables", "extensions":
		return "JSON object"
	}
	return "string"
}

// writeError answers status with one GraphQL error of code.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message":    message,
		"extensions": map[string]string{"code": code},
	}}})
}

// withRequestState gives every request what the limits read: its client,
// its response headers and its cost state, whose network size comes from
// the analytics at the request's data version.
func withRequestState(a *Analytics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), clientKey{}, clientOf(r))
		ctx = context.WithValue(ctx, headerKey{}, w.Header())
		ctx = withCost(ctx, a.networkSize, a.selectionSize)
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
