// Command hostile sends the requests of issue 9's findings to a peacegraph
// served on loopback, beside normal traffic, for a bounded time, and prints
// the normal requests' latency percentiles, what the attacks got back, and
// the server's peak resident memory. It stops itself after -duration.
//
//	go run . generate --actors 20000 --ties 100000 --data /tmp/h.db
//	go run . serve --data /tmp/h.db --addr 127.0.0.1:8099 --timeout 3s &
//	go run ./tools/hostile -url http://127.0.0.1:8099/graphql -pid $! -duration 60s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/graphql", "the GraphQL endpoint, on loopback")
	pid := flag.Int("pid", 0, "the server's process id, to read its resident memory")
	duration := flag.Duration("duration", 60*time.Second, "how long to run (at most 10m)")
	slow := flag.Int("slow", 100, "connections that send a body a byte a second, reconnecting when cut (part of the attacks)")
	withAttacks := flag.Bool("attacks", true, "send the attacks beside the normal traffic; false measures the normal traffic alone, to read the attacks' effect apart from the machine's")
	flag.Parse()
	if *duration > 10*time.Minute {
		*duration = 10 * time.Minute
	}
	if !strings.HasPrefix(*url, "http://127.0.0.1:") && !strings.HasPrefix(*url, "http://localhost:") {
		fmt.Fprintln(os.Stderr, "hostile: -url must be on loopback")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	loadBefore := loadAverage()

	var mu sync.Mutex
	codes := map[string]map[string]int{} // attack -> code -> count
	note := func(attack, code string) {
		mu.Lock()
		defer mu.Unlock()
		if codes[attack] == nil {
			codes[attack] = map[string]int{}
		}
		codes[attack][code]++
	}
	var wg sync.WaitGroup
	bodies := attacks()
	if !*withAttacks {
		bodies = nil
	}
	for name, body := range bodies {
		for range 2 { // two clients of each attack
			wg.Go(func() {
				for ctx.Err() == nil {
					note(name, post(ctx, *url, body))
				}
			})
		}
	}
	host := strings.TrimPrefix(strings.SplitN(*url, "/graphql", 2)[0], "http://")
	if *withAttacks {
		wg.Go(func() { slowBodies(ctx, host, *slow, note) })
	}

	var lat []time.Duration
	var peak int64
	wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for ctx.Err() == nil {
			<-tick.C
			if rss := residentKB(*pid); rss > peak {
				peak = rss
			}
		}
	})
	// Normal traffic comes from another loopback address, a client of its
	// own: the attackers' budgets and connection limits are not its.
	normalClient := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	normal := `{"query":"{ actor(id: \"syn-civil-society-1\") { name ties(first: 5) { totalCount } } actors(first: 10) { nodes { id name } } }"}`
	for ctx.Err() == nil {
		start := time.Now()
		code := postWith(ctx, normalClient, *url, normal)
		if ctx.Err() != nil {
			break
		}
		lat = append(lat, time.Since(start))
		note("normal", code)
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("attacks: %t; load average before %s, after %s\n", *withAttacks, loadBefore, loadAverage())
	fmt.Printf("normal requests: %d, p50 %v, p99 %v, max %v\n", len(lat), pct(0.5), pct(0.99), pct(1))
	fmt.Printf("server peak RSS: %d MiB\n", peak/1024)
	names := make([]string, 0, len(codes))
	for n := range codes {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Printf("%-22s %v\n", n, codes[n])
	}
}

// attacks are the requests of the findings, scaled to pass the body limit.
func attacks() map[string]string {
	q := func(s string) string { b, _ := json.Marshal(map[string]string{"query": s}); return string(b) }
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: %s", i, strings.ReplaceAll(field, "%d", strconv.Itoa(i)))
		}
		return b.String() + " }"
	}
	spreads := "{ actors(first: 1) { nodes { " + strings.Repeat("...F ", 5000) + "} } } fragment F on Actor { id }"
	return map[string]string{
		"betweenness-aliases": q(aliases(30, `centrality(metric: BETWEENNESS, options: {samples: 1140, seed: %d}) { count }`)),
		"communities":         q(`{ communities(restarts: 100) { count } }`),
		"diameter":            q(`{ networkStatistics { diameter } }`),
		"export-aliases":      q(aliases(10, `export(format: NODE_LINK_JSON)`)),
		"fragment-spreads":    q(spreads),
		"typename-aliases":    q(aliases(40000, "__typename")),
		"long-search":         q(`{ search(query: "` + strings.Repeat("peace ", 100000) + `") { totalCount } }`),
		"batch":               `[` + q(`{ __typename }`) + `,` + q(`{ __typename }`) + `]`,
	}
}

// post sends body and returns the first error code, "ok", or the HTTP
// status when the answer is not GraphQL.
func post(ctx context.Context, url, body string) string {
	return postWith(ctx, http.DefaultClient, url, body)
}

// postWith is post through client.
func postWith(ctx context.Context, client *http.Client, url, body string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return "request"
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		// The error's text says what failed: a refused or reset
		// connection, a timeout, a closed keep-alive connection.
		return "transport: " + errorText(err)
	}
	defer func() { _ = resp.Body.Close() }() // a read-only body: nothing to lose
	var out struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err := json.Unmarshal(data, &out); err != nil {
		return "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	if len(out.Errors) > 0 {
		return out.Errors[0].Extensions.Code
	}
	return "ok"
}

// errorText is err's text without the request's method and URL, which
// every error of one client repeats, and without port numbers, so that
// errors of one kind count together.
func errorText(err error) string {
	var uerr *neturl.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return portNumber.ReplaceAllString(err.Error(), ":PORT")
}

var portNumber = regexp.MustCompile(`:\d+\b`)

// slowBodies keeps n connections open that send a body a byte a second,
// and notes how each ended.
func slowBodies(ctx context.Context, host string, n int, note func(attack, code string)) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				c, err := net.DialTimeout("tcp", host, time.Second)
				if err != nil {
					note("slow-body", "dial")
					time.Sleep(time.Second)
					continue
				}
				fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
				done := make(chan string, 1)
				go func() {
					buf := make([]byte, 512)
					n, _ := c.Read(buf)
					if bytes.Contains(buf[:n], []byte(" 408 ")) {
						done <- "408"
					} else if bytes.Contains(buf[:n], []byte(" 429 ")) {
						done <- "429"
					} else {
						done <- "closed"
					}
				}()
			loop:
				for {
					select {
					case code := <-done:
						note("slow-body", code)
						break loop
					case <-ctx.Done():
						break loop
					case <-time.After(time.Second):
						_, _ = c.Write([]byte("x"))
					}
				}
				_ = c.Close() // the slow connection is dropped on purpose
			}
		})
	}
	wg.Wait()
}

// loadAverage is the machine's 1, 5 and 15 minute load averages.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// residentKB reads the current VmRSS of pid in KiB, 0 when unknown.
func residentKB(pid int) int64 {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
