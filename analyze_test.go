package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
