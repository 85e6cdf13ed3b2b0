package graph_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
)

// Must returns v, and panics if err is not nil: for kernels run under a
// context that never ends, which cannot fail.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// MustSeedStore returns a store opened by open that holds the built-in seed
// network.
func MustSeedStore(tb testing.TB, open openFunc) network.Store {
	tb.Helper()
	c, err := seed.Change()
	if err != nil {
		tb.Fatalf("seed.Change: %v", err)
	}
	s := open(tb)
	MustApply(tb, s, c)
	return s
}

// MustKarateStore returns a store opened by open that holds Zachary's karate
// club as analysis/testdata/karate.graphml has it.
func MustKarateStore(tb testing.TB, open openFunc) network.Store {
	tb.Helper()
	f, err := os.Open("../analysis/testdata/karate.graphml")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	c, err := formats.ReadGraphML(f, "karate.graphml")
	if err != nil {
		tb.Fatalf("ReadGraphML: %v", err)
	}
	s := open(tb)
	MustApply(tb, s, c)
	return s
}

// MustProject projects the store's snapshot as the service does.
func MustProject(tb testing.TB, s network.Store, sel analysis.Selection) *analysis.Projection {
	tb.Helper()
	snap, err := s.Snapshot(context.Background(), false)
	if err != nil {
		tb.Fatalf("Snapshot: %v", err)
	}
	p, err := analysis.Project(snap, sel)
	if err != nil {
		tb.Fatalf("Project: %v", err)
	}
	return p
}

// MustErrorCode runs query against h and returns the code of its first
// error, failing when there is none.
func MustErrorCode(tb testing.TB, h http.Handler, query string, vars map[string]any) string {
	tb.Helper()
	resp := MustPost(tb, h, query, vars)
	if len(resp.Errors) == 0 {
		tb.Fatalf("no error for %s\n%s", query, resp.Body)
	}
	return resp.Errors[0].Code()
}

type rankedItem struct {
	Rank  int      `json:"rank"`
	Score *float64 `json:"score"`
	Actor idNode   `json:"actor"`
}

type methodResp struct {
	Algorithm     string `json:"algorithm"`
	Normalization string `json:"normalization"`
	Exact         bool   `json:"exact"`
	Samples       int    `json:"samples"`
	DataVersion   uint64 `json:"dataVersion"`
	Actors        int    `json:"actors"`
	Ties          int    `json:"ties"`
	Edges         int    `json:"edges"`
	Weight        string `json:"weight"`
	Directed      bool   `json:"directed"`
}

type centralityResp struct {
	Centrality struct {
		Count  int          `json:"count"`
		Items  []rankedItem `json:"items"`
		Method methodResp   `json:"method"`
	} `json:"centrality"`
}

const centralityQuery = `query($metric: CentralityMetric!, $network: NetworkSelection, $top: Int, $options: CentralityOptions) {
  centrality(metric: $metric, network: $network, top: $top, options: $options) {
    count items { rank score actor { id } }
    method { algorithm normalization exact samples dataVersion actors ties edges weight directed }
  }
}`

// direct computes metric over p with the analysis package, as the service
// should.
func direct(tb testing.TB, p *analysis.Projection, metric string) *analysis.Scores {
	tb.Helper()
	switch metric {
	case "DEGREE":
		return analysis.Degree(p, analysis.DegreeTotal)
	case "IN_DEGREE":
		return analysis.Degree(p, analysis.DegreeIn)
	case "OUT_DEGREE":
		return analysis.Degree(p, analysis.DegreeOut)
	case "STRENGTH":
		return analysis.Strength(p, analysis.DegreeTotal)
	case "BETWEENNESS":
		return Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{}))
	case "CLOSENESS":
		return Must(analysis.Closeness(context.Background(), p))
	case "HARMONIC":
		return Must(analysis.Harmonic(context.Background(), p))
	case "EIGENVECTOR":
		return Must(analysis.Eigenvector(context.Background(), p, analysis.PowerOptions{}))
	case "PAGERANK":
		s, err := analysis.PageRank(context.Background(), p, analysis.PageRankOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		return s
	case "CONSTRAINT":
		return Must(analysis.Constraint(context.Background(), p))
	case "EFFECTIVE_SIZE":
		return Must(analysis.EffectiveSize(context.Background(), p))
	case "CLUSTERING":
		return Must(analysis.Clustering(context.Background(), p))
	case "CORE_NUMBER":
		cores := analysis.CoreNumber(p)
		vals := make([]float64, len(cores))
		for i, k := range cores {
			vals[i] = float64(k)
		}
		return &analysis.Scores{IDs: p.IDs(), Values: vals}
	}
	tb.Fatalf("unknown metric %s", metric)
	return nil
}

