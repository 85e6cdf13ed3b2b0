package graph_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// measuresGolden is ../analysis/testdata/measures.golden.json, written by
// analysis/testdata/measures.py with NetworkX.
type measuresGolden struct {
	Centralization map[string]map[string]float64 `json:"centralization"`
	RichClub       map[string]map[string]float64 `json:"rich_club"`
	Similarity     map[string]map[string]struct {
		Shared  int
		Jaccard float64
		Cosine  float64
	} `json:"similarity"`
	KPaths map[string]struct {
		Graph, From, To string
		K               int
		Paths           []struct {
			Actors []string
			Length float64
		}
	} `json:"k_paths"`
	Flow map[string]struct {
		Graph, From, To string
		Directed        bool
		EdgePaths       int         `json:"edge_paths"`
		NodePaths       int         `json:"node_paths"`
		EdgeCut         [][2]string `json:"edge_cut"`
		NodeCut         []string    `json:"node_cut"`
	} `json:"flow"`
	Ego map[string]struct {
		Graph, Actor   string
		Radius         int
		Actors, Ties   int
		Density        float64
		EffectiveSize  *float64 `json:"effective_size"`
		Efficiency     *float64
		Constraint     *float64
		BrokeragePairs int     `json:"brokerage_pairs"`
		EgoBetweenness float64 `json:"ego_betweenness"`
	} `json:"ego"`
}

// MustMeasuresGolden reads the measures' NetworkX references.
func MustMeasuresGolden(tb testing.TB) *measuresGolden {
	tb.Helper()
	data, err := os.ReadFile("../analysis/testdata/measures.golden.json")
	if err != nil {
		tb.Fatal(err)
	}
	var g measuresGolden
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	return &g
}

func TestCentralizationKarateGolden(t *testing.T) { forEachStore(t, testCentralizationKarateGolden) }

// testCentralizationKarateGolden checks Freeman centralization and the
// rich-club coefficient of the karate club against NetworkX, also when the
// selection asks for a directed view (centralization reads it undirected).
func testCentralizationKarateGolden(t *testing.T, open openFunc) {
	g := MustMeasuresGolden(t)
	c := client.New(graph.NewHandler(MustKarateStore(t, open), graph.Options{}))
	var resp struct {
		Degree, Betweenness, Closeness struct {
			Value   *float64
			Sum     float64
			StarSum float64
			Actors  int
			Method  struct{ Algorithm, Normalization, Notes string }
		}
		RichClub struct {
			Levels []struct {
				Degree, Actors, Ties int
				Coefficient          float64
			}
			Method struct{ Normalization string }
		}
	}
	MustQuery(t, c, &resp, `{
	  degree: centralization(metric: DEGREE) { value sum starSum actors method { algorithm normalization notes } }
	  betweenness: centralization(metric: BETWEENNESS, network: {directed: true}) { value sum starSum actors method { algorithm normalization notes } }
	  closeness: centralization(metric: CLOSENESS) { value sum starSum actors method { algorithm normalization notes } }
	  richClub { levels { degree actors ties coefficient } method { normalization } } }`, nil)
	for name, got := range map[string]struct {
		Value   *float64
		Sum     float64
		StarSum float64
		Actors  int
		Method  struct{ Algorithm, Normalization, Notes string }
	}{"degree": resp.Degree, "betweenness": resp.Betweenness, "closeness": resp.Closeness} {
		want := g.Centralization["karate"][name]
		if got.Value == nil || math.Abs(*got.Value-want) > 1e-12 {
			t.Errorf("%s centralization = %v, want %v (NetworkX)", name, got.Value, want)
		}
		if got.Actors != 34 || got.Method.Normalization == "" {
			t.Errorf("%s: actors %d, normalization %q", name, got.Actors, got.Method.Normalization)
		}
	}
	if len(resp.RichClub.Levels) != len(g.RichClub["karate"]) {
		t.Fatalf("richClub: %d levels, want %d", len(resp.RichClub.Levels), len(g.RichClub["karate"]))
	}
	for _, l := range resp.RichClub.Levels {
		want := g.RichClub["karate"][strconv.Itoa(l.Degree)]
		if math.Abs(l.Coefficient-want) > 1e-12 || l.Actors < 2 {
			t.Errorf("richClub k=%d: %v (%d actors, %d ties), want %v", l.Degree, l.Coefficient, l.Actors, l.Ties, want)
		}
	}
}

