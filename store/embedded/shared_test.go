package embedded_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// TestSharedSnapshot checks that the snapshot the store shares is the one
// it copies without sources (the store holds none in memory), and that a
// write after it leaves it as it was.
func TestSharedSnapshot(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	storetest.MustLoad(t, s)
	shared, err := s.SharedSnapshot(ctx)
	if err != nil {
		t.Fatalf("SharedSnapshot: %v", err)
	}
	copied, err := s.Snapshot(ctx, false)
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	if !reflect.DeepEqual(shared, copied) {
		t.Fatal("the shared snapshot differs from Snapshot(ctx, false)")
	}
	if cap(shared.Ties) != len(shared.Ties) || cap(shared.Actors) != len(shared.Actors) {
		t.Error("the shared lists have room to append into the store's arrays")
	}

	moved := storetest.Fixture().Ties[10]
	moved.From = "ecowas"
	storetest.MustApply(t, s, &network.Change{Ties: []*network.Tie{moved}})
	if !reflect.DeepEqual(shared, copied) {
		t.Error("a write changed a snapshot shared before it")
	}
	after, err := s.SharedSnapshot(ctx)
	if err != nil {
		t.Fatalf("SharedSnapshot: %v", err)
	}
	if after.Version != shared.Version+1 {
		t.Errorf("version after the write: got %d, want %d", after.Version, shared.Version+1)
	}
	for _, tie := range after.Ties {
		if tie.ID == moved.ID && tie.From != "ecowas" {
			t.Errorf("tie %s from %q after the write, want ecowas", tie.ID, tie.From)
		}
	}

	var _ network.SnapshotSharer = s
	snap, isShared, err := network.ReadSnapshot(ctx, s)
	if err != nil || !isShared || snap.Version != after.Version {
		t.Errorf("ReadSnapshot: shared %t, version %d, %v; want shared at %d", isShared, snap.Version, err, after.Version)
	}
}

// TestInterned checks that the strings many items repeat are held once:
// a tie's ends are its actors' own ID strings and the ties' descriptions
// one string each, and no actor or tie holds its sources in memory, after
// an import and after the file is opened again.
func TestInterned(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peacegraph.db")
	change, err := synthetic.Generate(synthetic.Options{Actors: 200, Ties: 1000, Seed: 1})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	check := func(t *testing.T, s *embedded.Store) {
		snap, err := s.SharedSnapshot(ctx)
		if err != nil {
			t.Fatalf("SharedSnapshot: %v", err)
		}
		ids := map[string]*byte{}
		descriptions := map[string]map[*byte]bool{}
		for _, a := range snap.Actors {
			ids[a.ID] = unsafe.StringData(a.ID)
			if a.Sources != nil {
				t.Fatalf("actor %s holds its sources in memory", a.ID)
			}
		}
		for _, tie := range snap.Ties {
			for _, end := range []string{tie.From, tie.To} {
				if unsafe.StringData(end) != ids[end] {
					t.Fatalf("tie %s holds a copy of the ID %q", tie.ID, end)
				}
			}
			if tie.Sources != nil {
				t.Fatalf("tie %s holds its sources in memory", tie.ID)
			}
			if descriptions[tie.Description] == nil {
				descriptions[tie.Description] = map[*byte]bool{}
			}
			descriptions[tie.Description][unsafe.StringData(tie.Description)] = true
		}
		if len(descriptions) == 0 {
			t.Fatal("no tie has a description")
		}
		for d, held := range descriptions {
			if len(held) != 1 {
				t.Errorf("the description %q is held %d times", d, len(held))
			}
		}
	}
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := s.Import(ctx, change); err != nil {
		t.Fatalf("Import: %v", err)
	}
	t.Run("AfterImport", func(t *testing.T) { check(t, s) })
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	t.Run("AfterOpen", func(t *testing.T) { check(t, MustOpenPath(t, path)) })
}
