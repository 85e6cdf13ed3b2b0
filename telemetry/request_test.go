package telemetry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/telemetry"
)

// TestMiddleware serves real requests through the middleware: a usable
// X-Request-Id is kept and a bad one replaced, the id reaches the handler
// and the response header, the access line has the route and the error
// code read from an error body, and records logged during the request carry
// the id.
func TestMiddleware(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(telemetry.LogHandler(slog.NewJSONHandler(&logs, nil)))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /big", func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "inside", "seen", telemetry.RequestID(r.Context()))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = w.Write([]byte(`{"errors":[{"message":"too large","extensions":{"code":"PAYLOAD_TOO_LARGE"}}]}`))
	})
	m := telemetry.NewMetrics()
	srv := httptest.NewServer(telemetry.Middleware(log, m, mux))
	defer srv.Close()

	send := func(id string) string {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/big", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		if id != "" {
			req.Header.Set("X-Request-Id", id)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.Header.Get("X-Request-Id")
	}
	if got := send("req-42.a:b_c"); got != "req-42.a:b_c" {
		t.Errorf("a usable id came back as %q", got)
	}
	for _, bad := range []string{"has space", strings.Repeat("x", 129), "quote\"d"} {
		if got := send(bad); got == bad || len(got) != 24 {
			t.Errorf("id %q came back as %q, want a new 24-digit one", bad, got)
		}
	}

	var access, inside map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if rec["requestId"] != "req-42.a:b_c" {
			continue
		}
		switch rec["msg"] {
		case "request":
			access = rec
		case "inside":
			inside = rec
		}
	}
	if access == nil || access["route"] != "POST /big" || access["status"] != 413.0 || access["code"] != "PAYLOAD_TOO_LARGE" {
		t.Errorf("access line %v, want route POST /big, status 413, code PAYLOAD_TOO_LARGE", access)
	}
	if inside == nil || inside["seen"] != "req-42.a:b_c" {
		t.Errorf("the record logged inside the request is %v, want it to carry the request id", inside)
	}
}
