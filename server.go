// Command peacegraph serves the network of actors that sustain peace at the
// regional level over GraphQL, and imports and exports it.
//
//	peacegraph [serve] [--addr HOST:PORT] [--data FILE] [--no-seed] [--cors-origins LIST] [--timeout D] [--max-body BYTES]
//	                   [--api-keys role:KEY,...] [--api-keys-file FILE] [--private]
//	peacegraph import [--data FILE] [--no-seed] FILE...
//	peacegraph export --format graphml|json|csv [--out PATH] [--data FILE] [--no-seed]
//	peacegraph generate --actors N --ties M [--seed S] [--out FILE.graphml|FILE.json] [--data FILE]
//	peacegraph healthcheck [--url URL]
//
// Each flag can also be set in the environment: PEACEGRAPH_ADDR,
// PEACEGRAPH_DATA, PEACEGRAPH_CORS_ORIGINS, PEACEGRAPH_TIMEOUT,
// PEACEGRAPH_MAX_BODY, PEACEGRAPH_API_KEYS, PEACEGRAPH_API_KEYS_FILE,
// PEACEGRAPH_PRIVATE; a flag wins over the environment.
//
// Writes (the GraphQL mutations) need an API key of role writer, sent as
// "Authorization: Bearer KEY" or "X-API-Key: KEY"; with no writer key
// configured they are refused. --private closes reads to keys too.
//
// The store is the embedded file --data unless a Neo4j URI is given
// (--neo4j-uri or NEO4J_URI, with NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE); then every command works on that Neo4j database instead.
// serve starts even while Neo4j is down: /readyz answers 503 with the
// reason, queries fail at once with SERVICE_UNAVAILABLE, and the service
// connects (and loads the seed into an empty database) as soon as Neo4j
// answers.
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
	"sync"
	"syscall"
	"time"

	"github.com/rs/cors"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/neo4j"
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
	keys        *graph.Keys  // serve: API keys of --api-keys and --api-keys-file
	private     bool         // serve: reads need a key too
	neo4j       neo4j.Config // the Neo4j store when neo4j.URI is set
	format      string       // export
	out         string       // export, generate
	files       []string     // import
	actors      int          // generate
	ties        int          // generate
	seed        int64        // generate
	url         string       // healthcheck
}

