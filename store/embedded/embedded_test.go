package embedded_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// MustOpen opens a store in a new file under tb's temporary directory and
// closes it when tb ends.
func MustOpen(tb testing.TB) *embedded.Store {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "peacegraph.db"))
}

// MustOpenPath opens the store at path and closes it when tb ends.
func MustOpenPath(tb testing.TB, path string) *embedded.Store {
	tb.Helper()
	s, err := embedded.Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) network.Store { return MustOpen(t) })
}

func TestDurable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peacegraph.db")
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	storetest.MustLoad(t, s)
	moved := storetest.Fixture().Ties[10]
	moved.From = "ecowas"
	storetest.MustApply(t, s, &network.Change{Ties: []*network.Tie{moved}})
	before, err := s.Snapshot(ctx, true)
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	t.Run("OK", func(t *testing.T) {
		s := MustOpenPath(t, path)
		after, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatalf("Snapshot: %v", err)
		}
		if got, want := after.Version, before.Version; got != want || got == 0 {
			t.Errorf("Version after reopening = %d, want %d (and not 0)", got, want)
		}
		if got, want := encode(t, after), encode(t, before); got != want {
			t.Errorf("reopened store differs:\n got %s\nwant %s", got, want)
		}
		// The per-actor index is rebuilt from the file too.
		of, err := s.TiesOf(ctx, []string{"ecowas", "wanep"}, network.TieFilter{}, network.Omit{})
		if err != nil {
			t.Fatalf("TiesOf: %v", err)
		}
		if !hasTie(of["ecowas"], moved.ID) || hasTie(of["wanep"], moved.ID) {
			t.Errorf("TiesOf after reopening puts %s at the wrong actor", moved.ID)
		}
		// Writes go on from the stored version.
		storetest.MustApply(t, s, &network.Change{Places: []*network.Place{{ID: "TD", Name: "Chad", Kind: network.Country}}})
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatalf("Version: %v", err)
		}
		if got, want := v, before.Version+1; got != want {
			t.Errorf("Version after one more Apply = %d, want %d", got, want)
		}
	})

	t.Run("ErrLocked", func(t *testing.T) {
		s := MustOpenPath(t, path)
		_ = s
		if _, err := embedded.Open(path); err == nil {
			t.Fatal("Open of a file another store holds succeeded")
		}
	})

	t.Run("ErrNotBolt", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "not.db")
		if err := os.WriteFile(bad, []byte("this is not a bbolt file, and it is long enough to be read as one page......"), 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err := embedded.Open(bad); err == nil {
			s.Close()
			t.Fatal("Open of a file that is not bbolt succeeded")
		}
	})
}

func hasTie(ties []*network.Tie, id string) bool {
	for _, t := range ties {
		if t.ID == id {
			return true
		}
	}
	return false
}

func encode(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "peacegraph.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	storetest.MustLoad(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	for name, call := range map[string]func() error{
		"Ping":  func() error { return s.Ping(ctx) },
		"Actor": func() error { _, err := s.Actor(ctx, "ecowas"); return err },
		"Apply": func() error { return s.Apply(ctx, &network.Change{Actors: storetest.Fixture().Actors[:1]}) },
		"Snapshot": func() error {
			_, err := s.Snapshot(ctx, false)
			return err
		},
		"Version": func() error { _, err := s.Version(ctx); return err },
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := network.ErrorCode(call()), network.EUNAVAILABLE; got != want {
				t.Errorf("%s after Close: code %q, want %q", name, got, want)
			}
		})
	}
}

func TestContextCanceled(t *testing.T) {
	s := MustOpen(t)
	storetest.MustLoad(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Snapshot(ctx, true); err == nil {
		t.Error("Snapshot with a canceled context succeeded")
	}
	if _, _, err := s.Actors(ctx, network.ActorQuery{}); err == nil {
		t.Error("Actors with a canceled context succeeded")
	}
}

// TestConcurrent reads while another goroutine writes; run it with -race.
// Every snapshot read must be whole: each tie's ends are among its actors,
// and versions seen never go back.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	storetest.MustLoad(t, s)
	base := storetest.Fixture()
	const writes = 30

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range writes {
			a := *base.Actors[i%len(base.Actors)]
			a.ID = fmt.Sprintf("actor-%03d", i)
			tie := *base.Ties[0]
			tie.ID = fmt.Sprintf("tie-%03d", i)
			tie.From, tie.To = a.ID, base.Actors[(i+1)%len(base.Actors)].ID
			if err := s.Apply(ctx, &network.Change{Actors: []*network.Actor{&a}, Ties: []*network.Tie{&tie}}); err != nil {
				errs <- fmt.Errorf("Apply %d: %w", i, err)
				return
			}
		}
	}()
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last uint64
			for {
				snap, err := s.Snapshot(ctx, r == 0)
				if err != nil {
					errs <- err
					return
				}
				if snap.Version < last {
					errs <- fmt.Errorf("version went back from %d to %d", last, snap.Version)
					return
				}
				last = snap.Version
				actors := map[string]bool{}
				for _, a := range snap.Actors {
					actors[a.ID] = true
				}
				for _, tie := range snap.Ties {
					if !actors[tie.From] || !actors[tie.To] {
						errs <- fmt.Errorf("snapshot %d has tie %s with an end it lacks", snap.Version, tie.ID)
						return
					}
				}
				if _, _, err := s.Actors(ctx, network.ActorQuery{Filter: network.ActorFilter{Text: "west"}, Limit: 2}); err != nil {
					errs <- err
					return
				}
				if _, err := s.TiesOf(ctx, []string{"ecowas", "wanep"}, network.TieFilter{}, network.Omit{}); err != nil {
					errs <- err
					return
				}
				select {
				case <-done:
					return
				default:
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if got, want := st.Actors, len(base.Actors)+writes; got != want {
		t.Errorf("Stats.Actors = %d, want %d", got, want)
	}
	if got, want := st.Ties, len(base.Ties)+writes; got != want {
		t.Errorf("Stats.Ties = %d, want %d", got, want)
	}
}
