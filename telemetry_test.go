package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// post sends a GraphQL request with the headers and returns the response
// and its decoded body.
func post(tb testing.TB, base, query string, header map[string]string) (*http.Response, gqlResponse) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var r gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		tb.Fatal(err)
	}
	return resp, r
}

// MustScrape returns the metrics page at u.
func MustScrape(tb testing.TB, u string) string {
	tb.Helper()
	resp, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("%s: %s", u, resp.Status)
	}
	return string(b)
}

// metricValue returns the value of the sample of name whose labels include
// every one of labels (`key="value"` strings), and whether there is one.
func metricValue(page, name string, labels ...string) (float64, bool) {
	for _, line := range strings.Split(page, "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || rest == "" || rest[0] != '{' && rest[0] != ' ' {
			continue
		}
		sel, value, _ := strings.Cut(rest, " ")
		if strings.HasPrefix(rest, " ") {
			sel, value = "", strings.TrimSpace(rest)
		}
		all := true
		for _, l := range labels {
			all = all && strings.Contains(sel, l)
		}
		if all {
			v, err := strconv.ParseFloat(value, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// accessLines returns the JSON access-log lines of out.
func accessLines(tb testing.TB, out string) []map[string]any {
	tb.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	return lines
}

// TestServeTelemetry sends real requests and reads what an operator sees:
// the X-Request-Id header, the request id in error extensions, one JSON
// access-log line per request, and the metrics of HTTP, GraphQL, the store
// and the analytics cache.
func TestServeTelemetry(t *testing.T) {
	s := MustServe(t, nil, "--log-format", "json")

	resp, ok := post(t, s.URL, `query Stats { networkStats { actors } }`, map[string]string{"X-Request-Id": "given-id-1"})
	if got := resp.Header.Get("X-Request-Id"); got != "given-id-1" {
		t.Errorf("X-Request-Id = %q, want the one sent", got)
	}
	if len(ok.Errors) > 0 {
		t.Fatalf("Stats: %+v", ok.Errors)
	}
	resp, bad := post(t, s.URL, `query Big { actors(first: 1000) { totalCount } }`, map[string]string{"X-Request-Id": "bad id with spaces"})
	made := resp.Header.Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(made) {
		t.Errorf("a made request id %q, want 24 hex digits in place of an unusable one", made)
	}
	if len(bad.Errors) == 0 {
		t.Fatal("first: 1000 gave no error")
	}
	if got := bad.Errors[0].Extensions["requestId"]; got != made {
		t.Errorf("error extensions.requestId = %v, want %q", got, made)
	}
	if got := bad.Errors[0].Extensions["code"]; got != "BAD_USER_INPUT" {
		t.Errorf("error code = %v, want BAD_USER_INPUT", got)
	}
	// The same centrality twice: computed once, then from the cache.
	for range 2 {
		if _, r := post(t, s.URL, `query Top { centrality(metric: DEGREE, top: 3) { items { rank } } }`, nil); len(r.Errors) > 0 {
			t.Fatalf("Top: %+v", r.Errors)
		}
	}

	t.Run("AccessLog", func(t *testing.T) {
		lines := accessLines(t, s.out.String())
		find := func(id string) map[string]any {
			for _, l := range lines {
				if l["requestId"] == id {
					return l
				}
			}
			t.Fatalf("no access-log line with requestId %s in:\n%s", id, s.out.String())
			return nil
		}
		l := find("given-id-1")
		if l["operation"] != "Stats" || l["status"] != 200.0 || l["route"] != "/graphql" || l["method"] != "POST" {
			t.Errorf("access line %v, want operation Stats, status 200, route /graphql, POST", l)
		}
		if d, ok := l["durationMs"].(float64); !ok || d <= 0 {
			t.Errorf("durationMs = %v, want a positive number", l["durationMs"])
		}
		if l := find(made); l["operation"] != "Big" || l["code"] != "BAD_USER_INPUT" {
			t.Errorf("access line %v, want operation Big and code BAD_USER_INPUT", l)
		}
	})

	t.Run("Metrics", func(t *testing.T) {
		page := MustScrape(t, s.URL+"/metrics")
		for _, c := range []struct {
			name   string
			labels []string
			min    float64
		}{
			{"peacegraph_graphql_operations_total", []string{`operation="Stats"`, `code="OK"`, `type="query"`}, 1},
			{"peacegraph_graphql_operations_total", []string{`operation="Big"`, `code="BAD_USER_INPUT"`}, 1},
			{"peacegraph_graphql_operations_total", []string{`operation="Top"`, `code="OK"`}, 2},
			{"peacegraph_graphql_operation_duration_seconds_count", []string{`operation="Stats"`}, 1},
			{"peacegraph_http_request_duration_seconds_count", []string{`route="/graphql"`, `method="POST"`, `status="200"`}, 4},
			{"peacegraph_store_call_duration_seconds_count", []string{`store="embedded"`, `method="Stats"`}, 1},
			{"peacegraph_analytics_computations_total", nil, 1},
			{"peacegraph_analytics_cache_hits_total", nil, 1},
			{"go_goroutines", nil, 1},
		} {
			if v, ok := metricValue(page, c.name, c.labels...); !ok || v < c.min {
				t.Errorf("%s%v = %v (found %v), want at least %v", c.name, c.labels, v, ok, c.min)
			}
		}
	})
}

// TestServeMetricsAddr serves the metrics on their own listener: there and
// not on the API's address.
func TestServeMetricsAddr(t *testing.T) {
	s := MustServe(t, nil, "--metrics-addr", "127.0.0.1:0")
	m := regexp.MustCompile(`metrics on (http://\S+/metrics)`).FindStringSubmatch(s.out.String())
	if m == nil {
		t.Fatalf("no metrics address in:\n%s", s.out.String())
	}
	post(t, s.URL, `query Stats { networkStats { actors } }`, nil)
	if v, ok := metricValue(MustScrape(t, m[1]), "peacegraph_graphql_operations_total", `operation="Stats"`); !ok || v != 1 {
		t.Errorf("operations of Stats on %s = %v (%v), want 1", m[1], v, ok)
	}
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "peacegraph_graphql_operations_total") {
		t.Errorf("the API's address serves the metrics too")
	}
}

// TestServeShutdownDrain stops a service with a shutdown delay and a
// request in flight: /readyz turns 503 while the listener still accepts,
// the request in flight is answered, and then the listener closes.
func TestServeShutdownDrain(t *testing.T) {
	s := MustServe(t, nil, "--shutdown-delay", "1s", "--shutdown-grace", "5s")
	u, _ := url.Parse(s.URL)

	// A request in flight: its body arrives slowly, after the shutdown began.
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"query":"{ networkStats { actors } }"}`
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", u.Host, len(body), body[:10])
	time.Sleep(100 * time.Millisecond)

	s.cancel()
	s.cancel = nil
	MustBecomeReady(t, s.URL, http.StatusServiceUnavailable, 900*time.Millisecond)
	if _, reason := readyz(t, s.URL); !strings.Contains(reason, "shutting down") {
		t.Errorf("readyz reason %q, want it to say the service is shutting down", reason)
	}
	time.Sleep(1200 * time.Millisecond) // past the delay: the listener is closed
	if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after the shutdown delay", u.Host)
	}
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"actors"`) {
		t.Errorf("the request in flight: %s %s", resp.Status, b)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return")
	}
}

// TestServeShutdownGrace stops a service whose request in flight never
// finishes: run returns when the grace period is over.
func TestServeShutdownGrace(t *testing.T) {
	s := MustServe(t, nil, "--shutdown-grace", "300ms")
	u, _ := url.Parse(s.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", u.Host)
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after the grace period")
	}
	if took := time.Since(start); took < 300*time.Millisecond || took > 3*time.Second {
		t.Errorf("shutdown took %v with a stuck request, want about the grace period of 300ms", took)
	}
	if !strings.Contains(s.out.String(), "grace period over") {
		t.Errorf("the log does not say the grace period ended:\n%s", s.out.String())
	}
}
