package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/seed/funding"
	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
)

// outagePort is the Bolt port of the Neo4j server TestNeo4jOutage starts and
// stops: its own, so that no other test sees the outage. NEO4J_OUTAGE_PORT
// chooses another where 7689 is taken.
var outagePort = cmp.Or(os.Getenv("NEO4J_OUTAGE_PORT"), "7689")

// neo4jServer is a Neo4j server of tools/neo4j that a test starts and stops.
type neo4jServer struct {
	port string
}

// MustStartNeo4j starts the development Neo4j on port with
// tools/neo4j/neo4j.sh, which wipes its data, and stops it when tb ends.
// Without Java or Maven it fails under CI and skips elsewhere; when the
// script fails it fails.
func MustStartNeo4j(tb testing.TB, port string) *neo4jServer {
	tb.Helper()
	for _, cmd := range []string{"java", "mvn"} {
		if _, err := exec.LookPath(cmd); err != nil {
			msg := cmd + " is needed to start Neo4j (apt-get install openjdk-17-jdk-headless maven)"
			if os.Getenv("CI") != "" {
				tb.Fatal(msg)
			}
			tb.Skip(msg)
		}
	}
	n := &neo4jServer{port: port}
	tb.Cleanup(func() { n.script(tb, "stop") })
	n.Start(tb)
	return n
}

// Start starts the server and waits until it answers.
func (n *neo4jServer) Start(tb testing.TB) {
	tb.Helper()
	n.script(tb, "start")
}

// Stop stops the server and waits until it has exited.
func (n *neo4jServer) Stop(tb testing.TB) {
	tb.Helper()
	n.script(tb, "stop")
}

func (n *neo4jServer) script(tb testing.TB, command string) {
	tb.Helper()
	cmd := exec.Command("tools/neo4j/neo4j.sh", command, n.port)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("neo4j.sh %s %s: %v\n%s", command, n.port, err, out)
	}
}

// password is the password of the development Neo4j's user neo4j.
func password() string {
	if p := os.Getenv("NEO4J_PASSWORD"); p != "" {
		return p
	}
	return "peacegraph-dev"
}

// readyz returns the status and reason /readyz gives.
func readyz(tb testing.TB, base string) (int, string) {
	tb.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Status, Reason string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, body.Reason
}

// MustBecomeReady waits until /readyz answers want, at most within.
func MustBecomeReady(tb testing.TB, base string, want int, within time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for {
		got, reason := readyz(tb, base)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("readyz = %d (%s) after %v, want %d", got, reason, within, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// queryCode posts query and returns the extensions.code of its first error
// ("" when it has none) and the raw response.
func queryCode(tb testing.TB, base, query string) (string, string) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
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
		tb.Fatalf("not JSON: %v: %s", err, b)
	}
	if len(r.Errors) == 0 {
		return "", string(b)
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code, string(b)
}

// MustFailFast checks that a query fails with SERVICE_UNAVAILABLE in less
// than 5 seconds.
func MustFailFast(tb testing.TB, base string) {
	tb.Helper()
	start := time.Now()
	code, body := queryCode(tb, base, `{ actors(first: 5) { totalCount nodes { id } } }`)
	if took := time.Since(start); took >= 5*time.Second {
		tb.Errorf("a query took %v while Neo4j is down, want less than 5s", took)
	}
	if code != graph.CodeUnavailable {
		tb.Errorf("a query while Neo4j is down gave code %q, want %s: %s", code, graph.CodeUnavailable, body)
	}
}

// MustServeSeed checks that the service answers with the whole seed
// network, with its funding layer when withFunding.
func MustServeSeed(tb testing.TB, base string, withFunding bool) {
	tb.Helper()
	c, err := seed.Change()
	if withFunding {
		c, err = funding.Default()
	}
	if err != nil {
		tb.Fatal(err)
	}
	var data struct{ NetworkStats struct{ Actors, Ties int } }
	MustGraphQL(tb, base, `{ networkStats { actors ties } }`, nil, &data)
	if got, want := data.NetworkStats.Actors, len(c.Actors); got != want {
		tb.Errorf("actors = %d, want %d", got, want)
	}
	if got, want := data.NetworkStats.Ties, len(c.Ties); got != want {
		tb.Errorf("ties = %d, want %d", got, want)
	}
}

// TestNeo4jOutage runs the service on a Neo4j server of its own that is down
// when the service starts, comes up, goes down and comes up again (empty,
// as neo4j.sh start wipes it): the service starts anyway, says 503 on
// /readyz and fails queries fast while Neo4j is down, and recovers by itself
// each time, loading the seed into the empty database.
func TestNeo4jOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a Neo4j server twice")
	}
	env := map[string]string{
		"NEO4J_URI":      "bolt://127.0.0.1:" + outagePort,
		"NEO4J_USERNAME": "neo4j",
		"NEO4J_PASSWORD": password(),
	}
	// Make sure nothing is left on the port from an earlier run.
	n := &neo4jServer{port: outagePort}
	n.Stop(t)

	// The seed alone: the test is about the outage, and loading the
	// funding layer into a fresh Neo4j takes longer than a reconnection
	// should on a loaded machine.
	s := MustServe(t, env, "--no-funding")
	t.Run("DownAtStart", func(t *testing.T) {
		if got, reason := readyz(t, s.URL); got != http.StatusServiceUnavailable || reason == "" {
			t.Errorf("readyz = %d %q, want 503 with a reason", got, reason)
		}
		MustFailFast(t, s.URL)
	})
	n = MustStartNeo4j(t, outagePort)
	t.Run("Up", func(t *testing.T) {
		MustBecomeReady(t, s.URL, http.StatusOK, 30*time.Second)
		MustServeSeed(t, s.URL, false)
	})
	// Queries keep coming while Neo4j stops: each ends within 5 seconds,
	// answered or SERVICE_UNAVAILABLE, never hanging on the driver's retries.
	during := queryWhile(s.URL, func() { n.Stop(t) })
	t.Run("Stopping", func(t *testing.T) {
		if len(during) == 0 {
			t.Fatal("no query ran while Neo4j stopped")
		}
		for _, q := range during {
			if q.err != nil || q.took >= 5*time.Second || (q.code != "" && q.code != graph.CodeUnavailable) {
				t.Errorf("a query while Neo4j stopped: code %q, error %v, took %v", q.code, q.err, q.took)
			}
		}
	})
	t.Run("Down", func(t *testing.T) {
		MustFailFast(t, s.URL)
		MustBecomeReady(t, s.URL, http.StatusServiceUnavailable, 10*time.Second)
		_, reason := readyz(t, s.URL)
		if !strings.Contains(reason, "Neo4j") {
			t.Errorf("readyz reason %q does not name Neo4j", reason)
		}
	})
	n.Start(t)
	t.Run("Recovered", func(t *testing.T) {
		MustBecomeReady(t, s.URL, http.StatusOK, 30*time.Second)
		MustServeSeed(t, s.URL, false)
	})
}

