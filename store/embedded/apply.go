package embedded

import (
	"bytes"
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

// Apply validates c, writes it durably and then publishes the new state to
// readers. EINVALID (naming each bad item and field) if c fails
// Change.Validate or a tie names an actor that is neither stored nor in c;
// EUNAVAILABLE if ctx ends before the change is stored. On any error
// nothing is written and the version stays. Actors, ties and places are
// upserted by ID, and the version goes up by one. The store keeps copies of
// c's items: the caller may change c afterwards.
//
// A change of up to batchItems items is one bbolt transaction on the file.
// A larger one is written in batches into a staging file that then replaces
// the store's file whole (writeStaged). Readers are never blocked: they go on
// reading the previous state until the new one is stored, and a write that
// was stored returns nil even if ctx ended meanwhile.
func (s *Store) Apply(ctx context.Context, c *network.Change) error {
	return s.apply(ctx, c, true)
}

// Import is Apply for a change that the caller hands over, as the import
// command does with what it read from its files: the store keeps c's
// actors, ties and places themselves (normalized in place) instead of
// copies, so that a large import is held in memory once. The caller must
// not change c's items afterwards, and once the change is stored its
// actors and ties hold no Sources (the store reads them from its file when
// asked); c.Import is filled in as Apply does.
func (s *Store) Import(ctx context.Context, c *network.Change) error {
	return s.apply(ctx, c, false)
}

func (s *Store) apply(ctx context.Context, c *network.Change, copies bool) error {
	if err := c.Validate(); err != nil {
		return err
	}
	// Copy before anything else (unless c is handed over), so that a caller
	// changing c while Apply runs or afterwards cannot reach the store. The
	// copies sit in one array per kind (one allocation, not one per item).
	// The items are sorted by ID, the order of the file's keys and of the
	// indexes; Validate has refused repeated IDs, so the order changes no
	// outcome.
	var (
		actors []*network.Actor
		ties   []*network.Tie
		places []*network.Place
	)
	if copies {
		actors = copyAll(c.Actors, copyActorInto)
		ties = copyAll(c.Ties, copyTieInto)
		places = copyAll(c.Places, func(dst, src *network.Place) { *dst = *copyPlace(src) })
	} else {
		actors = normalizeAll(c.Actors, normalizeActor)
		ties = normalizeAll(c.Ties, normalizeTie)
		places = normalizeAll(c.Places, normalizePlace)
	}
	slices.SortFunc(actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(ties, func(a, b *network.Tie) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(places, func(a, b *network.Place) int { return strings.Compare(a.ID, b.ID) })

	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Only Apply publishes states and it holds wmu, so cur is what the
	// file holds until this write lands.
	cur, err := s.read(ctx)
	if err != nil {
		return err
	}
	if err := (&network.Change{Actors: actors, Ties: ties}).CheckEnds(func(id string) bool { _, ok := cur.actors[id]; return ok }); err != nil {
		return err
	}
	internAll(cur, actors, ties)
	version := cur.version + 1
	var (
		record     *network.ImportRecord
		recordJSON []byte
	)
	if c.Import != nil {
		record = importRecord(c.Import, version)
		if err := countTies(cur, &record.Report, ties); err != nil {
			return err
		}
		if recordJSON, err = json.Marshal(record); err != nil {
			return fmt.Errorf("embedded: encode import %s: %w", record.ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	// The next state is built on the other core while the file is written;
	// it is published only once the write is stored.
	nextc := make(chan *state, 1)
	go func() { nextc <- cur.next(version, actors, ties, places, recordJSON) }()
	w := &writeSet{version: version, actors: actors, ties: ties, places: places, record: recordJSON}
	var stored bool
	if len(actors)+len(ties)+len(places) > batchItems {
		stored, err = s.writeStaged(ctx, w)
	} else {
		err = w.writeTo(ctx, s.db, 0)
		stored = err == nil
	}
	next := <-nextc
	if stored {
		// The items' sources are in the file now; the state holds none.
		next.db = s.db
		dropSources(actors, ties)
		s.cur.Store(next)
		close(cur.replaced)
		if record != nil {
			*c.Import = *record
		}
	}
	if err != nil && stored {
		return fmt.Errorf("embedded: apply: %w", err)
	}
	if err != nil {
		if ctx.Err() != nil {
			return network.Errorf(network.EUNAVAILABLE, "the write was stopped before it was stored (%v): nothing was written", ctx.Err())
		}
		return fmt.Errorf("embedded: apply: %w", err)
	}
	return nil
}

// countTies counts ties as new, updated or unchanged against cur, as
// ImportReport.CountTies does, reading the sources of the stored ties from
// cur's file in one read transaction (the caller holds wmu, so the file
// holds cur's version).
func countTies(cur *state, r *network.ImportReport, ties []*network.Tie) (err error) {
	tx, err := cur.db.Begin(false)
	if err != nil {
		return fmt.Errorf("embedded: read sources: %w", err)
	}
	defer func() {
		if rerr := tx.Rollback(); err == nil && rerr != nil {
			err = fmt.Errorf("embedded: read sources: %w", rerr)
		}
	}()
	recs := newRecords(tx, bucketTies)
	r.CountTies(ties, func(id string) *network.Tie {
		old := cur.tie(id)
		if old == nil || err != nil {
			return old
		}
		c := copyTie(old)
		c.Sources, err = recs.sources(id)
		return c
	})
	return err
}

// dropSources clears the sources of items a write has stored: the state
// holds none, they are read from the file when asked for.
func dropSources(actors []*network.Actor, ties []*network.Tie) {
	for _, a := range actors {
		a.Sources = nil
	}
	for _, t := range ties {
		t.Sources = nil
	}
}

// internAll makes the repeated strings of the items one copy each (see
// interner), a tie end the ID string of its actor, stored or in the change.
// The items are the store's from here on: copies, or handed over by Import.
func internAll(cur *state, actors []*network.Actor, ties []*network.Tie) {
	in := interner{}
	for _, a := range actors {
		in.actor(a)
		in[a.ID] = a.ID
	}
	end := func(id string) string {
		if a, ok := cur.actors[id]; ok {
			return a.ID
		}
		return in.str(id)
	}
	for _, t := range ties {
		in.tie(t, end)
	}
}

// copyAll returns copies of items made by cp, held in one array.
func copyAll[T any](items []*T, cp func(dst, src *T)) []*T {
	vals := make([]T, len(items))
	out := make([]*T, len(items))
	for i, it := range items {
		cp(&vals[i], it)
		out[i] = &vals[i]
	}
	return out
}

// normalizeAll normalizes each of items in place and returns them in a
// list of their own, which the caller may reorder.
func normalizeAll[T any](items []*T, normalize func(*T)) []*T {
	out := slices.Clone(items)
	for _, it := range out {
		normalize(it)
	}
	return out
}

// batchItems is how many items one bbolt transaction of a large write
// stores. A transaction holds every page it changes in memory until it
// commits, and bbolt copies them all again each time the file outgrows its
// memory map, so a bounded batch bounds both.
const batchItems = 16_384

// writeSet is one change as it is written: items sorted by ID, the import
// record as JSON (or nil) and the version it makes.
type writeSet struct {
	version uint64
	actors  []*network.Actor
	ties    []*network.Tie
	places  []*network.Place
	record  []byte
}

// writeTo puts the change into db in transactions of at most per items
// (one transaction when per is 0), the version and the import record in the
// last. Keys go in sorted, so that bbolt appends to its pages instead of
// splitting them at random (unsorted keys made a 1M-tie import quadratic).
// ctx is checked every few thousand items: when it ends the open
// transaction is rolled back. With per 0 that leaves db as it was; with
// batches the caller discards db.
func (w *writeSet) writeTo(ctx context.Context, db *bolt.DB, per int) (err error) {
	b := &batcher{db: db, per: per, bulk: len(w.actors)+len(w.ties)+len(w.places) > 10_000,
		p: newProgress(ctx, len(w.actors)+len(w.ties)+len(w.places))}
	b.enc.json = json.NewEncoder(&b.enc.buf)
	defer func() {
		if err != nil && b.tx != nil {
			_ = b.tx.Rollback() // the error that stopped the write is the one to report
		}
	}()
	for _, a := range w.actors {
		if err := b.put(bucketActors, a.ID, a); err != nil {
			return err
		}
	}
	for _, t := range w.ties {
		if err := b.put(bucketTies, t.ID, t); err != nil {
			return err
		}
	}
	for _, p := range w.places {
		if err := b.put(bucketPlaces, p.ID, p); err != nil {
			return err
		}
	}
	if err := b.begin(); err != nil {
		return err
	}
	if w.record != nil {
		if err := b.tx.Bucket(bucketImports).Put(versionKey(w.version), w.record); err != nil {
			return err
		}
	}
	if err := b.tx.Bucket(bucketMeta).Put(keyVersion, versionKey(w.version)); err != nil {
		return err
	}
	return b.commit()
}

// batcher writes items into a file, committing every per items.
type batcher struct {
	db   *bolt.DB
	tx   *bolt.Tx
	per  int
	n    int // items in tx
	bulk bool
	p    *progress
	enc  encoder
}

// begin opens a transaction if none is open.
func (b *batcher) begin() error {
	if b.tx != nil {
		return nil
	}
	tx, err := b.db.Begin(true)
	if err != nil {
		return err
	}
	if b.bulk {
		// A bulk load: sorted keys fill pages in order, so fill them well.
		for _, name := range [][]byte{bucketActors, bucketTies, bucketPlaces} {
			tx.Bucket(name).FillPercent = 0.9
		}
	}
	b.tx, b.n = tx, 0
	return nil
}

// commit commits the open transaction. bbolt has copied every key and
// value into its pages by then, so the encoder's buffer is free again.
func (b *batcher) commit() error {
	tx := b.tx
	b.tx = nil
	if err := tx.Commit(); err != nil {
		return err
	}
	b.enc.buf.Reset()
	return nil
}

// put stores v as JSON under id in bucket.
func (b *batcher) put(bucket []byte, id string, v any) error {
	if err := b.begin(); err != nil {
		return err
	}
	key, val, err := b.enc.encode(id, v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", id, err)
	}
	if err := b.tx.Bucket(bucket).Put(key, val); err != nil {
		return fmt.Errorf("put %s: %w", id, err)
	}
	if err := b.p.step(); err != nil {
		return err
	}
	if b.n++; b.per > 0 && b.n >= b.per {
		return b.commit()
	}
	return nil
}

// encoder writes keys and JSON values into one buffer that lives as long
// as a transaction: bbolt keeps a reference to each key and value until the
// transaction commits, so the buffer is reset only after a commit, and is
// reused by the next transaction instead of allocating per item. When the
// buffer grows, earlier keys and values keep the old array, which is never
// written again.
type encoder struct {
	buf  bytes.Buffer
	json *json.Encoder
}

// encode returns id and v encoded as json.Marshal encodes it.
func (e *encoder) encode(id string, v any) (key, val []byte, err error) {
	start := e.buf.Len()
	e.buf.WriteString(id)
	mid := e.buf.Len()
	if err := e.json.Encode(v); err != nil {
		return nil, nil, err
	}
	b := e.buf.Bytes()
	end := len(b) - 1 // Encode ends the value with a newline
	return b[start:mid:mid], b[mid:end:end], nil
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
	st, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	var out []*network.ImportRecord
	for i := len(st.imports) - 1; i >= 0 && (limit == 0 || len(out) < limit); i-- {
		r := new(network.ImportRecord)
		if err := json.Unmarshal(st.imports[i], r); err != nil {
			return nil, fmt.Errorf("embedded: imports: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}