// checkRanking compares a GraphQL ranking with the direct one.
func checkRanking(t *testing.T, got []rankedItem, want []analysis.Score) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Actor.ID != w.ID || g.Rank != i+1 {
			t.Fatalf("item %d: got %s rank %d, want %s rank %d", i, g.Actor.ID, g.Rank, w.ID, i+1)
		}
		switch {
		case math.IsNaN(w.Value):
			if g.Score != nil {
				t.Errorf("%s: got %v, want null for NaN", w.ID, *g.Score)
			}
		case g.Score == nil:
			t.Errorf("%s: got null, want %v", w.ID, w.Value)
		case *g.Score != w.Value:
			t.Errorf("%s: got %v, want %v", w.ID, *g.Score, w.Value)
		}
	}
}

var allMetrics = []string{"DEGREE", "IN_DEGREE", "OUT_DEGREE", "STRENGTH", "BETWEENNESS", "CLOSENESS", "HARMONIC",
	"EIGENVECTOR", "PAGERANK", "CONSTRAINT", "EFFECTIVE_SIZE", "CLUSTERING", "CORE_NUMBER"}

func TestCentrality(t *testing.T) { forEachStore(t, testCentrality) }

func testCentrality(t *testing.T, open openFunc) {
	store := MustSeedStore(t, open)
	c := client.New(graph.NewHandler(store, graph.Options{}))
	selections := []struct {
		name string
		vars map[string]any
		sel  analysis.Selection
	}{
		{"OK", nil, analysis.Selection{OrgansWithParent: true}},
		{"Directed", map[string]any{"directed": true}, analysis.Selection{OrgansWithParent: true, Directed: true}},
		{"Membership", map[string]any{"tieKinds": []string{"MEMBERSHIP"}}, analysis.Selection{OrgansWithParent: true, TieKinds: []network.TieKind{network.Membership}}},
		{"Strength", map[string]any{"weight": "STRENGTH", "actorKinds": []string{"UN_ENTITY", "REGIONAL_ORGANIZATION", "CIVIL_SOCIETY"}},
			analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightStrength, ActorKinds: []network.ActorKind{network.UNEntity, network.RegionalOrganization, network.CivilSociety}}},
	}
	for _, s := range selections {
		t.Run(s.name, func(t *testing.T) {
			if s.sel.Weight == "" {
				s.sel.Weight = analysis.WeightNone
			}
			p := MustProject(t, store, s.sel)
			for _, metric := range allMetrics {
				t.Run(metric, func(t *testing.T) {
					var resp centralityResp
					MustQuery(t, c, &resp, centralityQuery, map[string]any{"metric": metric, "network": s.vars, "top": 1000})
					want := direct(t, p, metric)
					got := resp.Centrality
					checkRanking(t, got.Items, want.Ranked(1000))
					if got.Count != p.N() || got.Method.Actors != p.N() || got.Method.Ties != p.Ties() || got.Method.Edges != p.Edges() {
						t.Errorf("count %d, method %+v; want %d actors, %d ties, %d edges", got.Count, got.Method, p.N(), p.Ties(), p.Edges())
					}
					if got.Method.Weight != string(s.sel.Weight) || got.Method.Directed != s.sel.Directed {
						t.Errorf("method %+v does not describe the selection %+v", got.Method, s.sel)
					}
					if want.Method.Algorithm != "" && got.Method.Algorithm != want.Method.Algorithm {
						t.Errorf("algorithm %q, want %q", got.Method.Algorithm, want.Method.Algorithm)
					}
				})
			}
		})
	}

	t.Run("SelectionChangesResult", func(t *testing.T) {
		var all, members centralityResp
		MustQuery(t, c, &all, centralityQuery, map[string]any{"metric": "DEGREE", "top": 5})
		MustQuery(t, c, &members, centralityQuery, map[string]any{"metric": "DEGREE", "top": 5, "network": map[string]any{"tieKinds": []string{"MEMBERSHIP"}}})
		if all.Centrality.Method.Ties == members.Centrality.Method.Ties {
			t.Errorf("MEMBERSHIP selection kept %d ties, as many as the whole network", members.Centrality.Method.Ties)
		}
		if slices.Equal(itemIDs(all.Centrality.Items), itemIDs(members.Centrality.Items)) &&
			*all.Centrality.Items[0].Score == *members.Centrality.Items[0].Score {
			t.Errorf("MEMBERSHIP selection gave the same ranking as the whole network")
		}
	})

	t.Run("Top", func(t *testing.T) {
		var resp centralityResp
		MustQuery(t, c, &resp, centralityQuery, map[string]any{"metric": "PAGERANK"})
		if got, want := len(resp.Centrality.Items), graph.DefaultTop; got != want {
			t.Errorf("default top gave %d items, want %d", got, want)
		}
	})

	t.Run("Personalization", func(t *testing.T) {
		var resp centralityResp
		MustQuery(t, c, &resp, centralityQuery, map[string]any{"metric": "PAGERANK", "top": 3, "options": map[string]any{"personalization": []string{"wanep"}}})
		want, err := analysis.PageRank(context.Background(), MustProject(t, store, analysis.Selection{OrgansWithParent: true}), analysis.PageRankOptions{Personalization: []string{"wanep"}})
		if err != nil {
			t.Fatal(err)
		}
		checkRanking(t, resp.Centrality.Items, want.Ranked(3))
	})
}

