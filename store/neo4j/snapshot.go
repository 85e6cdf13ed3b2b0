package neo4j

import (
	"context"
	"encoding/json"
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
	if snap.Actors, err = streamAll(ctx, tx, cypher.SnapshotActors, withSources, decodeActors); err != nil {
		return nil, false, err
	}
	if snap.Ties, err = streamAll(ctx, tx, cypher.SnapshotTies, withSources, decodeTies); err != nil {
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

// snapshotChunk is about how many actors or ties one snapshot record
// carries: the server's cost is per record, so fewer, larger records are
// faster, while chunks keep any one record a bounded size.
const snapshotChunk = 10_000

// columns is one snapshot record: a list per column, all of one length.
type columns struct {
	lists []any
	index map[string]int
	n     int // entries per column
}

// col returns the column named k, nil when it is absent or null.
func (c columns) col(k string) []any {
	if i, ok := c.index[k]; ok {
		l, _ := c.lists[i].([]any)
		return l
	}
	return nil
}

// at returns l[i], nil when l is shorter (an absent column).
func at(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// streamAll runs a chunked snapshot statement in tx, which takes withSources
// and the chunk size as parameters, and appends the items of each record, a
// chunk of columns, as it arrives.
func streamAll[T any](ctx context.Context, tx neo4j.ManagedTransaction, stmt string, withSources bool, decode func([]T, columns, bool) ([]T, error)) ([]T, error) {
	params := map[string]any{"withSources": withSources, "chunk": snapshotChunk}
	result, err := tx.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
	keys, err := result.Keys()
	if err != nil {
		return nil, err
	}
	c := columns{index: make(map[string]int, len(keys))}
	for i, k := range keys {
		c.index[k] = i
	}
	var items []T
	for result.Next(ctx) {
		c.lists = result.Record().Values
		c.n = len(c.col("id"))
		for _, l := range c.lists {
			if l, ok := l.([]any); ok && len(l) != c.n {
				return nil, fmt.Errorf("snapshot record has columns of %d and %d entries: %s", c.n, len(l), cypher.Statement(stmt))
			}
		}
		items = slices.Grow(items, c.n)
		if items, err = decode(items, c, withSources); err != nil {
			return nil, err
		}
	}
	return items, result.Err()
}

// decodeActors appends the actors of one chunk to dst; their sources only
// when withSources. It reads what decodeActor reads, by column and position.
func decodeActors(dst []*network.Actor, c columns, withSources bool) ([]*network.Actor, error) {
	id, name, acronym, aliases := c.col("id"), c.col("name"), c.col("acronym"), c.col("aliases")
	kind, scope, regions, countries := c.col("kind"), c.col("scope"), c.col("regions"), c.col("countries")
	themes, identifiers, attributes := c.col("themes"), c.col("identifiers"), c.col("attributes")
	imported, sources := c.col("imported"), c.col("sources")
	for i := range c.n {
		a := &network.Actor{
			ID:        str(at(id, i)),
			Name:      str(at(name, i)),
			Acronym:   str(at(acronym, i)),
			Aliases:   strList(at(aliases, i)),
			Kind:      network.ActorKind(str(at(kind, i))),
			Scope:     network.Scope(str(at(scope, i))),
			Regions:   strList(at(regions, i)),
			Countries: strList(at(countries, i)),
			Themes:    strList(at(themes, i)),
		}
		a.Imported, _ = at(imported, i).(bool)
		if err := fromJSON(at(identifiers, i), &a.Identifiers); err != nil {
			return nil, fmt.Errorf("actor %q identifiers: %w", a.ID, err)
		}
		if err := fromJSON(at(attributes, i), &a.Attributes); err != nil {
			return nil, fmt.Errorf("actor %q attributes: %w", a.ID, err)
		}
		if withSources {
			if err := fromJSON(at(sources, i), &a.Sources); err != nil {
				return nil, fmt.Errorf("actor %q sources: %w", a.ID, err)
			}
		}
		dst = append(dst, a)
	}
	return dst, nil
}

// decodeTies appends the ties of one chunk to dst; their sources only when
// withSources. It reads what decodeTie reads, by column and position.
func decodeTies(dst []*network.Tie, c columns, withSources bool) ([]*network.Tie, error) {
	id, from, to, kind := c.col("id"), c.col("from"), c.col("to"), c.col("kind")
	since, until, description, weight := c.col("since"), c.col("until"), c.col("description"), c.col("weight")
	funding, attributes, sources := c.col("funding"), c.col("attributes"), c.col("sources")
	for i := range c.n {
		t := &network.Tie{
			ID:          str(at(id, i)),
			Kind:        network.TieKind(str(at(kind, i))),
			From:        str(at(from, i)),
			To:          str(at(to, i)),
			Since:       network.Date(str(at(since, i))),
			Until:       network.Date(str(at(until, i))),
			Description: str(at(description, i)),
		}
		t.Weight, _ = at(weight, i).(float64)
		if s := str(at(funding, i)); s != "" {
			t.Funding = new(network.FundingFlow)
			if err := json.Unmarshal([]byte(s), t.Funding); err != nil {
				return nil, fmt.Errorf("tie %q funding: %w", t.ID, err)
			}
		}
		if err := fromJSON(at(attributes, i), &t.Attributes); err != nil {
			return nil, fmt.Errorf("tie %q attributes: %w", t.ID, err)
		}
		if withSources {
			if err := fromJSON(at(sources, i), &t.Sources); err != nil {
				return nil, fmt.Errorf("tie %q sources: %w", t.ID, err)
			}
		}
		dst = append(dst, t)
	}
	return dst, nil
}

// errRows is the error for a statement that returned an unexpected number of
// rows.
func errRows(stmt string, n int) error {
	return fmt.Errorf("statement returned %d rows, want 1: %s", n, cypher.Statement(stmt))
}
