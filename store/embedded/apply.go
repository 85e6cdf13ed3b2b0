package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

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
	var record *network.ImportRecord
	if c.Import != nil && err == nil {
		record = importRecord(c.Import, version)
		record.Report.CountTies(ties, func(id string) *network.Tie { return s.ties[id] })
	}
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if err := s.write(ctx, version, actors, ties, places, record); err != nil {
		if ctx.Err() != nil {
			return network.Errorf(network.EUNAVAILABLE, "the write was stopped before it was stored (%v): nothing was written", ctx.Err())
		}
		return fmt.Errorf("embedded: apply: %w", err)
	}
	if record != nil {
		*c.Import = *record
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
// transaction; bbolt syncs the file before Update returns. Keys go in
// sorted, so that bbolt appends to its pages instead of splitting them at
// random (unsorted keys made a 1M-tie import quadratic). ctx is checked
// every few thousand items: when it ends the transaction is rolled back and
// nothing is written.
func (s *Store) write(ctx context.Context, version uint64, actors []*network.Actor, ties []*network.Tie, places []*network.Place, record *network.ImportRecord) error {
	p := newProgress(ctx, len(actors)+len(ties)+len(places))
	return s.db.Update(func(tx *bolt.Tx) error {
		if record != nil {
			v, err := json.Marshal(record)
			if err != nil {
				return fmt.Errorf("encode import %s: %w", record.ID, err)
			}
			if err := tx.Bucket(bucketImports).Put(versionKey(version), v); err != nil {
				return err
			}
		}
		if err := putAll(p, tx.Bucket(bucketActors), actors, func(a *network.Actor) string { return a.ID }); err != nil {
			return err
		}
		if err := putAll(p, tx.Bucket(bucketTies), ties, func(t *network.Tie) string { return t.ID }); err != nil {
			return err
		}
		if err := putAll(p, tx.Bucket(bucketPlaces), places, func(p *network.Place) string { return p.ID }); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, versionKey(version))
	})
}

// putAll stores each item as JSON under its ID, in key order, a later
// item with the same ID winning.
func putAll[T any](p *progress, b *bolt.Bucket, items []*T, id func(*T) string) error {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return strings.Compare(id(items[i]), id(items[j])) })
	if len(items) > 10_000 {
		// A bulk load: sorted keys fill pages in order, so fill them well.
		b.FillPercent = 0.9
	}
	for _, i := range order {
		it := items[i]
		v, err := json.Marshal(it)
		if err != nil {
			return fmt.Errorf("encode %s: %w", id(it), err)
		}
		if err := b.Put([]byte(id(it)), v); err != nil {
			return fmt.Errorf("put %s: %w", id(it), err)
		}
		if err := p.step(); err != nil {
			return err
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

// versionKey is a data version as 8 big-endian bytes.
func versionKey(version uint64) []byte {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], version)
	return v[:]
}

// importRecord returns a copy of r as the store records it at version.
func importRecord(r *network.ImportRecord, version uint64) *network.ImportRecord {
	out := *r
	out.Files = slices.Clone(r.Files)
	out.ID = fmt.Sprintf("import-%d", version)
	out.DataVersion = version
	if out.Time == "" {
		out.Time = time.Now().UTC().Format(time.RFC3339)
	}
	return &out
}

// Imports returns the recorded imports, newest first.
func (s *Store) Imports(ctx context.Context, limit int) ([]*network.ImportRecord, error) {
	if limit < 0 {
		return nil, network.Errorf(network.EINVALID, "limit %d is negative", limit)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*network.ImportRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketImports).Cursor()
		for k, v := c.Last(); k != nil && (limit == 0 || len(out) < limit); k, v = c.Prev() {
			r := new(network.ImportRecord)
			if err := json.Unmarshal(v, r); err != nil {
				return fmt.Errorf("import %x: %w", k, err)
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("embedded: imports: %w", err)
	}
	return out, nil
}
