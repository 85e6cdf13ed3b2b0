package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServeLimits(t *testing.T) {
	// The HTTP limits come from the flags and the environment.
	s := MustServe(t, map[string]string{"PEACEGRAPH_IDLE_TIMEOUT": "200ms"}, "--max-conns-per-client", "2", "--read-timeout", "300ms", "--max-response", "4000", "--client-request-rate", "5")
	addr := strings.TrimPrefix(s.URL, "http://")
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	get := func(c net.Conn) int {
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	t.Run("ConnsPerClient", func(t *testing.T) {
		a, b, c := dial(), dial(), dial()
		if get(a) != http.StatusOK || get(b) != http.StatusOK {
			t.Fatal("the first two connections were refused")
		}
		if got := get(c); got != http.StatusTooManyRequests {
			t.Errorf("third connection: %d, want 429", got)
		}
		a.Close()
		b.Close()
	})
	t.Run("Idle", func(t *testing.T) {
		time.Sleep(50 * time.Millisecond) // the server frees the closed connections
		c := dial()
		if get(c) != http.StatusOK {
			t.Fatal("refused")
		}
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Errorf("an idle connection was kept past 2 s with a 200 ms idle limit: %v", err)
		}
	})
	t.Run("SlowBody", func(t *testing.T) {
		time.Sleep(50 * time.Millisecond)
		c := dial()
		fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), `"TIMEOUT"`) {
			t.Errorf("a body never finished: %d %s, want 408 TIMEOUT", resp.StatusCode, body)
		}
	})
	t.Run("MaxResponse", func(t *testing.T) {
		time.Sleep(50 * time.Millisecond)
		post := func(query string) string {
			resp, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "`+query+`"}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return string(body)
		}
		if body := post("{ actors(first: 100) { nodes { id name } } }"); !strings.Contains(body, `"RESPONSE_TOO_LARGE"`) {
			t.Errorf("a page over --max-response 4000: %.200s", body)
		}
		if body := post("{ actors(first: 2) { nodes { id } } }"); strings.Contains(body, "errors") {
			t.Errorf("a small page: %.200s", body)
		}
	})
	t.Run("RequestRate", func(t *testing.T) {
		// 5 a second, 10 at once: of 15 sent at once some are refused
		// with 429 RATE_LIMITED and Retry-After.
		refused := 0
		for range 15 {
			resp, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ __typename }"}`))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				refused++
				if !strings.Contains(string(body), `"RATE_LIMITED"`) || resp.Header.Get("Retry-After") == "" {
					t.Errorf("refusal: %s, Retry-After %q", body, resp.Header.Get("Retry-After"))
				}
			}
		}
		if refused == 0 {
			t.Error("15 requests at once from one address at --client-request-rate 5: none refused")
		}
	})
}
