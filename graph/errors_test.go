package graph_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// faultyStore is a real store whose Actors method fails with err, or
// panics when err is nil, so that the error paths can be seen end to end.
type faultyStore struct {
	network.Store
	err error
}

func (s faultyStore) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	if s.err == nil {
		panic("store exploded")
	}
	return nil, 0, s.err
}

func TestErrors(t *testing.T) {
	h := graph.NewHandler(MustFixtureStore(t), graph.Options{ComplexityLimit: 20000, MaxDepth: 8})
	deep := `{ actor(id: "ecowas") { neighbors { neighbors { neighbors { neighbors { neighbors { neighbors { neighbors { id } } } } } } } } }`
	for _, tt := range []struct {
		name, query string
		vars        map[string]any
		code        string
		message     string // a part of the message
	}{
		{"FirstZero", `{ actors(first: 0) { totalCount } }`, nil, graph.CodeBadUserInput, "first must be between 1 and 100, got 0"},
		{"FirstTooLarge", `{ actors(first: 101) { totalCount } }`, nil, graph.CodeBadUserInput, "first must be between 1 and 100, got 101"},
		{"FirstTiesOfActor", `{ actor(id: "au") { ties(first: 500) { totalCount } } }`, nil, graph.CodeBadUserInput, "first"},
		{"SearchFirst", `{ search(query: "au", first: -1) { totalCount } }`, nil, graph.CodeBadUserInput, "first"},
		{"SearchCursor", `{ search(query: "au", after: "x") { totalCount } }`, nil, graph.CodeBadUserInput, "not a cursor"},
		{"BadCursor", `{ actors(after: "not-a-cursor") { totalCount } }`, nil, graph.CodeBadUserInput, "not a cursor"},
		{"ForeignCursor", `query($a: String) { ties(after: $a) { totalCount } }`, map[string]any{"a": "b2Zmc2V0Oi0z"}, graph.CodeBadUserInput, "after"},
		{"BadDate", `{ ties(filter: {activeFrom: "24 Sept 2019"}) { totalCount } }`, nil, graph.CodeBadUserInput, "YYYY"},
		{"UnknownField", `{ actors { nodes { budget } } }`, nil, "GRAPHQL_VALIDATION_FAILED", "budget"},
		{"BadEnum", `{ actors(filter: {kinds: [NGO]}) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED", "NGO"},
		{"Parse", `{ actors( }`, nil, "GRAPHQL_PARSE_FAILED", ""},
		{"Depth", deep, nil, graph.CodeComplexityExceeded, "depth 9, which exceeds the limit of 8"},
		{"Complexity", `{ actors(first: 100) { nodes { ties(first: 100) { nodes { id } } } } }`, nil, graph.CodeComplexityExceeded, "exceeds the limit of 20000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := MustPost(t, h, tt.query, tt.vars)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %s", resp.Body)
			}
			e := resp.Errors[0]
			if got, want := e.Code(), tt.code; got != want {
				t.Errorf("code = %q, want %q (%s)", got, want, e.Message)
			}
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message = %q, want it to contain %q", e.Message, tt.message)
			}
		})
	}
	t.Run("WithinLimits", func(t *testing.T) {
		resp := MustPost(t, h, `{ actors(first: 10) { nodes { ties(first: 10) { nodes { id } } } } }`, nil)
		if len(resp.Errors) != 0 {
			t.Errorf("errors = %v", resp.Errors)
		}
	})
	t.Run("Introspection", func(t *testing.T) {
		// GraphiQL's schema query nests ofType deeply; introspection is not
		// counted against the depth limit.
		resp := MustPost(t, h, `{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`, nil)
		if len(resp.Errors) != 0 || !strings.Contains(string(resp.Data), `"ActorConnection"`) {
			t.Errorf("introspection: %s", resp.Body)
		}
	})
}

func TestStoreErrors(t *testing.T) {
	base := MustFixtureStore(t)
	for _, tt := range []struct {
		name    string
		err     error
		code    string
		message string
		logged  string
	}{
		{"Internal", errors.New("bolt: page 7 corrupt at /var/secret/path"), graph.CodeInternal, "internal error", "page 7 corrupt"},
		{"Panic", nil, graph.CodeInternal, "internal error", "store exploded"},
		{"Unavailable", network.Errorf(network.EUNAVAILABLE, "the database is not reachable"), graph.CodeUnavailable, "the database is not reachable", ""},
		{"TooLarge", network.Errorf(network.ETOOLARGE, "too many actors"), graph.CodeComplexityExceeded, "too many actors", ""},
		{"Forbidden", network.Errorf(network.EFORBIDDEN, "no role"), graph.CodeForbidden, "no role", ""},
		{"Unauthenticated", network.Errorf(network.EUNAUTHORIZED, "no token"), graph.CodeUnauthenticated, "no token", ""},
		{"NotFound", network.Errorf(network.ENOTFOUND, "gone"), graph.CodeNotFound, "gone", ""},
		{"Timeout", context.DeadlineExceeded, graph.CodeTimeout, "the request took longer than its time limit; its work was stopped", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			h := graph.NewHandler(faultyStore{Store: base, err: tt.err}, graph.Options{Logger: log})
			resp := MustPost(t, h, `{ actors { totalCount } }`, nil)
			if len(resp.Errors) != 1 {
				t.Fatalf("errors = %v", resp.Errors)
			}
			e := resp.Errors[0]
			if e.Code() != tt.code || e.Message != tt.message {
				t.Errorf("error = %q %q, want %q %q", e.Code(), e.Message, tt.code, tt.message)
			}
			if tt.code == graph.CodeInternal {
				if strings.Contains(resp.Body, "secret") || strings.Contains(resp.Body, "exploded") {
					t.Errorf("response shows the internal error: %s", resp.Body)
				}
				if !strings.Contains(logs.String(), tt.logged) {
					t.Errorf("log lacks %q: %s", tt.logged, logs.String())
				}
			}
		})
	}
}

// slowStore is a real store whose Actors waits until the context ends, as a
// database does that takes too long.
type slowStore struct{ network.Store }

func (s slowStore) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	<-ctx.Done()
	return s.Store.Actors(ctx, q)
}

func TestTimeout(t *testing.T) {
	// The deadline reaches the store through the request's context.
	h := graph.NewHandler(slowStore{MustFixtureStore(t)}, graph.Options{Timeout: 50 * time.Millisecond})
	start := time.Now()
	resp := MustPost(t, h, `{ actors { totalCount } }`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeTimeout {
		t.Errorf("errors = %+v, want one TIMEOUT", resp.Errors)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the request took %v with a 50ms limit", d)
	}
}
