// Package instrumented measures any network.Store: a Store wraps one and
// records, for every call, its latency by store and method and its error
// code in Prometheus metrics, the actors, ties and places each Apply writes
// (imports, mutations, the seed), and an OpenTelemetry span when tracing is
// on.
package instrumented

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/peacegraph/peacegraph/network"
)

// Metrics are the store metrics, shared by every Store made with them.
type Metrics struct {
	duration *prometheus.HistogramVec
	errors   *prometheus.CounterVec
	applied  *prometheus.CounterVec
}

// NewMetrics returns the store metrics, registered with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "peacegraph", Subsystem: "store", Name: "call_duration_seconds",
			Help:    "Time of a store call by store (embedded, neo4j) and method; its _count counts the calls.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"store", "method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "peacegraph", Subsystem: "store", Name: "errors_total",
			Help: "Store calls that failed, by store, method and error code (network codes: unavailable, not_found, invalid, ...).",
		}, []string{"store", "method", "code"}),
		applied: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "peacegraph", Subsystem: "store", Name: "applied_total",
			Help: "Actors, ties and places written by successful Apply calls (imports, mutations, the seed), by store and kind.",
		}, []string{"store", "kind"}),
	}
	reg.MustRegister(m.duration, m.errors, m.applied)
	return m
}

// Store is a network.Store whose calls are measured.
type Store struct {
	network.Store
	name    string
	metrics *Metrics
	tracer  trace.Tracer
}

var _ network.Store = (*Store)(nil)

// New returns s measured as the store called name in m.
func New(s network.Store, name string, m *Metrics) *Store {
	return &Store{Store: s, name: name, metrics: m, tracer: otel.Tracer("github.com/peacegraph/peacegraph/store")}
}

// observe starts a call of method and returns the context of its span and
// the function that ends it with the call's error.
func (s *Store) observe(ctx context.Context, method string) (context.Context, func(error)) {
	start := time.Now()
	ctx, span := s.tracer.Start(ctx, "store."+method, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("peacegraph.store", s.name)))
	return ctx, func(err error) {
		s.metrics.duration.WithLabelValues(s.name, method).Observe(time.Since(start).Seconds())
		if err != nil {
			code := network.ErrorCode(err)
			s.metrics.errors.WithLabelValues(s.name, method, code).Inc()
			span.SetStatus(codes.Error, code)
		}
		span.End()
	}
}

// measured runs call as the method of s.
func measured[T any](s *Store, ctx context.Context, method string, call func(context.Context) (T, error)) (T, error) {
	ctx, done := s.observe(ctx, method)
	v, err := call(ctx)
	done(err)
	return v, err
}

// Actor implements network.Store.
func (s *Store) Actor(ctx context.Context, id string) (*network.Actor, error) {
	return measured(s, ctx, "Actor", func(ctx context.Context) (*network.Actor, error) { return s.Store.Actor(ctx, id) })
}

// ActorsByID implements network.Store.
func (s *Store) ActorsByID(ctx context.Context, ids []string, omit network.Omit) ([]*network.Actor, error) {
	return measured(s, ctx, "ActorsByID", func(ctx context.Context) ([]*network.Actor, error) { return s.Store.ActorsByID(ctx, ids, omit) })
}

// Actors implements network.Store.
func (s *Store) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	ctx, done := s.observe(ctx, "Actors")
	actors, total, err := s.Store.Actors(ctx, q)
	done(err)
	return actors, total, err
}

// Ties implements network.Store.
func (s *Store) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	ctx, done := s.observe(ctx, "Ties")
	ties, total, err := s.Store.Ties(ctx, q)
	done(err)
	return ties, total, err
}

// TiesOf implements network.Store.
func (s *Store) TiesOf(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (map[string][]*network.Tie, error) {
	return measured(s, ctx, "TiesOf", func(ctx context.Context) (map[string][]*network.Tie, error) {
		return s.Store.TiesOf(ctx, actorIDs, filter, omit)
	})
}

// Neighborhood implements network.Store.
func (s *Store) Neighborhood(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit, window network.TieWindow) (*network.Neighborhood, error) {
	return measured(s, ctx, "Neighborhood", func(ctx context.Context) (*network.Neighborhood, error) {
		return s.Store.Neighborhood(ctx, actorIDs, filter, omit, window)
	})
}

// ActorsNeighbors implements network.Store.
func (s *Store) ActorsNeighbors(ctx context.Context, q network.ActorQuery, filter network.TieFilter) (*network.NeighborPage, error) {
	return measured(s, ctx, "ActorsNeighbors", func(ctx context.Context) (*network.NeighborPage, error) {
		return s.Store.ActorsNeighbors(ctx, q, filter)
	})
}

// Neighbors implements network.Store.
func (s *Store) Neighbors(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (*network.Adjacency, error) {
	return measured(s, ctx, "Neighbors", func(ctx context.Context) (*network.Adjacency, error) {
		return s.Store.Neighbors(ctx, actorIDs, filter, omit)
	})
}

// Search implements network.Store.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]network.SearchHit, error) {
	return measured(s, ctx, "Search", func(ctx context.Context) ([]network.SearchHit, error) { return s.Store.Search(ctx, query, limit) })
}

// Places implements network.Store.
func (s *Store) Places(ctx context.Context) ([]*network.Place, error) {
	return measured(s, ctx, "Places", s.Store.Places)
}

// Apply implements network.Store; a successful Apply counts what it wrote.
func (s *Store) Apply(ctx context.Context, c *network.Change) error {
	ctx, done := s.observe(ctx, "Apply")
	err := s.Store.Apply(ctx, c)
	done(err)
	if err == nil && c != nil {
		s.metrics.applied.WithLabelValues(s.name, "actors").Add(float64(len(c.Actors)))
		s.metrics.applied.WithLabelValues(s.name, "ties").Add(float64(len(c.Ties)))
		s.metrics.applied.WithLabelValues(s.name, "places").Add(float64(len(c.Places)))
	}
	return err
}

// Imports implements network.Store.
func (s *Store) Imports(ctx context.Context, limit int) ([]*network.ImportRecord, error) {
	return measured(s, ctx, "Imports", func(ctx context.Context) ([]*network.ImportRecord, error) { return s.Store.Imports(ctx, limit) })
}

// Snapshot implements network.Store.
func (s *Store) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	return measured(s, ctx, "Snapshot", func(ctx context.Context) (*network.Snapshot, error) { return s.Store.Snapshot(ctx, withSources) })
}

// SharedSnapshot implements network.SnapshotSharer when the store it
// measures does: nil and no error when that store does not share.
func (s *Store) SharedSnapshot(ctx context.Context) (*network.Snapshot, error) {
	ss, ok := s.Store.(network.SnapshotSharer)
	if !ok {
		return nil, nil
	}
	return measured(s, ctx, "SharedSnapshot", ss.SharedSnapshot)
}

// Version implements network.Store.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	return measured(s, ctx, "Version", s.Store.Version)
}

// Stats implements network.Store.
func (s *Store) Stats(ctx context.Context) (network.Stats, error) {
	return measured(s, ctx, "Stats", s.Store.Stats)
}

// Ping implements network.Store.
func (s *Store) Ping(ctx context.Context) error {
	ctx, done := s.observe(ctx, "Ping")
	err := s.Store.Ping(ctx)
	done(err)
	return err
}
