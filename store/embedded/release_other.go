//go:build !linux

package embedded

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing where madvise is not used (see
// release_linux.go).
func releaseMapped(*bolt.DB) {}
