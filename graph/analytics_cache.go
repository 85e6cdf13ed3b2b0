package graph

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/semaphore"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// The defaults of AnalyticsOptions.
const (
	// DefaultAnalyticsCacheBytes is how many bytes of snapshots,
	// projections and results the analytics cache keeps.
	DefaultAnalyticsCacheBytes = 512 << 20
	// DefaultExactBudget bounds exact betweenness, closeness and harmonic
	// centrality: n·(n+m) for a projection of n actors and m edges. On a
	// two-core machine 2.5e8 is a few seconds of Brandes.
	DefaultExactBudget = 250_000_000
	// DefaultAnalyticsQueue is how many computations may wait for a
	// worker before more are refused with BUSY.
	DefaultAnalyticsQueue = 64
)

// AnalyticsOptions configures an Analytics. Zero fields take the defaults.
type AnalyticsOptions struct {
	// CacheBytes bounds the estimated size of the entries (snapshots,
	// projections, results) the cache keeps, the least recently used
	// dropped first. Entries of older data versions are dropped as soon as
	// one of a newer version is stored.
	CacheBytes int64
	// ExactBudget is the largest n·(n+m) for which the path metrics
	// (betweenness, closeness, harmonic) run exactly; above it they fail
	// with ETOOLARGE unless sampled. Sampled betweenness must keep
	// samples·(n+m) within it too.
	ExactBudget int64
	// Workers is how many computations run at once; GOMAXPROCS when zero.
	Workers int
	// Queue is how many computations may wait for a worker; more are
	// refused with BUSY. DefaultAnalyticsQueue when zero.
	Queue int
	// Done, when it ends, stops every computation (shutdown).
	Done context.Context
	// JobBudget is ExactBudget for analysis jobs (startAnalysis);
	// DefaultJobBudget when zero.
	JobBudget int64
	// MaxJobs is how many analysis jobs may run at once; DefaultMaxJobs
	// when zero.
	MaxJobs int
}

// AnalyticsStats counts what an Analytics did since it was made.
type AnalyticsStats struct {
	Snapshots    int64 // Store.Snapshot calls
	Projections  int64 // projections built
	Computations int64 // results computed (metrics, statistics, gap queries)
	Hits         int64 // answers served from the cache
	Cancelled    int64 // computations stopped because no request waited for them
	Entries      int   // entries held now
	Bytes        int64 // estimated bytes held now
	Running      int64 // computations running now
	Queued       int64 // computations waiting for a worker now
}

// Analytics computes metrics over projections of a store's snapshot and
// caches them per data version: the snapshot is read once per version, each
// projection is built once per (version, selection) and each result once
// per (version, selection, algorithm, options). Concurrent identical
// requests share one computation, which stops when the last of them leaves
// (deadline, disconnect) or at shutdown. At most Workers computations run
// at once and at most Queue wait. It is safe for concurrent use.
type Analytics struct {
	store  network.Store
	budget int64
	cache  *byteLRU
	done   context.Context
	pool   *semaphore.Weighted
	queue  int64

	mu      sync.Mutex
	flights map[string]*flight
	jobs    *jobs

	queued, running                                       atomic.Int64
	snapshots, projections, computations, hits, cancelled atomic.Int64
}

// flight is one computation and the requests waiting for it.
type flight struct {
	done    chan struct{}
	v       any
	err     error
	waiters int
	cancel  context.CancelFunc
}

// errBusy is a computation refused because the pool and its queue are full.
var errBusy = errors.New("analytics pool is full")

// NewAnalytics returns an Analytics over store.
func NewAnalytics(store network.Store, opts AnalyticsOptions) *Analytics {
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = DefaultAnalyticsCacheBytes
	}
	if opts.ExactBudget <= 0 {
		opts.ExactBudget = DefaultExactBudget
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultAnalyticsQueue
	}
	if opts.Done == nil {
		opts.Done = context.Background()
	}
	return &Analytics{store: store, budget: opts.ExactBudget, cache: newByteLRU(opts.CacheBytes),
		done: opts.Done, pool: semaphore.NewWeighted(int64(opts.Workers)), queue: int64(opts.Queue),
		flights: map[string]*flight{}, jobs: newJobs(opts.JobBudget, opts.MaxJobs)}
}

// Stats returns what a has done so far.
func (a *Analytics) Stats() AnalyticsStats {
	entries, bytes := a.cache.size()
	return AnalyticsStats{Snapshots: a.snapshots.Load(), Projections: a.projections.Load(),
		Computations: a.computations.Load(), Hits: a.hits.Load(), Cancelled: a.cancelled.Load(),
		Entries: entries, Bytes: bytes, Running: a.running.Load(), Queued: a.queued.Load()}
}

