// Package httplimit holds the limits of the HTTP server: how long a client
// may take to send a request and to read the answer, how long an idle
// connection is kept, how large the headers may be, and how many
// connections one client address may hold at once.
package httplimit

import (
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The defaults of Limits.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxHeaderBytes    = 128 << 10
	DefaultMaxConnsPerClient = 64
	// writeSlack is what WriteTimeout adds to the request time limit, so
	// that an answer computed just in time can still be written.
	writeSlack = 10 * time.Second
)

// Limits are the HTTP server's limits. Zero fields take the defaults.
type Limits struct {
	// ReadHeaderTimeout bounds the time to read a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the time to read a whole request, body
	// included, so a body sent a byte at a time is cut.
	ReadTimeout time.Duration
	// RequestTimeout is the time limit of one request's work; the time to
	// write the answer (WriteTimeout) is this plus ten seconds.
	RequestTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds the request line and the headers.
	MaxHeaderBytes int
	// MaxConnsPerClient bounds the connections one client address may hold
	// open at once; more are answered 429 and closed.
	MaxConnsPerClient int
}

func (l Limits) withDefaults() Limits {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&l.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	def(&l.ReadTimeout, DefaultReadTimeout)
	def(&l.RequestTimeout, 30*time.Second)
	def(&l.IdleTimeout, DefaultIdleTimeout)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if l.MaxConnsPerClient <= 0 {
		l.MaxConnsPerClient = DefaultMaxConnsPerClient
	}
	return l
}

// Server returns an http.Server for h with the timeouts and header limit
// of l, logging to log.
func Server(h http.Handler, l Limits, log *slog.Logger) *http.Server {
	l = l.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.RequestTimeout + writeSlack,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Listen returns ln with at most l.MaxConnsPerClient connections open per
// client address: a connection over it is answered 429 with a GraphQL
// error of code RATE_LIMITED and closed.
func Listen(ln net.Listener, l Limits) net.Listener {
	l = l.withDefaults()
	return &listener{Listener: ln, max: l.MaxConnsPerClient, open: map[string]int{}}
}

type listener struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open map[string]int
}

// tooManyBody is the body of the answer to a connection over the limit.
const tooManyBody = `{"errors":[{"message":"this client has too many connections open: close some first","extensions":{"code":"RATE_LIMITED"}}]}` + "\n"

// tooMany is the answer to a connection over the limit.
var tooMany = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
	strconv.Itoa(len(tooManyBody)) + "\r\n\r\n" + tooManyBody

// Accept implements net.Listener.
func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := clientHost(c.RemoteAddr())
		l.mu.Lock()
		if l.open[host] >= l.max {
			l.mu.Unlock()
			go refuse(c)
			continue
		}
		l.open[host]++
		l.mu.Unlock()
		return &conn{Conn: c, release: func() { l.release(host) }}, nil
	}
}

func (l *listener) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[host]--; l.open[host] <= 0 {
		delete(l.open, host)
	}
}

// refuse answers c 429 and closes it, giving up after a second.
func refuse(c net.Conn) {
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.Write([]byte(tooMany))
	_ = c.Close()
}

// clientHost is the address of a client without its port.
func clientHost(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// conn is a connection that frees its place when closed, once.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close implements net.Conn.
func (c *conn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
