package network

import (
	"context"
	"slices"
	"strings"
)

// Store holds the network. Every implementation passes the conformance suite
// in store/storetest and so behaves the same: same filters (ActorFilter.Matches,
// TieFilter.Matches), same orders (ActorOrder.Compare, CompareTies), same
// search ranking (MatchScore, RankHits), same validation (Change.Validate).
//
// Stores return copies: a caller may change what it gets back.
type Store interface {
	// Actor returns the actor with the given ID. ENOTFOUND if there is none.
	Actor(ctx context.Context, id string) (*Actor, error)

	// ActorsByID returns the actors with the given IDs in the order asked,
	// with nil where an ID is unknown, without the parts omit names. It is
	// one round trip, for loaders.
	ActorsByID(ctx context.Context, ids []string, omit Omit) ([]*Actor, error)

	// Actors returns one page of the actors that match q.Filter in q.Order,
	// and how many match in all (-1 with q.NoTotal, without counting).
	// EINVALID for a bad offset or limit.
	Actors(ctx context.Context, q ActorQuery) ([]*Actor, int, error)

	// Ties returns one page of the ties that match q.Filter ordered by
	// CompareTies, and how many match in all.
	Ties(ctx context.Context, q TieQuery) ([]*Tie, int, error)

	// TiesOf returns, for each actor ID asked, the ties that match filter with
	// that actor at an end chosen by filter.Direction (filter.Actor is
	// ignored), ordered by CompareTies, without the parts omit names. It is
	// one round trip, for loaders.
	TiesOf(ctx context.Context, actorIDs []string, filter TieFilter, omit Omit) (map[string][]*Tie, error)

	// Neighborhood returns, in one round trip, the actors with the given IDs,
	// their ties that match filter as TiesOf returns them, and the actors at
	// the other ends of those ties: what a request needs that follows
	// actors' ties to their ends. The actors and ties come without the parts
	// omit names. Of each actor's ties only those in window are returned
	// (and only their ends), and with window.Count how many match in all.
	// EINVALID for a negative offset or limit in window.
	Neighborhood(ctx context.Context, actorIDs []string, filter TieFilter, omit Omit, window TieWindow) (*Neighborhood, error)

	// ActorsNeighbors returns the page of actors q asks for and how many
	// match in all, as Actors does, and for each actor of the page the
	// distinct actors at the other ends of its ties that match filter, as
	// Neighbors returns them with q.Omit (NeighborNames included): what a
	// page of actors needs that selects their neighbors and not their ties,
	// in one round trip where the store can. EINVALID as Actors.
	ActorsNeighbors(ctx context.Context, q ActorQuery, filter TieFilter) (*NeighborPage, error)

	// Neighbors returns, in one round trip, the actors with the given IDs
	// and, for each, the distinct actors at the other ends of its ties that
	// match filter as TiesOf selects them, ordered by ByName: what a request
	// needs that asks actors' neighbors but not their ties, which are then
	// not read. The actors come without the parts omit names.
	Neighbors(ctx context.Context, actorIDs []string, filter TieFilter, omit Omit) (*Adjacency, error)

	// Search returns the actors whose name, acronym, aliases or ID match
	// query, ranked by MatchScore, at most limit of them.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)

	// Places returns every place, ordered by ID.
	Places(ctx context.Context) ([]*Place, error)

	// Apply writes c as one transaction: all of it or, on any error, none of
	// it. Actors, ties and places are upserted by ID. EINVALID (naming the
	// item and field) if c fails Change.Validate or a tie names an actor that
	// is neither stored nor in c. Once Apply returns nil the change is durable.
	//
	// When c.Import is set, Apply records it in the same transaction: it
	// counts c's ties as new, updated or unchanged against what it held
	// (ImportReport.CountTies), gives the record an ID, its data version
	// and, when empty, its time, and fills those into c.Import itself.
	Apply(ctx context.Context, c *Change) error

	// Imports returns the recorded imports, newest first, at most limit of
	// them (0: all). EINVALID for a negative limit.
	Imports(ctx context.Context, limit int) ([]*ImportRecord, error)

	// Snapshot returns the whole network as it is at one data version, for
	// analysis and export. Its actors and ties carry no Sources unless
	// withSources is true.
	Snapshot(ctx context.Context, withSources bool) (*Snapshot, error)

	// Version returns the data version: a number that every successful Apply
	// increases, so that results computed from a Snapshot can be cached
	// until it changes, across service instances that share the database.
	Version(ctx context.Context) (uint64, error)

	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)

	// Ping reports whether the store can serve requests now (EUNAVAILABLE if not).
	Ping(ctx context.Context) error

	// Close releases the store's resources.
	Close() error
}

