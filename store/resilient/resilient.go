// Package resilient keeps a service up while its database is down: a Store
// wraps any network.Store that connects in an Init step (the Neo4j store
// does) and answers EUNAVAILABLE at once while the database does not answer,
// reconnecting in the background with backoff.
package resilient

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/peacegraph/peacegraph/network"
)

// Backend is a store that a Store brings up: Init connects to the database
// and prepares it (schema, indexes); it is called again after every outage.
type Backend interface {
	network.Store
	Init(ctx context.Context) error
}

// Options say how a Store names its database, what it does on each
// connection, and how it watches and reconnects. Zero durations take the
// defaults below.
type Options struct {
	// Name names the database in errors and logs, as in "the Neo4j
	// database is not ready"; "database" when empty.
	Name string
	// OnConnect, when set, runs after every successful Init, before the
	// store serves: the service loads the seed into an empty database here.
	// It reports whether it changed anything, for the log.
	OnConnect func(ctx context.Context, s network.Store) (changed bool, err error)
	// Log receives the store's state changes; slog.Default when nil.
	Log *slog.Logger

	// WatchInterval is how often a serving store pings the database.
	WatchInterval time.Duration
	// FirstRetry and LastRetry bound the wait between two connection
	// attempts, which doubles from the first to the last.
	FirstRetry, LastRetry time.Duration
	// ConnectTimeout bounds one attempt: Init and OnConnect.
	ConnectTimeout time.Duration
	// FirstAttemptWait is how long Start waits for the first attempt
	// before it returns anyway.
	FirstAttemptWait time.Duration
}

// Defaults of Options.
const (
	DefaultWatchInterval    = 2 * time.Second
	DefaultFirstRetry       = 250 * time.Millisecond
	DefaultLastRetry        = 10 * time.Second
	DefaultConnectTimeout   = 5 * time.Minute
	DefaultFirstAttemptWait = 30 * time.Second
)

// Store is a Backend of a running service, which must start and keep
// serving while the database is down. It is down until the database has
// answered (Init, then OnConnect) and again whenever a ping fails. While it
// is down every call fails at once with EUNAVAILABLE, and a background loop
// reconnects with backoff. Calls in flight when it goes down end at once
// with EUNAVAILABLE too, instead of waiting out the driver's retries. A call
// that fails with EUNAVAILABLE while it is up asks the loop for a ping at
// once.
type Store struct {
	Backend
	opts Options

	mu     sync.Mutex
	down   error              // nil while serving; else why not, with a network code
	up     context.Context    // ends when the store goes down
	upStop context.CancelFunc // ends up

	check chan struct{} // asks the loop to ping now
	stop  context.CancelFunc
	done  chan struct{} // closed when the loop has returned
}

var _ network.Store = (*Store)(nil)

// Start returns b behind a Store whose loop is running, after the loop's
// first attempt to connect or opts.FirstAttemptWait, whichever is sooner.
func Start(b Backend, opts Options) *Store {
	if opts.Name == "" {
		opts.Name = "database"
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.WatchInterval, DefaultWatchInterval)
	def(&opts.FirstRetry, DefaultFirstRetry)
	def(&opts.LastRetry, DefaultLastRetry)
	def(&opts.ConnectTimeout, DefaultConnectTimeout)
	def(&opts.FirstAttemptWait, DefaultFirstAttemptWait)

	ctx, cancel := context.WithCancel(context.Background())
	r := &Store{
		Backend: b, opts: opts, down: notConnected(opts.Name),
		check: make(chan struct{}, 1), stop: cancel, done: make(chan struct{}),
	}
	first := make(chan struct{})
	go r.loop(ctx, first)
	timer := time.NewTimer(opts.FirstAttemptWait)
	defer timer.Stop()
	select {
	case <-first:
	case <-timer.C:
	}
	return r
}

// notConnected is the state of a Store before the database first answers.
func notConnected(name string) error {
	return network.Errorf(network.EUNAVAILABLE, "the %s database has not answered yet", name)
}

// loop connects while the store is down and pings while it is up, until
// ctx ends. It closes first when its first attempt to connect is over.
func (r *Store) loop(ctx context.Context, first chan struct{}) {
	defer close(r.done)
	retry := r.opts.FirstRetry
	for {
		if r.state() != nil {
			err := r.connect(ctx)
			if first != nil {
				close(first)
				first = nil
			}
			if err == nil {
				retry = r.opts.FirstRetry
				continue
			}
			r.opts.Log.Warn(r.opts.Name+" is not ready; retrying", "in", retry, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
			retry = min(2*retry, r.opts.LastRetry)
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-r.check:
		case <-time.After(r.opts.WatchInterval):
		}
		if err := r.Backend.Ping(ctx); err != nil && ctx.Err() == nil {
			r.setDown(err)
			r.opts.Log.Warn(r.opts.Name+" stopped answering", "err", err)
		}
	}
}

// connect makes one attempt to bring the store up: Init and OnConnect. It
// leaves the store up on success and down with the reason on failure.
func (r *Store) connect(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.opts.ConnectTimeout)
	defer cancel()
	err := r.Backend.Init(ctx)
	changed := false
	if err == nil && r.opts.OnConnect != nil {
		changed, err = r.opts.OnConnect(ctx, r.Backend)
	}
	if err != nil {
		r.setDown(err)
		return err
	}
	r.mu.Lock()
	r.down = nil
	r.up, r.upStop = context.WithCancel(context.Background())
	r.mu.Unlock()
	r.opts.Log.Info(r.opts.Name+" is ready", "changedOnConnect", changed)
	return nil
}

