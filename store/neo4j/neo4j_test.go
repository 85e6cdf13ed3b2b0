package neo4j_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/neo4j"
	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// MustConfig returns the server named by the environment; see
// neo4jtest.Config.
func MustConfig(tb testing.TB) neo4j.Config {
	tb.Helper()
	return neo4jtest.Config(tb)
}

// MustWipe takes the database named by cfg for tb's test and deletes
// everything in it; see neo4jtest.Lock.
func MustWipe(tb testing.TB, cfg neo4j.Config) {
	tb.Helper()
	neo4jtest.Lock(tb, cfg)
	neo4jtest.Wipe(tb, cfg)
}

// MustOpen takes and wipes the database and returns a Store over it, closed
// when tb ends.
func MustOpen(tb testing.TB) *neo4j.Store {
	tb.Helper()
	return neo4jtest.Open(tb)
}

// mustOpen opens a Store over cfg without wiping, closed when tb ends.
func mustOpen(tb testing.TB, cfg neo4j.Config) *neo4j.Store {
	tb.Helper()
	s, err := neo4j.Open(context.Background(), cfg)
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

// TestVersionShared checks that two stores over one database, like two
// service instances, see one data version.
func TestVersionShared(t *testing.T) {
	ctx := context.Background()
	a := MustOpen(t)
	b := mustOpen(t, MustConfig(t))
	storetest.MustLoad(t, a)
	va, err := a.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vb, err := b.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if va == 0 || va != vb {
		t.Fatalf("versions = %d and %d, want one nonzero version", va, vb)
	}
	storetest.MustApply(t, b, &network.Change{Places: []*network.Place{{ID: "SN", Name: "Senegal", Kind: network.Country}}})
	if got, err := a.Version(ctx); err != nil {
		t.Fatal(err)
	} else if want := vb + 1; got != want {
		t.Errorf("version after a write through the other store = %d, want %d", got, want)
	}
}

// TestOpenTwice checks that Open's schema step is idempotent.
func TestOpenTwice(t *testing.T) {
	cfg := MustConfig(t)
	MustWipe(t, cfg)
	mustOpen(t, cfg)
	mustOpen(t, cfg)
}

// TestDeadline checks that an expired deadline is reported as EUNAVAILABLE.
func TestDeadline(t *testing.T) {
	s := MustOpen(t)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, _, err := s.Actors(ctx, network.ActorQuery{})
	if got, want := network.ErrorCode(err), network.EUNAVAILABLE; got != want {
		t.Fatalf("code = %q, want %q (error: %v)", got, want, err)
	}
}

// deadAddress returns a loopback address where nothing listens.
func deadAddress(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		tb.Fatal(err)
	}
	return addr
}

