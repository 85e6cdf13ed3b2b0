package analysis_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// measuresGolden is testdata/measures.golden.json, written by
// testdata/measures.py.
type measuresGolden struct {
	Calls          map[string]json.RawMessage             `json:"calls"`
	Centralization map[string]map[string]float64          `json:"centralization"`
	RichClub       map[string]map[string]float64          `json:"rich_club"`
	Similarity     map[string]map[string]similarityGolden `json:"similarity"`
	KPaths         map[string]kPathsGolden                `json:"k_paths"`
	Flow           map[string]flowGolden                  `json:"flow"`
	Ego            map[string]map[string]json.RawMessage  `json:"ego"`
}

type similarityGolden struct {
	Shared  int     `json:"shared"`
	Jaccard float64 `json:"jaccard"`
	Cosine  float64 `json:"cosine"`
}

type kPathsGolden struct {
	Graph    string `json:"graph"`
	From     string `json:"from"`
	To       string `json:"to"`
	K        int    `json:"k"`
	Directed bool   `json:"directed"`
	Weight   string `json:"weight"`
	Paths    []struct {
		Actors []string `json:"actors"`
		Length float64  `json:"length"`
	} `json:"paths"`
}

type flowGolden struct {
	Graph     string      `json:"graph"`
	From      string      `json:"from"`
	To        string      `json:"to"`
	Directed  bool        `json:"directed"`
	EdgePaths int         `json:"edge_paths"`
	NodePaths int         `json:"node_paths"`
	EdgeCut   [][2]string `json:"edge_cut"`
	NodeCut   []string    `json:"node_cut"`
}

// MustMeasuresGolden reads testdata/measures.golden.json.
func MustMeasuresGolden(tb testing.TB) *measuresGolden {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "measures.golden.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var g measuresGolden
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	return &g
}

var measureGraphs = []string{"karate", "florentine", "lesmis", "davis", "gnp_directed"}