// cached returns the value under key, computing it with fn once when it is
// missing, however many goroutines ask at the same time. fn runs with a
// context of its own that ends when every request waiting for it has left
// or at shutdown; a request leaves when its own context ends, at once,
// with that context's error. Projections and results wait for one of the
// workers; when the queue is full they fail with errBusy. Errors are not
// cached.
func (a *Analytics) cached(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	if v, ok := a.cache.get(key); ok {
		a.hits.Add(1)
		return v, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	f, ok := a.flights[key]
	if ok {
		f.waiters++
	} else {
		if v, ok := a.cache.get(key); ok {
			a.mu.Unlock()
			a.hits.Add(1)
			return v, nil
		}
		work, cancel := context.WithCancel(a.done)
		f = &flight{done: make(chan struct{}), waiters: 1, cancel: cancel}
		a.flights[key] = f
		go a.fly(work, key, f, pooled(key), fn)
	}
	a.mu.Unlock()

	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		a.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if a.flights[key] == f {
				delete(a.flights, key)
			}
		}
		a.mu.Unlock()
		return nil, ctx.Err()
	}
}

// fly runs one computation for its waiters and caches what it returns.
func (a *Analytics) fly(work context.Context, key string, f *flight, pooled bool, fn func(context.Context) (any, error)) {
	defer func() {
		f.cancel()
		a.mu.Lock()
		if a.flights[key] == f {
			delete(a.flights, key)
		}
		a.mu.Unlock()
		close(f.done)
	}()
	if pooled {
		// Only a computation that finds every worker busy waits, and
		// counts against the queue: two arriving at once at an idle pool
		// of one with a queue of one run one after the other, neither
		// refused.
		if !a.pool.TryAcquire(1) {
			if a.queued.Add(1) > a.queue {
				a.queued.Add(-1)
				f.err = errBusy
				return
			}
			err := a.pool.Acquire(work, 1)
			a.queued.Add(-1)
			if err != nil {
				a.cancelled.Add(1)
				f.err = err
				return
			}
		}
		defer a.pool.Release(1)
	}
	a.running.Add(1)
	defer a.running.Add(-1)
	f.v, f.err = fn(work)
	if f.err != nil {
		if work.Err() != nil {
			a.cancelled.Add(1)
		}
		return
	}
	a.cache.put(key, versionOf(key), f.v)
}

// pooled reports whether the computation under key runs on the pool:
// projections and results do; store reads (size, snapshot) do not.
func pooled(key string) bool {
	return strings.HasPrefix(key, "projection|") || strings.HasPrefix(key, "result|")
}

// versionOf reads the data version of a cache key "kind|version|...".
func versionOf(key string) uint64 {
	_, rest, _ := strings.Cut(key, "|")
	v, _, _ := strings.Cut(rest, "|")
	n, _ := strconv.ParseUint(v, 10, 64)
	return n
}

// version returns the store's data version, read once per request when ctx
// carries a request version (see Middleware).
func (a *Analytics) version(ctx context.Context) (uint64, error) {
	if rv, ok := ctx.Value(requestVersionKey{}).(*requestVersion); ok {
		rv.once.Do(func() { rv.v, rv.err = a.store.Version(ctx) })
		return rv.v, rv.err
	}
	return a.store.Version(ctx)
}

// networkSize returns the number of actors and ties at the request's data
// version, counted once per version.
func (a *Analytics) networkSize(ctx context.Context) (networkSize, error) {
	v, err := a.version(ctx)
	if err != nil {
		return networkSize{}, err
	}
	s, err := a.cached(ctx, fmt.Sprintf("size|%d", v), func(ctx context.Context) (any, error) {
		st, err := a.store.Stats(ctx)
		if err != nil {
			return nil, err
		}
		return networkSize{actors: int64(st.Actors), ties: int64(st.Ties)}, nil
	})
	if err != nil {
		return networkSize{}, err
	}
	return s.(networkSize), nil
}

// selectionSize returns the number of actors and ties the projection of
// sel holds at the request's data version (analysis.Size, counted once per
// version and selection), without building the projection.
func (a *Analytics) selectionSize(ctx context.Context, sel analysis.Selection) (networkSize, error) {
	v, err := a.version(ctx)
	if err != nil {
		return networkSize{}, err
	}
	snap, err := a.snapshot(ctx, v)
	if err != nil {
		return networkSize{}, err
	}
	s, err := a.cached(ctx, fmt.Sprintf("size|%d|%s", v, selectionKey(sel)), func(context.Context) (any, error) {
		n, m, err := analysis.Size(snap, sel)
		if err != nil {
			return nil, err
		}
		return networkSize{actors: int64(n), ties: int64(m)}, nil
	})
	if err != nil {
		return networkSize{}, err
	}
	return s.(networkSize), nil
}

// snapshot returns the snapshot of data version v, for reading only: the
// store's own when it shares it (network.ReadSnapshot), else a copy
// without sources.
func (a *Analytics) snapshot(ctx context.Context, v uint64) (*network.Snapshot, error) {
	s, err := a.cached(ctx, fmt.Sprintf("snapshot|%d", v), func(ctx context.Context) (any, error) {
		a.snapshots.Add(1)
		snap, shared, err := network.ReadSnapshot(ctx, a.store)
		if err != nil || !shared {
			return snap, err
		}
		return sharedSnapshot{snap}, nil
	})
	if err != nil {
		return nil, err
	}
	if s, ok := s.(sharedSnapshot); ok {
		return s.snap, nil
	}
	return s.(*network.Snapshot), nil
}

