package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/peacegraph/peacegraph/network"
)

// Apply validates c, writes it in one synced bbolt transaction and then
// updates the indexes. EINVALID (naming each bad item and field) if c fails
// Change.Validate or a tie names an actor that is neither stored nor in c; in
// that case nothing is written and the version stays. Actors, ties and places
// are upserted by ID, and the version goes up by one.
func (s *Store) Apply(ctx context.Context, c *network.Change) error {
	if err := c.Validate(); err != nil {
		return err
	}
	// Copy before anything else, so that a caller changing c while Apply runs
	// or afterwards cannot reach the store.
	actors := make([]*network.Actor, len(c.Actors))
	for i, a := range c.Actors {
		actors[i] = copyActor(a, true)
	}
	ties := make([]*network.Tie, len(c.Ties))
	for i, t := range c.Ties {
		ties[i] = copyTie(t, true)
	}
	places := make([]*network.Place, len(c.Places))
	for i, p := range c.Places {
		places[i] = copyPlace(p)
	}

	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Only Apply changes the indexes and it holds wmu, so what is read under
	// the read lock here still holds when the write lands.
	if err := s.rlock(ctx); err != nil {
		return err
	}
	err := s.checkEnds(actors, ties)
	version := s.version + 1
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if err := s.write(version, actors, ties, places); err != nil {
		return fmt.Errorf("embedded: apply: %w", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.index(actors, ties, places)
	s.version = version
	return nil
}

// checkEnds returns EINVALID naming every tie end that is neither a stored
// actor nor one of actors. The caller holds a lock.
func (s *Store) checkEnds(actors []*network.Actor, ties []*network.Tie) error {
	c := &network.Change{Actors: actors, Ties: ties}
	return c.CheckEnds(func(id string) bool { _, ok := s.actors[id]; return ok })
}

// write puts the change and the new version into the file in one
// transaction; bbolt syncs the file before Update returns.
func (s *Store) write(version uint64, actors []*network.Actor, ties []*network.Tie, places []*network.Place) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putAll(tx.Bucket(bucketActors), actors, func(a *network.Actor) string { return a.ID }); err != nil {
			return err
		}
		if err := putAll(tx.Bucket(bucketTies), ties, func(t *network.Tie) string { return t.ID }); err != nil {
			return err
		}
		if err := putAll(tx.Bucket(bucketPlaces), places, func(p *network.Place) string { return p.ID }); err != nil {
			return err
		}
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], version)
		return tx.Bucket(bucketMeta).Put(keyVersion, v[:])
	})
}

// putAll stores each item as JSON under its ID.
func putAll[T any](b *bolt.Bucket, items []*T, id func(*T) string) error {
	for _, it := range items {
		v, err := json.Marshal(it)
		if err != nil {
			return fmt.Errorf("encode %s: %w", id(it), err)
		}
		if err := b.Put([]byte(id(it)), v); err != nil {
			return fmt.Errorf("put %s: %w", id(it), err)
		}
	}
	return nil
}

// index brings the in-memory indexes up to date with a written change. The
// caller holds the write lock.
func (s *Store) index(actors []*network.Actor, ties []*network.Tie, places []*network.Place) {
	s.actorList = upsert(s.actors, s.actorList, actors, func(a *network.Actor) string { return a.ID })
	for _, a := range actors {
		s.lowered[a.ID] = lowered(a)
	}
	for _, t := range ties {
		if old, ok := s.ties[t.ID]; ok {
			s.unlink(old.From, old)
			s.unlink(old.To, old)
		}
		s.link(t.From, t)
		s.link(t.To, t)
	}
	s.tieList = upsert(s.ties, s.tieList, ties, func(t *network.Tie) string { return t.ID })
	s.placeList = upsert(s.places, s.placeList, places, func(p *network.Place) string { return p.ID })
}

// link adds t to the ties of actor, keeping them in ID order.
func (s *Store) link(actor string, t *network.Tie) {
	list := s.byActor[actor]
	i, _ := slices.BinarySearchFunc(list, t.ID, tieHasID)
	s.byActor[actor] = slices.Insert(list, i, t)
}

// unlink removes t from the ties of actor.
func (s *Store) unlink(actor string, t *network.Tie) {
	list := s.byActor[actor]
	if i, ok := slices.BinarySearchFunc(list, t.ID, tieHasID); ok {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(s.byActor, actor)
		return
	}
	s.byActor[actor] = list
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
