package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// MustPostKey posts query with vars to base/graphql with the API key (none
// when empty) and returns the status and the decoded response.
func MustPostKey(tb testing.TB, base, key, query string, vars map[string]any) (int, gqlResponse) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatalf("not JSON (%d): %v: %s", resp.StatusCode, err, b)
	}
	return resp.StatusCode, r
}

// errorCode returns the code of the only error of r, or "" when it has none.
func errorCode(tb testing.TB, r gqlResponse) string {
	tb.Helper()
	switch len(r.Errors) {
	case 0:
		return ""
	case 1:
		code, _ := r.Errors[0].Extensions["code"].(string)
		return code
	}
	tb.Fatalf("more than one error: %+v", r.Errors)
	return ""
}

func TestServeAPIKeys(t *testing.T) { forEachStore(t, testServeAPIKeys) }

// testServeAPIKeys runs a private service with a writer key from a file and
// a reader key from the environment, and checks who may read and write.
func testServeAPIKeys(t *testing.T, env map[string]string) {
	const writer, reader = "writer-key-7c1f0e", "reader-key-93ab52"
	keysFile := filepath.Join(t.TempDir(), "keys")
	MustWrite(t, keysFile, "# peacegraph API keys\nwriter:"+writer+"\n")
	s := MustServe(t, withEnv(env, map[string]string{"PEACEGRAPH_API_KEYS": "reader:" + reader}),
		"--api-keys-file", keysFile, "--private")
	base := s.URL
	// On Neo4j the service answers before its database does; the checks
	// below are about keys, so they start once it is ready.
	MustBecomeReady(t, base, http.StatusOK, 120*time.Second)

	const stats = `{ networkStats { actors ties } }`
	const importCSV = `mutation($data: String!) { importData(format: CSV_EDGES, data: $data, name: "edges.csv") { actors ties dataVersion } }`
	edges := map[string]any{"data": "source,target,kind\nhttp-a,http-b,PARTNERSHIP\n"}

	t.Run("PublicPages", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz", "/graphiql"} {
			resp, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s = %d, want 200 on a private service", path, resp.StatusCode)
			}
		}
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		for _, key := range []string{"", "not-a-key"} {
			status, r := MustPostKey(t, base, key, stats, nil)
			if got, want := errorCode(t, r), "UNAUTHENTICATED"; status != http.StatusUnauthorized || got != want {
				t.Errorf("key %q: status %d code %q, want 401 %s", key, status, got, want)
			}
		}
	})
	var before struct{ NetworkStats struct{ Actors, Ties int } }
	t.Run("ReaderReads", func(t *testing.T) {
		status, r := MustPostKey(t, base, reader, stats, nil)
		if status != http.StatusOK || errorCode(t, r) != "" {
			t.Fatalf("status %d errors %+v", status, r.Errors)
		}
		if err := json.Unmarshal(r.Data, &before); err != nil || before.NetworkStats.Actors == 0 {
			t.Fatalf("stats %s: %v", r.Data, err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, r := MustPostKey(t, base, reader, importCSV, edges)
		if got, want := errorCode(t, r), "FORBIDDEN"; got != want {
			t.Errorf("reader import: code %q, want %q", got, want)
		}
	})
	t.Run("WriterWrites", func(t *testing.T) {
		_, r := MustPostKey(t, base, writer, importCSV, edges)
		if code := errorCode(t, r); code != "" {
			t.Fatalf("writer import: %+v", r.Errors)
		}
		var got struct{ ImportData struct{ Actors, Ties int } }
		if err := json.Unmarshal(r.Data, &got); err != nil || got.ImportData.Actors != 2 || got.ImportData.Ties != 1 {
			t.Errorf("importData = %s (%v), want 2 actors and 1 tie", r.Data, err)
		}
		var after struct{ NetworkStats struct{ Actors, Ties int } }
		_, r = MustPostKey(t, base, reader, stats, nil)
		if err := json.Unmarshal(r.Data, &after); err != nil {
			t.Fatal(err)
		}
		if after.NetworkStats.Actors != before.NetworkStats.Actors+2 || after.NetworkStats.Ties != before.NetworkStats.Ties+1 {
			t.Errorf("stats %+v after the import, want %+v plus 2 actors and 1 tie", after, before)
		}
	})
}

func TestAPIKeysConfig(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		cfg, err := parseConfig([]string{"serve", "--api-keys", "writer:w1,reader:r1"}, noEnv, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cfg.keys.Len(), 2; got != want || cfg.private {
			t.Errorf("keys %d private %v, want %d false", got, cfg.private, want)
		}
		env := map[string]string{"PEACEGRAPH_API_KEYS": "reader:r1", "PEACEGRAPH_PRIVATE": "true"}
		cfg, err = parseConfig([]string{"serve"}, func(k string) string { return env[k] }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.private || cfg.keys.Len() != 1 {
			t.Errorf("environment: keys %d private %v, want 1 true", cfg.keys.Len(), cfg.private)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			args []string
			env  map[string]string
			want string
		}{
			{"PrivateWithoutKeys", []string{"serve", "--private"}, nil, "--private needs API keys"},
			{"BadRole", []string{"serve", "--api-keys", "admin:x"}, nil, `role "admin" is not reader or writer`},
			{"MissingFile", []string{"serve", "--api-keys-file", filepath.Join(t.TempDir(), "none")}, nil, "--api-keys-file"},
			{"BadPrivate", []string{"serve"}, map[string]string{"PEACEGRAPH_PRIVATE": "maybe"}, "PEACEGRAPH_PRIVATE"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, io.Discard)
				if err == nil || !strings.Contains(errorText(err), tt.want) {
					t.Errorf("run %q = %v, want an error naming %q", tt.args, err, tt.want)
				}
			})
		}
	})
}
