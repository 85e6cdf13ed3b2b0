package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

func TestWriteHygiene(t *testing.T) {
	store := MustFixtureStore(t)
	h := MustWriteHandler(t, store)
	for _, tt := range []struct{ name, id string }{
		// Seen: 40-100 KB ids gave INTERNAL ("key too large").
		{"ErrID40KB", strings.Repeat("a", 40<<10)},
		{"ErrID100KB", strings.Repeat("a", 100_000)},
		{"ErrTrailingSpace", "ecowas "},
		{"ErrZeroWidth", "eco\u200bwas"},
		{"ErrNUL", "eco\x00was"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, resp := MustPostAs(t, h, bearer(writerKey), upsertActorsMutation, map[string]any{"actors": []any{newActor(tt.id)}})
			if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeBadUserInput {
				t.Fatalf("errors %.300s, want one BAD_USER_INPUT", resp.Body)
			}
			if len(resp.Body) > 4000 {
				t.Errorf("the answer of %d bytes echoes the id", len(resp.Body))
			}
		})
	}
	t.Run("OK/NFC", func(t *testing.T) {
		// A name typed decomposed is stored precomposed, so that search and
		// lookalike checks see one spelling.
		a := newActor("cote-divoire-ngo")
		a["name"] = "Co\u0302te d'Ivoire peace network"
		if _, resp := MustPostAs(t, h, bearer(writerKey), upsertActorsMutation, map[string]any{"actors": []any{a}}); len(resp.Errors) > 0 {
			t.Fatalf("upsert: %s", resp.Body)
		}
		got, err := store.Actor(t.Context(), "cote-divoire-ngo")
		if err != nil {
			t.Fatal(err)
		}
		if want := "C\u00f4te d'Ivoire peace network"; got.Name != want {
			t.Errorf("name %q, want NFC %q", got.Name, want)
		}
	})
}

func TestSearchLength(t *testing.T) {
	// Seen: a 600 KB search string scanned O(actors x length) for 31 s under
	// the store's read lock. Search text is capped before the store sees it.
	h := graph.NewHandler(MustFixtureStore(t), graph.Options{})
	long := strings.Repeat("ecowas ", 100_000/7)
	for _, q := range []string{`query($q: String!) { search(query: $q) { totalCount } }`, `query($q: String!) { actors(filter: {text: $q}) { totalCount } }`} {
		start := time.Now()
		resp := MustPost(t, h, q, map[string]any{"q": long})
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeBadUserInput || !strings.Contains(resp.Errors[0].Message, "limit of 200") {
			t.Errorf("%s: %.300s, want BAD_USER_INPUT naming the limit", q, resp.Body)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("refusal took %v", d)
		}
	}
	if resp := MustPost(t, h, `{ search(query: "ecowas") { totalCount } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("a short search: %s", resp.Body)
	}
}

// lateStore is a real store whose Apply returns only after the request's
// time is up, as a write queued behind a long read does.
type lateStore struct{ network.Store }

func (s lateStore) Apply(ctx context.Context, c *network.Change) error {
	err := s.Store.Apply(context.WithoutCancel(ctx), c)
	<-ctx.Done()
	return err
}

func TestStoredWriteAnswered(t *testing.T) {
	// Seen: a writer was told SERVICE_UNAVAILABLE though its write was
	// stored.
	store := MustFixtureStore(t)
	h := graph.NewHandler(lateStore{store}, graph.Options{Timeout: 50 * time.Millisecond, Keys: MustKeys(t, "writer:"+writerKey)})
	_, resp := MustPostAs(t, h, bearer(writerKey), upsertActorsMutation, map[string]any{"actors": []any{newActor("late-actor")}})
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `"dataVersion"`) {
		t.Errorf("a stored write was answered %s", resp.Body)
	}
	if _, err := store.Actor(t.Context(), "late-actor"); err != nil {
		t.Errorf("the write was not stored: %v", err)
	}
}
