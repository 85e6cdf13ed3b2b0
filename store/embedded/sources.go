package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/peacegraph/peacegraph/network"
)

// The in-memory state holds actors and ties without their sources: they
// stay in the file, in each item's JSON record, and a read that returns
// items with sources reads them there, every item of one call in one bbolt
// read transaction. A read that asks for no sources never touches the file.
//
// The sources must come from the version of the state they complete. A
// write commits the file first and publishes its state after, so for a
// moment the file is a version ahead of the state readers see; and a large
// write replaces the file, closing the old one. A bbolt read transaction
// sees one committed version whole, and each version's meta/version key is
// written in the same transaction as its items (or, for a staged write,
// in the file that replaces the old one whole). So a read opens a
// transaction on the state's file and compares the version there with the
// state's: when they differ (or the file was closed) it waits until the
// next state is published and reads again from the start. It never
// combines the items of one version with the sources of another.

// sourceFill lists the copies a read hands out that are to get their
// sources from the file.
type sourceFill struct {
	actors []*network.Actor
	ties   []*network.Tie
}

// actor asks for a's sources; a is a copy the read hands out.
func (f *sourceFill) actor(a *network.Actor) { f.actors = append(f.actors, a) }

// tie asks for t's sources; t is a copy the read hands out.
func (f *sourceFill) tie(t *network.Tie) { f.ties = append(f.ties, t) }

// errStale says that the file a state names no longer holds its version.
var errStale = errors.New("embedded: the file has moved past the state")

