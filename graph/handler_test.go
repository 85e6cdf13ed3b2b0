package graph_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peacegraph/peacegraph/graph"
)

// MustSend posts body with content type to the server at url and returns
// the status and the decoded GraphQL errors.
func MustSend(tb testing.TB, url, contentType string, body io.Reader) (int, []gqlError, string) {
	tb.Helper()
	resp, err := http.Post(url, contentType, body)
	if err != nil {
		tb.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var out rawResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("response is not JSON: %v\n%s", err, raw)
	}
	return resp.StatusCode, out.Errors, string(raw)
}

// onlyReader hides a reader's other methods, so that the client sends it
// chunked, without a Content-Length.
type onlyReader struct{ io.Reader }

func TestRequestBody(t *testing.T) {
	srv := httptest.NewServer(graph.NewHandler(MustFixtureStore(t), graph.Options{MaxBody: 1000}))
	t.Cleanup(srv.Close)
	goInternals := []string{"Go struct field", "Go value", "transport.", "RawParams", "json:", "body:"}
	for _, tt := range []struct {
		name, contentType string
		body              io.Reader
		status            int
		code              string
	}{
		// Seen: a chunked body over --max-body gave HTTP 200 with no code.
		{"ErrChunkedTooLarge", "application/json", onlyReader{strings.NewReader(`{"query":"` + strings.Repeat("x", 5000) + `"}`)}, http.StatusRequestEntityTooLarge, graph.CodePayloadTooLarge},
		{"ErrDeclaredTooLarge", "application/json", strings.NewReader(`{"query":"` + strings.Repeat("x", 5000) + `"}`), http.StatusRequestEntityTooLarge, graph.CodePayloadTooLarge},
		// Seen: a batched body gave 400 echoing the body and a Go type name.
		{"ErrBatch", "application/json", strings.NewReader(`[{"query":"{ actors { totalCount } }"},{"query":"{ __typename }"}]`), http.StatusBadRequest, graph.CodeBadRequest},
		{"ErrQueryNotString", "application/json", strings.NewReader(`{"query": {"secret": 1}}`), http.StatusBadRequest, graph.CodeBadRequest},
		{"ErrVariablesNotObject", "application/json", strings.NewReader(`{"query": "{ __typename }", "variables": [1]}`), http.StatusBadRequest, graph.CodeBadRequest},
		{"ErrNotJSON", "application/json", strings.NewReader(`{"query": secret`), http.StatusBadRequest, graph.CodeBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, errs, raw := MustSend(t, srv.URL, tt.contentType, tt.body)
			if status != tt.status || len(errs) != 1 || errs[0].Code() != tt.code {
				t.Fatalf("status %d, errors %s; want %d and %s", status, raw, tt.status, tt.code)
			}
			for _, s := range append(goInternals, "secret", "actors { totalCount }") {
				if strings.Contains(raw, s) {
					t.Errorf("response shows %q: %s", s, raw)
				}
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		status, errs, raw := MustSend(t, srv.URL, "application/json", onlyReader{strings.NewReader(`{"query":"{ actors { totalCount } }"}`)})
		if status != http.StatusOK || len(errs) != 0 {
			t.Errorf("status %d: %s", status, raw)
		}
	})
}

// TestRequestBodyQuery checks that a query text over the limit is refused
// with COMPLEXITY_LIMIT_EXCEEDED from the one decoding of the body that
// checks it, without reaching the GraphQL transport, which would decode
// the body again (seen: a 750 KB alias query cost 10-80 ms to refuse).
func TestRequestBodyQuery(t *testing.T) {
	var reached atomic.Int32
	h := graph.RequestBodyQuery(1<<20, 100, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, `{"data":{}}`)
	}))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	status, errs, raw := MustSend(t, srv.URL, "application/json", strings.NewReader(`{"query":"{`+strings.Repeat(" __typename", 50)+` }"}`))
	if status != http.StatusOK || len(errs) != 1 || errs[0].Code() != graph.CodeComplexityExceeded || !strings.Contains(raw, "bytes long") {
		t.Errorf("status %d: %s; want COMPLEXITY_LIMIT_EXCEEDED naming the length", status, raw)
	}
	if reached.Load() != 0 {
		t.Errorf("the long query reached the transport")
	}
	// Variables do not count: a short query with a large variable passes.
	_, _, _ = MustSend(t, srv.URL, "application/json", strings.NewReader(`{"query":"{ __typename }","variables":{"data":"`+strings.Repeat("x", 5000)+`"}}`))
	if reached.Load() != 1 {
		t.Errorf("a short query with large variables did not reach the transport")
	}
}
