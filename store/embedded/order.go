package embedded

import (
	"slices"
	"sync"

	"github.com/peacegraph/peacegraph/network"
)

// orders keeps every actor of one state sorted in each order other than ID,
// built on the first read that asks for it, so that a page of actors is cut
// from a sorted list instead of sorting every actor on every read.
type orders struct {
	mu    sync.Mutex
	lists map[network.ActorOrder][]*network.Actor
}

func newOrders() *orders {
	return &orders{lists: map[network.ActorOrder][]*network.Actor{}}
}

// ordered returns every actor of s in order. The list is shared and must
// not be changed.
func (s *state) ordered(order network.ActorOrder) []*network.Actor {
	if order == network.ByID {
		return s.actorList
	}
	o := s.orders
	o.mu.Lock()
	defer o.mu.Unlock()
	list, ok := o.lists[order]
	if !ok {
		list = slices.Clone(s.actorList)
		slices.SortFunc(list, order.Compare)
		o.lists[order] = list
	}
	return list
}