// Defaults of the configuration.
const (
	defaultAddr    = "127.0.0.1:8080"
	defaultData    = "peacegraph.db"
	defaultTimeout = 30 * time.Second
	defaultMaxBody = 1 << 20
	defaultHealth  = "http://127.0.0.1:8080/readyz"
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
	case "generate":
		return runGenerate(ctx, cfg, stdout)
	case "healthcheck":
		return runHealthcheck(ctx, cfg, stdout)
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
	case "serve", "import", "export", "generate", "healthcheck":
	default:
		return cfg, fmt.Errorf("unknown command %q: want serve, import, export, generate or healthcheck", cfg.command)
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
	if cfg.command == "healthcheck" {
		fs.StringVar(&cfg.url, "url", defaultHealth, "`URL` that must answer 200")
	} else {
		fs.StringVar(&cfg.data, "data", env("PEACEGRAPH_DATA", defaultData), "store `file` (PEACEGRAPH_DATA), unless a Neo4j URI is given")
		fs.StringVar(&cfg.neo4j.URI, "neo4j-uri", getenv("NEO4J_URI"), "Neo4j `URI` (bolt://host:7687 or neo4j://host:7687) to use instead of the file (NEO4J_URI)")
		fs.StringVar(&cfg.neo4j.Username, "neo4j-username", getenv("NEO4J_USERNAME"), "Neo4j `user` (NEO4J_USERNAME)")
		fs.StringVar(&cfg.neo4j.Database, "neo4j-database", getenv("NEO4J_DATABASE"), "Neo4j `database`; the server's default when empty (NEO4J_DATABASE)")
		cfg.neo4j.Password = getenv("NEO4J_PASSWORD")
	}
	if cfg.command != "healthcheck" && cfg.command != "generate" {
		fs.BoolVar(&cfg.noSeed, "no-seed", false, "leave a new store empty instead of loading the built-in network")
	}
	origins, keys, keysFile := "", "", ""
	private := false
	if v := getenv("PEACEGRAPH_PRIVATE"); v != "" {
		if private, err = strconv.ParseBool(v); err != nil {
			return cfg, fmt.Errorf("PEACEGRAPH_PRIVATE: %q is not true or false", v)
		}
	}
	if cfg.command == "serve" {
		fs.StringVar(&cfg.addr, "addr", env("PEACEGRAPH_ADDR", defaultAddr), "listen `address`; port 0 picks a free port (PEACEGRAPH_ADDR)")
		fs.StringVar(&origins, "cors-origins", env("PEACEGRAPH_CORS_ORIGINS", ""), "comma-separated `origins` allowed to call the API from a browser (PEACEGRAPH_CORS_ORIGINS)")
		fs.DurationVar(&cfg.timeout, "timeout", timeout, "time limit of one request (PEACEGRAPH_TIMEOUT)")
		fs.Int64Var(&cfg.maxBody, "max-body", maxBody, "largest request body in `bytes` (PEACEGRAPH_MAX_BODY)")
		fs.StringVar(&keys, "api-keys", getenv("PEACEGRAPH_API_KEYS"), "comma-separated API keys as `role:key`, role reader or writer (PEACEGRAPH_API_KEYS)")
		fs.StringVar(&keysFile, "api-keys-file", getenv("PEACEGRAPH_API_KEYS_FILE"), "`file` of API keys, one role:key a line (PEACEGRAPH_API_KEYS_FILE)")
		fs.BoolVar(&cfg.private, "private", private, "close reads to API keys too (PEACEGRAPH_PRIVATE=true)")
	}
	if cfg.command == "export" {
		fs.StringVar(&cfg.format, "format", "graphml", "`format`: graphml, gexf, json (NetworkX node-link) or csv")
		fs.StringVar(&cfg.out, "out", "", "output `path` (standard output when empty); for csv a directory that gets nodes.csv and edges.csv")
	}
	if cfg.command == "generate" {
		fs.IntVar(&cfg.actors, "actors", 1000, fmt.Sprintf("number of `actors`, at least %d", synthetic.MinActors))
		fs.IntVar(&cfg.ties, "ties", 5000, "number of `ties`")
		fs.Int64Var(&cfg.seed, "seed", 1, "random `seed`: the same seed gives the same network")
		fs.StringVar(&cfg.out, "out", "", "write the network to this `file` (.graphml or .json) instead of the store")
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.corsOrigins = append(cfg.corsOrigins, o)
		}
	}
	if cfg.command == "serve" {
		if cfg.keys, err = readKeys(keys, keysFile); err != nil {
			return cfg, err
		}
		if cfg.private && cfg.keys.Len() == 0 {
			return cfg, errors.New("--private needs API keys: give --api-keys or --api-keys-file")
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
	case cfg.command == "generate" && cfg.out != "" && generatedFormat(cfg.out) == "":
		return cfg, fmt.Errorf("generate: --out %s: want a .graphml or .json file", cfg.out)
	}
	if cfg.command == "generate" {
		// A generated network replaces the seed: serve then finds the
		// store full and leaves it alone.
		cfg.noSeed = true
	}
	return cfg, nil
}

// readKeys returns the API keys of the list (--api-keys) and of the file
// (--api-keys-file), when either is given.
func readKeys(list, file string) (*graph.Keys, error) {
	text := list
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--api-keys-file: %w", err)
		}
		text += "\n" + string(data)
	}
	keys, err := graph.ParseKeys(text)
	if err != nil {
		return nil, fmt.Errorf("API keys: %s", network.ErrorMessage(err))
	}
	return keys, nil
}

// storeName says which store cfg names, for messages and logs.
func storeName(cfg config) string {
	if cfg.neo4j.URI == "" {
		return cfg.data
	}
	if cfg.neo4j.Database != "" {
		return fmt.Sprintf("Neo4j %s (database %s)", cfg.neo4j.URI, cfg.neo4j.Database)
	}
	return "Neo4j " + cfg.neo4j.URI
}

