package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/peacegraph/peacegraph/cypher"
	"github.com/peacegraph/peacegraph/network"
)

// Apply validates c and writes it in one write transaction: the version
// bump first (which serializes writers), then the check that every tie end
// is a stored actor or one of c's, then actors, ties and places in UNWIND
// batches of batchSize rows. Actors, ties and places are upserted by ID (a
// tie given again is recreated, possibly between other actors). EINVALID
// (naming each bad item and field, as the embedded store does) if c fails
// Change.Validate or a tie names an unknown actor; then nothing is written
// and the version stays. Once Apply returns nil the change is committed.
func (s *Store) Apply(ctx context.Context, c *network.Change) error {
	if err := c.Validate(); err != nil {
		return err
	}
	// Encode before the transaction: the rows are the copies written, so a
	// caller changing c while Apply runs cannot reach the database.
	actorRows := make([]any, len(c.Actors))
	inChange := make(map[string]bool, len(c.Actors))
	for i, a := range c.Actors {
		row, err := actorProps(a)
		if err != nil {
			return fmt.Errorf("neo4j: apply: encode actor %q: %w", a.ID, err)
		}
		actorRows[i] = row
		inChange[a.ID] = true
	}
	tieRows := make([]any, len(c.Ties))
	tieIDs := make([]any, len(c.Ties))
	var ends []string // tie ends not in c, to look up
	for i, t := range c.Ties {
		row, err := tieRow(t)
		if err != nil {
			return fmt.Errorf("neo4j: apply: encode tie %q: %w", t.ID, err)
		}
		tieRows[i] = row
		tieIDs[i] = t.ID
		for _, end := range []string{t.From, t.To} {
			if !inChange[end] {
				ends = append(ends, end)
			}
		}
	}
	ends = uniq(ends)
	// A later place with the same ID wins over an earlier one.
	placeRows := make([]any, 0, len(c.Places))
	placeAt := make(map[string]int, len(c.Places))
	for _, p := range c.Places {
		row, err := placeProps(p)
		if err != nil {
			return fmt.Errorf("neo4j: apply: encode place %q: %w", p.ID, err)
		}
		if i, ok := placeAt[p.ID]; ok {
			placeRows[i] = row
			continue
		}
		placeAt[p.ID] = len(placeRows)
		placeRows = append(placeRows, row)
	}

	var record *network.ImportRecord
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.VersionBump, map[string]any{"start": time.Now().UnixMicro()})
		if err != nil {
			return err
		}
		if c.Import != nil {
			if len(recs) != 1 {
				return fmt.Errorf("version bump returned %d records", len(recs))
			}
			if record, err = s.countTies(ctx, tx, c, uint64(integer(recs[0].Values[0])), tieIDs); err != nil {
				return err
			}
		}
		missing := make(map[string]bool)
		for _, batch := range batches(ends) {
			recs, err := run(ctx, tx, cypher.ActorsMissing, map[string]any{"ids": batch})
			if err != nil {
				return err
			}
			for _, rec := range recs {
				missing[str(rec.Values[0])] = true
			}
		}
		if err := c.CheckEnds(func(id string) bool { return !missing[id] }); err != nil {
			return err
		}
		for _, batch := range batches(actorRows) {
			if _, err := run(ctx, tx, cypher.ActorsUpsert, map[string]any{"rows": batch}); err != nil {
				return err
			}
		}
		for _, batch := range batches(tieIDs) {
			if _, err := run(ctx, tx, cypher.TiesDelete, map[string]any{"ids": batch}); err != nil {
				return err
			}
		}
		for _, batch := range batches(tieRows) {
			recs, err := run(ctx, tx, cypher.TiesCreate, map[string]any{"rows": batch})
			if err != nil {
				return err
			}
			if len(recs) != 1 || integer(recs[0].Values[0]) != len(batch) {
				return fmt.Errorf("created fewer ties than the %d asked", len(batch))
			}
		}
		for _, batch := range batches(placeRows) {
			if _, err := run(ctx, tx, cypher.PlacesUpsert, map[string]any{"rows": batch}); err != nil {
				return err
			}
		}
		if record != nil {
			b, err := json.Marshal(record)
			if err != nil {
				return fmt.Errorf("encode import: %w", err)
			}
			if _, err := run(ctx, tx, cypher.ImportCreate, map[string]any{"id": record.ID, "version": int64(record.DataVersion), "record": string(b)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && record != nil {
		*c.Import = *record
	}
	return classify(err, "apply")
}

// countTies reads the stored ties that c writes again and returns c's
// import record as it is written at version, its ties counted as new,
// updated or unchanged.
func (s *Store) countTies(ctx context.Context, tx neo4j.ManagedTransaction, c *network.Change, version uint64, tieIDs []any) (*network.ImportRecord, error) {
	stored := make(map[string]*network.Tie)
	for _, batch := range batches(tieIDs) {
		recs, err := run(ctx, tx, cypher.TiesByIDs, map[string]any{"ids": batch})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			m, _ := rec.Values[0].(map[string]any)
			t, err := decodeTie(mapGetter(m), true)
			if err != nil {
				return nil, err
			}
			stored[t.ID] = t
		}
	}
	r := *c.Import
	r.Files = slices.Clone(c.Import.Files)
	r.ID = fmt.Sprintf("import-%d", version)
	r.DataVersion = version
	if r.Time == "" {
		r.Time = time.Now().UTC().Format(time.RFC3339)
	}
	r.Report.CountTies(c.Ties, func(id string) *network.Tie { return stored[id] })
	return &r, nil
}

// Imports returns the recorded imports, newest first.
func (s *Store) Imports(ctx context.Context, limit int) ([]*network.ImportRecord, error) {
	if limit < 0 {
		return nil, network.Errorf(network.EINVALID, "limit %d is negative", limit)
	}
	var lim any
	if limit > 0 {
		lim = int64(limit)
	}
	var out []*network.ImportRecord
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Imports, map[string]any{"limit": lim})
		if err != nil {
			return err
		}
		out = out[:0]
		for _, rec := range recs {
			r := new(network.ImportRecord)
			if err := json.Unmarshal([]byte(str(rec.Values[0])), r); err != nil {
				return fmt.Errorf("decode import: %w", err)
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, classify(err, "imports")
	}
	return out, nil
}

// batches cuts rows into slices of at most batchSize.
func batches[T any](rows []T) [][]T {
	var out [][]T
	for len(rows) > 0 {
		n := min(batchSize, len(rows))
		out = append(out, rows[:n])
		rows = rows[n:]
	}
	return out
}