func itemIDs(items []rankedItem) []string {
	return ids(items, func(r rankedItem) string { return r.Actor.ID })
}

func TestCentralityKarateGolden(t *testing.T) { forEachStore(t, testCentralityKarateGolden) }

func testCentralityKarateGolden(t *testing.T, open openFunc) {
	data, err := os.ReadFile("../analysis/testdata/karate.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		ByNode map[string]map[string]float64 `json:"by_node"`
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	c := client.New(graph.NewHandler(MustKarateStore(t, open), graph.Options{}))
	for _, tc := range []struct {
		metric, key string
		options     map[string]any
	}{
		{"BETWEENNESS", "betweenness", nil},
		{"BETWEENNESS", "betweenness_raw", map[string]any{"normalized": false}},
		{"BETWEENNESS", "betweenness_endpoints", map[string]any{"endpoints": true}},
		{"CLOSENESS", "closeness", nil},
		{"DEGREE", "degree_centrality", nil},
		{"CLUSTERING", "clustering", nil},
		{"CORE_NUMBER", "core_number", nil},
		{"CONSTRAINT", "constraint", nil},
		{"EFFECTIVE_SIZE", "effective_size", nil},
		// Iterative metrics converge by default; NetworkX's stopping rule on request.
		{"PAGERANK", "pagerank_tight", nil},
		{"PAGERANK", "pagerank", map[string]any{"tolerance": 1e-6, "maxIter": 100}},
		{"EIGENVECTOR", "eigenvector_tight", nil},
		{"HUB", "hits_hub", nil},
		{"AUTHORITY", "hits_authority", nil},
		{"KATZ", "katz", nil},
	} {
		t.Run(tc.key, func(t *testing.T) {
			var resp centralityResp
			MustQuery(t, c, &resp, centralityQuery, map[string]any{"metric": tc.metric, "top": 1000, "options": tc.options})
			if got, want := len(resp.Centrality.Items), len(golden.ByNode); got != want {
				t.Fatalf("got %d actors, want %d", got, want)
			}
			for _, it := range resp.Centrality.Items {
				want, ok := golden.ByNode[it.Actor.ID][tc.key]
				if !ok {
					t.Fatalf("no golden %s for %s", tc.key, it.Actor.ID)
				}
				if it.Score == nil || math.Abs(*it.Score-want) > 1e-9 {
					t.Errorf("%s: got %v, want %v", it.Actor.ID, it.Score, want)
				}
			}
		})
	}
	t.Run("ErrInvalidPowerOptions", func(t *testing.T) {
		h := graph.NewHandler(MustKarateStore(t, open), graph.Options{})
		for _, opts := range []map[string]any{{"tolerance": 0}, {"tolerance": -1e-6}, {"maxIter": 0}, {"maxIter": graph.MaxIterLimit + 1}} {
			got := MustErrorCode(t, h, centralityQuery, map[string]any{"metric": "PAGERANK", "options": opts})
			if want := "BAD_USER_INPUT"; got != want {
				t.Errorf("options %v: code %q, want %q", opts, got, want)
			}
		}
	})
}

func TestActorCentrality(t *testing.T) { forEachStore(t, testActorCentrality) }

func testActorCentrality(t *testing.T, open openFunc) {
	store := MustSeedStore(t, open)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	c := client.New(MustAnalyticsHandler(store, a))
	var resp struct {
		Actors struct {
			Edges []struct {
				Node struct {
					ID          string   `json:"id"`
					Betweenness *float64 `json:"betweenness"`
					Members     *float64 `json:"members"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"actors"`
	}
	MustQuery(t, c, &resp, `{ actors(first: 50) { edges { node { id
	  betweenness: centrality(metric: BETWEENNESS)
	  members: centrality(metric: DEGREE, network: {tieKinds: [MEMBERSHIP], actorKinds: [GOVERNMENT, REGIONAL_ORGANIZATION]}) } } } }`, nil)
	bc := Must(analysis.Betweenness(context.Background(), MustProject(t, store, analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone}), analysis.BetweennessOptions{}))
	memberSel := analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone, TieKinds: []network.TieKind{network.Membership},
		ActorKinds: []network.ActorKind{network.Government, network.RegionalOrganization}}
	deg := analysis.Degree(MustProject(t, store, memberSel), analysis.DegreeTotal)
	if len(resp.Actors.Edges) != 50 {
		t.Fatalf("got %d actors, want 50", len(resp.Actors.Edges))
	}
	for _, e := range resp.Actors.Edges {
		n := e.Node
		// An organ counted with its organization has no score of its own.
		if want, ok := bc.Of(n.ID); !ok && n.Betweenness != nil {
			t.Errorf("%s is not in the default selection but got betweenness %v", n.ID, *n.Betweenness)
		} else if ok && (n.Betweenness == nil || *n.Betweenness != want) {
			t.Errorf("%s betweenness: got %v, want %v", n.ID, n.Betweenness, want)
		}
		if want, ok := deg.Of(n.ID); !ok && n.Members != nil {
			t.Errorf("%s is not in the membership selection but got %v", n.ID, *n.Members)
		} else if ok && (n.Members == nil || *n.Members != want) {
			t.Errorf("%s membership degree: got %v, want %v", n.ID, n.Members, want)
		}
	}
	// 50 actors, two metrics: one snapshot, two projections, two computations.
	st := a.Stats()
	if st.Snapshots != 1 || st.Projections != 2 || st.Computations != 2 {
		t.Errorf("stats %+v, want 1 snapshot, 2 projections, 2 computations", st)
	}
}

// versionCountingStore counts the calls that cost: Snapshot and Version.
type versionCountingStore struct {
	network.Store
	snapshots, versions atomic.Int64
}

func (s *versionCountingStore) Snapshot(ctx context.Context, withSources bool) (*network.Snapshot, error) {
	s.snapshots.Add(1)
	return s.Store.Snapshot(ctx, withSources)
}

func (s *versionCountingStore) Version(ctx context.Context) (uint64, error) {
	s.versions.Add(1)
	return s.Store.Version(ctx)
}

// MustAnalyticsHandler returns the GraphQL handler over store with the
// given analytics cache.
func MustAnalyticsHandler(store network.Store, a *graph.Analytics) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{Store: store, Analytics: a}}))
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(graph.ErrorPresenter(slog.Default()))
	return graph.LoaderMiddleware(store, 0, a.Middleware(srv))
}

