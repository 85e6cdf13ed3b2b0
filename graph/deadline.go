package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Deadline is a handler extension that answers a request whose time ran
// out before its answer was made with a TIMEOUT error. gqlgen's executor
// ends such a response with nil, its end-of-stream signal, which the HTTP
// transports write as a bare `null` with status 200: a client would see an
// empty answer and no reason.
type Deadline struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = Deadline{}

// ExtensionName implements graphql.HandlerExtension.
func (Deadline) ExtensionName() string { return "Deadline" }

// Validate implements graphql.HandlerExtension.
func (Deadline) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (Deadline) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	responses := next(ctx)
	answered := false
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil && !answered && ctx.Err() != nil {
			resp = &graphql.Response{Errors: gqlerror.List{presentedError(ctx, ctx.Err())}, Data: json.RawMessage("null")}
		}
		answered = true
		return resp
	}
}
