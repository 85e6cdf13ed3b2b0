package graph_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// networkFacts lists the actors and ties of a network as lines that a
// faithful export keeps: IDs, names, kinds, ends, weights, dates, funding.
func networkFacts(actors []*network.Actor, ties []*network.Tie) []string {
	var out []string
	for _, a := range actors {
		out = append(out, fmt.Sprintf("actor %s %q %s %s %v %v", a.ID, a.Name, a.Kind, a.Scope, a.Countries, a.Identifiers))
	}
	for _, t := range ties {
		f := ""
		if t.Funding != nil {
			f = fmt.Sprintf("%v %s %s", t.Funding.Amount, t.Funding.Currency, t.Funding.Date)
		}
		out = append(out, fmt.Sprintf("tie %s %s %s->%s %v %s %s %s", t.ID, t.Kind, t.From, t.To, t.Weight, t.Since, t.Until, f))
	}
	slices.Sort(out)
	return out
}

// MustExport runs the export query for format through c.
func MustExport(tb testing.TB, c *client.Client, format string) string {
	tb.Helper()
	var resp struct{ Export string }
	MustQuery(tb, c, &resp, `query($format: ExportFormat!) { export(format: $format) }`, map[string]any{"format": format})
	return resp.Export
}

func TestExport(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustFixture(t, open)
		snap, err := s.Snapshot(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		want := networkFacts(snap.Actors, snap.Ties)
		// Exports are reads: public unless the service is private.
		c := client.New(MustWriteHandler(t, s))

		t.Run("OK", func(t *testing.T) {
			nodesCSV := MustExport(t, c, "CSV_NODES")
			for _, tt := range []struct {
				format string
				read   func(text string) (*network.Change, error)
			}{
				{"GRAPHML", func(text string) (*network.Change, error) {
					return formats.ReadGraphML(strings.NewReader(text), "export.graphml")
				}},
				{"GEXF", func(text string) (*network.Change, error) {
					return formats.ReadGEXF(strings.NewReader(text), "export.gexf")
				}},
				{"NODE_LINK_JSON", func(text string) (*network.Change, error) {
					return formats.ReadNodeLink(strings.NewReader(text), "export.json")
				}},
				{"CSV_EDGES", func(text string) (*network.Change, error) {
					return formats.ReadCSV(strings.NewReader(nodesCSV), "nodes.csv", strings.NewReader(text), "edges.csv")
				}},
			} {
				t.Run(tt.format, func(t *testing.T) {
					text := MustExport(t, c, tt.format)
					back, err := tt.read(text)
					if err != nil {
						t.Fatalf("reading the export: %v\n%s", err, text)
					}
					if got := networkFacts(back.Actors, back.Ties); !slices.Equal(got, want) {
						t.Errorf("export read back =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
				})
			}
			if got, want := strings.Count(nodesCSV, "\n"), len(snap.Actors)+1; got != want {
				t.Errorf("CSV_NODES has %d lines, want a header and %d actors", got, len(snap.Actors))
			}
		})
		t.Run("ErrUnauthenticated", func(t *testing.T) {
			h := graph.NewHandler(s, graph.Options{Keys: MustKeys(t, "reader:"+readerKey), Private: true})
			status, resp := MustPostAs(t, h, nil, `{ export(format: GRAPHML) }`, nil)
			if status != 401 || len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeUnauthenticated {
				t.Errorf("private export without a key: %d %s", status, resp.Body)
			}
			if _, resp := MustPostAs(t, h, bearer(readerKey), `{ export(format: GRAPHML) }`, nil); len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "graphml xmlns") {
				t.Errorf("private export with a reader key: %.500s", resp.Body)
			}
		})
	})
}

// TestExportView exports analysis views of the seed with metric and
// community columns, reads each file back as a user's tool would, and
// checks that it is the view the service analysed: the metric columns are
// the service's scores, and the same metric computed on the file read back
// (as NetworkX would on the same file) gives the same numbers.
func TestExportView(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustSeedStore(t, open)
		c := client.New(MustWriteHandler(t, s))
		for _, tt := range []struct {
			name string
			sel  map[string]any
			as   analysis.Selection // how the file read back is analysed
		}{
			{"Partnerships", map[string]any{"tieKinds": []string{"MOU", "PARTNERSHIP", "DIALOGUE", "SUPPORT", "COLLABORATION", "PART_OF"}}, analysis.Selection{}},
			{"DirectedStrength", map[string]any{"directed": true, "weight": "STRENGTH"}, analysis.Selection{Directed: true, Weight: analysis.WeightStrength}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var resp struct {
					Export     string
					Centrality struct {
						Items []struct {
							Score *float64
							Actor struct{ ID string }
						}
					}
					Communities struct{ Count int }
				}
				MustQuery(t, c, &resp, `query($n: NetworkSelection) {
					export(format: GRAPHML, network: $n, metrics: [BETWEENNESS, PAGERANK], community: LOUVAIN)
					centrality(metric: BETWEENNESS, network: $n, top: 1000) { items { score actor { id } } }
					communities(network: $n) { count } }`, map[string]any{"n": tt.sel})
				back, err := formats.ReadGraphML(strings.NewReader(resp.Export), "view.graphml")
				if err != nil {
					t.Fatalf("reading the export: %v", err)
				}
				if dir := strings.Contains(resp.Export, `edgedefault="directed"`); dir != tt.as.Directed {
					t.Errorf("file directed = %v, want %v", dir, tt.as.Directed)
				}
				want := map[string]float64{}
				for _, it := range resp.Centrality.Items {
					if it.Score != nil {
						want[it.Actor.ID] = *it.Score
					}
				}
				if len(back.Actors) != len(want) {
					t.Errorf("file has %d actors, the service ranked %d", len(back.Actors), len(want))
				}
				communities := map[string]bool{}
				for _, a := range back.Actors {
					col := attribute(a.Attributes, "betweenness")
					if got, err := strconv.ParseFloat(col, 64); err != nil || math.Abs(got-want[a.ID]) > 1e-12 {
						t.Errorf("%s: betweenness column %q, service %v", a.ID, col, want[a.ID])
					}
					communities[attribute(a.Attributes, "community")] = true
				}
				if len(communities) != resp.Communities.Count {
					t.Errorf("community column has %d values, the service found %d communities", len(communities), resp.Communities.Count)
				}
				// The file analysed again: the same betweenness.
				p, err := analysis.Project(&network.Snapshot{Actors: back.Actors, Ties: back.Ties}, tt.as)
				if err != nil {
					t.Fatal(err)
				}
				again, err := analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{})
				if err != nil {
					t.Fatal(err)
				}
				for i, id := range again.IDs {
					if math.Abs(again.Values[i]-want[id]) > 1e-9 {
						t.Errorf("%s: betweenness of the file read back %v, service %v", id, again.Values[i], want[id])
					}
				}
			})
		}
	})
}

func attribute(as []network.Attribute, name string) string {
	for _, a := range as {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}
