package embedded_test

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// wait is how long a test waits for something another goroutine does: far
// more than it takes, so that a loaded machine does not fail the test.
const wait = 20 * time.Second

// large returns a generated change bigger than one write batch, so that
// Apply writes it through a staging file.
func large(tb testing.TB) *network.Change {
	tb.Helper()
	c, err := synthetic.Generate(synthetic.Options{Actors: 2000, Ties: 16000, Seed: 5})
	if err != nil {
		tb.Fatal(err)
	}
	c.Import = &network.ImportRecord{Files: []string{"synthetic.csv"}, Format: "csv"}
	return c
}

// stagingFiles lists what a large write may leave beside the store at path.
func stagingFiles(tb testing.TB, path string) []string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(path) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestLargeApply(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "p.db")
	s := MustOpenPath(t, path)
	storetest.MustLoad(t, s)
	c := large(t)
	// reopen closes the store and opens the file again, for the rest of the
	// test.
	top := t
	reopen := func(t *testing.T) {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = MustOpenPath(top, path)
	}

	t.Run("OK", func(t *testing.T) {
		// On a store that holds data, the staged write keeps it and adds
		// the change, its record and one version.
		if err := s.Apply(ctx, c); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		fixture := storetest.Fixture()
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := st.Ties, len(fixture.Ties)+len(c.Ties); got != want {
			t.Errorf("%d ties, want %d (the fixture's and the change's)", got, want)
		}
		if v, _ := s.Version(ctx); v != 2 {
			t.Errorf("version %d, want 2", v)
		}
		if _, err := s.Actor(ctx, fixture.Actors[0].ID); err != nil {
			t.Errorf("an actor stored before the large write: %v", err)
		}
		if left := stagingFiles(t, path); len(left) > 0 {
			t.Errorf("left beside the store: %v", left)
		}
		// The store keeps writing into the file it swapped in, small
		// writes too.
		tie := fixture.Ties[0]
		tie.Description = "after the large write"
		storetest.MustApply(t, s, &network.Change{Ties: []*network.Tie{tie}})
		before, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		reopen(t)
		after, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != 3 || encode(t, after) != encode(t, before) {
			t.Errorf("reopened at version %d: differs from what was served before closing", after.Version)
		}
		imports, err := s.Imports(ctx, 0)
		if err != nil || len(imports) != 1 || imports[0].DataVersion != 2 || imports[0].Report.TiesNew != len(c.Ties) {
			t.Errorf("Imports = %+v, %v; want the large write's record at version 2 with %d new ties", imports, err, len(c.Ties))
		}
	})

	t.Run("Interrupted", func(t *testing.T) {
		// A signal half-way through a staged write leaves the store as it
		// was and removes the staging file.
		want, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		c := large(t)
		for _, tie := range c.Ties {
			tie.Description = "interrupted"
		}
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		cctx = embedded.WithProgress(cctx, func(done, total int) {
			if done >= total/2 {
				cancel()
			}
		})
		if err := s.Apply(cctx, c); network.ErrorCode(err) != network.EUNAVAILABLE {
			t.Fatalf("Apply = %v, want EUNAVAILABLE", err)
		}
		if left := stagingFiles(t, path); len(left) > 0 {
			t.Errorf("left beside the store: %v", left)
		}
		reopen(t)
		got, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if encode(t, got) != encode(t, want) {
			t.Errorf("the file changed after an interrupted write (version %d, was %d)", got.Version, want.Version)
		}
	})

	t.Run("StaleStagingFile", func(t *testing.T) {
		// A process killed during a staged write leaves its staging file;
		// the next Open removes it and serves what the store held.
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		stale := path + ".import-123456"
		if err := os.WriteFile(stale, []byte("half a file"), 0o600); err != nil {
			t.Fatal(err)
		}
		s = MustOpenPath(top, path)
		if left := stagingFiles(t, path); len(left) > 0 {
			t.Errorf("left beside the store after Open: %v", left)
		}
		if v, err := s.Version(ctx); err != nil || v != 3 {
			t.Errorf("Version = %d, %v; want 3", v, err)
		}
	})
}

// heldContext is a context whose Err blocks on its second call until
// released: a read that checks it as it goes (Snapshot checks every few
// thousand ties) is held in progress.
type heldContext struct {
	context.Context
	calls   atomic.Int32
	held    chan struct{} // closed when Err blocks
	release chan struct{}
}

func (c *heldContext) Err() error {
	if c.calls.Add(1) == 2 {
		close(c.held)
		<-c.release
	}
	return c.Context.Err()
}

