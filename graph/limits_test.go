package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// The generated network the hostile requests are scaled to: a tenth of
// the 20,000 actors and 100,000 ties they were first seen on, so limits are
// a tenth (or a hundredth, for costs that grow with n²) too.
const (
	hostileActors = 2000
	hostileTies   = 10000
)

// MustHostileStore returns an embedded store holding a generated network of
// hostileActors and hostileTies.
func MustHostileStore(tb testing.TB) network.Store {
	tb.Helper()
	c, err := synthetic.Generate(synthetic.Options{Actors: hostileActors, Ties: hostileTies, Seed: 11})
	if err != nil {
		tb.Fatalf("synthetic.Generate: %v", err)
	}
	s := MustOpenStore(tb)
	MustApply(tb, s, c)
	return s
}

// aliased repeats field n times, each under its own alias, with %d in
// field replaced by the alias number.
func aliased(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, strings.ReplaceAll(field, "%d", strconv.Itoa(i)))
	}
	b.WriteString(" }")
	return b.String()
}

// MustRefuse posts query to h and checks that it is refused with code
// within limit, before any analytics work (a's computations unchanged).
func MustRefuse(tb testing.TB, h http.Handler, a *graph.Analytics, query, code string, limit time.Duration) rawResponse {
	tb.Helper()
	before := a.Stats()
	start := time.Now()
	resp := MustPost(tb, h, query, nil)
	took := time.Since(start)
	if len(resp.Errors) == 0 || resp.Errors[0].Code() != code {
		tb.Fatalf("errors = %+v, want %s\n%.300s", resp.Errors, code, resp.Body)
	}
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		tb.Errorf("refused request has data: %.200s", resp.Data)
	}
	if took > limit {
		tb.Errorf("refusal took %v, want under %v", took, limit)
	}
	if after := a.Stats(); after.Computations != before.Computations || after.Projections != before.Projections {
		tb.Errorf("work was done before the refusal: %+v -> %+v", before, after)
	}
	return resp
}

func TestCostModel(t *testing.T) {
	store := MustHostileStore(t)
	// pass = n + 2m = 22,000 units: the full-size limits scaled down 10x.
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	opts := graph.Options{Analytics: graph.AnalyticsOptions{}, MaxCost: graph.DefaultRequestCost / 10,
		MaxResponseBytes: graph.DefaultMaxResponseBytes / 10, ClientCostPerSecond: -1}
	opts.Engine = a
	h := graph.NewHandler(store, opts)

	t.Run("ErrSampledBetweennessAliases", func(t *testing.T) {
		// Seen: 30 aliased sampled betweenness with distinct seeds kept
		// two cores busy for a minute after the client left.
		q := aliased(30, `centrality(metric: BETWEENNESS, options: {samples: 1140, seed: %d}) { count }`)
		resp := MustRefuse(t, h, a, q, graph.CodeComplexityExceeded, 2*time.Second)
		if !strings.Contains(resp.Errors[0].Message, "costs") {
			t.Errorf("message does not give the cost: %s", resp.Errors[0].Message)
		}
	})
	t.Run("ErrCommunitiesRestarts", func(t *testing.T) {
		MustRefuse(t, h, a, `{ communities(restarts: 100) { count } }`, graph.CodeComplexityExceeded, 2*time.Second)
	})
	t.Run("ErrDiameterAliases", func(t *testing.T) {
		// One diameter over the whole network costs n·pass = 4.4e7 here;
		// three exceed 1e8. (A selection is charged for what it keeps: see
		// TestCostOfSelection.)
		MustRefuse(t, h, a, aliased(3, `networkStatistics(network: {directed: true}) { diameter }`), graph.CodeComplexityExceeded, 2*time.Second)
	})
	t.Run("ErrExportAliases", func(t *testing.T) {
		// Seen: 10 aliases of a node-link export returned 351 MB.
		resp := MustRefuse(t, h, a, aliased(10, `export(format: NODE_LINK_JSON)`), graph.CodeResponseTooLarge, 2*time.Second)
		if !strings.Contains(resp.Errors[0].Message, "bytes") {
			t.Errorf("message does not name the size: %s", resp.Errors[0].Message)
		}
	})
	t.Run("ErrActorCentralityInList", func(t *testing.T) {
		// Actor.centrality costs what its metric computes, per alias.
		q := `{ actors(first: 5) { nodes {` + strings.TrimSuffix(strings.TrimPrefix(aliased(30, `centrality(metric: BETWEENNESS, options: {samples: 1140, seed: %d})`), "{"), "}") + `} } }`
		MustRefuse(t, h, a, q, graph.CodeComplexityExceeded, 2*time.Second)
	})
	t.Run("OK", func(t *testing.T) {
		for _, q := range []string{
			`{ centrality(metric: BETWEENNESS, options: {samples: 100, seed: 1}) { count } }`,
			aliased(3, `centrality(metric: BETWEENNESS, options: {samples: 100, seed: %d}) { count }`),
			`{ communities(restarts: 2) { count } }`,
			`{ export(format: NODE_LINK_JSON) }`,
			`{ actors(first: 100) { nodes { id ties(first: 100) { totalCount } } } }`,
		} {
			if resp := MustPost(t, h, q, nil); len(resp.Errors) > 0 {
				t.Errorf("%.80s: %s", q, resp.Errors[0].Message)
			}
		}
	})
}

