package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

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