// TestFreemanCentralization compares degree, betweenness and closeness
// centralization of each reference graph's undirected view with the
// formulas applied to NetworkX's centralities (testdata/measures.py).
func TestFreemanCentralization(t *testing.T) {
	g := MustMeasuresGolden(t)
	ctx := context.Background()
	for _, name := range measureGraphs {
		t.Run(name, func(t *testing.T) {
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", name+".graphml")), analysis.Selection{})
			bc, err := analysis.Betweenness(ctx, p, analysis.BetweennessOptions{})
			if err != nil {
				t.Fatal(err)
			}
			cc, err := analysis.Closeness(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			for kind, s := range map[analysis.CentralizationKind]*analysis.Scores{
				analysis.CentralizationDegree:      analysis.Degree(p, analysis.DegreeTotal),
				analysis.CentralizationBetweenness: bc,
				analysis.CentralizationCloseness:   cc,
			} {
				c, err := analysis.FreemanCentralization(kind, s.Values)
				if err != nil {
					t.Fatal(err)
				}
				want := g.Centralization[name][map[analysis.CentralizationKind]string{"DEGREE": "degree", "BETWEENNESS": "betweenness", "CLOSENESS": "closeness"}[kind]]
				if math.Abs(c.Value-want) > 1e-12 {
					t.Errorf("%s: %v, want %v (NetworkX)", kind, c.Value, want)
				}
			}
		})
	}
	t.Run("Star", func(t *testing.T) {
		for _, kind := range []analysis.CentralizationKind{analysis.CentralizationDegree, analysis.CentralizationBetweenness, analysis.CentralizationCloseness} {
			// A star of 6: the centre 1, each leaf the star's value.
			leaf := map[analysis.CentralizationKind]float64{"DEGREE": 0.2, "BETWEENNESS": 0, "CLOSENESS": 5.0 / 9}[kind]
			c, err := analysis.FreemanCentralization(kind, []float64{1, leaf, leaf, leaf, leaf, leaf})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(c.Value-1) > 1e-12 {
				t.Errorf("%s of a star = %v, want 1", kind, c.Value)
			}
		}
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		if _, err := analysis.FreemanCentralization("PAGERANK", []float64{1, 2, 3}); err == nil {
			t.Error("no error for PAGERANK")
		}
	})
}

// TestRichClubCoefficient compares RichClubCoefficient with
// nx.rich_club_coefficient(U, normalized=False) on each reference graph's
// undirected view.
func TestRichClubCoefficient(t *testing.T) {
	g := MustMeasuresGolden(t)
	for _, name := range measureGraphs {
		t.Run(name, func(t *testing.T) {
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", name+".graphml")), analysis.Selection{Directed: true})
			got := analysis.RichClubCoefficient(p)
			want := g.RichClub[name]
			if len(got) != len(want) {
				t.Fatalf("%d degrees, want %d", len(got), len(want))
			}
			for _, rc := range got {
				w, ok := want[strconv.Itoa(rc.Degree)]
				if !ok || math.Abs(rc.Coefficient-w) > 1e-12 {
					t.Errorf("k=%d: %v (%d actors, %d ties), want %v", rc.Degree, rc.Coefficient, rc.Actors, rc.Ties, w)
				}
			}
		})
	}
}

// TestSimilarity compares PairSimilarity and MostSimilar with NetworkX's
// jaccard_coefficient and the cosine of the neighbour sets on every pair
// of the karate club and the Florentine families.
func TestSimilarity(t *testing.T) {
	g := MustMeasuresGolden(t)
	for _, name := range []string{"karate", "florentine"} {
		t.Run(name, func(t *testing.T) {
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", name+".graphml")), analysis.Selection{})
			want := g.Similarity[name]
			pairs := 0
			for i, a := range p.IDs() {
				for _, b := range p.IDs()[i+1:] {
					s, err := analysis.PairSimilarity(p, a, b)
					if err != nil {
						t.Fatal(err)
					}
					w, ok := want[a+"|"+b]
					if !ok {
						if len(s.Shared) != 0 || s.Jaccard != 0 || s.Cosine != 0 {
							t.Errorf("%s-%s: %+v, want nothing shared", a, b, s)
						}
						continue
					}
					pairs++
					if len(s.Shared) != w.Shared || math.Abs(s.Jaccard-w.Jaccard) > 1e-12 || math.Abs(s.Cosine-w.Cosine) > 1e-12 {
						t.Errorf("%s-%s: %d shared, jaccard %v, cosine %v; want %+v", a, b, len(s.Shared), s.Jaccard, s.Cosine, w)
					}
				}
			}
			if pairs != len(want) {
				t.Errorf("%d pairs share a neighbour, want %d", pairs, len(want))
			}
			for _, m := range []analysis.SimilarityMeasure{analysis.Jaccard, analysis.Cosine} {
				for _, a := range p.IDs() {
					got, err := analysis.MostSimilar(context.Background(), p, a, m, 0)
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for k := range want {
						if x, y, _ := strings.Cut(k, "|"); x == a || y == a {
							n++
						}
					}
					if len(got) != n {
						t.Errorf("%s %s: %d similar actors, want %d", m, a, len(got), n)
					}
					for i, s := range got {
						pair := []string{a, s.ID}
						slices.Sort(pair)
						w := want[pair[0]+"|"+pair[1]]
						wantV, gotV := w.Jaccard, s.Jaccard
						if m == analysis.Cosine {
							wantV, gotV = w.Cosine, s.Cosine
						}
						if math.Abs(gotV-wantV) > 1e-12 || len(s.Shared) != w.Shared {
							t.Errorf("%s %s #%d %s: %v (%d shared), want %v (%d)", m, a, i+1, s.ID, gotV, len(s.Shared), wantV, w.Shared)
						}
						if i > 0 {
							prev, prevV := got[i-1], got[i-1].Jaccard
							if m == analysis.Cosine {
								prevV = prev.Cosine
							}
							if prevV < gotV || prevV == gotV && prev.ID > s.ID {
								t.Errorf("%s %s: #%d %s (%v) after %s (%v)", m, a, i+1, s.ID, gotV, prev.ID, prevV)
							}
						}
					}
				}
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		p := MustProject(t, MustGraphML(t, filepath.Join("testdata", "karate.graphml")), analysis.Selection{})
		if _, err := analysis.MostSimilar(context.Background(), p, "nobody", analysis.Jaccard, 5); network.ErrorCode(err) != network.ENOTFOUND {
			t.Errorf("MostSimilar(nobody): %v, want ENOTFOUND", err)
		}
		if _, err := analysis.PairSimilarity(p, "0", "nobody"); network.ErrorCode(err) != network.ENOTFOUND {
			t.Errorf("PairSimilarity(0, nobody): %v, want ENOTFOUND", err)
		}
	})
}

// TestKShortestPaths compares KShortestPaths with the first k paths of
// nx.shortest_simple_paths: the same lengths in order, the same set of
// paths below the k-th length (paths of one length may come in another
// order), and every path loopless, along arcs, of its stated length.
func TestKShortestPaths(t *testing.T) {
	g := MustMeasuresGolden(t)
	for name, c := range g.KPaths {
		t.Run(name, func(t *testing.T) {
			sel := analysis.Selection{Directed: c.Directed}
			if c.Weight != "" {
				sel.Weight = analysis.WeightMode(c.Weight)
			}
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", c.Graph+".graphml")), sel)
			got, err := analysis.KShortestPaths(context.Background(), p, c.From, c.To, c.K)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.Paths) {
				t.Fatalf("%d paths, want %d", len(got), len(c.Paths))
			}
			last := c.Paths[len(c.Paths)-1].Length
			below := map[string]bool{}
			for _, w := range c.Paths {
				if w.Length < last-1e-9 {
					below[strings.Join(w.Actors, " ")] = true
				}
			}
			seen := map[string]bool{}
			for i, path := range got {
				if math.Abs(path.Length-c.Paths[i].Length) > 1e-9 {
					t.Errorf("path %d: length %v, want %v", i+1, path.Length, c.Paths[i].Length)
				}
				key := strings.Join(path.Actors, " ")
				if seen[key] {
					t.Errorf("path %d repeats %s", i+1, key)
				}
				seen[key] = true
				if path.Length < last-1e-9 && !below[key] {
					t.Errorf("path %d (%s, length %v) is not among NetworkX's", i+1, key, path.Length)
				}
				checkPath(t, p, path, c.From, c.To)
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		p := MustProject(t, MustGraphML(t, filepath.Join("testdata", "karate.graphml")), analysis.Selection{})
		for _, c := range []struct {
			from, to string
			k        int
			code     string
		}{{"0", "33", 0, network.EINVALID}, {"0", "33", analysis.MaxKPaths + 1, network.EINVALID}, {"0", "0", 3, network.EINVALID}, {"0", "nobody", 3, network.ENOTFOUND}} {
			if _, err := analysis.KShortestPaths(context.Background(), p, c.from, c.to, c.k); network.ErrorCode(err) != c.code {
				t.Errorf("KShortestPaths(%s, %s, %d): %v, want %s", c.from, c.to, c.k, err, c.code)
			}
		}
	})
}

// checkPath checks that path runs from from to to along arcs of p without
// repeating an actor, and that its length is the sum of its arcs'.
func checkPath(tb testing.TB, p *analysis.Projection, path analysis.Path, from, to string) {
	tb.Helper()
	if path.Actors[0] != from || path.Actors[len(path.Actors)-1] != to {
		tb.Errorf("%v does not run from %s to %s", path.Actors, from, to)
	}
	var length float64
	seen := map[string]bool{}
	for i, id := range path.Actors {
		if seen[id] {
			tb.Errorf("%v repeats %s", path.Actors, id)
		}
		seen[id] = true
		if i == 0 {
			continue
		}
		adj, w := p.Out(p.Index(path.Actors[i-1]))
		j, ok := slices.BinarySearch(adj, int32(p.Index(id)))
		if !ok {
			tb.Errorf("%v: no arc %s -> %s", path.Actors, path.Actors[i-1], id)
			return
		}
		length += p.Distance(w[j])
	}
	if math.Abs(length-path.Length) > 1e-9 {
		tb.Errorf("%v: length %v, its arcs sum to %v", path.Actors, path.Length, length)
	}
}

// TestMaxFlow compares MaxFlow with NetworkX's edge_connectivity,
// node_connectivity and minimum_edge_cut between pairs of the karate club
// and the directed reference graph, and its node cut with nx.minimum_cut's
// source side on the split graph.
func TestMaxFlow(t *testing.T) {
	g := MustMeasuresGolden(t)
	for name, c := range g.Flow {
		t.Run(name, func(t *testing.T) {
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", c.Graph+".graphml")), analysis.Selection{Directed: c.Directed})
			got, err := analysis.MaxFlow(context.Background(), p, c.From, c.To)
			if err != nil {
				t.Fatal(err)
			}
			if got.EdgePaths != c.EdgePaths || got.NodePaths != c.NodePaths {
				t.Errorf("%d edge- and %d node-independent paths, want %d and %d", got.EdgePaths, got.NodePaths, c.EdgePaths, c.NodePaths)
			}
			want := slices.Clone(c.EdgeCut)
			slices.SortFunc(want, func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
			if !slices.Equal(got.EdgeCut, want) {
				t.Errorf("edge cut %v, want %v", got.EdgeCut, want)
			}
			if len(got.EdgeCut) != got.EdgePaths {
				t.Errorf("edge cut of %d arcs for %d paths", len(got.EdgeCut), got.EdgePaths)
			}
			wantNodes := slices.Clone(c.NodeCut)
			slices.Sort(wantNodes)
			if !slices.Equal(got.NodeCut, wantNodes) {
				t.Errorf("node cut %v, want %v", got.NodeCut, wantNodes)
			}
			if !got.Adjacent && len(got.NodeCut) != got.NodePaths {
				t.Errorf("node cut of %d actors for %d paths", len(got.NodeCut), got.NodePaths)
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		p := MustProject(t, MustGraphML(t, filepath.Join("testdata", "karate.graphml")), analysis.Selection{})
		if _, err := analysis.MaxFlow(context.Background(), p, "0", "0"); network.ErrorCode(err) != network.EINVALID {
			t.Errorf("MaxFlow(0, 0): %v, want EINVALID", err)
		}
		if _, err := analysis.MaxFlow(context.Background(), p, "nobody", "0"); network.ErrorCode(err) != network.ENOTFOUND {
			t.Errorf("MaxFlow(nobody, 0): %v, want ENOTFOUND", err)
		}
	})
}

// TestEgoNetwork compares EgoNetwork with nx.ego_graph and Burt's measures
// of the ego in it (nx.density, nx.effective_size, nx.constraint) on the
// karate club and Les Misérables.
func TestEgoNetwork(t *testing.T) {
	g := MustMeasuresGolden(t)
	for name, raw := range g.Ego {
		t.Run(name, func(t *testing.T) {
			var c struct {
				Graph, Actor   string
				Radius         int
				Actors, Ties   int
				Density        float64
				EffectiveSize  *float64 `json:"effective_size"`
				Efficiency     *float64
				Constraint     *float64
				BrokeragePairs int     `json:"brokerage_pairs"`
				EgoBetweenness float64 `json:"ego_betweenness"`
			}
			b, _ := json.Marshal(raw)
			if err := json.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", c.Graph+".graphml")), analysis.Selection{})
			e, err := analysis.EgoNetwork(context.Background(), p, c.Actor, c.Radius)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Actors) != c.Actors || e.Ties != c.Ties || e.BrokeragePairs != c.BrokeragePairs || e.Actors[0].ID != c.Actor {
				t.Errorf("%d actors (first %s), %d ties, %d brokerage pairs; want %d, %d, %d", len(e.Actors), e.Actors[0].ID, e.Ties, e.BrokeragePairs, c.Actors, c.Ties, c.BrokeragePairs)
			}
			for what, v := range map[string][2]float64{
				"density":        {e.Density, c.Density},
				"effective size": {e.EffectiveSize, *c.EffectiveSize},
				"efficiency":     {e.Efficiency, *c.Efficiency},
				"constraint":     {e.Constraint, *c.Constraint},
				"betweenness":    {e.Betweenness, c.EgoBetweenness},
			} {
				if math.Abs(v[0]-v[1]) > 1e-12 {
					t.Errorf("%s = %v, want %v (NetworkX)", what, v[0], v[1])
				}
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		p := MustProject(t, MustGraphML(t, filepath.Join("testdata", "karate.graphml")), analysis.Selection{})
		for _, r := range []int{0, analysis.MaxEgoRadius + 1} {
			if _, err := analysis.EgoNetwork(context.Background(), p, "0", r); network.ErrorCode(err) != network.EINVALID {
				t.Errorf("radius %d: %v, want EINVALID", r, err)
			}
		}
		if _, err := analysis.EgoNetwork(context.Background(), p, "nobody", 1); network.ErrorCode(err) != network.ENOTFOUND {
			t.Errorf("nobody: %v, want ENOTFOUND", err)
		}
	})
}

// changeGolden is the network-change reference of measures.golden.json.
type changeGolden struct {
	Ties  [][4]*string `json:"ties"`
	Pairs []struct {
		From, To          string
		Gained, Lost      [][2]string
		Entering, Leaving []string
		Ranks             map[string]map[string]struct {
			FromRank  int     `json:"from_rank"`
			ToRank    int     `json:"to_rank"`
			FromValue float64 `json:"from_value"`
			ToValue   float64 `json:"to_value"`
		}
	} `json:"pairs"`
}

// MustDatedKarate returns the dated karate club of measures.golden.json as
// a snapshot of PARTNERSHIP ties named by their ends.
func MustDatedKarate(tb testing.TB) (*network.Snapshot, *changeGolden) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "measures.golden.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var g struct {
		Change changeGolden `json:"change"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	snap := &network.Snapshot{}
	for i := range 34 {
		snap.Actors = append(snap.Actors, &network.Actor{ID: strconv.Itoa(i), Name: strconv.Itoa(i), Kind: network.OtherActor})
	}
	slices.SortFunc(snap.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	for _, t := range g.Change.Ties {
		tie := &network.Tie{ID: *t[0] + "-" + *t[1], Kind: network.Partnership, From: *t[0], To: *t[1], Weight: 1}
		if t[2] != nil {
			tie.Since = network.Date(*t[2])
		}
		if t[3] != nil {
			tie.Until = network.Date(*t[3])
		}
		snap.Ties = append(snap.Ties, tie)
	}
	return snap, &g.Change
}

// TestChange compares Change on the dated karate club with the ties,
// actors and rankings of NetworkX's graphs at two years.
func TestChange(t *testing.T) {
	snap, g := MustDatedKarate(t)
	ctx := context.Background()
	for _, c := range g.Pairs {
		t.Run(c.From+"-"+c.To, func(t *testing.T) {
			a := MustProject(t, snap, analysis.Selection{AsOf: network.Date(c.From)})
			b := MustProject(t, snap, analysis.Selection{AsOf: network.Date(c.To)})
			for _, metric := range []string{"DEGREE", "BETWEENNESS"} {
				sa, sb := analysis.Degree(a, analysis.DegreeTotal), analysis.Degree(b, analysis.DegreeTotal)
				if metric == "BETWEENNESS" {
					var err error
					if sa, err = analysis.Betweenness(ctx, a, analysis.BetweennessOptions{}); err != nil {
						t.Fatal(err)
					}
					if sb, err = analysis.Betweenness(ctx, b, analysis.BetweennessOptions{}); err != nil {
						t.Fatal(err)
					}
				}
				ch, err := analysis.Change(a, b, snap, snap, sa, sb)
				if err != nil {
					t.Fatal(err)
				}
				pairs := func(ps [][2]string) []string {
					out := []string{}
					for _, p := range ps {
						out = append(out, p[0]+"-"+p[1])
					}
					slices.Sort(out)
					return out
				}
				if got, want := append([]string{}, ch.Gained...), pairs(c.Gained); !slices.Equal(got, want) {
					t.Errorf("gained %v, want %v", got, want)
				}
				if got, want := append([]string{}, ch.Lost...), pairs(c.Lost); !slices.Equal(got, want) {
					t.Errorf("lost %v, want %v", got, want)
				}
				if !slices.Equal(ch.Entering, c.Entering) || !slices.Equal(ch.Leaving, c.Leaving) && len(ch.Leaving)+len(c.Leaving) > 0 {
					t.Errorf("entering %v, leaving %v; want %v, %v", ch.Entering, ch.Leaving, c.Entering, c.Leaving)
				}
				want := c.Ranks[metric]
				if len(ch.Ranks) != len(want) {
					t.Fatalf("%s: %d actors ranked at both dates, want %d", metric, len(ch.Ranks), len(want))
				}
				for i, r := range ch.Ranks {
					w := want[r.ID]
					if r.FromRank != w.FromRank || r.ToRank != w.ToRank || math.Abs(r.FromValue-w.FromValue) > 1e-12 || math.Abs(r.ToValue-w.ToValue) > 1e-12 {
						t.Errorf("%s %s: rank %d -> %d (%v -> %v), want %d -> %d (%v -> %v)", metric, r.ID, r.FromRank, r.ToRank, r.FromValue, r.ToValue, w.FromRank, w.ToRank, w.FromValue, w.ToValue)
					}
					if i > 0 {
						p := ch.Ranks[i-1]
						if d, e := abs(p.Rise()), abs(r.Rise()); d < e || d == e && p.ID > r.ID {
							t.Errorf("%s: %s (%+d) after %s (%+d)", metric, r.ID, r.Rise(), p.ID, p.Rise())
						}
					}
				}
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// twoModeGolden is the Southern Women reference of measures.golden.json.
type twoModeGolden struct {
	Links      [][2]string `json:"links"`
	Projection [][3]any    `json:"projection"`
}

// MustSouthernWomen returns Davis's Southern Women as a snapshot: the
// women and the EVENT actors, each woman's attendance a PARTICIPATED tie,
// and the same attendance as FUNDING ties whose activity ID is the event,
// with the NetworkX reference.
func MustSouthernWomen(tb testing.TB) (*network.Snapshot, *twoModeGolden) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "measures.golden.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var g struct {
		TwoMode twoModeGolden `json:"two_mode"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatal(err)
	}
	snap := &network.Snapshot{}
	seen := map[string]bool{}
	for _, l := range g.TwoMode.Links {
		for i, id := range l {
			if !seen[id] {
				seen[id] = true
				kind := network.CivilSociety
				if i == 1 {
					kind = network.Event
				}
				snap.Actors = append(snap.Actors, &network.Actor{ID: id, Name: id, Kind: kind})
			}
		}
		snap.Ties = append(snap.Ties, &network.Tie{ID: "p/" + l[0] + "/" + l[1], Kind: network.Participated, From: l[0], To: l[1], Weight: 1},
			&network.Tie{ID: "f/" + l[0] + "/" + l[1], Kind: network.Funding, From: l[0], To: l[1], Weight: 1,
				Funding: &network.FundingFlow{Amount: 1, Currency: "USD", ActivityID: "activity " + l[1]}})
	}
	slices.SortFunc(snap.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	return snap, &g.TwoMode
}

// TestTwoModeNetwork compares the projection onto the women of Davis's
// Southern Women, read as actors x events and as donors x activities, with
// nx.bipartite.weighted_projected_graph.
func TestTwoModeNetwork(t *testing.T) {
	snap, g := MustSouthernWomen(t)
	p := MustProject(t, snap, analysis.Selection{})
	want := map[string]int{}
	for _, e := range g.Projection {
		want[e[0].(string)+"|"+e[1].(string)] = int(e[2].(float64))
	}
	for _, kind := range []analysis.TwoModeKind{analysis.ActorsEvents, analysis.DonorsActivities} {
		t.Run(string(kind), func(t *testing.T) {
			tm, err := analysis.TwoModeNetwork(context.Background(), p, snap, kind)
			if err != nil {
				t.Fatal(err)
			}
			if len(tm.Actors) != 18 || len(tm.Items) != 14 || tm.Links != len(g.Links) {
				t.Errorf("%d actors, %d items, %d links; want 18, 14, %d", len(tm.Actors), len(tm.Items), tm.Links, len(g.Links))
			}
			if len(tm.Ties) != len(want) {
				t.Errorf("%d projected ties, want %d", len(tm.Ties), len(want))
			}
			for i, pt := range tm.Ties {
				if w, ok := want[pt.A+"|"+pt.B]; !ok || pt.Weight() != w {
					t.Errorf("%s-%s: weight %d, want %d", pt.A, pt.B, pt.Weight(), w)
				}
				if len(pt.Ties) != 2*pt.Weight() {
					t.Errorf("%s-%s: %d ties behind %d shared items", pt.A, pt.B, len(pt.Ties), pt.Weight())
				}
				if i > 0 && tm.Ties[i-1].Weight() < pt.Weight() {
					t.Errorf("%s-%s (%d) after a lighter tie", pt.A, pt.B, pt.Weight())
				}
			}
		})
	}
	t.Run("ErrCoOrganizing", func(t *testing.T) {
		q := MustProject(t, snap, analysis.Selection{CoOrganizing: true})
		if _, err := analysis.TwoModeNetwork(context.Background(), q, snap, analysis.ActorsEvents); network.ErrorCode(err) != network.EINVALID {
			t.Errorf("coOrganizing: %v, want EINVALID", err)
		}
	})
}
