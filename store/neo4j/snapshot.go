package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

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

// snapshotParts is how many read transactions Snapshot runs at once: the
// ties are split between them by internal ID, so the server reads their
// properties on as many threads.
const snapshotParts = 2

// Snapshot returns the whole network at one data version: actors and places
// ordered by ID, ties ordered by ID. Actors and ties carry no sources unless
// withSources; places keep theirs.
//
// It reads in snapshotParts read transactions at once. Each reads the
// version, its share of the ties in chunks (the first also the actors and
// the places), and the version again. Neo4j reads at read-committed
// isolation, so a write could land between two queries; every write bumps
// the version, so when every transaction sees one version at both ends, no
// write landed while any of them read, and all read the network at that
// version. Otherwise Snapshot reads again.
func (s *Store) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	for range snapshotAttempts {
		snap, stable, err := s.readSnapshot(ctx, withSources)
		if err != nil {
			return nil, classify(err, "snapshot")
		}
		if stable {
			return snap, nil
		}
	}
	return nil, network.Errorf(network.EUNAVAILABLE, "the network changed during %d snapshot attempts; try again", snapshotAttempts)
}

// snapshotPart is what one of the read transactions of a snapshot read.
type snapshotPart struct {
	before, after uint64
	actors        []*network.Actor
	ties          []*network.Tie
	places        []*network.Place
}

// readSnapshot reads the network in snapshotParts concurrent read
// transactions and reports whether they all saw one version before and after.
func (s *Store) readSnapshot(ctx context.Context, withSources bool) (*network.Snapshot, bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parts := make([]snapshotPart, snapshotParts)
	errs := make([]error, snapshotParts)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			errs[i] = s.readFetching(ctx, snapshotFetchSize, func(tx neo4j.ManagedTransaction) error {
				var err error
				parts[i], err = readSnapshotPart(ctx, tx, i, withSources)
				return err
			})
			if errs[i] != nil {
				cancel() // the snapshot fails; stop the other parts
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, false, err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	snap := &network.Snapshot{
		Version: parts[0].before,
		Actors:  []*network.Actor{},
		Ties:    []*network.Tie{},
		Places:  parts[0].places,
	}
	stable := true
	for _, p := range parts {
		stable = stable && p.before == snap.Version && p.after == snap.Version
		snap.Actors = append(snap.Actors, p.actors...)
		snap.Ties = append(snap.Ties, p.ties...)
	}
	slices.SortFunc(snap.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(snap.Ties, network.CompareTies)
	return snap, stable, nil
}

// readSnapshotPart reads in tx the version, the ties of part, the actors and
// places when part is 0, and the version again.
func readSnapshotPart(ctx context.Context, tx neo4j.ManagedTransaction, part int, withSources bool) (snapshotPart, error) {
	var (
		p   snapshotPart
		err error
	)
	if p.before, err = readVersion(ctx, tx); err != nil {
		return p, err
	}
	if part == 0 {
		params := map[string]any{"withSources": withSources, "chunk": snapshotChunk}
		if p.actors, err = streamAll(ctx, tx, cypher.SnapshotActors, params, withSources, decodeActors); err != nil {
			return p, err
		}
	}
	params := map[string]any{"withSources": withSources, "chunk": snapshotChunk, "parts": snapshotParts, "part": part}
	if p.ties, err = streamAll(ctx, tx, cypher.SnapshotTies, params, withSources, decodeTies); err != nil {
		return p, err
	}
	if part == 0 {
		if p.places, err = readPlaces(ctx, tx); err != nil {
			return p, err
		}
	}
	if p.after, err = readVersion(ctx, tx); err != nil {
		return p, err
	}
	return p, nil
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

// streamAll runs a chunked snapshot statement in tx with params, and appends the items of each record, a
// chunk of columns, as it arrives.
func streamAll[T any](ctx context.Context, tx neo4j.ManagedTransaction, stmt string, params map[string]any, withSources bool, decode func([]T, columns, bool) ([]T, error)) ([]T, error) {
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
