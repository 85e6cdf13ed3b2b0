package graph

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/peacegraph/peacegraph/network"
)

// DefaultLoaderWait is how long a loader gathers keys before it calls the
// store, when Options.LoaderWait is zero. The shapes a plan covers (plan.go)
// do not wait at all; the others wait this long once per level.
const DefaultLoaderWait = 250 * time.Microsecond

// Loaders batch the store calls of one request: every actor looked up by ID
// in one ActorsByID call, every actor's ties in one TiesOf call per filter,
// and the places read once.
type Loaders struct {
	actors *dataloadgen.Loader[string, *network.Actor]
	ties   *dataloadgen.Loader[tiesKey, []*network.Tie]

	store     network.Store
	omitOnce  sync.Once
	omit      network.Omit
	placesMu  sync.Mutex
	places    map[string]*network.Place
	placesErr error

	neighborsMu sync.Mutex
	neighbors   map[tiesKey][]*network.Actor // read ahead by PrefetchNeighbors
	windows     map[windowKey]TiesWindow     // read ahead by Prefetch with a window
}

// windowKey asks for one window of the ties of one actor that match a
// filter.
type windowKey struct {
	ties   tiesKey
	window network.TieWindow
}

// TiesWindow is a part of an actor's ties that Prefetch read: the ties in
// the window and how many match in all (when the window counted them).
type TiesWindow struct {
	Ties    []*network.Tie
	Total   int
	Counted bool
}

// tiesKey asks for the ties of one actor that match a filter; kinds are
// sorted and joined so that the key is comparable.
type tiesKey struct {
	actor     string
	kinds     string
	direction network.Direction
}

// newTiesKey returns the key of actor's ties of kinds in direction.
func newTiesKey(actor string, kinds []network.TieKind, direction *network.Direction) tiesKey {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	k := tiesKey{actor: actor, kinds: strings.Join(ks, ","), direction: network.Both}
	if direction != nil && *direction != "" {
		k.direction = *direction
	}
	return k
}

// filter returns the TieFilter the key stands for, without the actor.
func (k tiesKey) filter() network.TieFilter {
	f := network.TieFilter{Direction: k.direction}
	if k.kinds != "" {
		for _, s := range strings.Split(k.kinds, ",") {
			f.Kinds = append(f.Kinds, network.TieKind(s))
		}
	}
	return f
}

// NewLoaders returns the loaders of one request over store; each gathers
// keys for wait (DefaultLoaderWait when zero) before it calls the store.
func NewLoaders(store network.Store, wait time.Duration) *Loaders {
	if wait <= 0 {
		wait = DefaultLoaderWait
	}
	l := &Loaders{store: store}
	l.actors = dataloadgen.NewLoader(l.fetchActors, dataloadgen.WithWait(wait))
	l.ties = dataloadgen.NewLoader(l.fetchTies, dataloadgen.WithWait(wait))
	return l
}

func (l *Loaders) fetchActors(ctx context.Context, ids []string) ([]*network.Actor, []error) {
	actors, err := l.store.ActorsByID(ctx, ids, l.Omit(ctx))
	if err != nil {
		return nil, []error{err}
	}
	return actors, nil
}

func (l *Loaders) fetchTies(ctx context.Context, keys []tiesKey) ([][]*network.Tie, []error) {
	// One TiesOf call per distinct filter among the keys.
	byFilter := map[tiesKey][]string{}
	var order []tiesKey
	for _, k := range keys {
		f := tiesKey{kinds: k.kinds, direction: k.direction}
		if _, ok := byFilter[f]; !ok {
			order = append(order, f)
		}
		byFilter[f] = append(byFilter[f], k.actor)
	}
	found := map[tiesKey][]*network.Tie{}
	for _, f := range order {
		m, err := l.store.TiesOf(ctx, byFilter[f], f.filter(), l.Omit(ctx))
		if err != nil {
			return nil, []error{err}
		}
		for actor, ties := range m {
			found[tiesKey{actor: actor, kinds: f.kinds, direction: f.direction}] = ties
		}
	}
	out := make([][]*network.Tie, len(keys))
	for i, k := range keys {
		out[i] = found[k]
	}
	return out, nil
}

