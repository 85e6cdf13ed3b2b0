// Package embedded is the default network.Store: a durable single file
// written with bbolt, read into in-memory indexes when it is opened and
// served from memory after that, but for the sources of actors and ties:
// they stay in the file and a read that asks for them reads them there
// (see sources.go).
//
// The file has five buckets: actors, ties and places hold one JSON value per
// item keyed by its ID; meta holds the data version; imports holds the
// record of each import, keyed by the data version it wrote. A small Apply
// is one bbolt transaction; a large one is written in batches into a new
// file that replaces the store's file whole (see stage.go). Either way the
// file is synced before Apply returns, so a nil return is durable, and an
// error leaves the store as it was. One process opens a file at a time:
// bbolt locks it.
//
// Reads never lock: they read an immutable in-memory state that a write
// replaces whole when it is stored (see state.go). A read with sources
// reads them in one read transaction of the file at that state's version;
// in the moment between a write's commit and its publication it waits for
// the new state.
package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/peacegraph/peacegraph/network"
)

// Bucket and key names in the file.
var (
	bucketActors = []byte("actors")
	bucketTies   = []byte("ties")
	bucketPlaces = []byte("places")
	bucketMeta   = []byte("meta")
	keyVersion   = []byte("version")
	// bucketImports holds one ImportRecord per import, keyed by its data
	// version (8 bytes, big-endian), so that keys run in import order.
	bucketImports = []byte("imports")
)

// lockTimeout is how long Open waits for another process to release the file.
const lockTimeout = 2 * time.Second

var _ network.Store = (*Store)(nil)

// Store is a network.Store over one bbolt file. It is safe for concurrent use:
// reads run in parallel from memory and never wait, writes are serialized.
type Store struct {
	path string

	// wmu serializes Apply and Close, and guards db, which a large Apply
	// replaces with the file it wrote.
	wmu sync.Mutex
	db  *bolt.DB

	closed  atomic.Bool
	closing chan struct{}         // closed by Close, for reads waiting on a write
	cur     atomic.Pointer[state] // what the file holds, as of the last write
	// releasing is set while a release of the file's mapped pages is due
	// (releaseSoon).
	releasing atomic.Bool
}

// Open opens the store in the file at path, creating the file if it does not
// exist, and reads everything in it into memory but the sources of actors
// and ties, which are read from the file when asked for. What a large Apply left
// behind when its process was killed (a staging file beside the store) is
// removed.
func Open(path string) (*Store, error) {
	db, err := openFile(path)
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, db: db, closing: make(chan struct{})}
	st, err := load(db)
	if err != nil {
		return nil, closeAfter(fmt.Errorf("embedded: load %s: %w", path, err), db)
	}
	s.cur.Store(st)
	removeStale(path)
	if len(st.tieList)+len(st.actorList) > batchItems {
		// Decoding a large file leaves about as much garbage as the state
		// it built (the JSON values and the strings interned away): give
		// it back now rather than hold it until the heap grows into it.
		debug.FreeOSMemory()
		releaseMapped(db)
	}
	return s, nil
}

// openFile opens the bbolt file at path. A large Apply in another process
// renames a new file over path while it holds the old file's lock; a process
// that waited for that lock would then hold the replaced file, so the file
// is opened again until the lock is held on the file that path names.
func openFile(path string) (*bolt.DB, error) {
	for range 5 {
		before, statErr := os.Stat(path)
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
		if err != nil {
			return nil, fmt.Errorf("embedded: open %s: %w", path, err)
		}
		after, err := os.Stat(path)
		if err != nil {
			return nil, closeAfter(fmt.Errorf("embedded: open %s: %w", path, err), db)
		}
		if statErr != nil || os.SameFile(before, after) {
			return db, nil
		}
		if err := db.Close(); err != nil {
			return nil, fmt.Errorf("embedded: open %s: %w", path, err)
		}
	}
	return nil, network.Errorf(network.EUNAVAILABLE, "embedded: open %s: the file was replaced while it was opened, five times", path)
}

// closeAfter closes db after err made Open fail, and keeps both errors.
func closeAfter(err error, db *bolt.DB) error {
	if cerr := db.Close(); cerr != nil {
		return fmt.Errorf("%w (and closing: %w)", err, cerr)
	}
	return err
}