func TestAnalyticsCache(t *testing.T) { forEachStore(t, testAnalyticsCache) }

func testAnalyticsCache(t *testing.T, open openFunc) {
	t.Run("OK", func(t *testing.T) {
		store := &versionCountingStore{Store: MustKarateStore(t, open)}
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		c := client.New(MustAnalyticsHandler(store, a))
		var first, second centralityResp
		MustQuery(t, c, &first, centralityQuery, map[string]any{"metric": "BETWEENNESS"})
		MustQuery(t, c, &second, centralityQuery, map[string]any{"metric": "BETWEENNESS", "network": map[string]any{"directed": false, "weight": "NONE"}})
		if got, want := store.snapshots.Load(), int64(1); got != want {
			t.Errorf("Snapshot called %d times, want %d", got, want)
		}
		if got, want := a.Stats().Computations, int64(1); got != want {
			t.Errorf("%d computations for the same question twice, want %d", got, want)
		}
		if got, want := store.versions.Load(), int64(2); got != want {
			t.Errorf("Version called %d times in two requests, want %d", got, want)
		}
		if !slices.Equal(itemIDs(first.Centrality.Items), itemIDs(second.Centrality.Items)) {
			t.Errorf("cached answer differs: %v vs %v", itemIDs(first.Centrality.Items), itemIDs(second.Centrality.Items))
		}
		// Asked of the wrapped store, so the count above stays as it was.
		version, err := store.Store.Version(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := second.Centrality.Method.DataVersion, version; got != want {
			t.Errorf("data version %d, store is at %d", got, want)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		store := &versionCountingStore{Store: MustKarateStore(t, open)}
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		h := MustAnalyticsHandler(store, a)
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp := MustPost(t, h, centralityQuery, map[string]any{"metric": "CLOSENESS"})
				if len(resp.Errors) > 0 {
					t.Errorf("errors: %s", resp.Body)
				}
			}()
		}
		wg.Wait()
		st := a.Stats()
		if st.Computations != 1 || st.Projections != 1 || store.snapshots.Load() != 1 {
			t.Errorf("16 concurrent requests: stats %+v, %d snapshots; want one of each", st, store.snapshots.Load())
		}
	})

	t.Run("NewVersion", func(t *testing.T) {
		base := MustKarateStore(t, open)
		store := &versionCountingStore{Store: base}
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		c := client.New(MustAnalyticsHandler(store, a))
		var before, after centralityResp
		MustQuery(t, c, &before, centralityQuery, map[string]any{"metric": "DEGREE", "top": 1000})
		tie := &network.Tie{ID: "new-tie", Kind: network.Partnership, From: "16", To: "25", Weight: 1,
			Sources: []network.Source{{Title: "test", Record: "new-tie"}}}
		MustApply(t, base, &network.Change{Ties: []*network.Tie{tie}})
		MustQuery(t, c, &after, centralityQuery, map[string]any{"metric": "DEGREE", "top": 1000})
		if after.Centrality.Method.DataVersion <= before.Centrality.Method.DataVersion {
			t.Errorf("data version %d after a write, was %d", after.Centrality.Method.DataVersion, before.Centrality.Method.DataVersion)
		}
		version, err := base.Version(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := after.Centrality.Method.DataVersion, version; got != want {
			t.Errorf("data version %d after a write, store is at %d", got, want)
		}
		if got, want := after.Centrality.Method.Ties, before.Centrality.Method.Ties+1; got != want {
			t.Errorf("after a write the projection has %d ties, want %d", got, want)
		}
		if store.snapshots.Load() != 2 {
			t.Errorf("Snapshot called %d times over two versions, want 2", store.snapshots.Load())
		}
	})

	t.Run("Bounded", func(t *testing.T) {
		store := MustKarateStore(t, open)
		fill := func(bound int64) graph.AnalyticsStats {
			a := graph.NewAnalytics(store, graph.AnalyticsOptions{CacheBytes: bound})
			c := client.New(MustAnalyticsHandler(store, a))
			for _, m := range allMetrics {
				var resp centralityResp
				MustQuery(t, c, &resp, centralityQuery, map[string]any{"metric": m})
			}
			return a.Stats()
		}
		all := fill(1 << 30)
		bound := all.Bytes / 2
		st := fill(bound)
		if st.Bytes > bound || st.Entries >= all.Entries {
			t.Errorf("cache holds %d entries of %d bytes, bound is %d bytes (unbounded: %d entries of %d bytes)",
				st.Entries, st.Bytes, bound, all.Entries, all.Bytes)
		}
		t.Logf("cache: %d entries, %d bytes; unbounded %d entries, %d bytes", st.Entries, st.Bytes, all.Entries, all.Bytes)
	})
}

func TestCostGuard(t *testing.T) { forEachStore(t, testCostGuard) }

func testCostGuard(t *testing.T, open openFunc) {
	store := MustKarateStore(t, open)
	// Karate: n = 34, 156 arcs, so exact path metrics cost 34·190 = 6460.
	h := graph.NewHandler(store, graph.Options{Analytics: graph.AnalyticsOptions{ExactBudget: 1000}})
	for _, metric := range []string{"BETWEENNESS", "CLOSENESS", "HARMONIC"} {
		t.Run("ErrTooLarge/"+metric, func(t *testing.T) {
			if got, want := MustErrorCode(t, h, centralityQuery, map[string]any{"metric": metric}), graph.CodeComplexityExceeded; got != want {
				t.Errorf("code %q, want %q", got, want)
			}
		})
	}
	t.Run("ErrTooLarge/Message", func(t *testing.T) {
		resp := MustPost(t, h, centralityQuery, map[string]any{"metric": "BETWEENNESS"})
		if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "samples") {
			t.Errorf("message should tell to pass samples: %s", resp.Body)
		}
	})
	t.Run("OK/Sampled", func(t *testing.T) {
		resp := MustPost(t, h, centralityQuery, map[string]any{"metric": "BETWEENNESS", "options": map[string]any{"samples": 5, "seed": 7}})
		if len(resp.Errors) > 0 {
			t.Fatalf("sampled betweenness within the budget failed: %s", resp.Body)
		}
		var data centralityResp
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		want := Must(analysis.Betweenness(context.Background(), MustProject(t, store, analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone}), analysis.BetweennessOptions{Samples: 5, Seed: 7}))
		checkRanking(t, data.Centrality.Items, want.Ranked(graph.DefaultTop))
		if m := data.Centrality.Method; m.Exact || m.Samples != 5 {
			t.Errorf("method %+v, want exact false and 5 samples", m)
		}
	})
	t.Run("OK/Cheap", func(t *testing.T) {
		if resp := MustPost(t, h, centralityQuery, map[string]any{"metric": "DEGREE"}); len(resp.Errors) > 0 {
			t.Errorf("degree is not guarded: %s", resp.Body)
		}
	})
}

