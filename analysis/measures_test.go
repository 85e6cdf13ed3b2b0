package analysis_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
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
