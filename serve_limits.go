package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/httplimit"
)

// serveLimits are the limits of serve beyond --timeout and --max-body:
// the cost model's budgets, the analytics workers and the HTTP server's.
type serveLimits struct {
	maxCost           int64
	maxResponse       int64
	clientCostRate    int64
	workers           int
	exactBudget       int64
	jobBudget         int64
	maxJobs           int
	maxConnsPerClient int
	requestRate       int
	readTimeout       time.Duration
	idleTimeout       time.Duration
	memoryLimit       int64
}

// addLimitFlags registers the flags of l on fs, their defaults read from
// the environment by env.
func addLimitFlags(fs *flag.FlagSet, env func(name, def string) string, l *serveLimits) error {
	var err error
	i64 := func(name string, def int64) int64 {
		v, e := strconv.ParseInt(env(name, strconv.FormatInt(def, 10)), 10, 64)
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %q is not a whole number", name, env(name, ""))
		}
		return v
	}
	dur := func(name string, def time.Duration) time.Duration {
		v, e := time.ParseDuration(env(name, def.String()))
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %q is not a duration such as 30s", name, env(name, ""))
		}
		return v
	}
	fs.Int64Var(&l.maxCost, "max-cost", i64("PEACEGRAPH_MAX_COST", graph.DefaultRequestCost), "largest cost of one request, in units of one actor or arc touched (PEACEGRAPH_MAX_COST)")
	fs.Int64Var(&l.maxResponse, "max-response", i64("PEACEGRAPH_MAX_RESPONSE", graph.DefaultMaxResponseBytes), "largest response of one request, in `bytes` of its JSON answer (PEACEGRAPH_MAX_RESPONSE)")
	fs.Int64Var(&l.clientCostRate, "client-cost-rate", i64("PEACEGRAPH_CLIENT_COST_RATE", graph.DefaultClientCostPerSecond), "cost `units` a second each client (API key, else address) may spend; -1 for no limit (PEACEGRAPH_CLIENT_COST_RATE)")
	fs.IntVar(&l.workers, "analytics-workers", int(i64("PEACEGRAPH_ANALYTICS_WORKERS", 0)), "analytics computations run at once; 0 for one per core (PEACEGRAPH_ANALYTICS_WORKERS)")
	fs.Int64Var(&l.exactBudget, "exact-budget", i64("PEACEGRAPH_EXACT_BUDGET", graph.DefaultExactBudget), "largest n·(n+m) of exact betweenness, closeness or harmonic within one request (PEACEGRAPH_EXACT_BUDGET)")
	fs.Int64Var(&l.jobBudget, "job-budget", i64("PEACEGRAPH_JOB_BUDGET", graph.DefaultJobBudget), "largest n·(n+m) of one analysis job, startAnalysis (PEACEGRAPH_JOB_BUDGET)")
	fs.IntVar(&l.maxJobs, "max-jobs", int(i64("PEACEGRAPH_MAX_JOBS", graph.DefaultMaxJobs)), "analysis jobs run at once (PEACEGRAPH_MAX_JOBS)")
	fs.IntVar(&l.requestRate, "client-request-rate", int(i64("PEACEGRAPH_CLIENT_REQUEST_RATE", 0)), "requests a second one client address may send to /graphql, twice that at once; more are answered 429 before their body is read; 0 for no limit (PEACEGRAPH_CLIENT_REQUEST_RATE)")
	fs.IntVar(&l.maxConnsPerClient, "max-conns-per-client", int(i64("PEACEGRAPH_MAX_CONNS_PER_CLIENT", httplimit.DefaultMaxConnsPerClient)), "connections one client address may hold open (PEACEGRAPH_MAX_CONNS_PER_CLIENT)")
	fs.DurationVar(&l.readTimeout, "read-timeout", dur("PEACEGRAPH_READ_TIMEOUT", httplimit.DefaultReadTimeout), "time to read a whole request, body included (PEACEGRAPH_READ_TIMEOUT)")
	fs.DurationVar(&l.idleTimeout, "idle-timeout", dur("PEACEGRAPH_IDLE_TIMEOUT", httplimit.DefaultIdleTimeout), "time an idle keep-alive connection is kept (PEACEGRAPH_IDLE_TIMEOUT)")
	fs.Int64Var(&l.memoryLimit, "memory-limit", i64("PEACEGRAPH_MEMORY_LIMIT", 0), "soft limit of the Go heap in `bytes` (debug.SetMemoryLimit): the collector runs more often as the heap nears it, instead of letting it grow to twice what is live; 0 for none (PEACEGRAPH_MEMORY_LIMIT)")
	return err
}

// http returns the HTTP server's limits for a request time limit of
// timeout.
func (l serveLimits) http(timeout time.Duration) httplimit.Limits {
	return httplimit.Limits{ReadTimeout: l.readTimeout, RequestTimeout: timeout, IdleTimeout: l.idleTimeout, MaxConnsPerClient: l.maxConnsPerClient}
}