func TestAnalyticsErrors(t *testing.T) { forEachStore(t, testAnalyticsErrors) }

func testAnalyticsErrors(t *testing.T, open openFunc) {
	h := graph.NewHandler(MustSeedStore(t, open), graph.Options{})
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		want        string
	}{
		{"ErrNotFound/ShortestPathsFrom", `{ shortestPaths(from: "no-such-actor", to: "wanep") { length } }`, nil, graph.CodeNotFound},
		{"ErrNotFound/ShortestPathsTo", `{ shortestPaths(from: "wanep", to: "no-such-actor") { length } }`, nil, graph.CodeNotFound},
		{"ErrNotFound/Neighbourhood", `{ neighbourhood(ids: ["no-such-actor"], hops: 1) { actors { hops } } }`, nil, graph.CodeNotFound},
		{"ErrNotFound/Personalization", centralityQuery, map[string]any{"metric": "PAGERANK", "options": map[string]any{"personalization": []string{"nobody"}}}, graph.CodeNotFound},
		{"ErrInvalid/TopZero", centralityQuery, map[string]any{"metric": "DEGREE", "top": 0}, graph.CodeBadUserInput},
		{"ErrInvalid/TopTooLarge", centralityQuery, map[string]any{"metric": "DEGREE", "top": graph.MaxTop + 1}, graph.CodeBadUserInput},
		{"ErrInvalid/GraphTop", `{ networkGraph(top: 5000) { nodes { id } } }`, nil, graph.CodeBadUserInput},
		{"ErrInvalid/Hops", `{ neighbourhood(ids: ["wanep"], hops: -1) { actors { hops } } }`, nil, graph.CodeBadUserInput},
		{"ErrInvalid/Samples", centralityQuery, map[string]any{"metric": "BETWEENNESS", "options": map[string]any{"samples": -1}}, graph.CodeBadUserInput},
		{"ErrInvalid/RestartsZero", `{ communities(restarts: 0) { count } }`, nil, graph.CodeBadUserInput},
		{"ErrInvalid/RestartsTooMany", `{ communities(algorithm: LEIDEN, restarts: 101) { count } }`, nil, graph.CodeBadUserInput},
		{"ErrInvalid/AsOf", centralityQuery, map[string]any{"metric": "DEGREE", "network": map[string]any{"asOf": "yesterday"}}, graph.CodeBadUserInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MustErrorCode(t, h, tc.query, tc.vars); got != tc.want {
				t.Errorf("code %q, want %q", got, tc.want)
			}
		})
	}
}