// sharedSnapshot is a snapshot whose lists and items are the store's own
// (network.SnapshotSharer): the cache counts only its lists' pointers.
type sharedSnapshot struct{ snap *network.Snapshot }

// view is what an analytics resolver works on: one data version, its
// snapshot and the projection of one selection.
type view struct {
	version uint64
	sel     analysis.Selection
	selKey  string
	snap    *network.Snapshot
	proj    *analysis.Projection
}

// view returns the projection of sel at the current data version.
func (a *Analytics) view(ctx context.Context, sel analysis.Selection) (*view, error) {
	if !sel.Weight.Valid() {
		return nil, network.Errorf(network.EINVALID, "weight mode %q is not NONE, STRENGTH or DISTANCE", sel.Weight)
	}
	v, err := a.version(ctx)
	if err != nil {
		return nil, err
	}
	snap, err := a.snapshot(ctx, v)
	if err != nil {
		return nil, err
	}
	key := selectionKey(sel)
	p, err := a.cached(ctx, fmt.Sprintf("projection|%d|%s", v, key), func(context.Context) (any, error) {
		a.projections.Add(1)
		return analysis.Project(snap, sel)
	})
	if err != nil {
		return nil, err
	}
	proj := p.(*analysis.Projection)
	return &view{version: v, sel: sel, selKey: key, snap: proj.Read(snap), proj: proj}, nil
}

// result returns what fn computes over vw, cached under the view's version
// and selection and the given algorithm key (which must name every option
// that changes the result).
func (a *Analytics) result(ctx context.Context, vw *view, algo string, fn func(context.Context) (any, error)) (any, error) {
	return a.cached(ctx, fmt.Sprintf("result|%d|%s|%s", vw.version, vw.selKey, algo), func(ctx context.Context) (any, error) {
		a.computations.Add(1)
		return fn(ctx)
	})
}

// selectionKey writes sel in a canonical form: lists sorted and without
// repeats, so that the same selection asked in another order is one key.
func selectionKey(sel analysis.Selection) string {
	canon := func(s []string) string {
		s = slices.Clone(s)
		slices.Sort(s)
		return strings.Join(slices.Compact(s), ",")
	}
	tk := make([]string, len(sel.TieKinds))
	for i, k := range sel.TieKinds {
		tk[i] = string(k)
	}
	ak := make([]string, len(sel.ActorKinds))
	for i, k := range sel.ActorKinds {
		ak[i] = string(k)
	}
	w := sel.Weight
	if w == "" {
		w = analysis.WeightNone
	}
	return fmt.Sprintf("t=%s;a=%s;r=%s;d=%s;dir=%t;w=%s;organs=%t;events=%t", canon(tk), canon(ak), canon(sel.Regions), sel.AsOf, sel.Directed, w,
		sel.OrgansWithParent, sel.CoOrganizing)
}

type requestVersionKey struct{}

// requestVersion is the data version of one request, read at most once.
type requestVersion struct {
	once sync.Once
	v    uint64
	err  error
}

// Middleware gives every request its own data version, read from the store
// at most once however many analytics fields the request asks for.
func (a *Analytics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), requestVersionKey{}, &requestVersion{})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// byteLRU is a map bounded by the estimated bytes of its values that
// drops the least recently used first, and every entry of an older data
// version as soon as one of a newer version is stored. Safe for concurrent
// use.
type byteLRU struct {
	mu     sync.Mutex
	max    int64
	bytes  int64
	latest uint64
	lru    *simplelru.LRU[string, cacheEntry]
}

type cacheEntry struct {
	value   any
	bytes   int64
	version uint64
}

func newByteLRU(max int64) *byteLRU {
	c := &byteLRU{max: max}
	c.lru, _ = simplelru.NewLRU[string, cacheEntry](math.MaxInt, func(_ string, e cacheEntry) { c.bytes -= e.bytes })
	return c
}

func (c *byteLRU) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(key)
	return e.value, ok
}

// put stores value under key, of data version version. A value larger than
// the whole cache is not kept.
func (c *byteLRU) put(key string, version uint64, value any) {
	size := int64(len(key)) + sizeOf(value)
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.latest {
		return // a newer version is cached: this one will not be asked again
	}
	if version > c.latest {
		c.latest = version
		for _, k := range c.lru.Keys() {
			if e, ok := c.lru.Peek(k); ok && e.version < version {
				c.lru.Remove(k)
			}
		}
	}
	if size > c.max {
		return
	}
	c.lru.Add(key, cacheEntry{value: value, bytes: size, version: version})
	c.bytes += size
	for c.bytes > c.max {
		c.lru.RemoveOldest()
	}
}

// size returns how many entries and estimated bytes c holds.
func (c *byteLRU) size() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}
