package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is a real OTLP/HTTP endpoint that keeps the spans it is sent.
type otlpReceiver struct {
	mu    sync.Mutex
	spans map[string][]byte // span name -> trace id
	names []string
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	b, err := io.ReadAll(r.Body)
	var req coltrace.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(b, &req)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	o.mu.Lock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				o.spans[s.Name] = s.TraceId
				o.names = append(o.names, s.Name)
			}
		}
	}
	o.mu.Unlock()
	b, _ = proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(b)
}

// TestServeTracing points the service at an OTLP receiver with the standard
// variable: one GraphQL request gives an HTTP server span, a GraphQL
// operation span and store spans, all in one trace, sent by the time the
// service has stopped.
func TestServeTracing(t *testing.T) {
	rcv := &otlpReceiver{spans: map[string][]byte{}}
	collector := httptest.NewServer(rcv)
	defer collector.Close()

	s := MustServe(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL})
	post(t, s.URL, `query Stats { networkStats { actors } }`, nil)
	s.Stop(t)

	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	httpSpan, gqlSpan, storeSpan := rcv.spans["POST /graphql"], rcv.spans["graphql query Stats"], rcv.spans["store.Stats"]
	if httpSpan == nil || gqlSpan == nil || storeSpan == nil {
		t.Fatalf("spans %q, want POST /graphql, graphql query Stats and store.Stats", rcv.names)
	}
	if !slices.Equal(httpSpan, gqlSpan) || !slices.Equal(gqlSpan, storeSpan) {
		t.Errorf("the HTTP, GraphQL and store spans are in different traces")
	}
}

// TestServeTracingOff checks that without the variables no span is sent and
// serve does not fail.
func TestServeTracingOff(t *testing.T) {
	rcv := &otlpReceiver{spans: map[string][]byte{}}
	collector := httptest.NewServer(rcv)
	defer collector.Close()
	s := MustServe(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL, "OTEL_SDK_DISABLED": "true"})
	post(t, s.URL, `query Stats { networkStats { actors } }`, nil)
	s.Stop(t)
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.names) > 0 {
		t.Errorf("spans sent with OTEL_SDK_DISABLED=true: %q", rcv.names)
	}
}
