package graph

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// The defaults of AnalyticsOptions.
const (
	// DefaultAnalyticsCacheSize is how many snapshots, projections and
	// results the analytics cache keeps.
	DefaultAnalyticsCacheSize = 256
	// DefaultExactBudget bounds exact betweenness, closeness and harmonic
	// centrality: n·(n+m) for a projection of n actors and m edges. On a
	// two-core machine 2.5e8 is a few seconds of Brandes.
	DefaultExactBudget = 250_000_000
)

// AnalyticsOptions configures an Analytics. Zero fields take the defaults.
type AnalyticsOptions struct {
	// CacheSize is how many entries (snapshots, projections, results) the
	// cache keeps, the least recently used dropped first.
	CacheSize int
	// ExactBudget is the largest n·(n+m) for which the path metrics
	// (betweenness, closeness, harmonic) run exactly; above it they fail
	// with ETOOLARGE unless sampled. Sampled betweenness must keep
	// samples·(n+m) within it too.
	ExactBudget int64
}

// AnalyticsStats counts what an Analytics did since it was made.
type AnalyticsStats struct {
	Snapshots    int64 // Store.Snapshot calls
	Projections  int64 // projections built
	Computations int64 // results computed (metrics, statistics, gap queries)
	Hits         int64 // answers served from the cache
	Entries      int   // entries held now
}

// Analytics computes metrics over projections of a store's snapshot and
// caches them per data version: the snapshot is read once per version, each
// projection is built once per (version, selection) and each result once
// per (version, selection, algorithm, options). Concurrent identical
// requests share one computation. It is safe for concurrent use.
type Analytics struct {
	store  network.Store
	budget int64
	group  singleflight.Group
	cache  *lruCache

	snapshots, projections, computations, hits atomic.Int64
}

// NewAnalytics returns an Analytics over store.
func NewAnalytics(store network.Store, opts AnalyticsOptions) *Analytics {
	if opts.CacheSize <= 0 {
		opts.CacheSize = DefaultAnalyticsCacheSize
	}
	if opts.ExactBudget <= 0 {
		opts.ExactBudget = DefaultExactBudget
	}
	return &Analytics{store: store, budget: opts.ExactBudget, cache: newLRUCache(opts.CacheSize)}
}

// Stats returns what a has done so far.
func (a *Analytics) Stats() AnalyticsStats {
	return AnalyticsStats{Snapshots: a.snapshots.Load(), Projections: a.projections.Load(),
		Computations: a.computations.Load(), Hits: a.hits.Load(), Entries: a.cache.len()}
}

// cached returns the value under key, computing it with fn once when it is
// missing, however many goroutines ask at the same time. Errors are not
// cached. The computation runs under the context of the caller that
// started it; when that caller's context ends, the callers sharing its
// computation whose own contexts are still live compute again under
// theirs.
func (a *Analytics) cached(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	for {
		if v, ok := a.cache.get(key); ok {
			a.hits.Add(1)
			return v, nil
		}
		v, err, shared := a.group.Do(key, func() (any, error) {
			if v, ok := a.cache.get(key); ok {
				a.hits.Add(1)
				return v, nil
			}
			v, err := fn(ctx)
			if err != nil {
				return nil, err
			}
			a.cache.put(key, v)
			return v, nil
		})
		if err != nil && shared && isContextError(err) && ctx.Err() == nil {
			continue // another caller's request ended; this one goes on
		}
		return v, err
	}
}

// isContextError reports whether err is a context's cancellation or
// deadline.
func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
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

// snapshot returns the snapshot of data version v, without sources.
func (a *Analytics) snapshot(ctx context.Context, v uint64) (*network.Snapshot, error) {
	s, err := a.cached(ctx, fmt.Sprintf("snapshot|%d", v), func(ctx context.Context) (any, error) {
		a.snapshots.Add(1)
		return a.store.Snapshot(context.WithoutCancel(ctx), false)
	})
	if err != nil {
		return nil, err
	}
	return s.(*network.Snapshot), nil
}

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
	return &view{version: v, sel: sel, selKey: key, snap: snap, proj: p.(*analysis.Projection)}, nil
}

// result returns what fn computes over vw, cached under the view's version
// and selection and the given algorithm key (which must name every option
// that changes the result). fn runs under the context it is given, which
// ends with the request that runs it.
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
	return fmt.Sprintf("t=%s;a=%s;r=%s;d=%s;dir=%t;w=%s", canon(tk), canon(ak), canon(sel.Regions), sel.AsOf, sel.Directed, w)
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

// lruCache is a map bounded by entries that drops the least recently used.
type lruCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *lruEntry
	items map[string]*list.Element
}

type lruEntry struct {
	key   string
	value any
}

func newLRUCache(max int) *lruCache {
	return &lruCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lruCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).value, true
}

func (c *lruCache) put(key string, value any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*lruEntry).value = value
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry{key: key, value: value})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruEntry).key)
	}
}

func (c *lruCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
