// Command peacegraph serves the network of actors that sustain peace at the
// regional level over GraphQL, and imports and exports it.
//
//	peacegraph [serve] [--addr HOST:PORT] [--data FILE] [--no-seed] [--cors-origins LIST] [--timeout D] [--max-body BYTES]
//	peacegraph import [--data FILE] [--no-seed] FILE...
//	peacegraph export --format graphml|json|csv [--out PATH] [--data FILE] [--no-seed]
//
// Each flag can also be set in the environment: PEACEGRAPH_ADDR,
// PEACEGRAPH_DATA, PEACEGRAPH_CORS_ORIGINS, PEACEGRAPH_TIMEOUT,
// PEACEGRAPH_MAX_BODY; a flag wins over the environment.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rs/cors"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "peacegraph:", errorText(err))
		os.Exit(1)
	}
}

// errorText is what the user reads of err: the message of a network error
// (which names the file, row or field), or the error itself.
func errorText(err error) string {
	if network.ErrorCode(err) != network.EINTERNAL {
		return network.ErrorMessage(err)
	}
	return err.Error()
}

// config is everything run reads from the flags and the environment, once.
type config struct {
	command     string
	addr        string
	data        string
	noSeed      bool
	corsOrigins []string
	timeout     time.Duration
	maxBody     int64
	format      string   // export
	out         string   // export
	files       []string // import
}

// Defaults of the configuration.
const (
	defaultAddr    = "127.0.0.1:8080"
	defaultData    = "peacegraph.db"
	defaultTimeout = 30 * time.Second
	defaultMaxBody = 1 << 20
)

// run runs the subcommand named by args[0] (serve when there is none) until
// it is done or ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	switch cfg.command {
	case "import":
		return runImport(ctx, cfg, stdout)
	case "export":
		return runExport(ctx, cfg, stdout)
	}
	return runServe(ctx, cfg, stdout)
}

// parseConfig reads the subcommand, its flags and the environment.
func parseConfig(args []string, getenv func(string) string, stdout io.Writer) (config, error) {
	cfg := config{command: "serve"}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cfg.command, args = args[0], args[1:]
	}
	switch cfg.command {
	case "serve", "import", "export":
	default:
		return cfg, fmt.Errorf("unknown command %q: want serve, import or export", cfg.command)
	}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	timeout, err := time.ParseDuration(env("PEACEGRAPH_TIMEOUT", defaultTimeout.String()))
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_TIMEOUT: %v", err)
	}
	maxBody, err := strconv.ParseInt(env("PEACEGRAPH_MAX_BODY", strconv.Itoa(defaultMaxBody)), 10, 64)
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_MAX_BODY: %v", err)
	}

	fs := flag.NewFlagSet("peacegraph "+cfg.command, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.StringVar(&cfg.data, "data", env("PEACEGRAPH_DATA", defaultData), "store `file` (PEACEGRAPH_DATA)")
	fs.BoolVar(&cfg.noSeed, "no-seed", false, "leave a new store empty instead of loading the built-in network")
	origins := ""
	if cfg.command == "serve" {
		fs.StringVar(&cfg.addr, "addr", env("PEACEGRAPH_ADDR", defaultAddr), "listen `address`; port 0 picks a free port (PEACEGRAPH_ADDR)")
		fs.StringVar(&origins, "cors-origins", env("PEACEGRAPH_CORS_ORIGINS", ""), "comma-separated `origins` allowed to call the API from a browser (PEACEGRAPH_CORS_ORIGINS)")
		fs.DurationVar(&cfg.timeout, "timeout", timeout, "time limit of one request (PEACEGRAPH_TIMEOUT)")
		fs.Int64Var(&cfg.maxBody, "max-body", maxBody, "largest request body in `bytes` (PEACEGRAPH_MAX_BODY)")
	}
	if cfg.command == "export" {
		fs.StringVar(&cfg.format, "format", "graphml", "`format`: graphml, json or csv")
		fs.StringVar(&cfg.out, "out", "", "output `path` (standard output when empty); for csv a directory that gets nodes.csv and edges.csv")
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.corsOrigins = append(cfg.corsOrigins, o)
		}
	}
	cfg.files = fs.Args()
	switch {
	case cfg.command == "import" && len(cfg.files) == 0:
		return cfg, errors.New("import: name at least one file")
	case cfg.command != "import" && len(cfg.files) > 0:
		return cfg, fmt.Errorf("%s: unexpected arguments %q", cfg.command, cfg.files)
	case cfg.command == "export" && cfg.format == "csv" && cfg.out == "":
		return cfg, errors.New("export: csv is two files: name a directory with --out")
	}
	return cfg, nil
}

// openStore opens the store cfg names and, unless cfg.noSeed, loads the
// built-in network into it when it is empty.
func openStore(ctx context.Context, cfg config) (network.Store, error) {
	// NEO4J: when NEO4J_URI is set, the Neo4j store (store/neo4j) is opened
	// here instead of the embedded one; it is wired in with that store.
	s, err := embedded.Open(cfg.data)
	if err != nil {
		return nil, err
	}
	if !cfg.noSeed {
		if _, err := seed.LoadIfEmpty(ctx, s); err != nil {
			return nil, errors.Join(err, s.Close())
		}
	}
	return s, nil
}

// runServe serves the API and the pages until ctx ends, then shuts down
// gracefully.
func runServe(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	srv := &http.Server{
		Handler:           routes(store, cfg, log),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
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

// routes returns the server's handler: /graphql, /healthz, /readyz and the
// pages, behind CORS for the configured origins only.
func routes(store network.Store, cfg config, log *slog.Logger) http.Handler {
	api := graph.NewHandler(store, graph.Options{Timeout: cfg.timeout, Logger: log})
	mux := http.NewServeMux()
	mux.Handle("/graphql", limitBody(cfg.maxBody, api))
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
		AllowedHeaders: []string{"Content-Type", "Authorization"},
		MaxAge:         600,
	}).Handler(mux)
}

// limitBody refuses a request whose body is declared larger than max with
// 413, and cuts off a body that turns out larger while it is read.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"errors": []map[string]any{{
				"message":    fmt.Sprintf("request body is larger than %d bytes", max),
				"extensions": map[string]string{"code": graph.CodeBadUserInput},
			}}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// writeJSON writes v as the JSON body of a response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// runImport reads the files and writes them to the store in one
// transaction: all of them or, on any error, none.
func runImport(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	c, err := formats.ImportFiles(cfg.files)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	if err := store.Apply(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), cfg.data)
	return nil
}

// runExport writes the whole network in cfg.format to cfg.out or stdout.
func runExport(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	snap, err := store.Snapshot(ctx, false)
	if err != nil {
		return err
	}
	if cfg.format == "csv" {
		return exportCSV(cfg.out, snap)
	}
	if cfg.out == "" {
		return formats.Export(stdout, cfg.format, snap)
	}
	f, err := os.Create(cfg.out)
	if err != nil {
		return err
	}
	if err := formats.Export(f, cfg.format, snap); err != nil {
		return errors.Join(err, f.Close(), os.Remove(cfg.out))
	}
	return f.Close()
}

// exportCSV writes snap as dir/nodes.csv and dir/edges.csv.
func exportCSV(dir string, snap *network.Snapshot) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	nodes, err := os.Create(filepath.Join(dir, "nodes.csv"))
	if err != nil {
		return err
	}
	edges, err := os.Create(filepath.Join(dir, "edges.csv"))
	if err != nil {
		return errors.Join(err, nodes.Close())
	}
	err = formats.ExportCSV(nodes, edges, snap)
	return errors.Join(err, nodes.Close(), edges.Close())
}
