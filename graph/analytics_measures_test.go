package graph_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
)

func TestNetworkMeasuresKarateGolden(t *testing.T) { forEachStore(t, testNetworkMeasuresKarateGolden) }

// testNetworkMeasuresKarateGolden checks networkStatistics' reciprocity and
// Freeman degree centralization on the karate club against NetworkX.
func testNetworkMeasuresKarateGolden(t *testing.T, open openFunc) {
	data, err := os.ReadFile("../analysis/testdata/karate.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		GraphLevel map[string]json.RawMessage `json:"graph_level"`
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	var want float64
	if err := json.Unmarshal(golden.GraphLevel["degree_centralization"], &want); err != nil {
		t.Fatal(err)
	}
	c := client.New(graph.NewHandler(MustKarateStore(t, open), graph.Options{}))
	var resp struct {
		Undirected, Directed struct {
			Reciprocity          *float64
			DegreeCentralization float64
		}
	}
	MustQuery(t, c, &resp, `{ undirected: networkStatistics { reciprocity degreeCentralization }
	  directed: networkStatistics(network: {directed: true}) { reciprocity degreeCentralization } }`, nil)
	if got := resp.Undirected.DegreeCentralization; math.Abs(got-want) > 1e-12 {
		t.Errorf("degreeCentralization = %v, want %v (NetworkX)", got, want)
	}
	if resp.Undirected.Reciprocity != nil {
		t.Errorf("undirected reciprocity = %v, want null", *resp.Undirected.Reciprocity)
	}
	// Every karate tie is symmetric, so the directed view holds both arcs
	// of each: nx.reciprocity(G.to_directed()) is 1.
	if r := resp.Directed.Reciprocity; r == nil || *r != 1 {
		t.Errorf("directed reciprocity = %v, want 1", r)
	}
}

func TestTriadCensusKarateGolden(t *testing.T) { forEachStore(t, testTriadCensusKarateGolden) }

// testTriadCensusKarateGolden checks triadCensus on the karate club against
// nx.triadic_census(G.to_directed()) (analysis/testdata/triads.py).
func testTriadCensusKarateGolden(t *testing.T, open openFunc) {
	data, err := os.ReadFile("../analysis/testdata/triads.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Census map[string]map[string]int `json:"census"`
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	c := client.New(graph.NewHandler(MustKarateStore(t, open), graph.Options{}))
	for _, directed := range []bool{false, true} {
		var resp struct {
			TriadCensus struct {
				Counts []struct {
					Type  string
					Count int
				}
				Total int
			}
		}
		MustQuery(t, c, &resp, `query($d: Boolean) { triadCensus(network: {directed: $d}) { counts { type count } total } }`, map[string]any{"d": directed})
		got := resp.TriadCensus
		if len(got.Counts) != 16 || got.Total != 34*33*32/6 {
			t.Fatalf("directed=%v: %d types, total %d", directed, len(got.Counts), got.Total)
		}
		for _, tc := range got.Counts {
			if want := golden.Census["karate"][tc.Type]; tc.Count != want {
				t.Errorf("directed=%v: %s = %d, want %d", directed, tc.Type, tc.Count, want)
			}
		}
	}
}
