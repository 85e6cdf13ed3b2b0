package embedded_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// The benchmark network: benchActors actors and benchTies ties, written once
// to a file shared by every benchmark in the run.
const (
	benchActors = 20_000
	benchTies   = 100_000
)

var bench struct {
	once  sync.Once
	dir   string
	path  string
	store *embedded.Store
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.store != nil {
		if err := bench.store.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close benchmark store:", err)
		}
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchStore returns the store holding the generated network, writing it on
// first use.
func benchStore(b *testing.B) *embedded.Store {
	b.Helper()
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "peacegraph-bench-")
		if bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, "bench.db")
		bench.store, bench.err = embedded.Open(bench.path)
		if bench.err != nil {
			return
		}
		bench.err = bench.store.Apply(context.Background(), generate(benchActors, benchTies))
	})
	if bench.err != nil {
		b.Fatalf("benchmark store: %v", bench.err)
	}
	return bench.store
}

// generate builds a network of n actors and m ties with a deterministic
// pseudo-random structure: names from a small vocabulary so that text
// filters match a few percent of actors, ties of every kind, and a share of
// FUNDING ties with funding records.
func generate(n, m int) *network.Change {
	words := []string{"Peace", "Network", "Regional", "Council", "Women", "Youth", "Mediation",
		"Forum", "Institute", "Centre", "Dialogue", "Security", "Development", "Alliance"}
	places := []string{"west-africa", "sahel", "horn-of-africa", "great-lakes", "south-caucasus", "pacific"}
	src := []network.Source{{Title: "generated benchmark network", Record: "bench"}}
	rng := uint64(1)
	next := func(k int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(k))
	}
	c := &network.Change{}
	for i := range n {
		c.Actors = append(c.Actors, &network.Actor{
			ID:      fmt.Sprintf("a%06d", i),
			Name:    fmt.Sprintf("%s %s %s %d", words[next(len(words))], words[next(len(words))], words[next(len(words))], i),
			Acronym: fmt.Sprintf("A%d", i),
			Aliases: []string{fmt.Sprintf("alias %d", i)},
			Kind:    network.ActorKinds[next(len(network.ActorKinds))],
			Regions: []string{places[next(len(places))]},
			Themes:  []string{words[next(len(words))]},
			Sources: src,
		})
	}
	for i := range m {
		from, to := next(n), next(n-1)
		if to >= from {
			to++
		}
		t := &network.Tie{
			ID:     fmt.Sprintf("t%07d", i),
			Kind:   network.TieKinds[next(len(network.TieKinds))],
			From:   c.Actors[from].ID,
			To:     c.Actors[to].ID,
			Since:  network.Date(fmt.Sprintf("%d", 2000+next(24))),
			Weight: float64(1 + next(5)),
			Sources: []network.Source{{Title: "generated benchmark network",
				Record: fmt.Sprintf("tie %d", i)}},
		}
		if t.Kind == network.Funding {
			t.Funding = &network.FundingFlow{Amount: float64(next(1_000_000)), Currency: "USD",
				Sectors: []network.SectorShare{{Code: "15220", Percentage: 100}}}
		}
		c.Ties = append(c.Ties, t)
	}
	return c
}

func BenchmarkActors(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		q    network.ActorQuery
	}{
		{"Text", network.ActorQuery{Filter: network.ActorFilter{Text: "mediation forum"}, Limit: 20}},
		{"TextRare", network.ActorQuery{Filter: network.ActorFilter{Text: "alias 1999"}, Limit: 20}},
		{"TextAndKind", network.ActorQuery{Filter: network.ActorFilter{Text: "peace", Kinds: []network.ActorKind{network.CivilSociety}}, Limit: 20}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var total int
			for b.Loop() {
				var err error
				if _, total, err = s.Actors(ctx, tt.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

func BenchmarkSnapshot(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, withSources := range []bool{false, true} {
		b.Run(fmt.Sprintf("withSources=%v", withSources), func(b *testing.B) {
			for b.Loop() {
				snap, err := s.Snapshot(ctx, withSources)
				if err != nil {
					b.Fatal(err)
				}
				if len(snap.Ties) != benchTies {
					b.Fatalf("snapshot has %d ties, want %d", len(snap.Ties), benchTies)
				}
			}
		})
	}
}

// BenchmarkOpen measures reading the 100k-tie file into memory.
func BenchmarkOpen(b *testing.B) {
	benchStore(b)
	// The file is locked by the shared store: read a copy of it.
	data, err := os.ReadFile(bench.path)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "copy.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := embedded.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyOne measures a mutation's write into the 100k-tie store:
// one tie changed, one synced transaction and the next in-memory state
// (the maps the change touches are copied, so that reads never lock).
func BenchmarkApplyOne(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	ties, _, err := s.Ties(ctx, network.TieQuery{Limit: 1})
	if err != nil || len(ties) != 1 {
		b.Fatalf("Ties: %v, %v", ties, err)
	}
	t := ties[0]
	var i int
	for b.Loop() {
		i++
		t.Description = fmt.Sprintf("changed %d times", i)
		if err := s.Apply(ctx, &network.Change{Ties: []*network.Tie{t}}); err != nil {
			b.Fatal(err)
		}
	}
}
