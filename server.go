// Command peacegraph serves the network of actors that sustain peace at the
// regional level over GraphQL, and imports and exports it.
//
//	peacegraph [serve] [--addr HOST:PORT] [--data FILE] [--no-seed] [--no-funding] [--cors-origins LIST] [--cors-headers LIST] [--timeout D] [--max-body BYTES]
//	                   [--api-keys role:KEY,...] [--api-keys-file FILE] [--private]
//	                   [--log-format text|json] [--metrics-addr HOST:PORT] [--shutdown-delay D] [--shutdown-grace D]
//	peacegraph import [--data FILE] [--no-seed] [--no-funding] FILE...
//	peacegraph export --format graphml|json|csv [--out PATH] [--data FILE] [--no-seed] [--no-funding]
//	peacegraph generate --actors N --ties M [--seed S] [--out FILE.graphml|FILE.json] [--data FILE]
//	peacegraph healthcheck [--url URL]
//	peacegraph version            (also --version)
//	peacegraph help [COMMAND]     (also -h)
//
// Each flag can also be set in the environment: PEACEGRAPH_ADDR,
// PEACEGRAPH_DATA, PEACEGRAPH_CORS_ORIGINS, PEACEGRAPH_TIMEOUT,
// PEACEGRAPH_MAX_BODY, PEACEGRAPH_API_KEYS, PEACEGRAPH_API_KEYS_FILE,
// PEACEGRAPH_PRIVATE, PEACEGRAPH_LOADER_WAIT, PEACEGRAPH_LOG_FORMAT,
// PEACEGRAPH_METRICS_ADDR, PEACEGRAPH_SHUTDOWN_DELAY, PEACEGRAPH_SHUTDOWN_GRACE;
// a flag wins over the environment. Tracing is configured by the standard
// OTEL_ variables.
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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/neo4j"
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
	noFunding   bool // leave the funding layer out of a new store
	corsOrigins []string
	// corsHeaders are request headers browsers may send cross-origin
	// besides corsBaseHeaders.
	corsHeaders []string
	timeout     time.Duration
	loaderWait  time.Duration
	maxBody     int64
	limits      serveLimits   // serve: cost budgets, analytics workers, HTTP limits
	keys        *graph.Keys   // serve: API keys of --api-keys and --api-keys-file
	private     bool          // serve: reads need a key too
	neo4j       neo4j.Config  // the Neo4j store when neo4j.URI is set
	format      string        // export
	out         string        // export, generate
	files       []string      // import
	actors      int           // generate
	ties        int           // generate
	seed        int64         // generate
	url         string        // healthcheck
	analyze     analyzeConfig // analyze
	// serve: observability and shutdown
	logFormat     string        // text or json
	metricsAddr   string        // serve /metrics here instead of on addr
	shutdownDelay time.Duration // /readyz is 503 this long before the listener closes
	shutdownGrace time.Duration // requests in flight get this long to finish
	getenv        func(string) string
}

// Defaults of the configuration.
const (
	defaultAddr    = "127.0.0.1:8080"
	defaultData    = "peacegraph.db"
	defaultTimeout = 30 * time.Second
	defaultMaxBody = 1 << 20
	defaultHealth  = "http://127.0.0.1:8080/readyz"
	defaultDelay   = 2 * time.Second
	defaultGrace   = 15 * time.Second
)

// command is one subcommand of peacegraph.
type command struct {
	name    string
	summary string // one line, for help
	run     func(ctx context.Context, cfg config, stdout io.Writer) error
}

// commands are the subcommands in the order help lists them. A new command
// is a file of its own with its run function, a line here, and its flags in
// parseConfig.
func commands() []command {
	return []command{
		{"serve", "serve the API, GraphiQL and the explorer (the default command)", runServe},
		{"import", "read GraphML, GEXF, node-link JSON, CSV or IATI files into the store, all or nothing", runImport},
		{"export", "write the whole network as GraphML, GEXF, node-link JSON or CSV", runExport},
		{"analyze", "compute one centrality metric over the whole network, with no budget, and print the top actors", runAnalyze},
		{"generate", "make a synthetic network (marked synthetic) for demos and benchmarks", runGenerate},
		{"healthcheck", "exit 0 when a URL answers 200: the container's health check", runHealthcheck},
		{"version", "print the version and build of this binary (also --version)", runVersion},
		{"help", "list the commands; help COMMAND lists the flags of one (also -h)", runHelp},
	}
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run runs the subcommand named by args[0] (serve when there is none) until
// it is done or ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 {
		// The top-level -h and --version, before any command's flags.
		switch args[0] {
		case "-h", "-help", "--help":
			args = append([]string{"help"}, args[1:]...)
		case "-version", "--version":
			args = append([]string{"version"}, args[1:]...)
		}
	}
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	c, _ := lookup(cfg.command)
	return c.run(ctx, cfg, stdout)
}

