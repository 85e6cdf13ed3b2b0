package embedded

import (
	"maps"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/peacegraph/peacegraph/network"
)

// state is what the store holds at one data version, in memory. A state is
// never changed once it is published: a write builds the next state from
// the current one, copying only the maps and lists it changes, and swaps it
// in with one atomic store. A reader loads the current state once and reads
// it without a lock, so no writer, queued or running, delays it, and every
// read sees one version whole.
//
// Actors and ties are held without their sources, which stay in the file
// and are read from db when a read asks for them (sources.go): analysis
// never reads them, and at a million ties they were a fifth of the heap.
type state struct {
	version uint64
	// db is the file that holds this version (a large write replaces the
	// file, so a later state may name another one).
	db *bolt.DB
	// replaced is closed once the next state is published.
	replaced  chan struct{}
	actors    map[string]*network.Actor
	actorList []*network.Actor // by ID
	// tieList is every tie by ID; a tie is found by binary search (tie),
	// since a map of a million ties cost about 60 MB and a copy per write.
	tieList   []*network.Tie
	byActor   map[string][]*network.Tie // actor ID -> ties at either end, by ID
	places    map[string]*network.Place
	placeList []*network.Place // by ID
	// imports holds each import record as the file stores it (JSON), oldest
	// first, so that Imports needs no disk read and hands out fresh values.
	imports [][]byte
	orders  *orders // the actors in each order other than ID, built on demand
}

// emptyState is the state of a new file.
func emptyState() *state {
	return &state{
		replaced: make(chan struct{}),
		actors:   map[string]*network.Actor{},
		byActor:  map[string][]*network.Tie{},
		places:   map[string]*network.Place{},
		orders:   newOrders(),
	}
}

// tie returns the tie id, nil when there is none.
func (s *state) tie(id string) *network.Tie {
	if i, ok := slices.BinarySearchFunc(s.tieList, id, tieHasID); ok {
		return s.tieList[i]
	}
	return nil
}

// next returns the state after a written change: s with actors, ties and
// places upserted by ID and the record (JSON, or nil) appended. s is left
// as it was, so readers holding it keep reading it whole. No ID appears
// twice among actors, ties or places (Change.Validate refuses that), and
// ties are in ID order.
func (s *state) next(version uint64, actors []*network.Actor, ties []*network.Tie, places []*network.Place, record []byte) *state {
	n := *s
	n.version = version
	n.replaced = make(chan struct{})
	n.orders = newOrders()
	if len(actors) > 0 {
		n.actors = maps.Clone(s.actors)
		n.actorList = upsert(n.actors, s.actorList, actors, func(a *network.Actor) string { return a.ID })
	}
	if len(ties) > 0 {
		n.byActor = maps.Clone(s.byActor)
		// The lists of the actors this change touches are copied once, on
		// first touch, and then changed in place.
		own := map[string]bool{}
		list := func(actor string) []*network.Tie {
			l := n.byActor[actor]
			if !own[actor] {
				own[actor] = true
				l = slices.Clone(l)
			}
			return l
		}
		for _, t := range ties {
			if old := s.tie(t.ID); old != nil {
				n.unlink(list, old.From, old)
				n.unlink(list, old.To, old)
			}
			n.link(list, t.From, t)
			if t.To != t.From {
				n.link(list, t.To, t)
			}
		}
		n.tieList = merge(s.tieList, ties)
	}
	if len(places) > 0 {
		n.places = maps.Clone(s.places)
		n.placeList = upsert(n.places, s.placeList, places, func(p *network.Place) string { return p.ID })
	}
	if record != nil {
		n.imports = append(slices.Clip(s.imports), record)
	}
	return &n
}

// link adds t to the ties of actor, keeping them in ID order. Ties arrive in
// ID order in a bulk write, so this is mostly an append.
func (s *state) link(list func(string) []*network.Tie, actor string, t *network.Tie) {
	l := list(actor)
	if len(l) == 0 || l[len(l)-1].ID < t.ID {
		s.byActor[actor] = append(l, t)
		return
	}
	i, found := slices.BinarySearchFunc(l, t.ID, tieHasID)
	if found {
		l[i] = t
		s.byActor[actor] = l
		return
	}
	s.byActor[actor] = slices.Insert(l, i, t)
}

// unlink removes t from the ties of actor.
func (s *state) unlink(list func(string) []*network.Tie, actor string, t *network.Tie) {
	l := list(actor)
	if i, ok := slices.BinarySearchFunc(l, t.ID, tieHasID); ok {
		l = slices.Delete(l, i, i+1)
	}
	if len(l) == 0 {
		delete(s.byActor, actor)
		return
	}
	s.byActor[actor] = l
}

func tieHasID(t *network.Tie, id string) int { return strings.Compare(t.ID, id) }

// upsert puts items into m by ID (a later item wins over an earlier one with
// the same ID) and returns list, which is in ID order, with every item
// replaced or inserted in order. It builds a new slice, so a reader that
// still holds the old one sees it whole.
func upsert[T any](m map[string]*T, list []*T, items []*T, id func(*T) string) []*T {
	if len(items) == 0 {
		return list
	}
	var added []string
	for _, it := range items {
		k := id(it)
		if _, ok := m[k]; !ok {
			added = append(added, k)
		}
		m[k] = it
	}
	slices.Sort(added)
	added = slices.Compact(added)
	out := make([]*T, 0, len(list)+len(added))
	i := 0
	for _, old := range list {
		k := id(old)
		for i < len(added) && added[i] < k {
			out = append(out, m[added[i]])
			i++
		}
		out = append(out, m[k])
	}
	for ; i < len(added); i++ {
		out = append(out, m[added[i]])
	}
	return out
}

// merge returns the ties of list, in ID order, with those of items (also
// in ID order, no ID twice) put in: an item replaces the tie of its ID or
// is inserted in order. It builds a new slice, so a reader that still
// holds list sees it whole.
func merge(list, items []*network.Tie) []*network.Tie {
	out := make([]*network.Tie, 0, len(list)+len(items))
	i := 0
	for _, old := range list {
		for i < len(items) && items[i].ID < old.ID {
			out = append(out, items[i])
			i++
		}
		if i < len(items) && items[i].ID == old.ID {
			out = append(out, items[i])
			i++
			continue
		}
		out = append(out, old)
	}
	return slices.Clip(append(out, items[i:]...))
}
