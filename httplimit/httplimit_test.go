package httplimit_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/httplimit"
)

// MustServe serves h with limits l on a loopback port until the test ends
// and returns its address.
func MustServe(tb testing.TB, h http.Handler, l httplimit.Limits) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httplimit.Server(h, l, slog.New(slog.NewTextHandler(io.Discard, nil)))
	go func() { _ = srv.Serve(httplimit.Listen(ln, l)) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// MustDial opens a connection to addr, closed when the test ends.
func MustDial(tb testing.TB, addr string) net.Conn {
	tb.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// closedWithin reports whether the server closes c (or answers and
// closes) within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var nerr net.Error
	return !(errors.As(err, &nerr) && nerr.Timeout())
}

var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		http.Error(w, "body", http.StatusRequestTimeout)
		return
	}
	fmt.Fprintln(w, "ok")
})

func TestSlowBody(t *testing.T) {
	// Seen: a body sent at 1 byte / 2 s was never timed out.
	addr := MustServe(t, echo, httplimit.Limits{ReadTimeout: 300 * time.Millisecond})
	c := MustDial(t, addr)
	fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				if _, err := c.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	if !closedWithin(c, 2*time.Second) {
		t.Error("a body trickling in was not cut within 2 s of a 300 ms read limit")
	}
}

func TestSlowHeaders(t *testing.T) {
	addr := MustServe(t, echo, httplimit.Limits{ReadHeaderTimeout: 200 * time.Millisecond})
	c := MustDial(t, addr)
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n")
	if !closedWithin(c, 2*time.Second) {
		t.Error("headers never finished were not cut")
	}
}

func TestIdleConnection(t *testing.T) {
	// Seen: idle keep-alive connections stayed open indefinitely.
	addr := MustServe(t, echo, httplimit.Limits{IdleTimeout: 200 * time.Millisecond})
	c := MustDial(t, addr)
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !closedWithin(c, 2*time.Second) {
		t.Error("an idle keep-alive connection was kept past 2 s with a 200 ms idle limit")
	}
}

func TestHeaderBytes(t *testing.T) {
	addr := MustServe(t, echo, httplimit.Limits{MaxHeaderBytes: 4096})
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	req.Header.Set("X-Pad", strings.Repeat("x", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB of headers: status %d, want 431", resp.StatusCode)
	}
}

func TestConnsPerClient(t *testing.T) {
	// Seen: 1,000 slow connections held by one client.
	addr := MustServe(t, echo, httplimit.Limits{MaxConnsPerClient: 3})
	held := make([]net.Conn, 3)
	for i := range held {
		held[i] = MustDial(t, addr)
		fmt.Fprintf(held[i], "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(held[i]), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("connection %d: %v %v", i, resp, err)
		}
		resp.Body.Close()
	}
	extra := MustDial(t, addr)
	fmt.Fprintf(extra, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), `"RATE_LIMITED"`) {
		t.Errorf("fourth connection: %d %s, want 429 RATE_LIMITED", resp.StatusCode, body)
	}
	// Closing one frees its place.
	held[0].Close()
	deadline := time.Now().Add(2 * time.Second)
	for {
		c := MustDial(t, addr)
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("a closed connection's place was not freed")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRequestRate(t *testing.T) {
	var served atomic.Int32
	h := httplimit.RequestRate(1, 3, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
	}))
	send := func(remote string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	// A burst of 3 passes; the 4th of the same address, from another
	// port, is refused before its body is read.
	for i := range 3 {
		if w := send("192.0.2.1:" + strconv.Itoa(1000+i)); w.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: %d", i, w.Code)
		}
	}
	w := send("192.0.2.1:2000")
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), `"RATE_LIMITED"`) {
		t.Errorf("4th request: %d %s, want 429 RATE_LIMITED", w.Code, w.Body)
	}
	if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After = %q", w.Header().Get("Retry-After"))
	}
	// Another address has its own rate.
	if w := send("198.51.100.2:1000"); w.Code != http.StatusOK {
		t.Errorf("another address refused: %d", w.Code)
	}
	if got := served.Load(); got != 4 {
		t.Errorf("served %d requests, want 4", got)
	}
	// A large body counts as many requests: a 128 KiB body takes a burst
	// of 3 at once, and the next small request of that address waits.
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(strings.Repeat(" ", 128<<10)))
	req.RemoteAddr = "203.0.113.3:1000"
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("a 128 KiB body within the burst: %d", w.Code)
	}
	if w := send("203.0.113.3:1001"); w.Code != http.StatusTooManyRequests {
		t.Errorf("after a 128 KiB body (3 requests' worth of a burst of 3): %d, want 429", w.Code)
	}
	t.Run("Off", func(t *testing.T) {
		next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		if h := httplimit.RequestRate(0, 10, next); h == nil {
			t.Error("nil handler")
		}
	})
}