func TestReadsDoNotWaitForWriters(t *testing.T) {
	// Seen: a write queued behind a long read blocked every later read (an
	// actor lookup took 36.5 s), and the writer was told
	// SERVICE_UNAVAILABLE though its write was stored.
	ctx := t.Context()
	late := &network.Actor{ID: "late-actor", Name: "Late Actor", Kind: network.CivilSociety,
		Sources: []network.Source{{Title: "test", Record: "late"}}}

	t.Run("WriteBehindLongRead", func(t *testing.T) {
		s := storetest.MustLoad(t, MustOpen(t))
		hc := &heldContext{Context: ctx, held: make(chan struct{}), release: make(chan struct{})}
		snapped := make(chan *network.Snapshot, 1)
		go func() {
			snap, err := s.Snapshot(hc, false)
			if err != nil {
				t.Errorf("the long read: %v", err)
			}
			snapped <- snap
		}()
		defer close(hc.release)
		select {
		case <-hc.held:
		case <-time.After(wait):
			t.Fatal("the long read did not start")
		}
		applied := make(chan error, 1)
		go func() { applied <- s.Apply(ctx, &network.Change{Actors: []*network.Actor{late}}) }()
		select {
		case err := <-applied:
			if err != nil {
				t.Fatalf("Apply = %v, want nil: the write is stored", err)
			}
		case <-time.After(wait):
			t.Fatalf("the write waited %v for a read in progress", wait)
		}
		// The read in progress goes on; a read that follows the write sees
		// it at once.
		looked := make(chan error, 1)
		go func() {
			_, err := s.Actor(ctx, late.ID)
			looked <- err
		}()
		select {
		case err := <-looked:
			if err != nil {
				t.Errorf("Actor after the write: %v", err)
			}
		case <-time.After(wait):
			t.Fatalf("an actor lookup waited %v behind a read in progress and a write", wait)
		}
		hc.release <- struct{}{}
		snap := <-snapped
		if snap == nil {
			return
		}
		if got, want := snap.Version, uint64(1); got != want {
			t.Errorf("the long read saw version %d, want %d (the one it started on)", got, want)
		}
		for _, a := range snap.Actors {
			if a.ID == late.ID {
				t.Errorf("the long read saw an actor written after it started")
			}
		}
	})

	t.Run("ReadDuringWrite", func(t *testing.T) {
		// A write held in progress (its file write not done) does not delay
		// reads: they see the previous version whole.
		s := storetest.MustLoad(t, MustOpen(t))
		c := large(t)
		inWrite, release := make(chan struct{}), make(chan struct{})
		var once atomic.Bool
		wctx := embedded.WithProgress(ctx, func(done, total int) {
			if once.CompareAndSwap(false, true) {
				close(inWrite)
				<-release
			}
		})
		applied := make(chan error, 1)
		go func() { applied <- s.Apply(wctx, c) }()
		select {
		case <-inWrite:
		case <-time.After(wait):
			t.Fatal("the write did not start")
		}
		read := make(chan error, 1)
		go func() {
			a, err := s.Actor(ctx, storetest.Fixture().Actors[0].ID)
			if err == nil && a == nil {
				err = network.Errorf(network.EINTERNAL, "no actor")
			}
			if st, serr := s.Stats(ctx); serr != nil || st.Ties != len(storetest.Fixture().Ties) {
				t.Errorf("Stats during the write = %+v, %v; want the fixture's ties", st, serr)
			}
			read <- err
		}()
		select {
		case err := <-read:
			if err != nil {
				t.Errorf("Actor during a write: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("an actor lookup waited %v for a write in progress", wait)
		}
		close(release)
		if err := <-applied; err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if v, _ := s.Version(ctx); v != 2 {
			t.Errorf("version %d after the write, want 2", v)
		}
	})
}

func TestImport(t *testing.T) {
	// Import keeps the items it is handed instead of copies, and serves
	// what Apply of the same change serves.
	ctx := t.Context()
	applied := MustOpen(t)
	imported := MustOpen(t)
	for _, s := range []*embedded.Store{applied, imported} {
		storetest.MustLoad(t, s)
	}
	for _, c := range []*network.Change{large(t), storetest.Fixture()} {
		c.Import = &network.ImportRecord{Files: []string{"f.csv"}, Format: "csv", Time: "2026-01-01T00:00:00Z"}
		if err := applied.Apply(ctx, c); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		c.Import = &network.ImportRecord{Files: []string{"f.csv"}, Format: "csv", Time: "2026-01-01T00:00:00Z"}
		if err := imported.Import(ctx, c); err != nil {
			t.Fatalf("Import: %v", err)
		}
		if c.Import.ID == "" || c.Import.Report.TiesUnchanged+c.Import.Report.TiesNew+c.Import.Report.TiesUpdated != len(c.Ties) {
			t.Errorf("Import left the record %+v", c.Import)
		}
	}
	want, err := applied.Snapshot(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := imported.Snapshot(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if encode(t, got) != encode(t, want) {
		t.Error("Import serves a network other than Apply's")
	}
	wi, _ := applied.Imports(ctx, 0)
	gi, _ := imported.Imports(ctx, 0)
	if encode(t, gi) != encode(t, wi) {
		t.Errorf("Import records\n%s\nApply records\n%s", encode(t, gi), encode(t, wi))
	}
}