// ActorQuery asks for a page of actors.
type ActorQuery struct {
	Filter ActorFilter
	Order  ActorOrder // "" means ByName
	Offset int
	Limit  int // 0 means no limit
	// After, when set, starts the page just after After's place in Order
	// (a keyset: only its ID, Name and Kind are read, and it need not be
	// stored any more), and Offset counts from there. A page after an actor
	// stays the same when actors before it are written; the total still
	// counts every match.
	After *Actor
	// Omit names the parts of the actors the caller will not read; the
	// page comes without them.
	Omit Omit
	// NoTotal says the caller does not read how many match in all: the
	// store returns -1 for it and reads only up to the end of the page.
	NoTotal bool
}

// TieQuery asks for a page of ties.
type TieQuery struct {
	Filter TieFilter
	Offset int
	Limit  int // 0 means no limit
	// Omit names the parts of the ties the caller will not read; the page
	// comes without them.
	Omit Omit
}

// Omit names the costly parts of actors and ties that a read leaves out
// because its caller will not read them: they are the parts stored as whole
// documents (sources, identifiers, attributes, funding). The zero value
// leaves nothing out.
type Omit struct {
	ActorSources bool // Actor.Sources
	ActorDetails bool // Actor.Identifiers and Actor.Attributes
	TieSources   bool // Tie.Sources
	TieDetails   bool // Tie.Funding and Tie.Attributes
	// NeighborNames, for Store.Neighbors, gives the actors at the other
	// ends their ID and Name only; the actors asked come whole but for the
	// parts above.
	NeighborNames bool
}

// Actor returns a with the parts o names cleared; a itself when o omits
// nothing of an actor.
func (o Omit) Actor(a *Actor) *Actor {
	if a == nil || (!o.ActorSources && !o.ActorDetails) {
		return a
	}
	c := *a
	if o.ActorSources {
		c.Sources = nil
	}
	if o.ActorDetails {
		c.Identifiers, c.Attributes = nil, nil
	}
	return &c
}

// Tie returns t with the parts o names cleared; t itself when o omits
// nothing of a tie.
func (o Omit) Tie(t *Tie) *Tie {
	if t == nil || (!o.TieSources && !o.TieDetails) {
		return t
	}
	c := *t
	if o.TieSources {
		c.Sources = nil
	}
	if o.TieDetails {
		c.Funding, c.Attributes = nil, nil
	}
	return &c
}

// TieWindow is the part of each actor's list of ties that
// Store.Neighborhood returns: the ties in CompareTies order from Offset, at
// most Limit of them. The zero value is the whole list, uncounted.
type TieWindow struct {
	Offset int
	Limit  int // 0 means no limit
	// Count asks for how many ties match in all (Neighborhood.Totals).
	Count bool
}

// Window returns the part of ties (a whole list in CompareTies order) that w
// selects.
func (w TieWindow) Window(ties []*Tie) []*Tie {
	return Page(ties, w.Offset, w.Limit)
}

// Neighborhood is what Store.Neighborhood returns.
type Neighborhood struct {
	// Actors holds, by ID, every actor asked that is stored and every actor
	// at an end of a tie in Ties.
	Actors map[string]*Actor
	// Ties holds, for every actor ID asked, its ties that match the filter
	// ordered by CompareTies, of them those in the window asked; an
	// unknown actor has none.
	Ties map[string][]*Tie
	// Totals holds, for every actor ID asked, how many of its ties match
	// the filter in all, when the window asked to count them; nil
	// otherwise.
	Totals map[string]int
}