// openStore opens the store cfg names, the Neo4j database when cfg.neo4j.URI
// is set and the embedded file otherwise, and, unless cfg.noSeed, loads the
// built-in network into it when it is empty. EUNAVAILABLE if Neo4j cannot
// be reached.
func openStore(ctx context.Context, cfg config) (network.Store, error) {
	var s network.Store
	var err error
	if cfg.neo4j.URI != "" {
		s, err = neo4j.Open(ctx, cfg.neo4j)
	} else {
		s, err = embedded.Open(cfg.data)
	}
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
	srv := &http.Server{
		Handler:           routes(store, cfg, log),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("access", "apiKeys", cfg.keys.Len(), "writes", cfg.keys.Allows(graph.RoleWriter), "privateReads", cfg.private)
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
	api := graph.NewHandler(store, graph.Options{Timeout: cfg.timeout, Logger: log, Keys: cfg.keys, Private: cfg.private, MaxBody: cfg.maxBody})
	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
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

// runImport reads the files and writes them to the store in one
// transaction: all of them or, on any error, none.
func runImport(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	// IATI organisations are matched to the actors already stored.
	snap, err := store.Snapshot(ctx, false)
	if err != nil {
		return err
	}
	c, err := formats.ImportFilesKnown(cfg.files, snap.Actors)
	if err != nil {
		return err
	}
	if err := store.Apply(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), storeName(cfg))
	return nil
}

// generatedFormat is the export format of a generate --out file, "" when its
// extension names none.
func generatedFormat(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".graphml":
		return "graphml"
	case ".json":
		return "json"
	}
	return ""
}

// runGenerate makes a synthetic network and writes it to cfg.out or, when
// that is empty, to the store in one transaction.
func runGenerate(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	c, err := synthetic.Generate(synthetic.Options{Actors: cfg.actors, Ties: cfg.ties, Seed: cfg.seed})
	if err != nil {
		return err
	}
	if cfg.out != "" {
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		snap := &network.Snapshot{Actors: c.Actors, Ties: c.Ties, Places: c.Places}
		if err := formats.Export(f, generatedFormat(cfg.out), snap); err != nil {
			return errors.Join(err, f.Close(), os.Remove(cfg.out))
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), cfg.out)
		return nil
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	if err := store.Apply(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), storeName(cfg))
	return nil
}

