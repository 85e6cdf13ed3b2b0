package embedded

import (
	"os"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped tells the kernel that the process no longer needs the
// pages of db's memory map that reading the file brought in: the store
// serves from its in-memory state, and a million ties' file (480 MB) stayed
// in the process's resident set after Open read it. The pages stay in the
// page cache, and bbolt, which only reads the map, faults back in what a
// later write reads. Best effort: an error leaves the pages mapped.
func releaseMapped(db *bolt.DB) {
	fi, err := os.Stat(db.Path())
	if err != nil {
		return
	}
	n := fi.Size() &^ int64(os.Getpagesize()-1)
	if n <= 0 {
		return
	}
	// The map is outside the Go heap; the address goes to the kernel as a
	// number, never through an unsafe.Pointer.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(n), syscall.MADV_DONTNEED)
}