func TestSimilarityKarateGolden(t *testing.T) { forEachStore(t, testSimilarityKarateGolden) }

// testSimilarityKarateGolden checks similarActors and similarity on the
// karate club against NetworkX's jaccard_coefficient and the cosine of the
// neighbour sets, and that an unknown actor is NOT_FOUND.
func testSimilarityKarateGolden(t *testing.T, open openFunc) {
	g := MustMeasuresGolden(t).Similarity["karate"]
	h := graph.NewHandler(MustKarateStore(t, open), graph.Options{})
	c := client.New(h)
	var resp struct {
		Jaccard, Cosine struct {
			Count int
			Items []struct {
				Rank            int
				Score           float64
				Jaccard, Cosine float64
				Shared          int
				Actor           struct{ ID string }
			}
		}
		Similarity struct {
			Jaccard, Cosine float64
			Shared          []struct{ ID string }
		}
	}
	MustQuery(t, c, &resp, `{
	  jaccard: similarActors(id: "0", top: 5) { count items { rank score jaccard cosine shared actor { id } } }
	  cosine: similarActors(id: "0", measure: COSINE, top: 5) { count items { rank score jaccard cosine shared actor { id } } }
	  similarity(a: "0", b: "33") { jaccard cosine shared { id } } }`, nil)
	count := 0
	for k := range g {
		if strings.HasPrefix(k, "0|") || strings.HasSuffix(k, "|0") {
			count++
		}
	}
	for name, res := range map[string]struct {
		Count int
		Items []struct {
			Rank            int
			Score           float64
			Jaccard, Cosine float64
			Shared          int
			Actor           struct{ ID string }
		}
	}{"JACCARD": resp.Jaccard, "COSINE": resp.Cosine} {
		if res.Count != count || len(res.Items) != 5 {
			t.Fatalf("%s: count %d, %d items; want %d, 5", name, res.Count, len(res.Items), count)
		}
		for i, it := range res.Items {
			pair := []string{"0", it.Actor.ID}
			slices.Sort(pair)
			w, ok := g[pair[0]+"|"+pair[1]]
			want := w.Jaccard
			if name == "COSINE" {
				want = w.Cosine
			}
			if !ok || it.Rank != i+1 || math.Abs(it.Score-want) > 1e-12 || it.Shared != w.Shared {
				t.Errorf("%s #%d %s: score %v, %d shared; want %v, %d", name, i+1, it.Actor.ID, it.Score, it.Shared, want, w.Shared)
			}
			if i > 0 && it.Score > res.Items[i-1].Score {
				t.Errorf("%s: #%d scores %v above #%d's %v", name, i+1, it.Score, i, res.Items[i-1].Score)
			}
		}
	}
	w := g["0|33"]
	if s := resp.Similarity; math.Abs(s.Jaccard-w.Jaccard) > 1e-12 || math.Abs(s.Cosine-w.Cosine) > 1e-12 || len(s.Shared) != w.Shared {
		t.Errorf("similarity(0, 33) = %+v, want %+v", s, w)
	}
	r := MustPost(t, h, `{ similarity(a: "0", b: "nobody") { jaccard } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" || !strings.Contains(r.Errors[0].Message, "nobody") {
		t.Errorf("unknown actor: %s", r.Body)
	}
}

func TestKShortestPathsKarateGolden(t *testing.T) { forEachStore(t, testKShortestPathsKarateGolden) }

// testKShortestPathsKarateGolden checks kShortestPaths and maxFlow between
// pairs of the karate club against nx.shortest_simple_paths,
// edge_connectivity, node_connectivity and the minimum cuts, with the ties
// along each path and in each cut.
func testKShortestPathsKarateGolden(t *testing.T, open openFunc) {
	g := MustMeasuresGolden(t)
	h := graph.NewHandler(MustKarateStore(t, open), graph.Options{})
	c := client.New(h)
	type actor struct{ ID string }
	type tie struct{ From, To actor }
	for _, name := range []string{"karate 0 33", "karate 16 25"} {
		want := g.KPaths[name]
		var resp struct {
			KShortestPaths struct {
				Paths []struct {
					Length float64
					Actors []actor
					Ties   []tie
				}
			}
		}
		MustQuery(t, c, &resp, `query($from: ID!, $to: ID!, $k: Int) { kShortestPaths(from: $from, to: $to, k: $k) {
		  paths { length actors { id } ties { from { id } to { id } } } } }`, map[string]any{"from": want.From, "to": want.To, "k": want.K})
		got := resp.KShortestPaths.Paths
		if len(got) != want.K {
			t.Fatalf("%s: %d paths, want %d", name, len(got), want.K)
		}
		seen := map[string]bool{}
		for i, p := range got {
			if p.Length != want.Paths[i].Length || len(p.Actors) != int(p.Length)+1 || len(p.Ties) != int(p.Length) {
				t.Errorf("%s path %d: length %v, %d actors, %d ties; want length %v", name, i+1, p.Length, len(p.Actors), len(p.Ties), want.Paths[i].Length)
				continue
			}
			var key []string
			for j, a := range p.Actors {
				key = append(key, a.ID)
				if j > 0 {
					if tt := p.Ties[j-1]; !(tt.From.ID == p.Actors[j-1].ID && tt.To.ID == a.ID || tt.To.ID == p.Actors[j-1].ID && tt.From.ID == a.ID) {
						t.Errorf("%s path %d: tie %s-%s between %s and %s", name, i+1, tt.From.ID, tt.To.ID, p.Actors[j-1].ID, a.ID)
					}
				}
			}
			if k := strings.Join(key, " "); seen[k] {
				t.Errorf("%s: path %s twice", name, k)
			} else {
				seen[k] = true
			}
		}
	}
	for _, name := range []string{"karate 0 33", "karate 16 25", "karate 0 1"} {
		want := g.Flow[name]
		var resp struct {
			MaxFlow struct {
				TieIndependentPaths, ActorIndependentPaths int
				Adjacent                                   bool
				TieCut                                     []struct {
					From, To actor
					Ties     []tie
				}
				ActorCut []actor
			}
		}
		MustQuery(t, c, &resp, `query($from: ID!, $to: ID!) { maxFlow(from: $from, to: $to) {
		  tieIndependentPaths actorIndependentPaths adjacent tieCut { from { id } to { id } ties { from { id } to { id } } } actorCut { id } } }`,
			map[string]any{"from": want.From, "to": want.To})
		got := resp.MaxFlow
		if got.TieIndependentPaths != want.EdgePaths || got.ActorIndependentPaths != want.NodePaths || got.Adjacent != (len(want.NodeCut) == 0) {
			t.Errorf("%s: %d tie- and %d actor-independent paths (adjacent %v), want %d and %d", name, got.TieIndependentPaths, got.ActorIndependentPaths, got.Adjacent, want.EdgePaths, want.NodePaths)
		}
		var cut []string
		for _, p := range got.TieCut {
			cut = append(cut, p.From.ID+"-"+p.To.ID)
			if len(p.Ties) != 1 {
				t.Errorf("%s: cut pair %s-%s has %d ties, want 1", name, p.From.ID, p.To.ID, len(p.Ties))
			}
		}
		var wantCut []string
		for _, e := range want.EdgeCut {
			wantCut = append(wantCut, e[0]+"-"+e[1])
		}
		slices.Sort(cut)
		slices.Sort(wantCut)
		if !slices.Equal(cut, wantCut) {
			t.Errorf("%s: tie cut %v, want %v", name, cut, wantCut)
		}
		var actors []string
		for _, a := range got.ActorCut {
			actors = append(actors, a.ID)
		}
		wantActors := slices.Clone(want.NodeCut)
		slices.Sort(wantActors)
		if !slices.Equal(actors, wantActors) {
			t.Errorf("%s: actor cut %v, want %v", name, actors, wantActors)
		}
	}
	for q, code := range map[string]string{
		`{ kShortestPaths(from: "0", to: "33", k: 0) { paths { length } } }`: "BAD_USER_INPUT",
		`{ kShortestPaths(from: "0", to: "0") { paths { length } } }`:        "BAD_USER_INPUT",
		`{ maxFlow(from: "0", to: "nobody") { tieIndependentPaths } }`:       "NOT_FOUND",
	} {
		if r := MustPost(t, h, q, nil); len(r.Errors) != 1 || r.Errors[0].Code() != code {
			t.Errorf("%s: %s, want %s", q, r.Body, code)
		}
	}
}

func TestEgoNetworkKarateGolden(t *testing.T) { forEachStore(t, testEgoNetworkKarateGolden) }

// testEgoNetworkKarateGolden checks egoNetwork on the karate club against
// nx.ego_graph and Burt's measures in NetworkX, and its argument errors.
func testEgoNetworkKarateGolden(t *testing.T, open openFunc) {
	g := MustMeasuresGolden(t)
	h := graph.NewHandler(MustKarateStore(t, open), graph.Options{})
	c := client.New(h)
	for _, name := range []string{"karate 0 1", "karate 33 2", "karate 5 3", "karate 11 1"} {
		want := g.Ego[name]
		var resp struct {
			EgoNetwork struct {
				Actor                              struct{ ID string }
				Radius, Size, Ties, Degree         int
				Actors                             []struct{ Hops int }
				Density, EffectiveSize, Efficiency *float64
				Constraint                         *float64
				BrokeragePairs                     int
				EgoBetweenness                     float64
			}
		}
		MustQuery(t, c, &resp, `query($id: ID!, $r: Int) { egoNetwork(id: $id, radius: $r, first: 100) {
		  actor { id } radius size ties degree actors { hops } density effectiveSize efficiency constraint brokeragePairs egoBetweenness } }`,
			map[string]any{"id": want.Actor, "r": want.Radius})
		got := resp.EgoNetwork
		if got.Actor.ID != want.Actor || got.Size != want.Actors || len(got.Actors) != want.Actors || got.Ties != want.Ties || got.Actors[0].Hops != 0 {
			t.Errorf("%s: %s, %d actors (%d listed), %d ties; want %d, %d", name, got.Actor.ID, got.Size, len(got.Actors), got.Ties, want.Actors, want.Ties)
		}
		for what, v := range map[string][2]*float64{
			"density": {got.Density, &want.Density}, "effectiveSize": {got.EffectiveSize, want.EffectiveSize},
			"efficiency": {got.Efficiency, want.Efficiency}, "constraint": {got.Constraint, want.Constraint},
			"egoBetweenness": {&got.EgoBetweenness, &want.EgoBetweenness},
		} {
			if v[0] == nil || v[1] == nil || math.Abs(*v[0]-*v[1]) > 1e-12 {
				t.Errorf("%s: %s = %v, want %v (NetworkX)", name, what, v[0], v[1])
			}
		}
	}
	for q, code := range map[string]string{
		`{ egoNetwork(id: "0", radius: 4) { size } }`: "BAD_USER_INPUT",
		`{ egoNetwork(id: "0", first: 0) { size } }`:  "BAD_USER_INPUT",
		`{ egoNetwork(id: "nobody") { size } }`:       "NOT_FOUND",
	} {
		if r := MustPost(t, h, q, nil); len(r.Errors) != 1 || r.Errors[0].Code() != code {
			t.Errorf("%s: %s, want %s", q, r.Body, code)
		}
	}
}

func TestNetworkChangeKarateGolden(t *testing.T) { forEachStore(t, testNetworkChangeKarateGolden) }

// testNetworkChangeKarateGolden checks networkChange on the dated karate
// club (analysis/testdata/karate_dated.graphml) against the ties, actors
// and rankings of NetworkX's graphs at two years.
func testNetworkChangeKarateGolden(t *testing.T, open openFunc) {
	data, err := os.ReadFile("../analysis/testdata/measures.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Change struct {
			Pairs []struct {
				From, To          string
				Gained, Lost      [][2]string
				Entering, Leaving []string
				Ranks             map[string]map[string]struct {
					FromRank int `json:"from_rank"`
					ToRank   int `json:"to_rank"`
				}
			}
		}
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../analysis/testdata/karate_dated.graphml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ch, err := formats.ReadGraphML(f, "karate_dated.graphml")
	if err != nil {
		t.Fatal(err)
	}
	s := open(t)
	MustApply(t, s, ch)
	h := graph.NewHandler(s, graph.Options{})
	c := client.New(h)
	type tie struct {
		From, To struct{ ID string }
		Sources  []struct{ Title string }
	}
	pairs := func(ts []tie) []string {
		out := []string{}
		for _, x := range ts {
			p := []string{x.From.ID, x.To.ID}
			slices.Sort(p)
			out = append(out, p[0]+"-"+p[1])
			if len(x.Sources) == 0 {
				t.Errorf("tie %s-%s has no sources", x.From.ID, x.To.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, want := range golden.Change.Pairs {
		for _, metric := range []string{"DEGREE", "BETWEENNESS"} {
			var resp struct {
				NetworkChange struct {
					Gained, Lost      []tie
					Entering, Leaving []struct{ ID string }
					RankChanges       []struct {
						Actor                  struct{ ID string }
						FromRank, ToRank, Rise int
					}
				}
			}
			MustQuery(t, c, &resp, `query($from: Date!, $to: Date!, $m: CentralityMetric) { networkChange(from: $from, to: $to, metric: $m, top: 1000) {
			  gained { from { id } to { id } sources { title } } lost { from { id } to { id } sources { title } }
			  entering { id } leaving { id } rankChanges { actor { id } fromRank toRank rise } } }`,
				map[string]any{"from": want.From, "to": want.To, "m": metric})
			got := resp.NetworkChange
			var wantGained, wantLost []string
			for _, p := range want.Gained {
				wantGained = append(wantGained, p[0]+"-"+p[1])
			}
			for _, p := range want.Lost {
				wantLost = append(wantLost, p[0]+"-"+p[1])
			}
			slices.Sort(wantGained)
			slices.Sort(wantLost)
			if g := pairs(got.Gained); !slices.Equal(g, wantGained) && len(g)+len(wantGained) > 0 {
				t.Errorf("%s-%s gained %v, want %v", want.From, want.To, g, wantGained)
			}
			if l := pairs(got.Lost); !slices.Equal(l, wantLost) && len(l)+len(wantLost) > 0 {
				t.Errorf("%s-%s lost %v, want %v", want.From, want.To, l, wantLost)
			}
			var entering []string
			for _, a := range got.Entering {
				entering = append(entering, a.ID)
			}
			if !slices.Equal(entering, want.Entering) || len(got.Leaving) != len(want.Leaving) {
				t.Errorf("%s-%s entering %v (%d leaving), want %v (%d)", want.From, want.To, entering, len(got.Leaving), want.Entering, len(want.Leaving))
			}
			if len(got.RankChanges) != len(want.Ranks[metric]) {
				t.Fatalf("%s %s-%s: %d rank changes, want %d", metric, want.From, want.To, len(got.RankChanges), len(want.Ranks[metric]))
			}
			for _, rc := range got.RankChanges {
				w := want.Ranks[metric][rc.Actor.ID]
				if rc.FromRank != w.FromRank || rc.ToRank != w.ToRank || rc.Rise != w.FromRank-w.ToRank {
					t.Errorf("%s %s: %d -> %d (rise %d), want %d -> %d", metric, rc.Actor.ID, rc.FromRank, rc.ToRank, rc.Rise, w.FromRank, w.ToRank)
				}
			}
		}
	}
	if r := MustPost(t, h, `{ networkChange(from: "2012", to: "2016", network: {asOf: "2014"}) { tiesTo } }`, nil); len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("asOf set: %s, want BAD_USER_INPUT", r.Body)
	}
}

func TestTwoModeSouthernWomenGolden(t *testing.T) { forEachStore(t, testTwoModeSouthernWomenGolden) }

// testTwoModeSouthernWomenGolden stores Davis's Southern Women (women,
// EVENT actors, PARTICIPATED ties, and the same attendance as FUNDING ties
// whose activity is the event) and checks twoMode's projections onto the
// women against nx.bipartite.weighted_projected_graph.
func testTwoModeSouthernWomenGolden(t *testing.T, open openFunc) {
	data, err := os.ReadFile("../analysis/testdata/measures.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		TwoMode struct {
			Links      [][2]string `json:"links"`
			Projection [][3]any    `json:"projection"`
		} `json:"two_mode"`
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	src := func(record string) []network.Source {
		return []network.Source{{Title: "Davis, Gardner and Gardner, Deep South (1941), via nx.davis_southern_women_graph", Record: record}}
	}
	ch := &network.Change{}
	seen := map[string]bool{}
	for i, l := range golden.TwoMode.Links {
		for j, id := range l {
			if !seen[id] {
				seen[id] = true
				kind := network.CivilSociety
				if j == 1 {
					kind = network.Event
				}
				ch.Actors = append(ch.Actors, &network.Actor{ID: slug(id), Name: id, Kind: kind, Sources: src(id)})
			}
		}
		rec := l[0] + " attended " + l[1]
		ch.Ties = append(ch.Ties, &network.Tie{ID: fmt.Sprintf("p%02d", i), Kind: network.Participated, From: slug(l[0]), To: slug(l[1]), Weight: 1, Sources: src(rec)},
			&network.Tie{ID: fmt.Sprintf("f%02d", i), Kind: network.Funding, From: slug(l[0]), To: slug(l[1]), Weight: 1, Sources: src(rec),
				Funding: &network.FundingFlow{Amount: 1, Currency: "USD", Date: "1935", TransactionType: "3", ActivityID: "XM-DAC-1-" + slug(l[1])}})
	}
	s := open(t)
	MustApply(t, s, ch)
	h := graph.NewHandler(s, graph.Options{})
	c := client.New(h)
	want := map[string]int{}
	for _, e := range golden.TwoMode.Projection {
		want[slug(e[0].(string))+"|"+slug(e[1].(string))] = int(e[2].(float64))
	}
	for _, kind := range []string{"EVENTS", "ACTIVITIES"} {
		var resp struct {
			TwoMode struct {
				Actors, Items, Links, Count int
				Ties                        []struct {
					A, B   struct{ ID string }
					Weight int
					Shared []string
					Events []struct{ ID string }
					TieIds []string
				}
			}
		}
		MustQuery(t, c, &resp, `query($k: TwoModeKind!) { twoMode(kind: $k, top: 1000) { actors items links count
		  ties { a { id } b { id } weight shared events { id } tieIds } } }`, map[string]any{"k": kind})
		got := resp.TwoMode
		if got.Actors != 18 || got.Items != 14 || got.Links != len(golden.TwoMode.Links) || got.Count != len(want) || len(got.Ties) != len(want) {
			t.Fatalf("%s: %d actors, %d items, %d links, %d ties (%d listed); want 18, 14, %d, %d", kind, got.Actors, got.Items, got.Links, got.Count, len(got.Ties), len(golden.TwoMode.Links), len(want))
		}
		for _, pt := range got.Ties {
			w, ok := want[pt.A.ID+"|"+pt.B.ID]
			if !ok || pt.Weight != w || len(pt.Shared) != w || len(pt.TieIds) != 2*w {
				t.Errorf("%s %s-%s: weight %d (%d shared, %d ties), want %d", kind, pt.A.ID, pt.B.ID, pt.Weight, len(pt.Shared), len(pt.TieIds), w)
			}
			if kind == "EVENTS" && len(pt.Events) != w || kind == "ACTIVITIES" && len(pt.Events) != 0 {
				t.Errorf("%s %s-%s: %d events", kind, pt.A.ID, pt.B.ID, len(pt.Events))
			}
		}
	}
	if r := MustPost(t, h, `{ twoMode(kind: EVENTS, network: {coOrganizing: true}) { count } }`, nil); len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("coOrganizing: %s, want BAD_USER_INPUT", r.Body)
	}
}

// slug turns a name into an actor ID.
func slug(name string) string {
	return strings.ToLower(strings.NewReplacer(" ", "-", ".", "").Replace(name))
}
