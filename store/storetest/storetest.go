// Package storetest is the conformance suite of network.Store: one set of
// tests that every store passes, so that the embedded store and the Neo4j
// store answer every question the same way.
//
// Expectations are computed from Fixture with the network package's own
// reference semantics (ActorFilter.Matches, ActorOrder.Compare,
// TieFilter.Matches, CompareTies, MatchScore, RankHits), so the suite checks
// the store against the domain's definitions rather than against a second
// copy of a store.
package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// Run runs the conformance suite. Each call of open must return a new, empty
// store and register its cleanup with t.
func Run(t *testing.T, open func(t *testing.T) network.Store) {
	t.Run("Fixture", func(t *testing.T) {
		if err := Fixture().Validate(); err != nil {
			t.Fatalf("Fixture fails validation: %v", err)
		}
	})
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	t.Run("Apply", func(t *testing.T) { testApply(t, open) })
	t.Run("Imports", func(t *testing.T) { testImports(t, open) })

	// The read tests share one loaded store: none of them writes.
	s := MustLoad(t, open(t))
	t.Run("Actor", func(t *testing.T) { testActor(t, s) })
	t.Run("ActorsByID", func(t *testing.T) { testActorsByID(t, s) })
	t.Run("Actors", func(t *testing.T) { testActors(t, s) })
	t.Run("Ties", func(t *testing.T) { testTies(t, s) })
	t.Run("TiesOf", func(t *testing.T) { testTiesOf(t, s) })
	t.Run("Neighborhood", func(t *testing.T) { testNeighborhood(t, s) })
	t.Run("Neighbors", func(t *testing.T) { testNeighbors(t, s) })
	t.Run("ActorsNeighbors", func(t *testing.T) { testActorsNeighbors(t, s) })
	t.Run("Omit", func(t *testing.T) { testOmit(t, s) })
	t.Run("Search", func(t *testing.T) { testSearch(t, s) })
	t.Run("Places", func(t *testing.T) { testPlaces(t, s) })
	t.Run("Snapshot", func(t *testing.T) { testSnapshot(t, s) })
	t.Run("Stats", func(t *testing.T) { testStats(t, s) })
	t.Run("Ping", func(t *testing.T) {
		if err := s.Ping(context.Background()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
	t.Run("Copies", func(t *testing.T) { testCopies(t, s) })
}

// MustLoad applies Fixture to s and returns s.
func MustLoad(tb testing.TB, s network.Store) network.Store {
	tb.Helper()
	MustApply(tb, s, Fixture())
	return s
}

// MustApply applies c to s and fails tb on an error.
func MustApply(tb testing.TB, s network.Store, c *network.Change) {
	tb.Helper()
	if err := s.Apply(context.Background(), c); err != nil {
		tb.Fatalf("Apply: %v", err)
	}
}

// mustVersion returns the version of s.
func mustVersion(tb testing.TB, s network.Store) uint64 {
	tb.Helper()
	v, err := s.Version(context.Background())
	if err != nil {
		tb.Fatalf("Version: %v", err)
	}
	return v
}

// mustStats returns the counts of s.
func mustStats(tb testing.TB, s network.Store) network.Stats {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatalf("Stats: %v", err)
	}
	return st
}

// fixtureStats counts Fixture.
func fixtureStats() network.Stats {
	c := Fixture()
	return network.Stats{Actors: len(c.Actors), Ties: len(c.Ties), Places: len(c.Places)}
}

// fixtureActor returns the fixture's actor with id.
func fixtureActor(tb testing.TB, id string) *network.Actor {
	tb.Helper()
	for _, a := range Fixture().Actors {
		if a.ID == id {
			return a
		}
	}
	tb.Fatalf("fixture has no actor %q", id)
	return nil
}

// fixtureTie returns the fixture's tie with id.
func fixtureTie(tb testing.TB, id string) *network.Tie {
	tb.Helper()
	for _, t := range Fixture().Ties {
		if t.ID == id {
			return t
		}
	}
	tb.Fatalf("fixture has no tie %q", id)
	return nil
}

// wantCode fails tb unless err carries code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := network.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
}

// canon encodes v as JSON after dropping empty Sources slices, so that two
// values compare equal exactly when every field is equal, with an empty slice
// equal to a missing one.
func canon(tb testing.TB, v any) string {
	tb.Helper()
	switch x := v.(type) {
	case *network.Actor:
		if x != nil && len(x.Sources) == 0 {
			c := *x
			c.Sources = nil
			v = &c
		}
	case *network.Tie:
		if x != nil && len(x.Sources) == 0 {
			c := *x
			c.Sources = nil
			v = &c
		}
	case *network.Place:
		if x != nil && len(x.Sources) == 0 {
			c := *x
			c.Sources = nil
			v = &c
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("encode %T: %v", v, err)
	}
	return string(b)
}

// sameValue fails tb unless got and want are equal in every field.
func sameValue(tb testing.TB, what string, got, want any) {
	tb.Helper()
	if g, w := canon(tb, got), canon(tb, want); g != w {
		tb.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// actorIDs lists the IDs of actors, "<nil>" for a nil one.
func actorIDs(actors []*network.Actor) []string {
	ids := make([]string, len(actors))
	for i, a := range actors {
		ids[i] = "<nil>"
		if a != nil {
			ids[i] = a.ID
		}
	}
	return ids
}

// tieIDs lists the IDs of ties.
func tieIDs(ties []*network.Tie) []string {
	ids := make([]string, len(ties))
	for i, t := range ties {
		ids[i] = t.ID
	}
	return ids
}

// pages are the offset/limit pairs every list is read with.
var pages = []struct{ offset, limit int }{{0, 0}, {0, 1}, {0, 3}, {2, 3}, {5, 0}, {7, 100}, {15, 2}, {100, 5}}

// sameIDs fails tb unless got and want list the same IDs in the same order.
func sameIDs(tb testing.TB, what string, got, want []string) {
	tb.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		tb.Errorf("%s: got %q, want %q", what, got, want)
	}
}