func TestUnavailable(t *testing.T) {
	cfg := neo4j.Config{URI: "bolt://" + deadAddress(t), Username: "neo4j", Password: "none"}
	t.Run("Ping", func(t *testing.T) {
		s, err := neo4j.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		}()
		start := time.Now()
		err = s.Ping(context.Background())
		if got, want := network.ErrorCode(err), network.EUNAVAILABLE; got != want {
			t.Fatalf("Ping code = %q, want %q (error: %v)", got, want, err)
		}
		if got, most := time.Since(start), neo4j.PingTimeout+time.Second; got > most {
			t.Errorf("Ping took %v, want at most %v", got, most)
		}
		if got, want := network.ErrorMessage(err), "the Neo4j database cannot be reached now"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	t.Run("Read", func(t *testing.T) {
		s, err := neo4j.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err = s.Actor(ctx, "ecowas")
		if got, want := network.ErrorCode(err), network.EUNAVAILABLE; got != want {
			t.Fatalf("Actor code = %q, want %q (error: %v)", got, want, err)
		}
	})
	t.Run("Open", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s, err := neo4j.Open(ctx, cfg)
		if err == nil {
			_ = s.Close()
			t.Fatal("Open succeeded with no server")
		}
		if got, want := network.ErrorCode(err), network.EUNAVAILABLE; got != want {
			t.Fatalf("Open code = %q, want %q (error: %v)", got, want, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, uri := range []string{"", "http://127.0.0.1:7474"} {
			if _, err := neo4j.New(neo4j.Config{URI: uri}); network.ErrorCode(err) != network.EINVALID {
				t.Errorf("New(%q) error = %v, want EINVALID", uri, err)
			}
		}
	})
}

// Generate returns a valid change of n actors and m ties between them,
// the same for the same seed.
func Generate(n, m int, seed uint64) *network.Change {
	rng := rand.New(rand.NewPCG(seed, seed))
	src := []network.Source{{Title: "generated network", Record: "bench"}}
	c := &network.Change{}
	for i := range n {
		c.Actors = append(c.Actors, &network.Actor{
			ID:        fmt.Sprintf("a%06d", i),
			Name:      fmt.Sprintf("Actor %d", i),
			Acronym:   fmt.Sprintf("A%d", i),
			Kind:      network.ActorKinds[rng.IntN(len(network.ActorKinds))],
			Regions:   []string{[]string{"west-africa", "sahel", "horn-of-africa"}[rng.IntN(3)]},
			Countries: []string{"SN"},
			Sources:   src,
		})
	}
	for i := range m {
		from := rng.IntN(n)
		to := (from + 1 + rng.IntN(n-1)) % n
		kind := network.TieKinds[rng.IntN(len(network.TieKinds))]
		t := &network.Tie{
			ID:      fmt.Sprintf("t%07d", i),
			Kind:    kind,
			From:    c.Actors[from].ID,
			To:      c.Actors[to].ID,
			Since:   network.Date(fmt.Sprint(2000 + rng.IntN(25))),
			Weight:  1 + float64(rng.IntN(10)),
			Sources: src,
		}
		if kind == network.Funding {
			t.Funding = &network.FundingFlow{Amount: float64(rng.IntN(1_000_000)), Currency: "USD", TransactionType: network.Disbursement}
		}
		c.Ties = append(c.Ties, t)
	}
	return c
}

// MustApplyInParts applies c in parts of at most size ties (actors first).
func MustApplyInParts(tb testing.TB, s network.Store, c *network.Change, size int) {
	tb.Helper()
	storetest.MustApply(tb, s, &network.Change{Actors: c.Actors, Places: c.Places})
	for i := 0; i < len(c.Ties); i += size {
		storetest.MustApply(tb, s, &network.Change{Ties: c.Ties[i:min(i+size, len(c.Ties))]})
	}
}

func TestGeneratedRoundTrip(t *testing.T) {
	s := MustOpen(t)
	c := Generate(300, 2500, 7)
	MustApplyInParts(t, s, c, 1000)
	snap, err := s.Snapshot(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(snap.Ties), len(c.Ties); got != want {
		t.Fatalf("snapshot has %d ties, want %d", got, want)
	}
	for i, tie := range snap.Ties {
		want := c.Ties[i] // generated in ID order
		if tie.ID != want.ID || tie.From != want.From || tie.To != want.To || tie.Weight != want.Weight ||
			(want.Funding != nil) != (tie.Funding != nil) || (want.Funding != nil && tie.Funding.Amount != want.Funding.Amount) {
			t.Fatalf("tie %d = %+v, want %+v", i, tie, want)
		}
	}
}

// BenchmarkSnapshot reads a generated network of 10,000 actors and 100,000
// ties.
func BenchmarkSnapshot(b *testing.B) {
	s := MustOpen(b)
	start := time.Now()
	MustApplyInParts(b, s, Generate(10_000, 100_000, 1), 10_000)
	b.Logf("loaded 10,000 actors and 100,000 ties in %v", time.Since(start))
	ctx := context.Background()
	for _, withSources := range []bool{false, true} {
		b.Run(fmt.Sprintf("withSources=%v", withSources), func(b *testing.B) {
			for b.Loop() {
				snap, err := s.Snapshot(ctx, withSources)
				if err != nil {
					b.Fatal(err)
				}
				if len(snap.Ties) != 100_000 {
					b.Fatalf("snapshot has %d ties", len(snap.Ties))
				}
			}
		})
	}
}

// BenchmarkApplySeed upserts a change the size of the seed network (300
// actors, 1,000 ties) into a store that already holds it.
func BenchmarkApplySeed(b *testing.B) {
	s := MustOpen(b)
	c := Generate(300, 1000, 2)
	ctx := context.Background()
	for b.Loop() {
		if err := s.Apply(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrentApply checks that concurrent writers each bump the version
// once: the version node serializes them.
func TestConcurrentApply(t *testing.T) {
	s := MustOpen(t)
	// The first write starts the version at the writer's clock; count from it.
	if err := s.Apply(context.Background(), &network.Change{Places: []*network.Place{{ID: "p-first", Name: "Place", Kind: network.Region}}}); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	start, err := s.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const writers, writes = 4, 5
	errs := make(chan error, writers*writes)
	for w := range writers {
		go func() {
			for i := range writes {
				errs <- s.Apply(context.Background(), &network.Change{Places: []*network.Place{
					{ID: fmt.Sprintf("p%d-%d", w, i), Name: "Place", Kind: network.Region},
				}})
			}
		}()
	}
	for range writers * writes {
		if err := <-errs; err != nil {
			t.Fatalf("Apply: %v", err)
		}
	}
	v, err := s.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v, start+uint64(writers*writes); got != want {
		t.Errorf("version = %d, want %d", got, want)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Places, writers*writes+1; got != want {
		t.Errorf("places = %d, want %d", got, want)
	}
}

// TestVersionAfterWipe checks that a wiped database, written again, never
// repeats a version a running service may have cached results under.
func TestVersionAfterWipe(t *testing.T) {
	s := MustOpen(t)
	write := func(id string) uint64 {
		t.Helper()
		if err := s.Apply(context.Background(), &network.Change{Places: []*network.Place{{ID: id, Name: "Place", Kind: network.Region}}}); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		v, err := s.Version(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := write("p-before")
	neo4jtest.Wipe(t, neo4jtest.Config(t))
	if after := write("p-after"); after <= before {
		t.Errorf("version after wipe and write = %d, not above %d before the wipe", after, before)
	}
}