// runHealthcheck succeeds when cfg.url answers 200 within a few seconds: the
// health check of a container, whose image has no curl.
func runHealthcheck(ctx context.Context, cfg config, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", cfg.url, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(stdout, "%s answered %s\n", cfg.url, resp.Status)
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

// openServeStore opens the store of the serve command. The embedded file is
// opened (and seeded) at once. A Neo4j database is opened by a
// reconnectingStore: the service starts whether or not Neo4j answers yet.
func openServeStore(ctx context.Context, cfg config, log *slog.Logger) (network.Store, error) {
	if cfg.neo4j.URI == "" {
		s, err := openStore(ctx, cfg)
		if err != nil {
			return nil, err
		}
		log.Info("store: embedded", "file", cfg.data)
		return s, nil
	}
	s, err := neo4j.New(cfg.neo4j)
	if err != nil {
		return nil, err
	}
	log.Info("store: Neo4j", "uri", cfg.neo4j.URI, "database", cfg.neo4j.Database, "user", cfg.neo4j.Username)
	return startReconnecting(s, !cfg.noSeed, log), nil
}

// How a reconnectingStore watches and reconnects.
const (
	// watchInterval is how often a serving store pings the database.
	watchInterval = 2 * time.Second
	// firstRetry and lastRetry bound the wait between two connection
	// attempts, which doubles from the first to the last.
	firstRetry = 250 * time.Millisecond
	lastRetry  = 10 * time.Second
	// connectTimeout bounds one attempt: connecting, creating the schema
	// and loading the seed into an empty database.
	connectTimeout = 5 * time.Minute
	// firstAttemptWait is how long serve waits for the first attempt
	// before it listens anyway.
	firstAttemptWait = 30 * time.Second
)

// errNotConnected is the state of a reconnectingStore before the database
// first answers.
var errNotConnected = network.Errorf(network.EUNAVAILABLE, "the Neo4j database has not answered yet")

// reconnectingStore is the Neo4j store of a running service, which must
// start and keep serving while the database is down. It is down until the
// database has answered (Init, and the seed loaded into an empty database)
// and again whenever a ping fails. While it is down every call fails at once
// with EUNAVAILABLE, and a background loop reconnects with backoff. Calls in
// flight when it goes down end at once with EUNAVAILABLE too, instead of
// waiting out the driver's retries. A call that fails with EUNAVAILABLE
// while it is up asks the loop for a ping at once.
type reconnectingStore struct {
	*neo4j.Store
	seed bool
	log  *slog.Logger

	mu     sync.Mutex
	down   error              // nil while serving; else why not, with a network code
	up     context.Context    // ends when the store goes down
	upStop context.CancelFunc // ends up

	check chan struct{} // asks the loop to ping now
	stop  context.CancelFunc
	done  chan struct{} // closed when the loop has returned
}

var _ network.Store = (*reconnectingStore)(nil)

// startReconnecting returns s behind a reconnectingStore whose loop is
// running, after the loop's first attempt to connect or firstAttemptWait,
// whichever is sooner. With seed, the seed is loaded into an empty database
// on every connection.
func startReconnecting(s *neo4j.Store, seed bool, log *slog.Logger) *reconnectingStore {
	ctx, cancel := context.WithCancel(context.Background())
	r := &reconnectingStore{
		Store: s, seed: seed, log: log, down: errNotConnected,
		check: make(chan struct{}, 1), stop: cancel, done: make(chan struct{}),
	}
	first := make(chan struct{})
	go r.loop(ctx, first)
	select {
	case <-first:
	case <-time.After(firstAttemptWait):
	}
	return r
}

// loop connects while the store is down and pings while it is up, until
// ctx ends. It closes first when its first attempt to connect is over.
func (r *reconnectingStore) loop(ctx context.Context, first chan struct{}) {
	defer close(r.done)
	retry := firstRetry
	for {
		if r.state() != nil {
			err := r.connect(ctx)
			if first != nil {
				close(first)
				first = nil
			}
			if err == nil {
				retry = firstRetry
				continue
			}
			r.log.Warn("Neo4j is not ready; retrying", "in", retry, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
			retry = min(2*retry, lastRetry)
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-r.check:
		case <-time.After(watchInterval):
		}
		if err := r.Store.Ping(ctx); err != nil && ctx.Err() == nil {
			r.setDown(err)
			r.log.Warn("Neo4j stopped answering", "err", err)
		}
	}
}

// connect makes one attempt to bring the store up: Init and, when asked, the
// seed. It leaves the store up on success and down with the reason on
// failure.
func (r *reconnectingStore) connect(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	err := r.Store.Init(ctx)
	loaded := false
	if err == nil && r.seed {
		loaded, err = seed.LoadIfEmpty(ctx, r.Store)
	}
	if err != nil {
		r.setDown(err)
		return err
	}
	r.mu.Lock()
	r.down = nil
	r.up, r.upStop = context.WithCancel(context.Background())
	r.mu.Unlock()
	r.log.Info("Neo4j is ready", "seedLoaded", loaded)
	return nil
}

// state returns nil while the store serves and the reason while it is down.
func (r *reconnectingStore) state() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.down
}

// setDown marks the store down because of err and ends the calls in flight:
// an EUNAVAILABLE error is kept as it is, anything else becomes EUNAVAILABLE
// saying the database is not ready (its details go to the log, not to
// clients).
func (r *reconnectingStore) setDown(err error) {
	if network.ErrorCode(err) != network.EUNAVAILABLE {
		err = network.Errorf(network.EUNAVAILABLE, "the Neo4j database is not ready")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = err
	if r.upStop != nil {
		r.upStop()
		r.upStop = nil
	}
}

// enter starts a call: EUNAVAILABLE at once while the store is down, and
// otherwise a context that also ends when the store goes down, with the
// function that releases it.
func (r *reconnectingStore) enter(ctx context.Context) (context.Context, context.CancelFunc, error) {
	r.mu.Lock()
	down, up := r.down, r.up
	r.mu.Unlock()
	if down != nil {
		return nil, nil, down
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(up, cancel)
	return ctx, func() { stop(); cancel() }, nil
}

// leave ends a call that returned err: when the store went down during the
// call, the reason replaces whatever err the ended context caused; an
// EUNAVAILABLE error asks the loop for a ping now.
func (r *reconnectingStore) leave(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		if down := r.state(); down != nil {
			return down
		}
	}
	if network.ErrorCode(err) == network.EUNAVAILABLE {
		select {
		case r.check <- struct{}{}:
		default:
		}
	}
	return err
}

// guarded runs call on r's store between enter and leave.
func guarded[T any](r *reconnectingStore, ctx context.Context, call func(context.Context) (T, error)) (T, error) {
	var zero T
	ctx, release, err := r.enter(ctx)
	if err != nil {
		return zero, err
	}
	defer release()
	v, err := call(ctx)
	if err = r.leave(ctx, err); err != nil {
		return zero, err
	}
	return v, nil
}

// Close stops the loop and closes the store.
func (r *reconnectingStore) Close() error {
	r.stop()
	<-r.done
	r.setDown(errNotConnected)
	return r.Store.Close()
}

// Ping fails at once while the store is down; while it is up it pings the
// database and marks the store down if that fails.
func (r *reconnectingStore) Ping(ctx context.Context) error {
	_, err := guarded(r, ctx, func(ctx context.Context) (struct{}, error) {
		err := r.Store.Ping(ctx)
		if err != nil && ctx.Err() == nil {
			r.setDown(err)
		}
		return struct{}{}, err
	})
	return err
}

// Actor implements network.Store.
func (r *reconnectingStore) Actor(ctx context.Context, id string) (*network.Actor, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Actor, error) { return r.Store.Actor(ctx, id) })
}