// queryResult is how one query sent by queryWhile went.
type queryResult struct {
	code string // extensions.code of the first error, "" for none
	err  error  // a transport or decoding error
	took time.Duration
}

// queryWhile sends queries to base one after another while do runs, and
// returns how each went.
func queryWhile(base string, do func()) []queryResult {
	stop := make(chan struct{})
	results := make(chan []queryResult)
	go func() {
		var rs []queryResult
		for {
			select {
			case <-stop:
				results <- rs
				return
			default:
			}
			start := time.Now()
			r := queryResult{}
			resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query": "{ actors(first: 5) { totalCount nodes { id } } }"}`))
			if err == nil {
				var body gqlResponse
				err = json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				if len(body.Errors) > 0 {
					r.code, _ = body.Errors[0].Extensions["code"].(string)
				}
			}
			r.err, r.took = err, time.Since(start)
			rs = append(rs, r)
			time.Sleep(20 * time.Millisecond)
		}
	}()
	do()
	close(stop)
	return <-results
}

// TestNeo4jTwoInstances runs two service instances on one Neo4j database:
// an import through one of them is seen by the other at once, by its plain
// queries and by its analytics, which are cached per data version.
func TestNeo4jTwoInstances(t *testing.T) {
	env := neo4jtest.Env(neo4jtest.Claim(t))
	a := MustServe(t, env)
	b := MustServe(t, env)
	c, err := funding.Default()
	if err != nil {
		t.Fatal(err)
	}
	// organsWithParent: false, so that the analytics count every actor too.
	const query = `{ networkStats { actors ties } networkStatistics(network: {organsWithParent: false}) { actors ties } }`
	type counts struct{ Actors, Ties int }
	stats := func(base string) (plain, analytics counts) {
		var data struct{ NetworkStats, NetworkStatistics counts }
		MustGraphQL(t, base, query, nil, &data)
		return data.NetworkStats, data.NetworkStatistics
	}
	want := counts{len(c.Actors), len(c.Ties)}
	for _, base := range []string{a.URL, b.URL} {
		// Asked twice: the second answer comes from the analytics cache.
		for range 2 {
			if plain, analytics := stats(base); plain != want || analytics != want {
				t.Fatalf("%s: networkStats %+v, networkStatistics %+v; want %+v", base, plain, analytics, want)
			}
		}
	}

	dir := t.TempDir()
	nodes, edges := filepath.Join(dir, "nodes.csv"), filepath.Join(dir, "edges.csv")
	MustWrite(t, nodes, "id,name,kind\nnew-a,New Actor A,CIVIL_SOCIETY\nnew-b,New Actor B,DONOR\n")
	MustWrite(t, edges, "id,source,target,kind\nnew-e1,new-b,new-a,SUPPORT\n")
	var out bytes.Buffer
	// The import is a third client of the database, as a write through
	// either instance would be.
	getenv := func(k string) string { return env[k] }
	if err := run(context.Background(), []string{"import", nodes, edges}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "imported 2 actors, 1 ties, 0 places into Neo4j ") {
		t.Errorf("import said %q", out.String())
	}
	want = counts{len(c.Actors) + 2, len(c.Ties) + 1}
	for _, base := range []string{a.URL, b.URL} {
		if plain, analytics := stats(base); plain != want || analytics != want {
			t.Errorf("%s after the import: networkStats %+v, networkStatistics %+v; want %+v", base, plain, analytics, want)
		}
		var data struct{ Actor struct{ Name string } }
		MustGraphQL(t, base, `{ actor(id: "new-a") { name } }`, nil, &data)
		if got, want := data.Actor.Name, "New Actor A"; got != want {
			t.Errorf("%s: imported actor's name = %q, want %q", base, got, want)
		}
	}
}
