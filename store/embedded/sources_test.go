package embedded_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// TestSourcesOfOneVersion checks that a read with sources never combines
// the items of one data version with the sources of another, while writes
// (small ones, and a large one that replaces the file) go on: each write
// gives an actor and a tie a name and description that their sources, read
// from the file, repeat.
func TestSourcesOfOneVersion(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	version := func(i int) *network.Change {
		v := fmt.Sprintf("v%d", i)
		return &network.Change{
			Actors: []*network.Actor{
				{ID: "a", Name: v, Kind: network.Donor, Sources: []network.Source{{Title: "test", Record: v}}},
				{ID: "b", Name: "B", Kind: network.Donor, Sources: []network.Source{{Title: "test", Record: "b"}}},
			},
			Ties: []*network.Tie{{ID: "t", Kind: network.Partnership, From: "a", To: "b", Description: v, Weight: 1,
				Sources: []network.Source{{Title: "test", Record: v}}}},
		}
	}
	storetest.MustApply(t, s, version(0))
	// The large write: more items than one transaction of a staged write.
	large := version(1)
	for i := range 20_000 {
		id := fmt.Sprintf("x%05d", i)
		large.Actors = append(large.Actors, &network.Actor{ID: id, Name: id, Kind: network.Donor,
			Sources: []network.Source{{Title: "test", Record: id}}})
	}

	same := func(name string, sources []network.Source) error {
		if len(sources) != 1 || sources[0].Record != name {
			return fmt.Errorf("%q with the sources %+v", name, sources)
		}
		return nil
	}
	check := func() error {
		a, err := s.Actor(ctx, "a")
		if err != nil {
			return err
		}
		if err := same(a.Name, a.Sources); err != nil {
			return fmt.Errorf("Actor: %w", err)
		}
		ties, err := s.TiesOf(ctx, []string{"a"}, network.TieFilter{}, network.Omit{})
		if err != nil {
			return err
		}
		if len(ties["a"]) != 1 {
			return fmt.Errorf("TiesOf: %d ties, want 1", len(ties["a"]))
		}
		if err := same(ties["a"][0].Description, ties["a"][0].Sources); err != nil {
			return fmt.Errorf("TiesOf: %w", err)
		}
		n, err := s.Neighborhood(ctx, []string{"b"}, network.TieFilter{}, network.Omit{}, network.TieWindow{})
		if err != nil {
			return err
		}
		if err := same(n.Actors["a"].Name, n.Actors["a"].Sources); err != nil {
			return fmt.Errorf("Neighborhood: %w", err)
		}
		if err := same(n.Ties["b"][0].Description, n.Ties["b"][0].Sources); err != nil {
			return fmt.Errorf("Neighborhood: %w", err)
		}
		return nil
	}

	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := check(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 1; i <= 40; i++ {
		c := version(i)
		if i == 20 {
			c = large
			c.Actors[0].Name, c.Actors[0].Sources[0].Record = "v20", "v20"
			c.Ties[0].Description, c.Ties[0].Sources[0].Record = "v20", "v20"
		}
		storetest.MustApply(t, s, c)
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := check(); err != nil {
		t.Error(err)
	}
	snap, err := s.Snapshot(ctx, true)
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	if len(snap.Actors) != 20_002 {
		t.Fatalf("Snapshot: %d actors, want 20,002", len(snap.Actors))
	}
	for _, a := range snap.Actors {
		if a.ID != "a" && a.ID != "b" && (len(a.Sources) != 1 || a.Sources[0].Record != a.ID) {
			t.Fatalf("Snapshot: actor %s with the sources %+v", a.ID, a.Sources)
		}
	}
}

// TestSourcesOfAnyRecordShape checks that sources are read from a record
// whatever the order of its fields, as another version might have written
// it: the store reads only the sources when they come last.
func TestSourcesOfAnyRecordShape(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peacegraph.db")
	s := MustOpenPath(t, path)
	storetest.MustApply(t, s, &network.Change{Actors: []*network.Actor{
		{ID: "a", Name: "A", Kind: network.Donor, Sources: []network.Source{{Title: "t", Record: "written"}}}}})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatalf("bolt.Open: %v", err)
	}
	// Sources first, and sources not last.
	records := map[string]string{
		"a": `{"sources":[{"title":"t","record":"first"}],"id":"a","name":"A","kind":"DONOR","attributes":[{"name":"sources","value":"x"}]}`,
		"b": `{"id":"b","sources":[{"title":"t","record":"first"}],"name":"B","kind":"DONOR","x":{"y":1}}`,
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		for id, rec := range records {
			if err := tx.Bucket([]byte("actors")).Put([]byte(id), []byte(rec)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	actors, err := MustOpenPath(t, path).ActorsByID(ctx, []string{"a", "b"}, network.Omit{})
	if err != nil {
		t.Fatalf("ActorsByID: %v", err)
	}
	for _, a := range actors {
		if len(a.Sources) != 1 || a.Sources[0].Record != "first" {
			t.Errorf("actor %s: sources %+v, want the record's one source", a.ID, a.Sources)
		}
	}
}
