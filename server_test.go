package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/seed/funding"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// server is one run of the serve command in the test.
type server struct {
	URL    string
	cancel context.CancelFunc
	done   chan error
	out    *lockedBuffer
}

// lockedBuffer is a buffer that run writes and the test reads at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// MustServe starts run with "serve" and args on port 0 against a new data
// file, waits until it listens and stops it when tb ends.
func MustServe(tb testing.TB, env map[string]string, args ...string) *server {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{cancel: cancel, done: make(chan error, 1), out: &lockedBuffer{}}
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(tb.TempDir(), "peacegraph.db"), "--shutdown-delay", "0"}, args...)
	getenv := func(k string) string { return env[k] }
	go func() {
		err := run(ctx, args, getenv, io.MultiWriter(pw, s.out))
		pw.CloseWithError(io.EOF)
		s.done <- err
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if addr, ok := strings.CutPrefix(lines.Text(), "listening on "); ok {
			s.URL = addr
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if s.URL == "" {
		tb.Fatalf("server did not start: %v\n%s", <-s.done, s.out.String())
	}
	tb.Cleanup(func() { s.Stop(tb) })
	return s
}

// Stop cancels the server's context and waits for run to return.
func (s *server) Stop(tb testing.TB) {
	tb.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			tb.Errorf("run returned %v", err)
		}
	case <-time.After(15 * time.Second):
		tb.Fatal("run did not return after its context was cancelled")
	}
}

// gqlResponse is a GraphQL response.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// MustGraphQL posts query to the server and decodes data into v.
func MustGraphQL(tb testing.TB, base, query string, vars map[string]any, v any) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	mustDecode(tb, resp, http.StatusOK, v)
}

func mustDecode(tb testing.TB, resp *http.Response, status int, v any) {
	tb.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != status {
		tb.Fatalf("status %d, want %d: %s", resp.StatusCode, status, b)
	}
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatalf("not JSON: %v: %s", err, b)
	}
	if len(r.Errors) > 0 {
		tb.Fatalf("errors: %s", b)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		tb.Fatalf("data: %v: %s", err, r.Data)
	}
}

func TestServeSeed(t *testing.T) { forEachStore(t, testServeSeed) }

