package graph_test

import (
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// openFunc opens a new, empty store, closed when tb ends.
type openFunc func(tb testing.TB) network.Store

// stores are the stores the GraphQL tests run on: the embedded store in a
// temporary file, and the Neo4j database named by NEO4J_URI, wiped and held
// for the test (neo4jtest.Open). Without NEO4J_URI the Neo4j case fails
// under CI and is skipped elsewhere.
var stores = []struct {
	name string
	open openFunc
}{
	{"Embedded", func(tb testing.TB) network.Store { return MustOpenStore(tb) }},
	{"Neo4j", func(tb testing.TB) network.Store { return neo4jtest.Open(tb) }},
}

// forEachStore runs test once per store, as a subtest named for it.
func forEachStore(t *testing.T, test func(t *testing.T, open openFunc)) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) { test(t, s.open) })
	}
}

// MustFixture returns a store opened by open that holds
// storetest.Fixture().
func MustFixture(tb testing.TB, open openFunc) network.Store {
	tb.Helper()
	s := open(tb)
	MustApply(tb, s, storetest.Fixture())
	return s
}
