// Package embedded is the default network.Store: a durable single file
// written with bbolt, read into in-memory indexes when it is opened and
// served from memory after that.
//
// The file has five buckets: actors, ties and places hold one JSON value per
// item keyed by its ID; meta holds the data version; imports holds the
// record of each import, keyed by the data version it wrote. Every Apply is one bbolt
// transaction, synced to disk before Apply returns, so a nil return is
// durable. One process opens a file at a time: bbolt locks it.
package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
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
// reads run in parallel from memory, writes are serialized.
type Store struct {
	db *bolt.DB

	// wmu serializes Apply, so that a change is validated against the state
	// it is written onto while reads go on during the disk write.
	wmu sync.Mutex

	// mu guards everything below. Stored values are never changed in place:
	// an upsert replaces the pointer, so a value read under mu stays whole.
	mu        sync.RWMutex
	closed    bool
	version   uint64
	actors    map[string]*network.Actor
	actorList []*network.Actor    // by ID
	lowered   map[string][]string // actor ID -> name, acronym and aliases in lower case
	ties      map[string]*network.Tie
	tieList   []*network.Tie            // by ID
	byActor   map[string][]*network.Tie // actor ID -> ties at either end, by ID
	places    map[string]*network.Place
	placeList []*network.Place // by ID
	orders    orders           // the actors in each order, built on demand
}

// Open opens the store in the file at path, creating the file if it does not
// exist, and reads everything in it into memory.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("embedded: open %s: %w", path, err)
	}
	s := &Store{
		db:      db,
		actors:  map[string]*network.Actor{},
		lowered: map[string][]string{},
		ties:    map[string]*network.Tie{},
		byActor: map[string][]*network.Tie{},
		places:  map[string]*network.Place{},
	}
	if err := s.load(); err != nil {
		return nil, closeAfter(fmt.Errorf("embedded: load %s: %w", path, err), db)
	}
	return s, nil
}

// closeAfter closes db after err made Open fail, and keeps both errors.
func closeAfter(err error, db *bolt.DB) error {
	if cerr := db.Close(); cerr != nil {
		return fmt.Errorf("%w (and closing: %w)", err, cerr)
	}
	return err
}

// load creates the buckets if needed and reads the file into the indexes.
func (s *Store) load() error {
	if err := s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketActors, bucketTies, bucketPlaces, bucketMeta, bucketImports} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyVersion); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("meta/version has %d bytes, want 8", len(v))
			}
			s.version = binary.BigEndian.Uint64(v)
		}
		// bbolt iterates keys in byte order, which is the ID order of the lists.
		if err := tx.Bucket(bucketActors).ForEach(func(k, v []byte) error {
			a := new(network.Actor)
			if err := json.Unmarshal(v, a); err != nil {
				return fmt.Errorf("actors/%s: %w", k, err)
			}
			s.actors[a.ID] = a
			s.actorList = append(s.actorList, a)
			s.lowered[a.ID] = lowered(a)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTies).ForEach(func(k, v []byte) error {
			t := new(network.Tie)
			if err := json.Unmarshal(v, t); err != nil {
				return fmt.Errorf("ties/%s: %w", k, err)
			}
			s.ties[t.ID] = t
			s.tieList = append(s.tieList, t)
			s.byActor[t.From] = append(s.byActor[t.From], t)
			s.byActor[t.To] = append(s.byActor[t.To], t)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(bucketPlaces).ForEach(func(k, v []byte) error {
			p := new(network.Place)
			if err := json.Unmarshal(v, p); err != nil {
				return fmt.Errorf("places/%s: %w", k, err)
			}
			s.places[p.ID] = p
			s.placeList = append(s.placeList, p)
			return nil
		})
	})
}

// Close releases the file. Every later call returns EUNAVAILABLE; closing
// twice is not an error.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("embedded: close: %w", err)
	}
	return nil
}

// errClosed is returned by every call on a closed store.
func errClosed() error {
	return network.Errorf(network.EUNAVAILABLE, "the embedded store is closed")
}

// rlock takes the read lock after checking ctx, and fails if the store is
// closed. The caller unlocks when it gets nil.
func (s *Store) rlock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return errClosed()
	}
	return nil
}

// Ping returns nil while the store is open and EUNAVAILABLE after Close.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rlock(ctx); err != nil {
		return err
	}
	s.mu.RUnlock()
	return nil
}

// Version returns the data version, which every successful Apply increases
// by one and which the file keeps.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	if err := s.rlock(ctx); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	return s.version, nil
}

// Stats counts the actors, ties and places stored.
func (s *Store) Stats(ctx context.Context) (network.Stats, error) {
	if err := s.rlock(ctx); err != nil {
		return network.Stats{}, err
	}
	defer s.mu.RUnlock()
	return network.Stats{Actors: len(s.actors), Ties: len(s.ties), Places: len(s.places)}, nil
}

// lowered returns the fields a text filter reads, in lower case, as
// network.TextMatches lowers them.
func lowered(a *network.Actor) []string {
	fields := make([]string, 0, 2+len(a.Aliases))
	fields = append(fields, strings.ToLower(a.Name), strings.ToLower(a.Acronym))
	for _, alias := range a.Aliases {
		fields = append(fields, strings.ToLower(alias))
	}
	return slices.Clip(fields)
}
