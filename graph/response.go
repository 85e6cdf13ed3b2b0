package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// This file bounds what one response holds: the bytes its fields' values
// will take in the JSON answer are counted as the fields resolve, an
// export counts its file as it is written, and the first value past the
// limit ends the request with RESPONSE_TOO_LARGE instead of being kept.

// DefaultMaxResponseBytes is the largest response of one request, in bytes
// of its JSON answer; it bounds the estimated size of its exports before
// they run too.
const DefaultMaxResponseBytes = 64 << 20

// CodeResponseTooLarge is a response that would be larger than the limit;
// it was cut before it was held whole.
const CodeResponseTooLarge = "RESPONSE_TOO_LARGE"

// ResponseSize is a handler extension that bounds the size of a response:
// every field's value is counted as it resolves (its key and, for a
// scalar or a list of scalars, its JSON text), an export counts its file
// while it writes it (see responseWriter), and once the total passes Max
// the fields still to resolve are not run and the answer is one
// RESPONSE_TOO_LARGE error with data null. The exact size of the
// marshalled data is checked last.
type ResponseSize struct {
	Max int64
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = ResponseSize{}

// ExtensionName implements graphql.HandlerExtension.
func (ResponseSize) ExtensionName() string { return "ResponseSize" }

// Validate implements graphql.HandlerExtension.
func (ResponseSize) Validate(graphql.ExecutableSchema) error { return nil }

type responseKey struct{}

// responseBudget is what one response has taken so far.
type responseBudget struct {
	max     int64
	taken   atomic.Int64
	tooLate atomic.Bool // the limit was passed
}

// take counts n more bytes and reports whether the response is still
// within its limit.
func (b *responseBudget) take(n int64) bool {
	if b.taken.Add(n) > b.max {
		b.tooLate.Store(true)
		return false
	}
	return true
}

func (b *responseBudget) error() *gqlerror.Error {
	return limitError(CodeResponseTooLarge, "the response would be larger than %d bytes (--max-response): ask for fewer fields, a smaller page or a narrower network, or export with the export command", b.max)
}

// InterceptResponse implements graphql.ResponseInterceptor.
func (r ResponseSize) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if r.Max <= 0 || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	b := &responseBudget{max: r.Max}
	resp := next(context.WithValue(ctx, responseKey{}, b))
	if resp == nil {
		return nil
	}
	if b.tooLate.Load() || int64(len(resp.Data))+htmlEscapes(resp.Data) > r.Max {
		return &graphql.Response{Errors: gqlerror.List{b.error()}, Data: json.RawMessage("null")}
	}
	return resp
}

// InterceptField implements graphql.FieldInterceptor.
func (r ResponseSize) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	b, _ := ctx.Value(responseKey{}).(*responseBudget)
	if b == nil {
		return next(ctx)
	}
	if b.tooLate.Load() {
		return nil, b.error()
	}
	res, err := next(ctx)
	if err != nil {
		return res, err
	}
	n := int64(4) // quotes, colon, comma
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		n += int64(len(fc.Field.Alias))
	}
	if !b.take(n + valueBytes(res)) {
		return nil, b.error()
	}
	return res, nil
}

// valueBytes is about how many bytes v takes as JSON when it is a scalar or
// a list of scalars; 0 for objects and lists of objects, whose fields are
// counted as they resolve.
func valueBytes(v any) int64 {
	switch v := v.(type) {
	case nil:
		return 4
	case string:
		return jsonLen(v)
	case *string:
		if v == nil {
			return 4
		}
		return jsonLen(*v)
	case bool, *bool:
		return 5
	case int, int32, int64, *int, *int64:
		return 8
	case float64, *float64:
		return 20
	case []string:
		n := int64(2)
		for _, s := range v {
			n += jsonLen(s) + 1
		}
		return n
	case []int:
		return 2 + 8*int64(len(v))
	case []float64:
		return 2 + 20*int64(len(v))
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		switch rv.Type().Elem().Kind() {
		case reflect.String:
			n := int64(2)
			for i := range rv.Len() {
				n += int64(rv.Index(i).Len()) + 3
			}
			return n
		case reflect.Int, reflect.Int32, reflect.Int64, reflect.Bool:
			return 2 + 8*int64(rv.Len())
		case reflect.Float32, reflect.Float64:
			return 2 + 20*int64(rv.Len())
		case reflect.Slice:
			n := int64(2)
			for i := range rv.Len() {
				n += valueBytes(rv.Index(i).Interface()) + 1
			}
			return n
		}
	}
	return 0
}

// responseWriter returns w counting what is written to it against the
// request's response budget: a write past the limit fails with
// RESPONSE_TOO_LARGE, so a file larger than the response may hold is
// stopped while it is written. done gives back what was counted, for the
// field to be counted whole as it resolves.
func responseWriter(ctx context.Context, w io.Writer) (out io.Writer, done func()) {
	b, _ := ctx.Value(responseKey{}).(*responseBudget)
	if b == nil {
		return w, func() {}
	}
	bw := &budgetWriter{w: w, b: b}
	return bw, func() { b.taken.Add(-bw.n) }
}

type budgetWriter struct {
	w io.Writer
	b *responseBudget
	n int64
}

func (w *budgetWriter) Write(p []byte) (int, error) {
	n := jsonLen(p) - 2
	w.n += n
	if !w.b.take(n) {
		return 0, errResponseTooLarge{w.b.max}
	}
	return w.w.Write(p)
}

// jsonLen is the length of s as a JSON string in the answer: quoted, with
// quotes, backslashes and control characters escaped, and <, > and &
// written as \u003c, \u003e and \u0026, as encoding/json writes them.
func jsonLen[T string | []byte](s T) int64 {
	n := int64(len(s)) + 2
	for i := range len(s) {
		switch c := s[i]; {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
			n++
		case c == '<' || c == '>' || c == '&':
			n += 5
		case c < 0x20:
			n += 5
		}
	}
	return n
}

// htmlEscapes is how many bytes encoding/json adds to the JSON text data
// when it writes it into the answer: <, > and & become \u003c, \u003e and
// \u0026.
func htmlEscapes(data []byte) int64 {
	var n int64
	for _, c := range data {
		if c == '<' || c == '>' || c == '&' {
			n += 5
		}
	}
	return n
}

// errResponseTooLarge is the error of a write past the response limit.
type errResponseTooLarge struct{ max int64 }

func (e errResponseTooLarge) Error() string {
	return fmt.Sprintf("the response would be larger than %d bytes", e.max)
}