// ActorsByID implements network.Store.
func (r *reconnectingStore) ActorsByID(ctx context.Context, ids []string) ([]*network.Actor, error) {
	return guarded(r, ctx, func(ctx context.Context) ([]*network.Actor, error) { return r.Store.ActorsByID(ctx, ids) })
}

// Actors implements network.Store.
func (r *reconnectingStore) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	return guardedPage(r, ctx, func(ctx context.Context) ([]*network.Actor, int, error) { return r.Store.Actors(ctx, q) })
}

// Ties implements network.Store.
func (r *reconnectingStore) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	return guardedPage(r, ctx, func(ctx context.Context) ([]*network.Tie, int, error) { return r.Store.Ties(ctx, q) })
}

// listPage is one page of a list and how many match in all.
type listPage[T any] struct {
	items []T
	total int
}

// guardedPage is guarded for a call that returns a page and how many match
// in all.
func guardedPage[T any](r *reconnectingStore, ctx context.Context, call func(context.Context) ([]T, int, error)) ([]T, int, error) {
	p, err := guarded(r, ctx, func(ctx context.Context) (listPage[T], error) {
		items, total, err := call(ctx)
		return listPage[T]{items, total}, err
	})
	return p.items, p.total, err
}

// TiesOf implements network.Store.
func (r *reconnectingStore) TiesOf(ctx context.Context, actorIDs []string, filter network.TieFilter) (map[string][]*network.Tie, error) {
	return guarded(r, ctx, func(ctx context.Context) (map[string][]*network.Tie, error) {
		return r.Store.TiesOf(ctx, actorIDs, filter)
	})
}

// Search implements network.Store.
func (r *reconnectingStore) Search(ctx context.Context, query string, limit int) ([]network.SearchHit, error) {
	return guarded(r, ctx, func(ctx context.Context) ([]network.SearchHit, error) { return r.Store.Search(ctx, query, limit) })
}

// Places implements network.Store.
func (r *reconnectingStore) Places(ctx context.Context) ([]*network.Place, error) {
	return guarded(r, ctx, r.Store.Places)
}

// Apply implements network.Store.
func (r *reconnectingStore) Apply(ctx context.Context, c *network.Change) error {
	_, err := guarded(r, ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.Store.Apply(ctx, c) })
	return err
}

// Snapshot implements network.Store.
func (r *reconnectingStore) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Snapshot, error) { return r.Store.Snapshot(ctx, withSources) })
}

// Version implements network.Store.
func (r *reconnectingStore) Version(ctx context.Context) (uint64, error) {
	return guarded(r, ctx, r.Store.Version)
}

// Stats implements network.Store.
func (r *reconnectingStore) Stats(ctx context.Context) (network.Stats, error) {
	return guarded(r, ctx, r.Store.Stats)
}