// readSourced runs read on the current state and then gives the copies it
// asked for (through f) their sources from the file at the state's version.
// When the file has moved on, read runs again on the next state, so it must
// build its answer afresh each time.
func (s *Store) readSourced(ctx context.Context, read func(st *state, f *sourceFill) error) error {
	for {
		st, err := s.read(ctx)
		if err != nil {
			return err
		}
		var f sourceFill
		if err := read(st, &f); err != nil {
			return err
		}
		if len(f.actors) == 0 && len(f.ties) == 0 {
			return nil
		}
		err = f.fill(st)
		if err == nil {
			s.releaseSoon()
		}
		if !errors.Is(err, errStale) {
			return err
		}
		// A write has stored the next version and is about to publish it.
		select {
		case <-st.replaced:
		case <-s.closing:
			return errClosed()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// releaseAfter is how long after a read of sources the file's pages it
// brought in are released (see releaseSoon).
const releaseAfter = time.Second

// fill reads the sources of f's copies in one read transaction of st's
// file; errStale when the file no longer holds st's version. A read of more
// than batchItems records (an export with sources) releases the file's
// pages it brought in before it ends, within the transaction, which keeps
// bbolt from replacing the map meanwhile; the others leave that to
// releaseSoon.
func (f *sourceFill) fill(st *state) error {
	tx, err := st.db.Begin(false)
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return errStale // replaced by a large write, or the store is closed
	}
	if err != nil {
		return fmt.Errorf("embedded: read sources: %w", err)
	}
	err = f.fillFrom(tx, st.version)
	if err == nil && len(f.actors)+len(f.ties) > batchItems {
		releaseMapped(st.db)
	}
	if rerr := tx.Rollback(); err == nil && rerr != nil {
		err = fmt.Errorf("embedded: read sources: %w", rerr)
	}
	return err
}

// releaseSoon releases the file's mapped pages releaseAfter from now, unless
// a release is already due. Each record read faults in the pages of the
// memory map around it (the kernel maps up to 64 KiB around a fault), which
// then count in the process's resident set: reading the sources of the ties
// of 28,000 actors of a 1M-tie store brought 410 MB of the file in. A
// release after every few thousand records kept that down but made reading
// sources half as slow again (the next records fault their pages in anew);
// one a second costs a few milliseconds. The release runs in a read
// transaction of the file the store then serves, so that bbolt neither
// replaces nor closes the map meanwhile (a closed store's fails, and so
// does nothing).
func (s *Store) releaseSoon() {
	if !s.releasing.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(releaseAfter, func() {
		s.releasing.Store(false)
		db := s.cur.Load().db
		_ = db.View(func(*bolt.Tx) error { releaseMapped(db); return nil }) // best effort
	})
}

// fillFrom reads the sources of f's copies in tx, which must hold version.
func (f *sourceFill) fillFrom(tx *bolt.Tx, version uint64) error {
	if fileVersion(tx) != version {
		return errStale
	}
	actors := newRecords(tx, bucketActors)
	for _, a := range f.actors {
		src, err := actors.sources(a.ID)
		if err != nil {
			return err
		}
		a.Sources = src
	}
	ties := newRecords(tx, bucketTies)
	for _, t := range f.ties {
		src, err := ties.sources(t.ID)
		if err != nil {
			return err
		}
		t.Sources = src
	}
	return nil
}

// fileVersion returns the data version tx holds.
func fileVersion(tx *bolt.Tx) uint64 {
	v := tx.Bucket(bucketMeta).Get(keyVersion)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// records reads the JSON records of one bucket by ID. Reads in ID order,
// the order of the bucket's keys and of most lists the store hands out, step
// a cursor forward instead of searching the tree for each.
type records struct {
	name string
	c    *bolt.Cursor
	k, v []byte
}

// newRecords returns the reader of bucket in tx.
func newRecords(tx *bolt.Tx, bucket []byte) *records {
	return &records{name: string(bucket), c: tx.Bucket(bucket).Cursor()}
}

// sources returns the sources in the record of id, nil when it has none.
// The record must be there: the state holds the item at this version.
func (r *records) sources(id string) ([]network.Source, error) {
	if r.k == nil || string(r.k) != id {
		r.k, r.v = r.c.Seek([]byte(id))
	}
	if r.k == nil || string(r.k) != id {
		return nil, fmt.Errorf("embedded: %s/%s is in memory but not in the file", r.name, id)
	}
	src, err := recordSources(r.v)
	if err != nil {
		return nil, fmt.Errorf("embedded: %s/%s: %w", r.name, id, err)
	}
	r.k, r.v = r.c.Next()
	return src, nil
}

// sourcesKey is how the sources field starts in a record.
var sourcesKey = []byte(`,"sources":`)

// recordSources decodes the sources of an actor's or tie's record, nil when
// it has none. The store writes a record as json.Marshal writes the item,
// fields in the order of the struct, Sources last; no field before it
// holds a "sources" key, and no string can hold the key's bytes (a quote
// in a string is escaped). So the last occurrence of the key starts the
// sources, and only they are decoded, not the whole record (half the time
// of reading sources). A record of another shape is decoded whole.
func recordSources(rec []byte) ([]network.Source, error) {
	var src []network.Source
	if i := bytes.LastIndex(rec, sourcesKey); i >= 0 && len(rec) > 0 && rec[len(rec)-1] == '}' &&
		json.Unmarshal(rec[i+len(sourcesKey):len(rec)-1], &src) == nil {
		return nilIfEmpty(src), nil
	}
	var whole struct {
		Sources []network.Source `json:"sources"`
	}
	if err := json.Unmarshal(rec, &whole); err != nil {
		return nil, err
	}
	return nilIfEmpty(whole.Sources), nil
}

// noSources decodes a record's sources into nothing: the item in memory
// holds none (see sourceFill).
type noSources struct{}

// UnmarshalJSON skips the sources.
func (*noSources) UnmarshalJSON([]byte) error { return nil }

// actorRecord decodes an actor's record without its sources: the outer
// Sources field hides the actor's own.
type actorRecord struct {
	*network.Actor
	Sources noSources `json:"sources"`
}

// tieRecord decodes a tie's record without its sources.
type tieRecord struct {
	*network.Tie
	Sources noSources `json:"sources"`
}
