package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
)

// FuzzRequest sends arbitrary bodies to the GraphQL endpoint. Every answer
// must be JSON with a known status, show no Go internals, and come fast:
// the limits hold before any parsing or work. go test runs the seeds; CI
// runs the target for a few seconds (tools/test.sh).
func FuzzRequest(f *testing.F) {
	for _, q := range []string{
		`{"query":"{ actors(first: 5) { totalCount nodes { id name } } }"}`,
		`{"query":"query($id: ID!) { actor(id: $id) { name } }","variables":{"id":"ecowas"}}`,
		`[{"query":"{ __typename }"},{"query":"{ __typename }"}]`,
		`{"query": {"x": 1}}`,
		`{"query":"{ centrality(metric: BETWEENNESS, options: {samples: 1140, seed: 1}) { count } }"}`,
		`{"query":"{ communities(restarts: 100) { count } }"}`,
		`{"query":"{ search(query: \"` + strings.Repeat("x", 500) + `\") { totalCount } }"}`,
		`{"query":"` + aliased(300, "__typename") + `"}`,
		`{"query":"{ a: export(format: GRAPHML) b: export(format: NODE_LINK_JSON) }"}`,
		`{"query":"{ actors { nodes { ...F ...F ...F } } } fragment F on Actor { id ...G } fragment G on Actor { name ...F }"}`,
		`{"query":"` + strings.Repeat("{ actors { nodes { ties { nodes { from ", 12) + `"}`,
		`{"query":"mutation { upsertActors(actors: []) { dataVersion } }"}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000"}}}`,
		"\x00\xff{",
	} {
		f.Add([]byte(q))
	}
	h := graph.NewHandler(MustFixtureStore(f), graph.Options{MaxBody: 64 << 10, Timeout: 2 * time.Second})
	known := map[int]bool{http.StatusOK: true, http.StatusBadRequest: true, http.StatusRequestEntityTooLarge: true,
		http.StatusUnprocessableEntity: true, http.StatusRequestTimeout: true, http.StatusUnsupportedMediaType: true}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, req)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("answered after %v", d)
		}
		if !known[w.Code] {
			t.Errorf("status %d", w.Code)
		}
		var resp struct {
			Errors []gqlError `json:"errors"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || string(bytes.TrimSpace(w.Body.Bytes())) == "null" {
			t.Fatalf("answer is not a GraphQL response: %v %.200s", err, w.Body.String())
		}
		for _, bad := range []string{"Go struct", "Go value", "runtime error", "goroutine ", "panic"} {
			if strings.Contains(w.Body.String(), bad) {
				t.Errorf("answer shows %q: %.300s", bad, w.Body.String())
			}
		}
		for _, e := range resp.Errors {
			if e.Code() == "" {
				t.Errorf("error without a code: %+v", e)
			}
		}
	})
}
