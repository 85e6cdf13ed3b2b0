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
