package embedded_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/embedded"
)

func TestApplyInterrupted(t *testing.T) {
	// Seen: an import ignored SIGTERM 25 minutes in and committed at 45.
	// A write whose context ends while it is stored is rolled back whole.
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := synthetic.Generate(synthetic.Options{Actors: 2000, Ties: 20000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var reports int
	ctx = embedded.WithProgress(ctx, func(done, total int) {
		if reports++; done >= 8192 {
			cancel() // the signal arrives half-way
		}
	})
	err = s.Apply(ctx, c)
	if err == nil || network.ErrorCode(err) != network.EUNAVAILABLE {
		t.Fatalf("Apply = %v, want EUNAVAILABLE saying nothing was written", err)
	}
	if reports < 2 {
		t.Errorf("%d progress reports", reports)
	}
	if v, _ := s.Version(t.Context()); v != 0 {
		t.Errorf("version %d after an interrupted write", v)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(t.Context())
	if err != nil || st.Actors != 0 || st.Ties != 0 {
		t.Errorf("the file holds %+v after an interrupted write (%v)", st, err)
	}
}
