package telemetry

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// GraphQL is a gqlgen extension that records each operation: its name and
// first error code on the Request (for the access log), its count and
// duration in Metrics (nil for none), a span when tracing is on, and the
// request id in the extensions of every error it returns, so that a client
// reporting an error can name the log line.
type GraphQL struct {
	Metrics *Metrics
}

var (
	_ graphql.HandlerExtension    = GraphQL{}
	_ graphql.ResponseInterceptor = GraphQL{}
)

// tracerName names the tracer of the service's own spans.
const tracerName = "github.com/peacegraph/peacegraph"

// ExtensionName implements graphql.HandlerExtension.
func (GraphQL) ExtensionName() string { return "Telemetry" }

// Validate implements graphql.HandlerExtension.
func (GraphQL) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (g GraphQL) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, kind := "-", "-" // before an operation is parsed
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil {
			kind = string(oc.Operation.Operation)
			name = oc.Operation.Name
		}
		if name == "" || name == "-" {
			name = oc.OperationName
		}
		if name == "" && oc.Operation != nil {
			name = "anonymous"
		}
		if name == "" {
			name = "-"
		}
	}
	req := RequestFrom(ctx)
	if req != nil {
		req.SetOperation(name)
	}
	ctx, span := otel.Tracer(tracerName).Start(ctx, "graphql "+kind+" "+name,
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attribute.String("graphql.operation.name", name), attribute.String("graphql.operation.type", kind)))
	defer span.End()

	start := time.Now()
	resp := next(ctx)
	took := time.Since(start)

	code := ""
	if resp != nil {
		for _, e := range resp.Errors {
			c, _ := e.Extensions["code"].(string)
			if code == "" {
				code = c
			}
			if req != nil {
				if e.Extensions == nil {
					e.Extensions = map[string]any{}
				}
				e.Extensions["requestId"] = req.ID
			}
		}
	}
	if code != "" {
		if req != nil {
			req.SetCode(code)
		}
		span.SetAttributes(attribute.String("graphql.error.code", code))
		span.SetStatus(codes.Error, code)
	}
	if g.Metrics != nil {
		label := g.Metrics.operationLabel(name)
		g.Metrics.gqlOps.WithLabelValues(label, kind, orOK(code)).Inc()
		g.Metrics.gqlDuration.WithLabelValues(label, kind).Observe(took.Seconds())
	}
	return resp
}

// orOK is code, or "OK" for none.
func orOK(code string) string {
	if code == "" {
		return "OK"
	}
	return code
}
