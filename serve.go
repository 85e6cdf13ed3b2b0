package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/httplimit"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/web"
	"github.com/rs/cors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// runServe serves the API and the pages until ctx ends, then shuts down
// gracefully.
func runServe(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	log := slog.New(slog.NewTextHandler(stdout, nil))
	store, err := openServeStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	// work ends at shutdown and stops every analytics computation.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	limits := cfg.limits.http(cfg.timeout)
	srv := httplimit.Server(routes(work, store, cfg, log), limits, log)
	ln = httplimit.Listen(ln, limits)
	log.Info("access", "apiKeys", cfg.keys.Len(), "writes", cfg.keys.Allows(graph.RoleWriter), "privateReads", cfg.private)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stopWork()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// routes returns the server's handler, whose analytics stop when work
// ends: /graphql, the CSV tables under
// /export/, /healthz, /readyz and the pages, behind CORS for the configured
// origins only.
func routes(work context.Context, store network.Store, cfg config, log *slog.Logger) http.Handler {
	api := graph.NewHandler(store, graph.Options{Timeout: cfg.timeout, LoaderWait: cfg.loaderWait, Logger: log, Keys: cfg.keys, Private: cfg.private,
		MaxBody: cfg.maxBody, MaxCost: cfg.limits.maxCost, ClientCostPerSecond: cfg.limits.clientCostRate,
		Analytics: graph.AnalyticsOptions{Workers: cfg.limits.workers, Done: work}})
	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /export/", graph.Tables(api))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := store.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": network.ErrorMessage(err)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("/", web.Handler())
	if len(cfg.corsOrigins) == 0 {
		// No origin is allowed: send no CORS headers, so browsers keep
		// other sites out.
		return mux
	}
	return cors.New(cors.Options{
		AllowedOrigins: cfg.corsOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-API-Key"},
		MaxAge:         600,
	}).Handler(mux)
}

// writeJSON writes v as the JSON body of a response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
