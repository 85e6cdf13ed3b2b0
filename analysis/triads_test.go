package analysis_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
)

// TestTriadCensus compares TriadCensus with NetworkX's triadic_census
// (testdata/triads.py) on the directed reference graph and on the karate
// club seen directed.
func TestTriadCensus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "triads.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Census map[string]map[string]int64 `json:"census"`
		Calls  map[string]string           `json:"calls"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"gnp_directed", "karate"} {
		t.Run(name, func(t *testing.T) {
			p := MustProject(t, MustGraphML(t, filepath.Join("testdata", name+".graphml")), analysis.Selection{Directed: true})
			got, err := analysis.TriadCensus(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			var sum int64
			for i, typ := range analysis.TriadTypes {
				sum += got[i]
				if want := g.Census[name][typ]; got[i] != want {
					t.Errorf("%s: %d, want %d (%s)", typ, got[i], want, g.Calls[name])
				}
			}
			if n := int64(p.N()); sum != n*(n-1)*(n-2)/6 {
				t.Errorf("census sums to %d, want C(%d, 3)", sum, n)
			}
		})
	}
}