// NeighborPage is what Store.ActorsNeighbors returns.
type NeighborPage struct {
	// Actors is the page of actors, as Store.Actors returns it.
	Actors []*Actor
	// Total is how many actors match in all, -1 with ActorQuery.NoTotal.
	Total int
	// Neighbors holds the neighbors of every actor of the page, as
	// Store.Neighbors returns them for the page's IDs.
	Neighbors *Adjacency
}

// Adjacency is what Store.Neighbors returns.
type Adjacency struct {
	// Actors holds, by ID, every actor asked that is stored and every
	// actor in Neighbors.
	Actors map[string]*Actor
	// Neighbors holds, for every actor ID asked, the IDs of the distinct
	// actors at the other ends of its ties that match the filter, ordered
	// by ByName; an unknown actor has none.
	Neighbors map[string][]string
}

// SortNeighbors orders each list of adj.Neighbors by ByName over adj.Actors.
// Each name is lowered once, not at every comparison.
func (adj *Adjacency) SortNeighbors() {
	lower := make(map[string]string, len(adj.Actors))
	key := func(id string) string {
		k, ok := lower[id]
		if !ok {
			if a := adj.Actors[id]; a != nil {
				k = strings.ToLower(a.Name)
			}
			lower[id] = k
		}
		return k
	}
	for _, ids := range adj.Neighbors {
		if len(ids) < 2 {
			continue
		}
		keys := make([]string, len(ids))
		for i, id := range ids {
			keys[i] = key(id)
		}
		order := make([]int, len(ids))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			if c := strings.Compare(keys[a], keys[b]); c != 0 {
				return c
			}
			return strings.Compare(ids[a], ids[b])
		})
		sorted := make([]string, len(ids))
		for i, j := range order {
			sorted[i] = ids[j]
		}
		copy(ids, sorted)
	}
}

// Snapshot is the whole network at one data version: the input of analysis
// and export. Actors are ordered by ID, ties by CompareTies.
type Snapshot struct {
	Version uint64
	Actors  []*Actor
	Ties    []*Tie
	Places  []*Place
}

// SnapshotSharer is a Store that holds its network in memory, immutable at
// each data version, and so can give a snapshot of it without copying it
// (the embedded store). At a million ties a copy was about 440 MB.
type SnapshotSharer interface {
	// SharedSnapshot returns the whole network at one data version as
	// Snapshot does, but its lists and items are the store's own: whoever
	// holds it must not change them (nor append to the lists). Its actors
	// and ties may carry no Sources, as with Snapshot(ctx, false) (the
	// embedded store keeps them in its file, not in memory); places carry
	// theirs. It costs no copy, so it is for reading only: analysis and
	// export. A store that wraps another returns nil and no error when
	// the one it wraps does not share.
	SharedSnapshot(ctx context.Context) (*Snapshot, error)
}

// ReadSnapshot returns the whole network at one data version, for reading
// only: the store's own items when s is a SnapshotSharer (shared is then
// true), else a copy from s.Snapshot(ctx, false). Either way its actors and
// ties are to be read as carrying no Sources.
func ReadSnapshot(ctx context.Context, s Store) (snap *Snapshot, shared bool, err error) {
	if ss, ok := s.(SnapshotSharer); ok {
		snap, err = ss.SharedSnapshot(ctx)
		if snap != nil || err != nil {
			return snap, true, err
		}
	}
	snap, err = s.Snapshot(ctx, false)
	return snap, false, err
}

// Stats counts what a store holds.
type Stats struct {
	Actors int
	Ties   int
	Places int
}

// Change is a set of actors, ties and places to upsert together.
type Change struct {
	Actors []*Actor
	Ties   []*Tie
	Places []*Place
	// Import, when set, records the import that brought the change: the
	// store writes it in the same transaction as the data.
	Import *ImportRecord
}

// Empty reports whether c writes nothing.
func (c *Change) Empty() bool {
	return len(c.Actors) == 0 && len(c.Ties) == 0 && len(c.Places) == 0
}
