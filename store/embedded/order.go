package embedded

import (
	"slices"
	"sync"

	"github.com/peacegraph/peacegraph/network"
)

// orders keeps every actor sorted in each order other than ID, built on the
// first read after a change, so that a page of actors is cut from a sorted
// list instead of sorting every actor on every read.
type orders struct {
	mu      sync.Mutex
	version uint64
	built   bool
	lists   map[network.ActorOrder][]*network.Actor
}

// ordered returns every actor in order. The caller holds s.mu for reading,
// so the actors and the version do not change meanwhile; the list is shared
// and must not be changed.
func (s *Store) ordered(order network.ActorOrder) []*network.Actor {
	if order == network.ByID {
		return s.actorList
	}
	o := &s.orders
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.built || o.version != s.version {
		o.lists, o.version, o.built = map[network.ActorOrder][]*network.Actor{}, s.version, true
	}
	list, ok := o.lists[order]
	if !ok {
		list = slices.Clone(s.actorList)
		slices.SortFunc(list, order.Compare)
		o.lists[order] = list
	}
	return list
}
