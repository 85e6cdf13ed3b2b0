package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// MustOpenStore opens a new embedded store in a temporary file, closed when
// tb ends.
func MustOpenStore(tb testing.TB) *embedded.Store {
	tb.Helper()
	s, err := embedded.Open(filepath.Join(tb.TempDir(), "peacegraph.db"))
	if err != nil {
		tb.Fatalf("embedded.Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// MustApply writes c to s.
func MustApply(tb testing.TB, s network.Store, c *network.Change) {
	tb.Helper()
	if err := s.Apply(context.Background(), c); err != nil {
		tb.Fatalf("Apply: %v", err)
	}
}

// MustFixtureStore returns an embedded store holding storetest.Fixture().
func MustFixtureStore(tb testing.TB) *embedded.Store {
	tb.Helper()
	s := MustOpenStore(tb)
	MustApply(tb, s, storetest.Fixture())
	return s
}

// MustQuery runs query with vars through c and decodes the data into resp.
func MustQuery(tb testing.TB, c *client.Client, resp any, query string, vars map[string]any) {
	tb.Helper()
	var opts []client.Option
	for k, v := range vars {
		opts = append(opts, client.Var(k, v))
	}
	if err := c.Post(query, resp, opts...); err != nil {
		tb.Fatalf("query failed: %v\n%s", err, query)
	}
}

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e gqlError) Code() string { s, _ := e.Extensions["code"].(string); return s }

// rawResponse is a GraphQL response as sent.
type rawResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Body   string          `json:"-"`
}

// MustPost sends query with vars to h as a POST and decodes the response.
func MustPost(tb testing.TB, h http.Handler, query string, vars map[string]any) rawResponse {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var resp rawResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		tb.Fatalf("response is not JSON: %v\n%s", err, w.Body.String())
	}
	resp.Body = w.Body.String()
	return resp
}

// fixtureActors returns the fixture's actors that match f in order o.
func fixtureActors(f network.ActorFilter, o network.ActorOrder) []string {
	var ids []string
	var actors []*network.Actor
	for _, a := range storetest.Fixture().Actors {
		if f.Matches(a) {
			actors = append(actors, a)
		}
	}
	slices.SortFunc(actors, o.Compare)
	for _, a := range actors {
		ids = append(ids, a.ID)
	}
	return ids
}

// fixtureTies returns the IDs of the fixture's ties that match f, by ID.
func fixtureTies(f network.TieFilter) []string {
	var ids []string
	for _, t := range storetest.Fixture().Ties {
		if f.Matches(t) {
			ids = append(ids, t.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// fixtureActor returns the fixture's actor with id.
func fixtureActor(tb testing.TB, id string) *network.Actor {
	tb.Helper()
	for _, a := range storetest.Fixture().Actors {
		if a.ID == id {
			return a
		}
	}
	tb.Fatalf("no fixture actor %q", id)
	return nil
}

func ids[T any](items []T, id func(T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

type idNode struct {
	ID string `json:"id"`
}

func nodeIDs(ns []idNode) []string { return ids(ns, func(n idNode) string { return n.ID }) }

func equal(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return slices.Equal(a, b)
}
