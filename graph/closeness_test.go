package graph_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph"
)

const topCentralityQuery = `query($metric: CentralityMetric!, $top: Int, $options: CentralityOptions) {
  centrality(metric: $metric, top: $top, options: $options) {
    count items { rank score actor { id } }
    method { algorithm exact samples seed top }
  }
}`

type topCentralityResp struct {
	Centrality struct {
		Count  int          `json:"count"`
		Items  []rankedItem `json:"items"`
		Method struct {
			Algorithm string `json:"algorithm"`
			Exact     bool   `json:"exact"`
			Samples   int    `json:"samples"`
			Seed      int    `json:"seed"`
			Top       int    `json:"top"`
		} `json:"method"`
	} `json:"centrality"`
}

func TestClosenessAboveBudget(t *testing.T) { forEachStore(t, testClosenessAboveBudget) }

// testClosenessAboveBudget asks closeness and harmonic on the karate club
// with an exact budget that refuses them (34·190 = 6460 > 5000): options.top
// finds the exact top values, the same the analysis package ranks from
// every value, and options.samples estimates them.
func testClosenessAboveBudget(t *testing.T, open openFunc) {
	store := MustKarateStore(t, open)
	h := graph.NewHandler(store, graph.Options{Analytics: graph.AnalyticsOptions{ExactBudget: 5000}})
	p := MustProject(t, store, analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone})
	post := func(t *testing.T, vars map[string]any) topCentralityResp {
		t.Helper()
		resp := MustPost(t, h, topCentralityQuery, vars)
		if len(resp.Errors) > 0 {
			t.Fatalf("%v: %s", vars, resp.Body)
		}
		var data topCentralityResp
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		return data
	}
	for metric, exact := range map[string]func(context.Context, *analysis.Projection) (*analysis.Scores, error){
		"CLOSENESS": analysis.Closeness, "HARMONIC": analysis.Harmonic,
	} {
		want := Must(exact(context.Background(), p))
		t.Run("OK/Top/"+metric, func(t *testing.T) {
			// top 20 asked, 5 computed: the list holds the 5.
			data := post(t, map[string]any{"metric": metric, "options": map[string]any{"top": 5}})
			checkRanking(t, data.Centrality.Items, want.Ranked(5))
			if m := data.Centrality.Method; !m.Exact || m.Top != 5 {
				t.Errorf("method %+v, want exact with top 5", m)
			}
			if data.Centrality.Count != p.N() {
				t.Errorf("count %d, want %d actors", data.Centrality.Count, p.N())
			}
		})
		t.Run("OK/Sampled/"+metric, func(t *testing.T) {
			data := post(t, map[string]any{"metric": metric, "top": 34, "options": map[string]any{"samples": 5, "seed": 3}})
			if m := data.Centrality.Method; m.Exact || m.Samples != 5 || m.Seed != 3 || m.Top != 0 {
				t.Errorf("method %+v, want estimated from 5 samples with seed 3", m)
			}
			if len(data.Centrality.Items) != 34 {
				t.Errorf("%d items, want every actor estimated", len(data.Centrality.Items))
			}
		})
		t.Run("ErrInvalid/TopAndSamples/"+metric, func(t *testing.T) {
			if got := MustErrorCode(t, h, topCentralityQuery, map[string]any{"metric": metric, "options": map[string]any{"top": 5, "samples": 5}}); got != graph.CodeBadUserInput {
				t.Errorf("code %q, want %q", got, graph.CodeBadUserInput)
			}
		})
	}
	t.Run("ErrTooLarge/TopAboveBudget", func(t *testing.T) {
		tight := graph.NewHandler(store, graph.Options{Analytics: graph.AnalyticsOptions{ExactBudget: 500}})
		if got := MustErrorCode(t, tight, topCentralityQuery, map[string]any{"metric": "CLOSENESS", "options": map[string]any{"top": 5}}); got != graph.CodeComplexityExceeded {
			t.Errorf("code %q, want %q", got, graph.CodeComplexityExceeded)
		}
	})
	t.Run("ErrInvalid/TopOfPageRank", func(t *testing.T) {
		if got := MustErrorCode(t, h, topCentralityQuery, map[string]any{"metric": "PAGERANK", "options": map[string]any{"top": 5}}); got != graph.CodeBadUserInput {
			t.Errorf("code %q, want %q", got, graph.CodeBadUserInput)
		}
	})
	t.Run("ErrInvalid/TopZero", func(t *testing.T) {
		if got := MustErrorCode(t, h, topCentralityQuery, map[string]any{"metric": "CLOSENESS", "options": map[string]any{"top": 0}}); got != graph.CodeBadUserInput {
			t.Errorf("code %q, want %q", got, graph.CodeBadUserInput)
		}
	})
}
