package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// TestAnalyze runs the analyze command on a new store (the seed network)
// and checks its ranking against the centrality query's kernel, as JSON and
// as a table.
func TestAnalyze(t *testing.T) {
	data := filepath.Join(t.TempDir(), "peacegraph.db")
	out, err := runOut(t, "analyze", "--data", data, "--metric", "pagerank", "--top", "3", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Metric string
		Count  int
		Method struct{ Converged bool }
		Items  []struct {
			Rank  int
			ID    string
			Score float64
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Metric != "PAGERANK" || len(got.Items) != 3 || got.Count < 100 || !got.Method.Converged {
		t.Fatalf("analyze printed %s", out)
	}
	for i := 1; i < len(got.Items); i++ {
		if got.Items[i].Score > got.Items[i-1].Score || got.Items[i].Rank != i+1 {
			t.Errorf("items out of order: %+v", got.Items)
		}
	}
	table, err := runOut(t, "analyze", "--data", data, "--metric", "PAGERANK", "--top", "3")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range got.Items {
		if !strings.Contains(table, it.ID) {
			t.Errorf("the table does not list %s:\n%s", it.ID, table)
		}
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := runOut(t, "analyze", "--data", data, "--metric", "FAME"); err == nil || !strings.Contains(err.Error(), "FAME") {
			t.Errorf("--metric FAME: %v, want an error naming it", err)
		}
		if _, err := runOut(t, "analyze", "--data", data, "--metric", "PAGERANK", "--weight", "HEAVY"); err == nil {
			t.Error("--weight HEAVY: no error")
		}
	})
}

// TestAnalyzeCommunities runs analyze --communities on a new store (the
// seed network) and checks its partition against the kernel's over the
// same store, as JSON and as a table.
func TestAnalyzeCommunities(t *testing.T) {
	data := filepath.Join(t.TempDir(), "peacegraph.db")
	out, err := runOut(t, "analyze", "--data", data, "--communities", "leiden", "--restarts", "3", "--seed", "7", "--top", "2", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Algorithm   string
		Count       int
		Modularity  float64
		Communities []struct {
			Size     int
			ActorIDs []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	s, err := embedded.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(context.Background(), false)
	if cerr := s.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	p, err := analysis.Project(snap, analysis.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := analysis.Leiden(context.Background(), p, analysis.LouvainOptions{Resolution: 1, Seed: 7, Restarts: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got.Algorithm != "LEIDEN" || got.Count != len(want.Communities) || got.Modularity != want.Modularity || len(got.Communities) != 2 {
		t.Fatalf("analyze printed %s; the kernel finds %d communities, modularity %v", out, len(want.Communities), want.Modularity)
	}
	for i, c := range got.Communities {
		if c.Size != len(want.Communities[i]) || !slices.Equal(c.ActorIDs, want.Communities[i]) {
			t.Errorf("community %d: printed %d actors %v, kernel %v", i, c.Size, c.ActorIDs, want.Communities[i])
		}
	}
	table, err := runOut(t, "analyze", "--data", data, "--communities", "LEIDEN", "--restarts", "3", "--seed", "7", "--top", "2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, want.Communities[0][0]) || !strings.Contains(table, fmt.Sprintf("%d communities", len(want.Communities))) {
		t.Errorf("the table does not show the largest community and the count:\n%s", table)
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := runOut(t, "analyze", "--data", data, "--communities", "CLIQUES"); err == nil || !strings.Contains(err.Error(), "CLIQUES") {
			t.Errorf("--communities CLIQUES: %v, want an error naming it", err)
		}
		if _, err := runOut(t, "analyze", "--data", data, "--communities", "LOUVAIN", "--resolution", "0"); err == nil || !strings.Contains(err.Error(), "resolution") {
			t.Errorf("--resolution 0: %v, want an error naming it", err)
		}
	})
}

func TestProgressLine(t *testing.T) {
	got := progressLine("BETWEENNESS over 20000 actors", 0.25, 10*time.Second)
	want := "BETWEENNESS over 20000 actors [=======                       ]  25.0% 10s, about 30s left"
	if got != want {
		t.Errorf("progressLine = %q, want %q", got, want)
	}
	if got := progressLine("x", 1, time.Second); strings.Contains(got, "left") || !strings.Contains(got, "100.0%") {
		t.Errorf("progressLine at 1 = %q", got)
	}
}
