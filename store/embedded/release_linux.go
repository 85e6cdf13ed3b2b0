package embedded

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped tells the kernel that the process no longer needs the
// pages of db's memory map that reading the file brought in: the store
// serves from its in-memory state, and a million ties' file (480 MB) stayed
// in the process's resident set after Open read it. The pages stay in the
// page cache, and bbolt, which only reads the map, faults back in what a
// later read or write reads. Best effort: an error leaves the pages mapped.
//
// The caller must keep the map from being replaced or removed meanwhile:
// it holds a read transaction of db, or no one else can reach db yet (Open,
// a staged write before its state is published). The length released is
// the file's, cut to the map's own extent as /proc/self/maps gives it:
// bbolt grows a file ahead of its map, and madvise past the map's end
// would reach whatever the process mapped next to it.
func releaseMapped(db *bolt.DB) {
	fi, err := os.Stat(db.Path())
	if err != nil {
		return
	}
	start := db.Info().Data
	n := min(uintptr(fi.Size()), mappedLength(start)) &^ uintptr(os.Getpagesize()-1)
	if start == 0 || n == 0 {
		return
	}
	// The map is outside the Go heap; the address goes to the kernel as a
	// number, never through an unsafe.Pointer.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, n, syscall.MADV_DONTNEED)
}

// mappedLength returns the length of the mapping of the process that starts
// at start, 0 when there is none.
func mappedLength(start uintptr) uintptr {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	prefix := fmt.Sprintf("%x-", start)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		var lo, hi uintptr
		if _, err := fmt.Sscanf(line, "%x-%x", &lo, &hi); err != nil || hi <= lo {
			return 0
		}
		return hi - lo
	}
	return 0
}