// TestCostOfSelection checks that an analytics field is charged for the
// network its network argument selects, not the whole network: exact
// closeness (n·(n+2m)) over the whole generated network costs 4.4e7, above
// the limit of 1e7 here, but over its regional organizations and financial
// institutions (about a sixteenth of the actors) far less.
func TestCostOfSelection(t *testing.T) {
	store := MustHostileStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	h := graph.NewHandler(store, graph.Options{Engine: a, MaxCost: 10_000_000, ClientCostPerSecond: -1})
	small := `network: {actorKinds: [REGIONAL_ORGANIZATION, FINANCIAL_INSTITUTION]}`
	t.Run("OK/SmallSelection", func(t *testing.T) {
		for _, q := range []string{
			`{ centrality(metric: CLOSENESS, ` + small + `) { count } }`,
			`{ networkStatistics(` + small + `) { diameter } }`,
			`{ networkGraph(metric: CLOSENESS, ` + small + `) { nodes { id } } }`,
			`{ underfundedBrokers(` + small + `) { betweenness } }`,
		} {
			if resp := MustPost(t, h, q, nil); len(resp.Errors) > 0 {
				t.Errorf("%.80s: %s", q, resp.Errors[0].Message)
			}
		}
	})
	t.Run("OK/SmallSelectionVariable", func(t *testing.T) {
		q := `query($n: NetworkSelection) { centrality(metric: CLOSENESS, network: $n) { count } }`
		vars := map[string]any{"n": map[string]any{"actorKinds": []string{"REGIONAL_ORGANIZATION", "FINANCIAL_INSTITUTION"}}}
		if resp := MustPost(t, h, q, vars); len(resp.Errors) > 0 {
			t.Errorf("%s", resp.Errors[0].Message)
		}
	})
	for name, q := range map[string]string{
		"ErrWhole":          `{ centrality(metric: CLOSENESS) { count } }`,
		"ErrLargeSelection": `{ centrality(metric: CLOSENESS, network: {directed: true}) { count } }`,
		"ErrBrokersWhole":   `{ underfundedBrokers { betweenness } }`,
	} {
		t.Run(name, func(t *testing.T) {
			MustRefuse(t, h, a, q, graph.CodeComplexityExceeded, 2*time.Second)
		})
	}
}

func TestRateLimit(t *testing.T) {
	store := MustHostileStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	// A client may spend 1e6 units at once and 1e5 a second: one sampled
	// betweenness of 20 sources (20 passes, 440,000 units) twice, then it
	// waits.
	h := graph.NewHandler(store, graph.Options{Engine: a, MaxCost: 1_000_000, ClientCostPerSecond: 100_000, ClientCostBurst: 1_000_000})
	post := func(remote string, seed int) *httptest.ResponseRecorder {
		body, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(`{ centrality(metric: BETWEENNESS, options: {samples: 20, seed: %d}) { count } }`, seed)})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.RemoteAddr = remote
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for i := range 2 {
		if w := post("192.0.2.7:1000", i); strings.Contains(w.Body.String(), "errors") {
			t.Fatalf("request %d within the budget: %s", i, w.Body)
		}
	}
	w := post("192.0.2.7:1001", 3)
	var resp rawResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeRateLimited {
		t.Fatalf("third request: %s, want RATE_LIMITED", w.Body)
	}
	retry, err := strconv.Atoi(w.Header().Get("Retry-After"))
	if err != nil || retry < 1 || retry > 10 {
		t.Errorf("Retry-After = %q, want 1..10 seconds", w.Header().Get("Retry-After"))
	}
	// Another client has its own budget.
	if w := post("198.51.100.9:1000", 4); strings.Contains(w.Body.String(), "errors") {
		t.Errorf("another client is limited too: %s", w.Body)
	}
}

func TestQueryLimits(t *testing.T) {
	store := MustHostileStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	h := graph.NewHandler(store, graph.Options{Engine: a})
	spreads := func(n int) string {
		var b strings.Builder
		b.WriteString("{ actors(first: 1) { nodes { ")
		for range n {
			b.WriteString("...F ")
		}
		b.WriteString("} } } fragment F on Actor { id name }")
		return b.String()
	}
	for _, tt := range []struct {
		name, query string
	}{
		// Seen: 3,000-5,000 fragment spreads cost 18-46 s and 1.4 GB, then
		// HTTP 200 with body null.
		{"ErrFragmentSpreads", spreads(5000)},
		// Seen: 40,000 aliases of __typename took 10-18 s each.
		{"ErrAliases", aliased(40000, "__typename")[:60000]},
		{"ErrTypenameAliases", aliased(5000, "__typename")},
		// Seen: 850 KB alias queries filled the parsed-query cache.
		{"ErrBytes", aliased(50000, "__typename")},
		{"ErrTokens", "{ " + strings.Repeat("id ", 12000) + "}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			MustRefuse(t, h, a, tt.query, graph.CodeComplexityExceeded, time.Second)
		})
	}
	t.Run("OK/Introspection", func(t *testing.T) {
		// GraphiQL's introspection query uses fragments and must pass.
		q := `query { __schema { types { ...T } } } fragment T on __Type { name fields { name type { ...R } } } fragment R on __Type { kind name ofType { kind name } }`
		if resp := MustPost(t, h, q, nil); len(resp.Errors) > 0 {
			t.Errorf("introspection refused: %s", resp.Errors[0].Message)
		}
	})
	t.Run("OK/Arguments", func(t *testing.T) {
		// Colons inside arguments and object values are not aliases.
		var b strings.Builder
		b.WriteString(`{ x: actors(first: 1, filter: {`)
		for i := range 250 {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `kinds: [UN_ENTITY]`)
		}
		b.WriteString(`}) { totalCount } }`)
		resp := MustPost(t, h, b.String(), nil)
		for _, e := range resp.Errors {
			if e.Code() == graph.CodeComplexityExceeded {
				t.Errorf("argument colons counted as aliases: %s", e.Message)
			}
		}
	})
}
