// Package neo4jtest gives a test the Neo4j database named by the environment
// (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to itself.
//
// Test binaries of different packages run at the same time and share one
// Neo4j server, whose Community edition has a single user database. A test
// that wipes the database therefore first takes a lock on it: a flock on a
// file in os.TempDir() named for the URI and database, held until the test
// ends. Within one test binary the lock belongs to a top-level test, so that
// its subtests (and the test itself) can open the database again without
// waiting for themselves.
//
// Without NEO4J_URI a test fails when CI is set and is skipped otherwise,
// with the command that starts a server.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/peacegraph/peacegraph/cypher"
	"github.com/peacegraph/peacegraph/store/neo4j"
)

// StartCommand is how a developer starts the server the tests use.
const StartCommand = "tools/neo4j/neo4j.sh start 7687 && export NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=peacegraph-dev NEO4J_DATABASE=neo4j"

// Config returns the server named by NEO4J_URI, NEO4J_USERNAME,
// NEO4J_PASSWORD and NEO4J_DATABASE. Without NEO4J_URI it fails tb when CI is
// set and skips it otherwise.
func Config(tb testing.TB) neo4j.Config {
	tb.Helper()
	cfg := neo4j.Config{
		URI:      os.Getenv("NEO4J_URI"),
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	if cfg.URI == "" {
		msg := "NEO4J_URI is not set; start a Neo4j server with: " + StartCommand
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return cfg
}

// Env returns cfg as the environment variables the service reads.
func Env(cfg neo4j.Config) map[string]string {
	return map[string]string{
		"NEO4J_URI":      cfg.URI,
		"NEO4J_USERNAME": cfg.Username,
		"NEO4J_PASSWORD": cfg.Password,
		"NEO4J_DATABASE": cfg.Database,
	}
}

// Claim takes the database named by the environment for tb's top-level test
// (see Lock), empties it and returns its configuration.
func Claim(tb testing.TB) neo4j.Config {
	tb.Helper()
	cfg := Config(tb)
	Lock(tb, cfg)
	Wipe(tb, cfg)
	return cfg
}

// Open claims the database (see Claim) and returns a Store over it, closed
// when tb ends.
func Open(tb testing.TB) *neo4j.Store {
	tb.Helper()
	cfg := Claim(tb)
	s, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("neo4j.Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// Wipe deletes every node and relationship of the database named by cfg. The
// caller holds the lock (see Lock).
func Wipe(tb testing.TB, cfg neo4j.Config) {
	tb.Helper()
	ctx := context.Background()
	d, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		tb.Fatalf("driver: %v", err)
	}
	defer func() {
		if err := d.Close(ctx); err != nil {
			tb.Errorf("close driver: %v", err)
		}
	}()
	session := d.NewSession(ctx, driver.SessionConfig{DatabaseName: cfg.Database})
	defer func() {
		if err := session.Close(ctx); err != nil {
			tb.Errorf("close session: %v", err)
		}
	}()
	result, err := session.Run(ctx, cypher.Wipe, nil)
	if err == nil {
		_, err = result.Consume(ctx)
	}
	if err != nil {
		tb.Fatalf("wipe %s: %v", cfg.URI, err)
	}
}

// held is this process's share of the lock: which top-level test holds it,
// how many times, and the locked file.
var held struct {
	mu    sync.Mutex
	free  *sync.Cond
	owner string
	depth int
	file  *os.File
}

func init() { held.free = sync.NewCond(&held.mu) }

// Lock takes the database named by cfg for tb's top-level test until tb
// ends, waiting while another test binary or another top-level test of this
// one holds it. A test that already holds it takes it again at once.
func Lock(tb testing.TB, cfg neo4j.Config) {
	tb.Helper()
	owner, _, _ := strings.Cut(tb.Name(), "/")
	held.mu.Lock()
	defer held.mu.Unlock()
	for held.owner != "" && held.owner != owner {
		held.free.Wait()
	}
	if held.owner == "" {
		f, err := os.OpenFile(LockPath(cfg), os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			tb.Fatalf("lock the Neo4j database: %v", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			_ = f.Close() // the Flock error is the one to report
			tb.Fatalf("lock the Neo4j database: %v", err)
		}
		held.owner, held.file = owner, f
	}
	held.depth++
	tb.Cleanup(func() {
		held.mu.Lock()
		defer held.mu.Unlock()
		if held.depth--; held.depth > 0 {
			return
		}
		// Closing the file releases the flock.
		if err := held.file.Close(); err != nil {
			tb.Errorf("unlock the Neo4j database: %v", err)
		}
		held.owner, held.file = "", nil
		held.free.Broadcast()
	})
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// LockPath is the file whose flock guards the database named by cfg.
func LockPath(cfg neo4j.Config) string {
	name := unsafeChars.ReplaceAllString(cfg.URI+"-"+cfg.Database, "_")
	return filepath.Join(os.TempDir(), "peacegraph-neo4j-"+name+".lock")
}
