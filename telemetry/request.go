package telemetry

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RequestIDHeader is the header a request id comes in (when a proxy made
// one) and goes back out in.
const RequestIDHeader = "X-Request-Id"

// Request is what the service learns about one HTTP request while it
// answers it: its id, and the GraphQL operation and error code, which the
// GraphQL extension fills in.
type Request struct {
	// ID identifies the request in the access log, in the response's
	// X-Request-Id header and in the extensions of its GraphQL errors.
	ID string

	mu        sync.Mutex
	operation string
	code      string
}

// SetOperation records the name of the request's GraphQL operation.
func (r *Request) SetOperation(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.operation = name
}

// SetCode records the extensions.code of the request's first error, unless
// one is recorded already.
func (r *Request) SetCode(code string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.code == "" {
		r.code = code
	}
}

func (r *Request) state() (operation, code string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.operation, r.code
}

type requestKey struct{}

// RequestFrom returns the Request of ctx, nil outside of Middleware.
func RequestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// RequestID returns the id of ctx's request, "" outside of Middleware.
func RequestID(ctx context.Context) string {
	if r := RequestFrom(ctx); r != nil {
		return r.ID
	}
	return ""
}

// requestID returns the id a client or proxy sent, when it is a plain token
// of at most 128 characters, or a new random one.
func requestID(sent string) string {
	if n := len(sent); n > 0 && n <= 128 && strings.IndexFunc(sent, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c))
	}) < 0 {
		return sent
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// Middleware gives each request an id (the X-Request-Id it came with, or
// a new one) returned in the X-Request-Id header, records its metrics in m
// (nil for none), and writes one access-log line per request to log: id,
// method, path, route, status, duration, bytes, GraphQL operation and
// error code.
func Middleware(log *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		req := &Request{ID: requestID(r.Header.Get(RequestIDHeader))}
		w.Header().Set(RequestIDHeader, req.ID)
		rw := &responseWriter{ResponseWriter: w}
		if m != nil {
			m.httpInFlight.Inc()
			defer m.httpInFlight.Dec()
		}
		r = r.WithContext(context.WithValue(r.Context(), requestKey{}, req))
		next.ServeHTTP(rw, r)

		took := time.Since(start)
		status := rw.status
		if status == 0 {
			status = http.StatusOK
		}
		if code := rw.errorCode(); code != "" {
			req.SetCode(code)
		}
		operation, code := req.state()
		// The mux sets the pattern it matched on the request it is given.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if m != nil {
			m.httpDuration.WithLabelValues(route, r.Method, strconv.Itoa(status)).Observe(took.Seconds())
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelWarn
		}
		attrs := []slog.Attr{
			slog.String("requestId", req.ID),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Float64("durationMs", float64(took.Microseconds())/1000),
			slog.Int64("bytes", rw.bytes),
		}
		if operation != "" {
			attrs = append(attrs, slog.String("operation", operation))
		}
		if code != "" {
			attrs = append(attrs, slog.String("code", code))
		}
		log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// errorBodyLimit is how much of an error response's body responseWriter
// keeps to read its extensions.code.
const errorBodyLimit = 4096

// responseWriter records the status and size of a response and keeps the
// start of an error response's JSON body.
type responseWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	body   bytes.Buffer // the start of a 4xx or 5xx JSON body
}

func (w *responseWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status >= 400 && w.body.Len() < errorBodyLimit && strings.Contains(w.Header().Get("Content-Type"), "json") {
		w.body.Write(p[:min(len(p), errorBodyLimit-w.body.Len())])
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Flush sends what is buffered, when the underlying writer can.
func (w *responseWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// errorCode is the extensions.code of the first error of an error
// response's body, "" when it has none.
func (w *responseWriter) errorCode() string {
	if w.body.Len() == 0 {
		return ""
	}
	var body struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(w.body.Bytes(), &body) != nil || len(body.Errors) == 0 {
		return ""
	}
	return body.Errors[0].Extensions.Code
}

// LogHandler returns h adding the request id of the context (when there is
// one) to every record, so that an internal error logged while answering a
// request can be found from the id its client was given.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" && r.Message != "request" {
		r = r.Clone()
		r.AddAttrs(slog.String("requestId", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{h.Handler.WithAttrs(attrs)}
}

func (h logHandler) WithGroup(name string) slog.Handler { return logHandler{h.Handler.WithGroup(name)} }
