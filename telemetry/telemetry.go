// Package telemetry is what an operator sees of a running service: the
// Prometheus metrics of HTTP requests, GraphQL operations and the analytics
// cache, one access-log line per request with its request id, and optional
// OpenTelemetry tracing configured by the standard OTEL_ environment
// variables. The stores' own metrics and spans are in store/instrumented.
package telemetry

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of the service.
const Namespace = "peacegraph"

// latencyBuckets are the histogram buckets, in seconds, of request and
// operation durations: from a cached answer (a millisecond) to an exact
// analytics computation near the request timeout.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Metrics holds the service's metrics in a registry of its own, so that
// several services can run in one process (as the tests do).
type Metrics struct {
	// Registry holds every metric; Handler serves it.
	Registry *prometheus.Registry

	httpDuration *prometheus.HistogramVec
	httpInFlight prometheus.Gauge
	gqlOps       *prometheus.CounterVec
	gqlDuration  *prometheus.HistogramVec

	mu    sync.Mutex
	names map[string]bool // operation names seen, bounded by maxOperationNames
}

// maxOperationNames bounds how many operation names become label values;
// operations named after that are counted as "other", so that clients
// cannot grow the metrics without bound.
const maxOperationNames = 200

// NewMetrics returns the service's metrics, with the Go runtime's and the
// process's, in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route (the pattern that matched), method and status; its _count counts the requests.",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		httpInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Subsystem: "http", Name: "requests_in_flight",
			Help: "HTTP requests being answered now.",
		}),
		gqlOps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "graphql", Name: "operations_total",
			Help: "GraphQL operations by operation name, type and the extensions.code of their first error (OK for none).",
		}, []string{"operation", "type", "code"}),
		gqlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "graphql", Name: "operation_duration_seconds",
			Help:    "Time to execute a GraphQL operation, by operation name and type.",
			Buckets: latencyBuckets,
		}, []string{"operation", "type"}),
		names: map[string]bool{},
	}
	m.Registry.MustRegister(m.httpDuration, m.httpInFlight, m.gqlOps, m.gqlDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// AnalyticsStats are the counters of an analytics engine that
// RegisterAnalytics exports.
type AnalyticsStats struct {
	Computations int64 // results computed
	Hits         int64 // answers served from the cache
	Snapshots    int64 // snapshots read from the store
	Projections  int64 // projections built
	Cancelled    int64 // computations stopped because no request waited for them
	Entries      int   // entries in the cache now
	Bytes        int64 // estimated bytes the cache holds now
	Running      int64 // computations running now
	Queued       int64 // computations waiting for a worker now
}

// RegisterAnalytics exports the counters that stats reads, each time the
// metrics are scraped.
func (m *Metrics) RegisterAnalytics(stats func() AnalyticsStats) {
	counter := func(name, help string, v func(AnalyticsStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "analytics", Name: name, Help: help},
			func() float64 { return v(stats()) })
	}
	gauge := func(name, help string, v func(AnalyticsStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Subsystem: "analytics", Name: name, Help: help},
			func() float64 { return v(stats()) })
	}
	m.Registry.MustRegister(
		counter("computations_total", "Analytics results computed (metrics, statistics, gap queries, layouts).", func(s AnalyticsStats) float64 { return float64(s.Computations) }),
		counter("cache_hits_total", "Analytics answers served from the cache.", func(s AnalyticsStats) float64 { return float64(s.Hits) }),
		counter("snapshots_total", "Network snapshots the analytics read from the store.", func(s AnalyticsStats) float64 { return float64(s.Snapshots) }),
		counter("projections_total", "Projections of the network the analytics built.", func(s AnalyticsStats) float64 { return float64(s.Projections) }),
		counter("cancelled_total", "Analytics computations stopped because no request waited for them any more, or at shutdown.", func(s AnalyticsStats) float64 { return float64(s.Cancelled) }),
		gauge("cache_entries", "Entries in the analytics cache now.", func(s AnalyticsStats) float64 { return float64(s.Entries) }),
		gauge("cache_bytes", "Estimated bytes the analytics cache holds now.", func(s AnalyticsStats) float64 { return float64(s.Bytes) }),
		gauge("running", "Analytics computations running now.", func(s AnalyticsStats) float64 { return float64(s.Running) }),
		gauge("queued", "Analytics computations waiting for a worker now.", func(s AnalyticsStats) float64 { return float64(s.Queued) }),
	)
}

// operationLabel is the label value of an operation name: the name while
// fewer than maxOperationNames names have been seen, "other" after.
func (m *Metrics) operationLabel(name string) string {
	if name == "" || name == "anonymous" || name == "-" {
		return name
	}
	if len(name) > 64 {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.names[name] {
		if len(m.names) >= maxOperationNames {
			return "other"
		}
		m.names[name] = true
	}
	return name
}