// state returns nil while the store serves and the reason while it is down.
func (r *Store) state() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.down
}

// setDown marks the store down because of err and ends the calls in flight:
// an EUNAVAILABLE error is kept as it is, anything else becomes EUNAVAILABLE
// saying the database is not ready (its details go to the log, not to
// clients).
func (r *Store) setDown(err error) {
	if network.ErrorCode(err) != network.EUNAVAILABLE {
		err = network.Errorf(network.EUNAVAILABLE, "the %s database is not ready", r.opts.Name)
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
func (r *Store) enter(ctx context.Context) (context.Context, context.CancelFunc, error) {
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
func (r *Store) leave(ctx context.Context, err error) error {
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

// guarded runs call on r's backend between enter and leave.
func guarded[T any](r *Store, ctx context.Context, call func(context.Context) (T, error)) (T, error) {
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

// listPage is one page of a list and how many match in all.
type listPage[T any] struct {
	items []T
	total int
}

// guardedPage is guarded for a call that returns a page and how many match
// in all.
func guardedPage[T any](r *Store, ctx context.Context, call func(context.Context) ([]T, int, error)) ([]T, int, error) {
	p, err := guarded(r, ctx, func(ctx context.Context) (listPage[T], error) {
		items, total, err := call(ctx)
		return listPage[T]{items, total}, err
	})
	return p.items, p.total, err
}

// Close stops the loop and closes the backend.
func (r *Store) Close() error {
	r.stop()
	<-r.done
	r.setDown(notConnected(r.opts.Name))
	return r.Backend.Close()
}

// Ping fails at once while the store is down; while it is up it pings the
// database and marks the store down if that fails.
func (r *Store) Ping(ctx context.Context) error {
	_, err := guarded(r, ctx, func(ctx context.Context) (struct{}, error) {
		err := r.Backend.Ping(ctx)
		if err != nil && ctx.Err() == nil {
			r.setDown(err)
		}
		return struct{}{}, err
	})
	return err
}

// Actor implements network.Store.
func (r *Store) Actor(ctx context.Context, id string) (*network.Actor, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Actor, error) { return r.Backend.Actor(ctx, id) })
}

// ActorsByID implements network.Store.
func (r *Store) ActorsByID(ctx context.Context, ids []string, omit network.Omit) ([]*network.Actor, error) {
	return guarded(r, ctx, func(ctx context.Context) ([]*network.Actor, error) { return r.Backend.ActorsByID(ctx, ids, omit) })
}

// Actors implements network.Store.
func (r *Store) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	return guardedPage(r, ctx, func(ctx context.Context) ([]*network.Actor, int, error) { return r.Backend.Actors(ctx, q) })
}

// Ties implements network.Store.
func (r *Store) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	return guardedPage(r, ctx, func(ctx context.Context) ([]*network.Tie, int, error) { return r.Backend.Ties(ctx, q) })
}

// TiesOf implements network.Store.
func (r *Store) TiesOf(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (map[string][]*network.Tie, error) {
	return guarded(r, ctx, func(ctx context.Context) (map[string][]*network.Tie, error) {
		return r.Backend.TiesOf(ctx, actorIDs, filter, omit)
	})
}

// Neighborhood implements network.Store.
func (r *Store) Neighborhood(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit, window network.TieWindow) (*network.Neighborhood, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Neighborhood, error) {
		return r.Backend.Neighborhood(ctx, actorIDs, filter, omit, window)
	})
}

// ActorsNeighbors implements network.Store.
func (r *Store) ActorsNeighbors(ctx context.Context, q network.ActorQuery, filter network.TieFilter) (*network.NeighborPage, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.NeighborPage, error) {
		return r.Backend.ActorsNeighbors(ctx, q, filter)
	})
}

// Neighbors implements network.Store.
func (r *Store) Neighbors(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (*network.Adjacency, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Adjacency, error) {
		return r.Backend.Neighbors(ctx, actorIDs, filter, omit)
	})
}

// Search implements network.Store.
func (r *Store) Search(ctx context.Context, query string, limit int) ([]network.SearchHit, error) {
	return guarded(r, ctx, func(ctx context.Context) ([]network.SearchHit, error) { return r.Backend.Search(ctx, query, limit) })
}

// Places implements network.Store.
func (r *Store) Places(ctx context.Context) ([]*network.Place, error) {
	return guarded(r, ctx, r.Backend.Places)
}

// Apply implements network.Store.
func (r *Store) Apply(ctx context.Context, c *network.Change) error {
	_, err := guarded(r, ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.Backend.Apply(ctx, c) })
	return err
}

// Imports implements network.Store.
func (r *Store) Imports(ctx context.Context, limit int) ([]*network.ImportRecord, error) {
	return guarded(r, ctx, func(ctx context.Context) ([]*network.ImportRecord, error) { return r.Backend.Imports(ctx, limit) })
}

// Snapshot implements network.Store.
func (r *Store) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	return guarded(r, ctx, func(ctx context.Context) (*network.Snapshot, error) { return r.Backend.Snapshot(ctx, withSources) })
}

// Version implements network.Store.
func (r *Store) Version(ctx context.Context) (uint64, error) {
	return guarded(r, ctx, r.Backend.Version)
}

// Stats implements network.Store.
func (r *Store) Stats(ctx context.Context) (network.Stats, error) {
	return guarded(r, ctx, r.Backend.Stats)
}