// load creates the buckets if needed and reads the file into a state.
func load(db *bolt.DB) (*state, error) {
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketActors, bucketTies, bucketPlaces, bucketMeta, bucketImports} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	s := emptyState()
	s.db = db
	in := interner{}
	// end gives a tie end the actor's own ID string, so that a million
	// ties hold no copies of it.
	end := func(id string) string {
		if a, ok := s.actors[id]; ok {
			return a.ID
		}
		return in.str(id)
	}
	// Every 65,536 items the file's pages read so far are released, so
	// that a large file is not resident whole on top of what it decodes
	// into (see releaseMapped).
	decoded := 0
	released := func() {
		if decoded++; decoded%(1<<16) == 0 {
			releaseMapped(db)
		}
	}
	err := db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyVersion); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("meta/version has %d bytes, want 8", len(v))
			}
			s.version = binary.BigEndian.Uint64(v)
		}
		// bbolt iterates keys in byte order, which is the ID order of the lists.
		if err := tx.Bucket(bucketActors).ForEach(func(k, v []byte) error {
			released()
			a := new(network.Actor)
			if err := json.Unmarshal(v, &actorRecord{Actor: a}); err != nil {
				return fmt.Errorf("actors/%s: %w", k, err)
			}
			in.actor(a)
			s.actors[a.ID] = a
			s.actorList = append(s.actorList, a)
			return nil
		}); err != nil {
			return err
		}
		s.packActors()
		if err := tx.Bucket(bucketTies).ForEach(func(k, v []byte) error {
			released()
			t := new(network.Tie)
			if err := json.Unmarshal(v, &tieRecord{Tie: t}); err != nil {
				return fmt.Errorf("ties/%s: %w", k, err)
			}
			in.tie(t, end)
			s.tieList = append(s.tieList, t)
			return nil
		}); err != nil {
			return err
		}
		s.tieList = slices.Clip(s.tieList)
		s.packTies()
		s.byActor = tiesByActor(s.tieList)
		if err := tx.Bucket(bucketPlaces).ForEach(func(k, v []byte) error {
			p := new(network.Place)
			if err := json.Unmarshal(v, p); err != nil {
				return fmt.Errorf("places/%s: %w", k, err)
			}
			s.places[p.ID] = p
			s.placeList = append(s.placeList, p)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(bucketImports).ForEach(func(k, v []byte) error {
			if !json.Valid(v) {
				return fmt.Errorf("imports/%x is not JSON", k)
			}
			s.imports = append(s.imports, append([]byte(nil), v...))
			return nil
		})
	})
	return s, err
}

// tiesByActor returns the ties at either end of each actor, in the order
// of ties (ID order). The lists share one array, each cut to its length, so
// a write that changes one copies it (state.next) instead of growing it
// into its neighbour's.
func tiesByActor(ties []*network.Tie) map[string][]*network.Tie {
	index := map[string]int{} // actor ID -> its place in ids and count
	var ids []string
	var count []int
	for _, t := range ties {
		for _, id := range [2]string{t.From, t.To} {
			k, ok := index[id]
			if !ok {
				k = len(ids)
				index[id] = k
				ids, count = append(ids, id), append(count, 0)
			}
			count[k]++
		}
	}
	start := make([]int, len(ids)+1)
	for k, c := range count {
		start[k+1] = start[k] + c
	}
	all := make([]*network.Tie, start[len(ids)])
	fill := slices.Clone(start[:len(ids)])
	for _, t := range ties {
		for _, id := range [2]string{t.From, t.To} {
			k := index[id]
			all[fill[k]] = t
			fill[k]++
		}
	}
	by := make(map[string][]*network.Tie, len(ids))
	for k, id := range ids {
		by[id] = all[start[k]:start[k+1]:start[k+1]]
	}
	return by
}

// removeStale removes the staging files of large writes that a killed
// process left beside the store at path. The caller holds the store's lock,
// so no other process is writing one.
func removeStale(path string) {
	for _, f := range stagingFiles(path) {
		// One that cannot be removed is left for the next Open; it is never read.
		_ = os.Remove(f)
	}
}

// Close releases the file. Every later call returns EUNAVAILABLE; closing
// twice is not an error.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed.Swap(true) {
		return nil
	}
	close(s.closing)
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("embedded: close: %w", err)
	}
	return nil
}

// errClosed is returned by every call on a closed store.
func errClosed() error {
	return network.Errorf(network.EUNAVAILABLE, "the embedded store is closed")
}

// read returns the current state after checking ctx, and fails if the store
// is closed. It never waits.
func (s *Store) read(ctx context.Context) (*state, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.closed.Load() {
		return nil, errClosed()
	}
	return s.cur.Load(), nil
}

// Ping returns nil while the store is open and EUNAVAILABLE after Close.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx)
	return err
}

// Version returns the data version, which every successful Apply increases
// by one and which the file keeps.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	st, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	return st.version, nil
}

// Stats counts the actors, ties and places stored.
func (s *Store) Stats(ctx context.Context) (network.Stats, error) {
	st, err := s.read(ctx)
	if err != nil {
		return network.Stats{}, err
	}
	return network.Stats{Actors: len(st.actors), Ties: len(st.tieList), Places: len(st.places)}, nil
}
