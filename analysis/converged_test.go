package analysis_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// convergedGolden is testdata/converged_directed.golden.json.gz, written by
// testdata/converged.py.
type convergedGolden struct {
	Meta struct {
		Nodes      int               `json:"nodes"`
		Arcs       int               `json:"arcs"`
		Calls      map[string]string `json:"calls"`
		Iterations map[string]int    `json:"iterations"`
	} `json:"meta"`
	ByNode map[string]map[string]float64 `json:"by_node"`
}

// MustGzipReader opens a gzipped file of testdata.
func MustGzipReader(tb testing.TB, name string) *gzip.Reader {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	return z
}

// MustConvergedGraph returns the large directed graph of converged.py, its
// directed projection and its reference values.
func MustConvergedGraph(tb testing.TB) (*analysis.Projection, *convergedGolden) {
	tb.Helper()
	var g convergedGolden
	if err := json.NewDecoder(MustGzipReader(tb, "converged_directed.golden.json.gz")).Decode(&g); err != nil {
		tb.Fatal(err)
	}
	snap := &network.Snapshot{}
	for id := range g.ByNode {
		snap.Actors = append(snap.Actors, &network.Actor{ID: id, Name: id, Kind: network.OtherActor})
	}
	sc := bufio.NewScanner(MustGzipReader(tb, "converged_directed.edges.gz"))
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			tb.Fatalf("bad arc line %q", sc.Text())
		}
		snap.Ties = append(snap.Ties, &network.Tie{ID: fmt.Sprint(len(snap.Ties)), Kind: network.Funding, From: from, To: to, Weight: 1})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	p := MustProject(tb, snap, analysis.Selection{Directed: true})
	if p.N() != g.Meta.Nodes || p.Edges() != g.Meta.Arcs {
		tb.Fatalf("projection has %d nodes and %d arcs, want %d and %d", p.N(), p.Edges(), g.Meta.Nodes, g.Meta.Arcs)
	}
	return p, &g
}

// TestConverged checks PageRank and eigenvector centrality on 20,000
// nodes: by default they agree with converged references to 1e-9, where
// NetworkX's default rule stops after a few iterations up to 15% off; with
// NetworkX's max_iter and tol they reproduce its default call.
func TestConverged(t *testing.T) {
	p, g := MustConvergedGraph(t)
	check := func(t *testing.T, metric string, s *analysis.Scores, tol float64) {
		t.Helper()
		var worst float64
		for i, id := range s.IDs {
			want, ok := g.ByNode[id][metric]
			if !ok {
				t.Fatalf("no %s for %s", metric, id)
			}
			worst = max(worst, math.Abs(s.Values[i]-want))
		}
		if worst > tol {
			t.Errorf("%s: largest difference %.3g, want within %g (%s)", metric, worst, tol, g.Meta.Calls[metric])
		}
		t.Logf("%s: largest difference %.3g after %d iterations (NetworkX: %d)", metric, worst, s.Method.Iterations, g.Meta.Iterations[metric])
	}
	ctx := context.Background()
	nxDefault := analysis.PowerOptions{MaxIter: 100, Tol: 1e-6}
	t.Run("PageRank", func(t *testing.T) {
		s := Must(analysis.PageRank(ctx, p, analysis.PageRankOptions{}))
		if !s.Method.Converged {
			t.Errorf("method %+v: not converged", s.Method)
		}
		check(t, "pagerank_converged", s, 1e-9)
		nx := Must(analysis.PageRank(ctx, p, analysis.PageRankOptions{PowerOptions: nxDefault}))
		check(t, "pagerank_nx_default", nx, 1e-12)
		if got, want := nx.Method.Iterations, g.Meta.Iterations["pagerank_nx_default"]; got != want {
			t.Errorf("NetworkX's rule took %d iterations, NetworkX %d", got, want)
		}
	})
	t.Run("Eigenvector", func(t *testing.T) {
		s := Must(analysis.Eigenvector(ctx, p, analysis.PowerOptions{}))
		if !s.Method.Converged {
			t.Errorf("method %+v: not converged", s.Method)
		}
		check(t, "eigenvector_converged", s, 1e-9)
		nx := Must(analysis.Eigenvector(ctx, p, nxDefault))
		check(t, "eigenvector_nx_default", nx, 1e-12)
		if got, want := nx.Method.Iterations, g.Meta.Iterations["eigenvector_nx_default"]; got != want {
			t.Errorf("NetworkX's rule took %d iterations, NetworkX %d", got, want)
		}
	})
	t.Run("NotConverged", func(t *testing.T) {
		s := Must(analysis.PageRank(ctx, p, analysis.PageRankOptions{PowerOptions: analysis.PowerOptions{MaxIter: 3}}))
		if s.Method.Converged || s.Method.Iterations != 3 || !strings.Contains(s.Method.Notes, "did not converge in 3 iterations") {
			t.Errorf("method %+v: want not converged after 3 iterations, said in the notes", s.Method)
		}
	})
}