func testServeSeed(t *testing.T, env map[string]string) {
	s := MustServe(t, env)
	c, err := funding.Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Actors", func(t *testing.T) {
		// Page through every actor and check each has a source.
		var after *string
		n := 0
		for {
			var resp struct {
				Actors struct {
					Nodes []struct {
						ID      string
						Sources []struct{ Title string }
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
					TotalCount int
				}
			}
			MustGraphQL(t, s.URL, `query($after: String) { actors(first: 100, after: $after) {
				nodes { id sources { title } } pageInfo { hasNextPage endCursor } totalCount } }`, map[string]any{"after": after}, &resp)
			if got, want := resp.Actors.TotalCount, len(c.Actors); got != want {
				t.Fatalf("totalCount = %d, want %d", got, want)
			}
			for _, a := range resp.Actors.Nodes {
				if len(a.Sources) == 0 || a.Sources[0].Title == "" {
					t.Errorf("actor %s has no source", a.ID)
				}
			}
			n += len(resp.Actors.Nodes)
			if !resp.Actors.PageInfo.HasNextPage {
				break
			}
			after = resp.Actors.PageInfo.EndCursor
		}
		if n != len(c.Actors) {
			t.Errorf("paged through %d actors, want %d", n, len(c.Actors))
		}
	})
	t.Run("Search", func(t *testing.T) {
		var want *network.Actor
		for _, a := range c.Actors {
			if a.Acronym == "ECOWAS" {
				want = a
			}
		}
		if want == nil {
			t.Fatal("the seed has no actor with acronym ECOWAS")
		}
		var resp struct {
			Search struct {
				Nodes []struct {
					Actor struct{ ID string }
					Score int
				}
			}
		}
		MustGraphQL(t, s.URL, `{ search(query: "ecowas", first: 3) { nodes { actor { id } score } } }`, nil, &resp)
		if hits := resp.Search.Nodes; len(hits) == 0 || hits[0].Actor.ID != want.ID || hits[0].Score != 100 {
			t.Errorf("search = %+v, want %s first with score 100", hits, want.ID)
		}
	})
	t.Run("Ties", func(t *testing.T) {
		var resp struct {
			Ties struct {
				Nodes []struct {
					From, To struct{ Name string }
					Sources  []struct{ Title string }
				}
				TotalCount int
			}
		}
		MustGraphQL(t, s.URL, `{ ties(first: 100) { nodes { from { name } to { name } sources { title } } totalCount } }`, nil, &resp)
		if got, want := resp.Ties.TotalCount, len(c.Ties); got != want {
			t.Errorf("totalCount = %d, want %d", got, want)
		}
		for _, tie := range resp.Ties.Nodes {
			if tie.From.Name == "" || tie.To.Name == "" || len(tie.Sources) == 0 {
				t.Errorf("tie %+v lacks an end or a source", tie)
			}
		}
	})
	t.Run("GET", func(t *testing.T) {
		resp, err := http.Get(s.URL + "/graphql?query=" + url.QueryEscape(`{ networkStats { actors ties } }`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var data struct{ NetworkStats struct{ Actors, Ties int } }
		mustDecode(t, resp, http.StatusOK, &data)
		if data.NetworkStats.Actors != len(c.Actors) || data.NetworkStats.Ties != len(c.Ties) {
			t.Errorf("networkStats = %+v, want %d actors and %d ties", data.NetworkStats, len(c.Actors), len(c.Ties))
		}
	})
	t.Run("Health", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz"} {
			resp, err := http.Get(s.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !json.Valid(b) {
				t.Errorf("%s: %d %s", path, resp.StatusCode, b)
			}
		}
	})
	t.Run("Pages", func(t *testing.T) {
		for _, path := range []string{"/", "/graphiql"} {
			resp, err := http.Get(s.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(b)), "<html") {
				t.Errorf("%s: %d %.100s", path, resp.StatusCode, b)
			}
		}
	})
	t.Run("SchemaSDL", func(t *testing.T) {
		resp, err := http.Get(s.URL + "/schema.graphql")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		sdl := string(b)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("/schema.graphql: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, want := range []string{"type Query {", "networkData(", "scalar Date @specifiedBy("} {
			if !strings.Contains(sdl, want) {
				t.Errorf("/schema.graphql lacks %q", want)
			}
		}
		if strings.Contains(sdl, "@goModel") || strings.Contains(sdl, "@hasRole") {
			t.Error("/schema.graphql shows Go directives")
		}
	})
	t.Run("BodyLimit", func(t *testing.T) {
		big := `{"query": "{ networkStats { actors } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
		resp, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(big))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || strings.Contains(string(b), `"actors"`) {
			t.Errorf("a body over the limit was served: %d %.200s", resp.StatusCode, b)
		}
	})
}

func TestServeCORS(t *testing.T) {
	s := MustServe(t, map[string]string{"PEACEGRAPH_CORS_ORIGINS": "https://maps.example.org, https://other.example.org"})
	for _, tt := range []struct {
		origin string
		want   string
	}{
		{"https://maps.example.org", "https://maps.example.org"},
		{"https://other.example.org", "https://other.example.org"},
		{"https://evil.example.com", ""},
	} {
		t.Run(tt.origin, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ networkStats { actors } }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Origin", tt.origin)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("POST: Access-Control-Allow-Origin = %q, want %q", got, tt.want)
			}
			pre, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
			pre.Header.Set("Origin", tt.origin)
			pre.Header.Set("Access-Control-Request-Method", "POST")
			pre.Header.Set("Access-Control-Request-Headers", "content-type")
			resp, err = http.DefaultClient.Do(pre)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("preflight: Access-Control-Allow-Origin = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Headers", func(t *testing.T) {
		s := MustServe(t, map[string]string{"PEACEGRAPH_CORS_ORIGINS": "https://maps.example.org", "PEACEGRAPH_CORS_HEADERS": "X-Client-Version"})
		for _, tt := range []struct {
			headers string
			allowed bool
		}{
			{"content-type, traceparent, tracestate", true},
			{"authorization, x-api-key", true},
			{"x-client-version", true},
			{"x-other", false},
		} {
			pre, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
			pre.Header.Set("Origin", "https://maps.example.org")
			pre.Header.Set("Access-Control-Request-Method", "POST")
			pre.Header.Set("Access-Control-Request-Headers", tt.headers)
			resp, err := http.DefaultClient.Do(pre)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin") != ""; got != tt.allowed {
				t.Errorf("preflight with %s: allowed = %v, want %v", tt.headers, got, tt.allowed)
			}
		}
	})
	t.Run("NoOrigins", func(t *testing.T) {
		s := MustServe(t, nil)
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query=%7BnetworkStats%7Bactors%7D%7D", nil)
		req.Header.Set("Origin", "https://maps.example.org")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Access-Control-Allow-Origin = %q with no origins configured", got)
		}
	})
}

func TestServeNoSeed(t *testing.T) { forEachStore(t, testServeNoSeed) }

func testServeNoSeed(t *testing.T, env map[string]string) {
	s := MustServe(t, env, "--no-seed")
	var data struct{ NetworkStats struct{ Actors, Ties int } }
	MustGraphQL(t, s.URL, `{ networkStats { actors ties } }`, nil, &data)
	if data.NetworkStats.Actors != 0 || data.NetworkStats.Ties != 0 {
		t.Errorf("a --no-seed store holds %+v", data.NetworkStats)
	}
}

func TestServeNoFunding(t *testing.T) { forEachStore(t, testServeNoFunding) }

// testServeNoFunding checks that --no-funding loads the seed network alone,
// and that dataSources then says no flow of any source is stored.
func testServeNoFunding(t *testing.T, env map[string]string) {
	s := MustServe(t, env, "--no-funding")
	c, err := seed.Change()
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		NetworkStats struct{ Actors, Ties int }
		DataSources  []struct {
			ID    string
			Flows int
		}
	}
	MustGraphQL(t, s.URL, `{ networkStats { actors ties } dataSources { id flows } }`, nil, &data)
	if data.NetworkStats.Actors != len(c.Actors) || data.NetworkStats.Ties != len(c.Ties) {
		t.Errorf("a --no-funding store holds %+v, want the seed's %d actors and %d ties", data.NetworkStats, len(c.Actors), len(c.Ties))
	}
	if len(data.DataSources) == 0 {
		t.Error("no data sources listed")
	}
	for _, d := range data.DataSources {
		if d.Flows != 0 {
			t.Errorf("source %s: %d flows stored with --no-funding", d.ID, d.Flows)
		}
	}
}

func TestServeShutdown(t *testing.T) {
	s := MustServe(t, nil)
	u, _ := url.Parse(s.URL)
	s.Stop(t)
	if conn, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after shutdown", u.Host)
	}
}

func TestReadyzUnavailable(t *testing.T) {
	store, err := embedded.Open(filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	h := routes(store, config{maxBody: defaultMaxBody, timeout: time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)), serving{})
	srv := &http.Server{Handler: h}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	resp, err := http.Get("http://" + ln.Addr().String() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Status, Reason string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusServiceUnavailable || body.Reason == "" {
		t.Errorf("readyz = %d %+v, want 503 with a reason", resp.StatusCode, body)
	}
}

func TestImportExport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "net.db")
	nodes := filepath.Join(dir, "nodes.csv")
	edges := filepath.Join(dir, "edges.csv")
	MustWrite(t, nodes, "id,name,kind\necowas,Economic Community of West African States,REGIONAL_ORGANIZATION\nwanep,West Africa Network for Peacebuilding,CIVIL_SOCIETY\n")
	MustWrite(t, edges, "id,source,target,kind,since\ne1,ecowas,wanep,MOU,2002\n")
	t.Run("OK", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"import", "--data", data, "--no-seed", nodes, edges}, noEnv, &out); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.SplitAfter(out.String(), "\n")[0], "imported 2 actors, 1 ties, 0 places into "+data+"\n"; got != want {
			t.Errorf("output = %q, want %q", got, want)
		}
		var graphml bytes.Buffer
		if err := run(context.Background(), []string{"export", "--data", data, "--format", "graphml"}, noEnv, &graphml); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<node id="ecowas"`, `<node id="wanep"`, `id="e1"`, "West Africa Network for Peacebuilding"} {
			if !strings.Contains(graphml.String(), want) {
				t.Errorf("GraphML export lacks %q", want)
			}
		}
		csvDir := filepath.Join(dir, "csv")
		if err := run(context.Background(), []string{"export", "--data", data, "--format", "csv", "--out", csvDir}, noEnv, io.Discard); err != nil {
			t.Fatal(err)
		}
		// The export reads back into a new store as the same network.
		again := filepath.Join(dir, "again.db")
		out.Reset()
		if err := run(context.Background(), []string{"import", "--data", again, "--no-seed", filepath.Join(csvDir, "nodes.csv"), filepath.Join(csvDir, "edges.csv")}, noEnv, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "imported 2 actors, 1 ties") {
			t.Errorf("re-import: %q", out.String())
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		bad := filepath.Join(dir, "bad-edges.csv")
		MustWrite(t, bad, "id,source,target,kind,since\ne1,ecowas,wanep,MOU,2002\ne2,ecowas,wanep,MOU,24 Sept 2019\n")
		fresh := filepath.Join(dir, "fresh.db")
		err := run(context.Background(), []string{"import", "--data", fresh, "--no-seed", nodes, bad}, noEnv, io.Discard)
		if err == nil {
			t.Fatal("a bad date was imported")
		}
		if msg := errorText(err); !strings.Contains(msg, "line 3") || !strings.Contains(msg, "since") {
			t.Errorf("error %q does not name the line and field", msg)
		}
		// All or nothing: the good row was not written either.
		var graphml bytes.Buffer
		if err := run(context.Background(), []string{"export", "--data", fresh, "--no-seed", "--format", "graphml"}, noEnv, &graphml); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(graphml.String(), "<node ") {
			t.Errorf("a failed import left nodes behind")
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{{"import"}, {"export", "--format", "csv"}, {"publish"}, {"serve", "extra"}} {
			if err := run(context.Background(), args, noEnv, io.Discard); err == nil {
				t.Errorf("run %q succeeded", args)
			}
		}
	})
}

func noEnv(string) string { return "" }

// MustWrite writes text to the file at path.
func MustWrite(tb testing.TB, path, text string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	t.Run("OK", func(t *testing.T) {
		data := filepath.Join(dir, "generated.db")
		var out bytes.Buffer
		if err := run(context.Background(), []string{"generate", "--data", data, "--actors", "60", "--ties", "250", "--seed", "3"}, noEnv, &out); err != nil {
			t.Fatal(err)
		}
		s, err := embedded.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Actors != 60 || st.Ties != 250 {
			t.Errorf("store holds %+v, want 60 actors and 250 ties (and no seed)", st)
		}
		if want := fmt.Sprintf("generated 60 actors, 250 ties, %d places into %s\n", st.Places, data); out.String() != want {
			t.Errorf("output = %q, want %q", out.String(), want)
		}
	})
	t.Run("File", func(t *testing.T) {
		// The same seed gives the same file; the file imports as the network.
		var files [2][]byte
		for i := range files {
			path := filepath.Join(dir, fmt.Sprintf("net%d.graphml", i))
			if err := run(context.Background(), []string{"generate", "--actors", "40", "--ties", "100", "--seed", "9", "--out", path}, noEnv, io.Discard); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files[i] = b
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Error("two runs with one seed wrote different files")
		}
		var out bytes.Buffer
		if err := run(context.Background(), []string{"import", "--data", filepath.Join(dir, "imported.db"), "--no-seed", filepath.Join(dir, "net0.graphml")}, noEnv, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "imported 40 actors, 100 ties") {
			t.Errorf("import of the generated file: %q", out.String())
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, args := range [][]string{
			{"generate", "--data", filepath.Join(dir, "few.db"), "--actors", "5"},
			{"generate", "--out", filepath.Join(dir, "net.txt")},
			{"generate", "--ties", "-1", "--out", filepath.Join(dir, "neg.json")},
		} {
			if err := run(context.Background(), args, noEnv, io.Discard); err == nil {
				t.Errorf("run %q succeeded", args)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "neg.json")); err == nil {
			t.Error("a failed generate left its file behind")
		}
	})
}

func TestHealthcheck(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := MustServe(t, nil)
		if err := run(context.Background(), []string{"healthcheck", "--url", s.URL + "/readyz"}, noEnv, io.Discard); err != nil {
			t.Errorf("healthcheck of a ready service: %v", err)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"status":"unavailable"}`, http.StatusServiceUnavailable)
		}))
		defer down.Close()
		err := run(context.Background(), []string{"healthcheck", "--url", down.URL + "/readyz"}, noEnv, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "503") {
			t.Errorf("healthcheck of a 503 = %v, want an error naming 503", err)
		}
		down.Close()
		if err := run(context.Background(), []string{"healthcheck", "--url", down.URL + "/readyz"}, noEnv, io.Discard); err == nil {
			t.Error("healthcheck of a closed port succeeded")
		}
	})
}
