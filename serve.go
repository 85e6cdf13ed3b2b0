package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/cors"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/httplimit"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/funding"
	"github.com/peacegraph/peacegraph/store/instrumented"
	"github.com/peacegraph/peacegraph/telemetry"
	"github.com/peacegraph/peacegraph/web"
)

// newLogger returns the logger of format (text or json) writing to w; every
// record logged while answering a request carries its request id.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(telemetry.LogHandler(slog.NewJSONHandler(w, nil)))
	}
	return slog.New(telemetry.LogHandler(slog.NewTextHandler(w, nil)))
}

// runServe serves the API and the pages until ctx ends, then shuts down
// gracefully: /readyz answers 503 at once, the listener closes after
// cfg.shutdownDelay, requests in flight get cfg.shutdownGrace to finish,
// and those still running after it (analytics, exports) are cancelled.
func runServe(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	log := newLogger(cfg.logFormat, stdout)
	tracer, err := telemetry.StartTracing(ctx, cfg.getenv, buildVersion())
	if err != nil {
		return err
	}
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = errors.Join(err, tracer.Shutdown(flushCtx))
	}()
	metrics := telemetry.NewMetrics()
	opened, err := openServeStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	store := instrumented.New(opened, storeLabel(cfg), instrumented.NewMetrics(metrics.Registry))
	defer func() { err = errors.Join(err, store.Close()) }()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	var draining atomic.Bool
	// Requests' contexts derive from base, which ends when the grace period
	// is over: what is still running then stops.
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	if cfg.limits.memoryLimit > 0 {
		debug.SetMemoryLimit(cfg.limits.memoryLimit)
	}
	limits := cfg.limits.http(cfg.timeout)
	srv := httplimit.Server(routes(store, cfg, log, serving{metrics: metrics, tracer: tracer, draining: &draining, done: base}), limits, log)
	srv.BaseContext = func(net.Listener) context.Context { return base }
	ln = httplimit.Listen(ln, limits)
	servers := []*http.Server{srv}
	served := make(chan error, 2)
	if cfg.metricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.metricsAddr)
		if err != nil {
			return errors.Join(fmt.Errorf("--metrics-addr: %w", err), ln.Close())
		}
		msrv := &http.Server{Handler: metrics.Handler(), ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, msrv)
		go func() { served <- msrv.Serve(mln) }()
		fmt.Fprintf(stdout, "metrics on http://%s/metrics\n", mln.Addr())
	}
	log.Info("access", "apiKeys", cfg.keys.Len(), "writes", cfg.keys.Allows(graph.RoleWriter), "privateReads", cfg.private)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	draining.Store(true)
	log.Info("shutting down", "delay", cfg.shutdownDelay.String(), "grace", cfg.shutdownGrace.String())
	time.Sleep(cfg.shutdownDelay)
	graceCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownGrace)
	defer cancel()
	var errs []error
	for _, s := range servers {
		if err := s.Shutdown(graceCtx); err != nil {
			log.Warn("grace period over: cancelling the requests still running", "grace", cfg.shutdownGrace.String())
			cancelRequests()
			errs = append(errs, s.Close())
		}
	}
	for range servers {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// serving is what routes needs of the running service besides the store;
// each field may be nil.
type serving struct {
	metrics  *telemetry.Metrics
	tracer   *telemetry.Tracer
	draining *atomic.Bool    // set when the service shuts down
	done     context.Context // ends when the grace period is over: analytics computations stop
}

// routes returns the server's handler: /graphql, the CSV tables under
// /export/, /healthz, /readyz,
// /metrics (unless metrics are served apart, or there are none) and the
// pages, behind CORS for the configured origins only, each request logged,
// measured and traced. /readyz answers 503 while obs.draining is set.
func routes(store network.Store, cfg config, log *slog.Logger, obs serving) http.Handler {
	m, draining := obs.metrics, obs.draining
	engine := graph.NewAnalytics(store, graph.AnalyticsOptions{Workers: cfg.limits.workers, Done: obs.done,
		ExactBudget: cfg.limits.exactBudget, JobBudget: cfg.limits.jobBudget, MaxJobs: cfg.limits.maxJobs})
	if m != nil {
		m.RegisterAnalytics(func() telemetry.AnalyticsStats {
			s := engine.Stats()
			return telemetry.AnalyticsStats{Computations: s.Computations, Hits: s.Hits, Snapshots: s.Snapshots, Projections: s.Projections,
				Cancelled: s.Cancelled, Entries: s.Entries, Bytes: s.Bytes, Running: s.Running, Queued: s.Queued}
		})
	}
	api := graph.NewHandler(store, graph.Options{Timeout: cfg.timeout, LoaderWait: cfg.loaderWait, Logger: log, Keys: cfg.keys, Private: cfg.private,
		MaxBody: cfg.maxBody, MaxCost: cfg.limits.maxCost, MaxResponseBytes: cfg.limits.maxResponse, ClientCostPerSecond: cfg.limits.clientCostRate,
		Engine: engine, Extensions: []graphql.HandlerExtension{telemetry.GraphQL{Metrics: m}}, Funding: fundingReference(log)})
	mux := http.NewServeMux()
	mux.Handle("/graphql", httplimit.RequestRate(float64(cfg.limits.requestRate), 2*cfg.limits.requestRate, api))
	mux.Handle("GET /export/", graph.Tables(api))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if draining != nil && draining.Load() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "the service is shutting down"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := store.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": network.ErrorMessage(err)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	if m != nil && cfg.metricsAddr == "" {
		mux.Handle("GET /metrics", m.Handler())
	}
	sdl := []byte(graph.SchemaSDL())
	mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(sdl)
	})
	mux.Handle("/", web.Handler())
	var h http.Handler = mux
	if len(cfg.corsOrigins) > 0 {
		// Without origins no CORS headers are sent, so browsers keep other
		// sites out.
		h = cors.New(cors.Options{
			AllowedOrigins: cfg.corsOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders: append(corsBaseHeaders(), cfg.corsHeaders...),
			ExposedHeaders: []string{telemetry.RequestIDHeader},
			MaxAge:         600,
		}).Handler(mux)
	}
	return obs.tracer.Handler(telemetry.Middleware(log, m, h))
}

// corsBaseHeaders are the request headers configured origins may always
// send: the body's type, API keys, the request ID and W3C trace context.
func corsBaseHeaders() []string {
	return []string{"Content-Type", "Authorization", "X-API-Key", telemetry.RequestIDHeader, "traceparent", "tracestate"}
}

// writeJSON writes v as the JSON body of a response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fundingReference returns the exchange rates and data sources of the
// built-in funding layer. They are embedded, so an error is a broken build:
// it is logged, and conversion and coverage are then unavailable.
func fundingReference(log *slog.Logger) graph.FundingReference {
	rates, err := funding.Rates()
	if err != nil {
		log.Error("funding: exchange rates", "error", err)
	}
	sources, err := funding.Sources()
	if err != nil {
		log.Error("funding: data sources", "error", err)
	}
	return graph.FundingReference{Rates: rates, Sources: sources}
}
