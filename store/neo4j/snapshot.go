package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/peacegraph/peacegraph/cypher"
	"github.com/peacegraph/peacegraph/network"
)

// snapshotAttempts is how many times Snapshot reads the network before it
// gives up because writes keep landing while it reads.
const snapshotAttempts = 5

// snapshotFetchSize is how many records Snapshot asks for per round trip:
// large, since it reads everything anyway.
const snapshotFetchSize = 20_000

// Snapshot returns the whole network at one data version: actors and places
// ordered by ID, ties ordered by ID. Actors and ties carry no sources unless
// withSources; places keep theirs.
//
// It reads in one read transaction: the version, one streaming query for
// actors, one for ties, the places, and the version again. Neo4j reads at
// read-committed isolation, so a write could land between two of those
// queries; every write bumps the version in its own transaction, so equal
// versions at both ends prove that none did, and otherwise Snapshot reads
// again.
func (s *Store) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	for range snapshotAttempts {
		var (
			snap   *network.Snapshot
			stable bool
		)
		err := s.readFetching(ctx, snapshotFetchSize, func(tx neo4j.ManagedTransaction) error {
			var err error
			snap, stable, err = readSnapshot(ctx, tx, withSources)
			return err
		})
		if err != nil {
			return nil, classify(err, "snapshot")
		}
		if stable {
			return snap, nil
		}
	}
	return nil, network.Errorf(network.EUNAVAILABLE, "the network changed during %d snapshot attempts; try again", snapshotAttempts)
}

// readSnapshot reads the network in tx and reports whether the version was
// the same before and after.
func readSnapshot(ctx context.Context, tx neo4j.ManagedTransaction, withSources bool) (*network.Snapshot, bool, error) {
	before, err := readVersion(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	snap := &network.Snapshot{Version: before}
	if snap.Actors, err = streamAll(ctx, tx, cypher.SnapshotActors, withSources, decodeActor); err != nil {
		return nil, false, err
	}
	if snap.Ties, err = streamAll(ctx, tx, cypher.SnapshotTies, withSources, decodeTie); err != nil {
		return nil, false, err
	}
	if snap.Places, err = readPlaces(ctx, tx); err != nil {
		return nil, false, err
	}
	after, err := readVersion(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	if snap.Actors == nil {
		snap.Actors = []*network.Actor{}
	}
	if snap.Ties == nil {
		snap.Ties = []*network.Tie{}
	}
	slices.SortFunc(snap.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(snap.Ties, network.CompareTies)
	return snap, before == after, nil
}

// streamAll runs a snapshot statement in tx, which takes withSources as its
// one parameter, and decodes each record as it arrives.
func streamAll[T any](ctx context.Context, tx neo4j.ManagedTransaction, stmt string, withSources bool, decode func(getter, bool) (T, error)) ([]T, error) {
	var items []T
	err := stream(ctx, tx, stmt, map[string]any{"withSources": withSources}, func(get getter) error {
		item, err := decode(get, withSources)
		if err == nil {
			items = append(items, item)
		}
		return err
	})
	return items, err
}

// stream runs stmt in tx and calls row for each record as it arrives,
// reading columns by name.
func stream(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, params map[string]any, row func(getter) error) error {
	result, err := tx.Run(ctx, stmt, params)
	if err != nil {
		return err
	}
	keys, err := result.Keys()
	if err != nil {
		return err
	}
	index := make(map[string]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	var values []any
	get := func(k string) any {
		if i, ok := index[k]; ok {
			return values[i]
		}
		return nil
	}
	for result.Next(ctx) {
		values = result.Record().Values
		if err := row(get); err != nil {
			return err
		}
	}
	return result.Err()
}

// errRows is the error for a statement that returned an unexpected number of
// rows.
func errRows(stmt string, n int) error {
	return fmt.Errorf("statement returned %d rows, want 1: %s", n, cypher.Statement(stmt))
}
