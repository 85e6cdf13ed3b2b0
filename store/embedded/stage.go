package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/peacegraph/peacegraph/network"
)

// A large change is not written into the store's file in one transaction:
// bbolt would hold every page it touches in memory until the commit, and
// copy them all each time the file outgrew its memory map. Nor can it be
// written into the store's file in several transactions, since a failure
// half-way would leave half of it. writeStaged writes it into a new file
// beside the store instead, in transactions of batchItems items:
//
//  1. the staging file starts as a copy of the store's file, taken in one
//     read transaction (a consistent copy of every page; no other write
//     runs, since the caller holds wmu);
//  2. the change goes in batch by batch, unsynced, the version and the
//     import record in the last batch;
//  3. the staging file is synced, renamed over the store's file (rename is
//     atomic: the path names the old file or the new one, never a mix), and
//     the directory is synced so that the rename survives a crash.
//
// Until step 3 the store's file is untouched: an error, a signal (ctx) or a
// crash leaves it as it was, and the staging file is removed (by this
// function, or by the next Open after a crash). After the rename the change
// is stored. The staging file stays open across the rename, so its lock is
// held throughout and it becomes the store's open file; Open checks that the
// file it locked is still the one the path names, so a process that waited
// for the old file's lock opens the new one.
//
// stored reports whether the rename was done: then the change is in the
// store's file even if err is not nil (its directory could not be synced).
func (s *Store) writeStaged(ctx context.Context, w *writeSet) (stored bool, err error) {
	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, base+stagingInfix+"*")
	if err != nil {
		return false, fmt.Errorf("staging file: %w", err)
	}
	name := f.Name()
	var db *bolt.DB
	defer func() {
		if stored {
			return
		}
		if db != nil {
			err = errors.Join(err, db.Close())
		}
		if rerr := os.Remove(name); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
	}()
	err = s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("copy the store into %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	// Nothing in the staging file counts until it is synced whole and
	// renamed, so its batches are not synced one by one.
	// The memory map is made big enough for the copy and the change at the
	// start (it is address space, not memory): each time a file outgrows
	// its map, bbolt maps it again and copies the open transaction's pages
	// to the heap.
	copied, err := fileSize(name)
	if err != nil {
		return false, err
	}
	items := len(w.actors) + len(w.ties) + len(w.places)
	db, err = bolt.Open(name, 0o600, &bolt.Options{Timeout: lockTimeout, NoSync: true, NoGrowSync: true,
		InitialMmapSize: int(copied) + items*mmapPerItem})
	if err != nil {
		return false, err
	}
	if err := w.writeTo(ctx, db, batchItems); err != nil {
		return false, err
	}
	if err := db.Sync(); err != nil {
		return false, err
	}
	db.NoSync, db.NoGrowSync = false, false
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := os.Rename(name, s.path); err != nil {
		return false, err
	}
	stored = true
	// Stored: from here on the change is in the file the path names, so
	// nothing below may report it as not written.
	old := s.db
	s.db = db
	_ = old.Close() // the replaced file: nothing reads it any more
	releaseMapped(db)
	if err := syncDir(dir); err != nil {
		return true, network.Errorf(network.EINTERNAL, "the change was written to %s, but its directory could not be synced: %v", s.path, err)
	}
	return true, nil
}

// mmapPerItem is the room a staged write's memory map keeps for each item
// it writes: more than an item takes in the file (a few hundred bytes of
// JSON and bbolt's page overhead).
const mmapPerItem = 2048

// fileSize is the size of the file at path.
func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// stagingInfix names the staging files of a store: the store's file name,
// the infix and a random suffix.
const stagingInfix = ".import-"

// stagingFiles lists the staging files beside the store at path.
func stagingFiles(path string) []string {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), base+stagingInfix) && !e.IsDir() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// syncDir syncs the directory dir, so that a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir) // #nosec G304 -- the store's own directory
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
