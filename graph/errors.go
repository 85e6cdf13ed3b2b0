package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/peacegraph/peacegraph/network"
)

// The codes of extensions.code that peacegraph adds to gqlgen's own
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
const (
	CodeBadUserInput       = "BAD_USER_INPUT"
	CodeNotFound           = "NOT_FOUND"
	CodeConflict           = "CONFLICT"
	CodeUnauthenticated    = "UNAUTHENTICATED"
	CodeForbidden          = "FORBIDDEN"
	CodeComplexityExceeded = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeUnavailable        = "SERVICE_UNAVAILABLE"
	CodeInternal           = "INTERNAL"
	// CodeTimeout is a request that ran out of its time limit; its work
	// was stopped.
	CodeTimeout = "TIMEOUT"
	// CodeRateLimited is a client that spent its budget over time; the
	// response carries Retry-After.
	CodeRateLimited = "RATE_LIMITED"
	// CodeBusy is an analytics computation refused because the pool of
	// running and queued computations is full.
	CodeBusy = "BUSY"
	// CodePayloadTooLarge is a request body above the limit (HTTP 413).
	CodePayloadTooLarge = "PAYLOAD_TOO_LARGE"
	// CodeBadRequest is a request the transport cannot read: not a
	// GraphQL request object, a batch, bad JSON (HTTP 400).
	CodeBadRequest = "BAD_REQUEST"
)

// timeoutMessage is what a request that ran out of time is told.
const timeoutMessage = "the request took longer than its time limit; its work was stopped"

// isTimeout reports whether err, or the request's context, ran out of time.
func isTimeout(ctx context.Context, err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) && errors.Is(err, context.Canceled)
}

// ExtensionCode maps a network error code to the GraphQL extensions.code.
func ExtensionCode(code string) string {
	switch code {
	case network.EINVALID:
		return CodeBadUserInput
	case network.ENOTFOUND:
		return CodeNotFound
	case network.ECONFLICT:
		return CodeConflict
	case network.EUNAUTHORIZED:
		return CodeUnauthenticated
	case network.EFORBIDDEN:
		return CodeForbidden
	case network.ETOOLARGE:
		return CodeComplexityExceeded
	case network.EUNAVAILABLE:
		return CodeUnavailable
	}
	return CodeInternal
}

// HTTPStatus is the HTTP status that routes answering outside GraphQL (the
// CSV tables) give for an extensions.code: 400 for bad input and limits.
func HTTPStatus(code string) int {
	switch code {
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case "RATE_LIMITED":
		return http.StatusTooManyRequests
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case "TIMEOUT":
		return http.StatusGatewayTimeout
	case CodeInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// ErrorPresenter returns the one function that turns every error of a
// request into what the client sees. An error carrying a network code keeps
// its message and gets the matching extensions.code; errors gqlgen or the
// limits made (parse, validation, complexity, depth) pass unchanged; a
// timeout is TIMEOUT, a cancelled request (client gone, shutdown)
// SERVICE_UNAVAILABLE; anything else is logged to log and shown
// only as "internal error" with code INTERNAL.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr == nil {
			return nil
		}
		var nerr *network.Error
		switch {
		case isTimeout(ctx, err):
			return withCode(gqlErr, timeoutMessage, CodeTimeout)
		case errors.Is(err, errBusy):
			return withCode(gqlErr, "every analytics worker is busy and the queue is full: retry shortly", CodeBusy)
		case errors.Is(err, context.Canceled):
			return withCode(gqlErr, "the request was cancelled", CodeUnavailable)
		case errors.As(err, &nerr):
			return withCode(gqlErr, nerr.Message, ExtensionCode(nerr.Code))
		case gqlErr.Err == nil:
			return gqlErr
		}
		log.ErrorContext(ctx, "graphql: internal error", "path", gqlErr.Path.String(), "err", err)
		return withCode(gqlErr, "internal error", CodeInternal)
	}
}

// withCode returns a copy of e with message and extensions.code, without
// the wrapped error.
func withCode(e *gqlerror.Error, message, code string) *gqlerror.Error {
	ext := map[string]any{}
	for k, v := range e.Extensions {
		ext[k] = v
	}
	ext["code"] = code
	return &gqlerror.Error{Message: message, Path: e.Path, Locations: e.Locations, Extensions: ext, Rule: e.Rule}
}

// errPanic is what a recovered panic becomes before the presenter hides it.
var errPanic = errors.New("panic in resolver")

// RecoverFunc returns the function that turns a panic in a resolver into an
// internal error, logging the value and the stack to log.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "graphql: panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()))
		return errPanic
	}
}