// Omit returns what the request's operation reads of no actor or tie,
// worked out once per request.
func (l *Loaders) Omit(ctx context.Context) network.Omit {
	l.omitOnce.Do(func() { l.omit = operationOmit(ctx) })
	return l.omit
}

// Prefetch reads, in one store call, the actors with ids, their ties that
// match filter (of each actor's, those in window) and the actors at the
// other ends, and primes the batches with them, so that Actor, ActorList
// and (for a filter of kinds and direction only, which is what a ties or
// neighbors field asks) TiesOf, or PrefetchedWindow for a window, then
// answer without a wait or a store call. It returns what it read.
func (l *Loaders) Prefetch(ctx context.Context, ids []string, filter network.TieFilter, window network.TieWindow) (*network.Neighborhood, error) {
	n, err := l.store.Neighborhood(ctx, ids, filter, l.Omit(ctx), window)
	if err != nil {
		return nil, err
	}
	for id, a := range n.Actors {
		l.actors.Prime(id, a)
	}
	for _, id := range ids {
		if _, ok := n.Actors[id]; !ok {
			l.actors.Prime(id, nil)
		}
	}
	if len(filter.IDs) == 0 && len(filter.Among) == 0 && filter.ActiveFrom == "" && filter.ActiveTo == "" {
		if window == (network.TieWindow{}) {
			for _, id := range ids {
				l.ties.Prime(newTiesKey(id, filter.Kinds, &filter.Direction), n.Ties[id])
			}
			return n, nil
		}
		l.neighborsMu.Lock()
		defer l.neighborsMu.Unlock()
		if l.windows == nil {
			l.windows = make(map[windowKey]TiesWindow, len(ids))
		}
		for _, id := range ids {
			w := TiesWindow{Ties: n.Ties[id], Total: n.Totals[id], Counted: window.Count}
			l.windows[windowKey{newTiesKey(id, filter.Kinds, &filter.Direction), window}] = w
		}
	}
	return n, nil
}

// PrefetchedWindow returns the window of the ties of actor of kinds in
// direction, when Prefetch read it.
func (l *Loaders) PrefetchedWindow(actor string, kinds []network.TieKind, direction *network.Direction, window network.TieWindow) (TiesWindow, bool) {
	l.neighborsMu.Lock()
	defer l.neighborsMu.Unlock()
	w, ok := l.windows[windowKey{newTiesKey(actor, kinds, direction), window}]
	return w, ok
}

// PrefetchNeighbors reads, in one store call, the actors with ids and the
// distinct actors at the other ends of their ties that match filter, and
// keeps them, so that Actor, ActorList and (for a filter of kinds and
// direction only) PrefetchedNeighbors then answer without a wait or a store
// call. The ties themselves are not read. With namesOnly the neighbors come
// with their ID and name only, for a selection that reads no more of them,
// and only the asked actors go to the batches.
func (l *Loaders) PrefetchNeighbors(ctx context.Context, ids []string, filter network.TieFilter, namesOnly bool) error {
	omit := l.Omit(ctx)
	omit.NeighborNames = namesOnly
	adj, err := l.store.Neighbors(ctx, ids, filter, omit)
	if err != nil {
		return err
	}
	l.primeNeighbors(ids, filter, adj, namesOnly)
	return nil
}

