package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// TestAnalyticsTimeout sends, over real HTTP, an exact weighted
// betweenness that takes seconds on 5,000 actors and 25,000 ties to a
// handler with a 300 ms time limit: the kernel must stop with the request,
// so the answer (an error) comes soon after the limit.
func TestAnalyticsTimeout(t *testing.T) {
	c, err := synthetic.Generate(synthetic.Options{Actors: 5000, Ties: 25000, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	store := MustOpenStore(t)
	MustApply(t, store, c)
	const limit = 50 * time.Millisecond // weighted betweenness of 5,000 actors takes several times this
	h := graph.NewHandler(store, graph.Options{Timeout: limit, Analytics: graph.AnalyticsOptions{ExactBudget: 1e12}})
	srv := httptest.NewServer(h)
	defer srv.Close()

	query := `{ centrality(metric: BETWEENNESS, network: {weight: STRENGTH}) { items { score } } }`
	body, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	// The snapshot and projection are read once and cached; warm them with
	// a cheap metric so the timed request is all kernel.
	warm, err := json.Marshal(map[string]any{"query": `{ centrality(metric: DEGREE, network: {weight: STRENGTH}) { count } }`})
	if err != nil {
		t.Fatal(err)
	}
	mustPostJSON(t, srv.URL, warm)

	start := time.Now()
	resp := mustPostJSON(t, srv.URL, body)
	took := time.Since(start)
	if len(resp.Errors) == 0 {
		t.Fatalf("no error after %v: the kernel finished inside the limit, so the test proves nothing (data %.200s)", took, resp.Data)
	}
	t.Logf("answered %v after the request began (limit %v): %s", took, limit, resp.Errors[0].Message)
	if took > limit+time.Second {
		t.Errorf("answered after %v, want within %v of the %v limit", took, time.Second, limit)
	}
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func mustPostJSON(tb testing.TB, url string, body []byte) gqlResponse {
	tb.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		tb.Fatalf("decoding the response (HTTP %d): %v", res.StatusCode, err)
	}
	return out
}
