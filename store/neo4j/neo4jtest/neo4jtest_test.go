package neo4jtest_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/store/neo4j"
	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
)

// lockCfg names a database only for its lock file; nothing connects to it.
var lockCfg = neo4j.Config{URI: "bolt://127.0.0.1:1", Database: "locktest-" + time.Now().Format("150405.000000")}

// tryLock reports whether another open file description can take the flock
// of cfg now, as another test binary would, and releases it again.
func tryLock(tb testing.TB, cfg neo4j.Config) bool {
	tb.Helper()
	f, err := os.OpenFile(neo4jtest.LockPath(cfg), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false
	} else if err != nil {
		tb.Fatal(err)
	}
	return true
}

func TestLock(t *testing.T) {
	t.Cleanup(func() { os.Remove(neo4jtest.LockPath(lockCfg)) })
	t.Run("OK", func(t *testing.T) {
		neo4jtest.Lock(t, lockCfg)
		if tryLock(t, lockCfg) {
			t.Fatal("another process could take the lock while a test holds it")
		}
		t.Run("Reentrant", func(t *testing.T) {
			done := make(chan struct{})
			go func() { defer close(done); neo4jtest.Lock(t, lockCfg) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("a subtest waits for the lock its test holds")
			}
		})
		if tryLock(t, lockCfg) {
			t.Fatal("the lock was released when a subtest that took it again ended")
		}
	})
	t.Run("Released", func(t *testing.T) {
		if !tryLock(t, lockCfg) {
			t.Fatal("the lock is still held after the test that took it ended")
		}
	})
}

func TestLockPath(t *testing.T) {
	a := neo4jtest.LockPath(neo4j.Config{URI: "bolt://127.0.0.1:7687", Database: "neo4j"})
	b := neo4jtest.LockPath(neo4j.Config{URI: "bolt://127.0.0.1:7688", Database: "neo4j"})
	if a == b {
		t.Errorf("two servers share the lock file %s", a)
	}
	if got, want := a, neo4jtest.LockPath(neo4j.Config{URI: "bolt://127.0.0.1:7687", Database: "neo4j"}); got != want {
		t.Errorf("lock path = %s, then %s", got, want)
	}
}