// PrefetchPage reads q's page of actors with the neighbors of each, those at
// the other ends of its ties that match filter, in one store call
// (Store.ActorsNeighbors), and keeps them as PrefetchNeighbors does. With
// namesOnly the neighbors come with their ID and name only.
func (l *Loaders) PrefetchPage(ctx context.Context, q network.ActorQuery, filter network.TieFilter, namesOnly bool) ([]*network.Actor, int, error) {
	q.Omit.NeighborNames = namesOnly
	p, err := l.store.ActorsNeighbors(ctx, q, filter)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(p.Actors))
	for i, a := range p.Actors {
		ids[i] = a.ID
	}
	l.primeNeighbors(ids, filter, p.Neighbors, namesOnly)
	return p.Actors, p.Total, nil
}

// primeNeighbors primes the batches with adj, the neighbors of the actors
// with ids that match filter, and keeps their lists for PrefetchedNeighbors.
func (l *Loaders) primeNeighbors(ids []string, filter network.TieFilter, adj *network.Adjacency, namesOnly bool) {
	for _, id := range ids {
		l.actors.Prime(id, adj.Actors[id]) // nil when unknown
	}
	if !namesOnly {
		for id, a := range adj.Actors {
			l.actors.Prime(id, a)
		}
	}
	if len(filter.IDs) == 0 && len(filter.Among) == 0 && filter.ActiveFrom == "" && filter.ActiveTo == "" {
		l.neighborsMu.Lock()
		defer l.neighborsMu.Unlock()
		if l.neighbors == nil {
			l.neighbors = make(map[tiesKey][]*network.Actor, len(ids))
		}
		for _, id := range ids {
			list := make([]*network.Actor, 0, len(adj.Neighbors[id]))
			for _, n := range adj.Neighbors[id] {
				if a := adj.Actors[n]; a != nil {
					list = append(list, a)
				}
			}
			l.neighbors[newTiesKey(id, filter.Kinds, &filter.Direction)] = list
		}
	}
}

// PrefetchedNeighbors returns the neighbors of actor of kinds in direction,
// ordered by name, when PrefetchNeighbors read them.
func (l *Loaders) PrefetchedNeighbors(actor string, kinds []network.TieKind, direction *network.Direction) ([]*network.Actor, bool) {
	l.neighborsMu.Lock()
	defer l.neighborsMu.Unlock()
	list, ok := l.neighbors[newTiesKey(actor, kinds, direction)]
	return list, ok
}

// Actor returns the actor with id through the batch, nil when unknown.
func (l *Loaders) Actor(ctx context.Context, id string) (*network.Actor, error) {
	return l.actors.Load(ctx, id)
}

// ActorList returns the actors with ids through the batch, skipping unknown IDs.
func (l *Loaders) ActorList(ctx context.Context, ids []string) ([]*network.Actor, error) {
	actors, err := l.actors.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(actors, func(a *network.Actor) bool { return a == nil }), nil
}

// TiesOf returns the ties of actor of kinds in direction through the batch.
func (l *Loaders) TiesOf(ctx context.Context, actor string, kinds []network.TieKind, direction *network.Direction) ([]*network.Tie, error) {
	return l.ties.Load(ctx, newTiesKey(actor, kinds, direction))
}

// Places returns every place by ID, read from the store once per request.
func (l *Loaders) Places(ctx context.Context) (map[string]*network.Place, error) {
	l.placesMu.Lock()
	defer l.placesMu.Unlock()
	if l.places == nil && l.placesErr == nil {
		places, err := l.store.Places(ctx)
		if err != nil {
			l.placesErr = err
		} else {
			l.places = make(map[string]*network.Place, len(places))
			for _, p := range places {
				l.places[p.ID] = p
			}
		}
	}
	return l.places, l.placesErr
}

type loadersKey struct{}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFor returns the loaders of the request in ctx, or new ones over
// store when there are none (a resolver called outside the middleware).
func loadersFor(ctx context.Context, store network.Store) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(store, 0)
}

// LoaderMiddleware gives every request new loaders over store, so that
// nothing is cached across requests.
func LoaderMiddleware(store network.Store, wait time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), NewLoaders(store, wait))))
	})
}
