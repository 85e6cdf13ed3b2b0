package httplimit

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// maxRateClients is how many client addresses' request rates are
// remembered; the least recently seen are forgotten first.
const maxRateClients = 10_000

// tooFastBody is the body of the answer to a request over its client's rate.
const tooFastBody = `{"errors":[{"message":"this client sends requests faster than the service allows: slow down","extensions":{"code":"RATE_LIMITED"}}]}` + "\n"

// RequestRate returns next behind a limit of perSecond requests a second,
// and burst at once, per client address (without its port), a request
// counting one more for every 64 KiB of its body (requestUnits): a request over
// it is answered 429 with RATE_LIMITED and Retry-After before its body is
// read, so that a client sending requests as fast as it can costs the
// server their headers only, not the decoding of every body. perSecond 0
// or less returns next unchanged.
func RequestRate(perSecond float64, burst int, next http.Handler) http.Handler {
	if perSecond <= 0 {
		return next
	}
	burst = max(burst, 1)
	clients, _ := lru.New[string, *rate.Limiter](maxRateClients)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.RemoteAddr
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		lim, ok := clients.Get(host)
		if !ok {
			lim = rate.NewLimiter(rate.Limit(perSecond), burst)
			if prev, found, _ := clients.PeekOrAdd(host, lim); found {
				lim = prev
			}
		}
		now := time.Now()
		if res := lim.ReserveN(now, min(requestUnits(r), burst)); res.DelayFrom(now) > 0 {
			wait := res.DelayFrom(now)
			res.CancelAt(now)
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(tooFastBody))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bodyUnit is the body size that counts as one request more.
const bodyUnit = 64 << 10

// requestUnits is what r counts against its client's rate: 1, plus 1 for
// every 64 KiB its body declares, and 16 (a 1 MiB body) for a chunked body
// of unknown length, so that large bodies, which cost the most to decode,
// are fewer.
func requestUnits(r *http.Request) int {
	switch {
	case r.Body == nil || r.Body == http.NoBody:
		return 1
	case r.ContentLength < 0:
		return 1 + 16
	}
	return 1 + int(r.ContentLength/bodyUnit)
}