// parseConfig reads the subcommand, its flags and the environment.
func parseConfig(args []string, getenv func(string) string, stdout io.Writer) (config, error) {
	cfg := config{command: "serve", getenv: getenv}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cfg.command, args = args[0], args[1:]
	}
	if _, ok := lookup(cfg.command); !ok {
		return cfg, fmt.Errorf("unknown command %q: run peacegraph help for the list", cfg.command)
	}
	if cfg.command == "help" || cfg.command == "version" {
		cfg.files = args
		if cfg.command == "version" && len(args) > 0 {
			return cfg, fmt.Errorf("version: unexpected arguments %q", args)
		}
		return cfg, nil
	}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	timeout, err := time.ParseDuration(env("PEACEGRAPH_TIMEOUT", defaultTimeout.String()))
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_TIMEOUT: %w", err)
	}
	loaderWait, err := time.ParseDuration(env("PEACEGRAPH_LOADER_WAIT", graph.DefaultLoaderWait.String()))
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_LOADER_WAIT: %w", err)
	}
	maxBody, err := strconv.ParseInt(env("PEACEGRAPH_MAX_BODY", strconv.Itoa(defaultMaxBody)), 10, 64)
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_MAX_BODY: %w", err)
	}

	delay, err := time.ParseDuration(env("PEACEGRAPH_SHUTDOWN_DELAY", defaultDelay.String()))
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_SHUTDOWN_DELAY: %w", err)
	}
	grace, err := time.ParseDuration(env("PEACEGRAPH_SHUTDOWN_GRACE", defaultGrace.String()))
	if err != nil {
		return cfg, fmt.Errorf("PEACEGRAPH_SHUTDOWN_GRACE: %w", err)
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
		fs.BoolVar(&cfg.noSeed, "no-seed", false, "leave a new store empty instead of loading the built-in network (and its funding layer)")
		fs.BoolVar(&cfg.noFunding, "no-funding", false, "load the built-in network into a new store without its funding layer (CRS and IATI flows)")
	}
	origins, corsHeaders, keys, keysFile := "", "", "", ""
	private := false
	if v := getenv("PEACEGRAPH_PRIVATE"); v != "" {
		if private, err = strconv.ParseBool(v); err != nil {
			return cfg, fmt.Errorf("PEACEGRAPH_PRIVATE: %q is not true or false", v)
		}
	}
	if cfg.command == "serve" {
		fs.StringVar(&cfg.addr, "addr", env("PEACEGRAPH_ADDR", defaultAddr), "listen `address`; port 0 picks a free port (PEACEGRAPH_ADDR)")
		fs.StringVar(&origins, "cors-origins", env("PEACEGRAPH_CORS_ORIGINS", ""), "comma-separated `origins` allowed to call the API from a browser (PEACEGRAPH_CORS_ORIGINS)")
		fs.StringVar(&corsHeaders, "cors-headers", env("PEACEGRAPH_CORS_HEADERS", ""), "comma-separated request `headers` those origins may send besides Content-Type, Authorization, X-API-Key, X-Request-Id, traceparent and tracestate (PEACEGRAPH_CORS_HEADERS)")
		fs.DurationVar(&cfg.timeout, "timeout", timeout, "time limit of one request (PEACEGRAPH_TIMEOUT)")
		fs.DurationVar(&cfg.loaderWait, "loader-wait", loaderWait, "how long the per-request loaders gather keys before a batched store call (PEACEGRAPH_LOADER_WAIT)")
		fs.Int64Var(&cfg.maxBody, "max-body", maxBody, "largest request body in `bytes` (PEACEGRAPH_MAX_BODY)")
		fs.StringVar(&keys, "api-keys", getenv("PEACEGRAPH_API_KEYS"), "comma-separated API keys as `role:key`, role reader or writer (PEACEGRAPH_API_KEYS)")
		fs.StringVar(&keysFile, "api-keys-file", getenv("PEACEGRAPH_API_KEYS_FILE"), "`file` of API keys, one role:key a line (PEACEGRAPH_API_KEYS_FILE)")
		fs.BoolVar(&cfg.private, "private", private, "close reads to API keys too (PEACEGRAPH_PRIVATE=true)")
		if err := addLimitFlags(fs, env, &cfg.limits); err != nil {
			return cfg, err
		}
		fs.StringVar(&cfg.logFormat, "log-format", env("PEACEGRAPH_LOG_FORMAT", "text"), "log `format`: text or json (PEACEGRAPH_LOG_FORMAT)")
		fs.StringVar(&cfg.metricsAddr, "metrics-addr", getenv("PEACEGRAPH_METRICS_ADDR"), "serve /metrics on this `address` instead of --addr (PEACEGRAPH_METRICS_ADDR)")
		fs.DurationVar(&cfg.shutdownDelay, "shutdown-delay", delay, "on SIGTERM, how long /readyz answers 503 before the listener closes (PEACEGRAPH_SHUTDOWN_DELAY)")
		fs.DurationVar(&cfg.shutdownGrace, "shutdown-grace", grace, "then how long requests in flight get to finish before they are cancelled (PEACEGRAPH_SHUTDOWN_GRACE)")
	}
	if cfg.command == "export" {
		fs.StringVar(&cfg.format, "format", "graphml", "`format`: graphml, gexf, json (NetworkX node-link) or csv")
		fs.StringVar(&cfg.out, "out", "", "output `path` (standard output when empty); for csv a directory that gets nodes.csv and edges.csv")
	}
	if cfg.command == "analyze" {
		a := &cfg.analyze
		fs.StringVar(&a.metric, "metric", "BETWEENNESS", "centrality `metric`: "+joinMetrics())
		fs.IntVar(&a.top, "top", 20, "how many `actors` to print")
		fs.StringVar(&a.tieKinds, "tie-kinds", "", "comma-separated tie `kinds` to keep (all when empty)")
		fs.BoolVar(&a.directed, "directed", false, "follow tie direction")
		fs.StringVar(&a.weight, "weight", "NONE", "how weights are read: NONE, STRENGTH or DISTANCE")
		fs.IntVar(&a.samples, "samples", 0, "estimate betweenness from this many sampled sources (0: exact)")
		fs.Int64Var(&a.seed, "seed", 0, "seed of the sample")
		fs.BoolVar(&a.json, "json", false, "print JSON (with the method) instead of a table")
		fs.StringVar(&a.communities, "communities", "", "find communities with this `algorithm` instead of a centrality metric: LOUVAIN, LEIDEN or LABEL_PROPAGATION")
		fs.Float64Var(&a.resolution, "resolution", 1, "resolution of LOUVAIN and LEIDEN")
		fs.IntVar(&a.restarts, "restarts", 0, "runs of LOUVAIN and LEIDEN, the best kept (0: 10, or 1 above 200,000 edges)")
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
	for _, h := range strings.Split(corsHeaders, ",") {
		if h = strings.TrimSpace(h); h != "" {
			cfg.corsHeaders = append(cfg.corsHeaders, h)
		}
	}
	if cfg.command == "serve" {
		if cfg.keys, err = readKeys(keys, keysFile); err != nil {
			return cfg, err
		}
		if cfg.private && cfg.keys.Len() == 0 {
			return cfg, errors.New("--private needs API keys: give --api-keys or --api-keys-file")
		}
		if cfg.logFormat != "text" && cfg.logFormat != "json" {
			return cfg, fmt.Errorf("--log-format %q: want text or json", cfg.logFormat)
		}
		if cfg.shutdownDelay < 0 || cfg.shutdownGrace < 0 {
			return cfg, errors.New("--shutdown-delay and --shutdown-grace cannot be negative")
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
