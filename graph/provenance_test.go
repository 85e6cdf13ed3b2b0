package graph_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// TestProvenance checks that the sources of actors and ties are served as
// they were written, through each read that returns them, after the
// embedded store's file is opened again and after a write: the store keeps
// them in its file, not in memory, and reads them when asked.
func TestProvenance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peacegraph.db")
	open := func(t *testing.T) (*embedded.Store, *client.Client, func()) {
		t.Helper()
		s, err := embedded.Open(path)
		if err != nil {
			t.Fatalf("embedded.Open: %v", err)
		}
		return s, client.New(graph.NewHandler(s, graph.Options{})), func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		}
	}
	fixture := storetest.Fixture()
	actors, ties := map[string][]network.Source{}, map[string][]network.Source{}
	for _, a := range fixture.Actors {
		actors[a.ID] = a.Sources
	}
	for _, tie := range fixture.Ties {
		ties[tie.ID] = tie.Sources
	}
	// check asks for the sources of ecowas and its ties (one read of its
	// neighbourhood), of tie t06 and actor wanep by ID, of a page of actors
	// and of a page of ties, and compares them with what was written.
	check := func(t *testing.T, c *client.Client) {
		t.Helper()
		type item struct {
			ID      string
			Sources []network.Source
		}
		var resp struct {
			Actor struct {
				ID      string
				Sources []network.Source
				Ties    struct{ Nodes []item }
			}
			T06, Wanep item
			Actors     struct{ Nodes []item }
			Ties       struct{ Nodes []item }
		}
		const src = `sources { title url passage record retrieved }`
		MustQuery(t, c, &resp, `{
			actor(id: "ecowas") { id `+src+` ties(first: 100) { nodes { id `+src+` } } }
			t06: node(id: "t06") { ... on Tie { id `+src+` } }
			wanep: node(id: "wanep") { ... on Actor { id `+src+` } }
			actors(first: 100) { nodes { id `+src+` } }
			ties(first: 100) { nodes { id `+src+` } } }`, nil)
		got := []item{{resp.Actor.ID, resp.Actor.Sources}, resp.Wanep}
		got = append(got, resp.Actors.Nodes...)
		for _, a := range got {
			if want, ok := actors[a.ID]; !ok || !slices.Equal(a.Sources, want) {
				t.Errorf("actor %s: sources %+v, want %+v", a.ID, a.Sources, want)
			}
		}
		got = append([]item{resp.T06}, resp.Actor.Ties.Nodes...)
		got = append(got, resp.Ties.Nodes...)
		if len(resp.Actor.Ties.Nodes) == 0 || len(resp.Ties.Nodes) == 0 {
			t.Fatal("no ties read")
		}
		for _, tie := range got {
			if want, ok := ties[tie.ID]; !ok || !slices.Equal(tie.Sources, want) {
				t.Errorf("tie %s: sources %+v, want %+v", tie.ID, tie.Sources, want)
			}
		}
	}

	// The fixture goes in through a store of its own, closed before the
	// reads, so that every read below is of a file opened again.
	w, err := embedded.Open(path)
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	MustApply(t, w, fixture)
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	t.Run("AfterReopen", func(t *testing.T) {
		_, c, done := open(t)
		defer done()
		check(t, c)
	})
	t.Run("AfterWrite", func(t *testing.T) {
		s, c, done := open(t)
		defer done()
		check(t, c) // read before the write, so that the write follows reads
		a, tie := fixtureActor(t, "ecowas"), storetest.Fixture().Ties[5]
		a.Sources = []network.Source{{Title: "provenance test", Record: "ecowas again"}}
		tie.Sources = []network.Source{{Title: "provenance test", Record: "t06 again"}, {Title: "second", Record: "r"}}
		MustApply(t, s, &network.Change{Actors: []*network.Actor{a}, Ties: []*network.Tie{tie}})
		actors[a.ID], ties[tie.ID] = a.Sources, tie.Sources
		check(t, c)
	})
	t.Run("AfterWriteAndReopen", func(t *testing.T) {
		_, c, done := open(t)
		defer done()
		check(t, c)
	})
}
