package graph_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
)

// MustGetTable fetches path from srv over HTTP and returns the status, the
// content type and the body.
func MustGetTable(tb testing.TB, srv *httptest.Server, path string) (int, string, []byte) {
	tb.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

func TestTables(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustSeedStore(t, open)
		api := graph.NewHandler(s, graph.Options{})
		srv := httptest.NewServer(graph.Tables(api))
		defer srv.Close()
		c := client.New(api)

		t.Run("Centrality", func(t *testing.T) {
			status, ctype, body := MustGetTable(t, srv, "/export/centrality.csv?metric=BETWEENNESS&tieKinds=MOU,PARTNERSHIP,DIALOGUE,SUPPORT,COLLABORATION,PART_OF&top=30")
			if status != http.StatusOK || ctype != "text/csv; charset=utf-8" {
				t.Fatalf("status %d, type %q: %s", status, ctype, body)
			}
			var want struct {
				Centrality struct {
					Items []struct {
						Score *float64
						Actor struct{ ID, Name string }
					}
				}
			}
			MustQuery(t, c, &want, `{ centrality(metric: BETWEENNESS, top: 30, network: {tieKinds: [MOU, PARTNERSHIP, DIALOGUE, SUPPORT, COLLABORATION, PART_OF]}) { items { score actor { id name } } } }`, nil)
			rows := MustReadCSV(t, body)
			if got, want := len(rows)-1, len(want.Centrality.Items); got != want {
				t.Fatalf("%d rows, want %d", got, want)
			}
			if got := rows[0][:6]; !equal(got, []string{"rank", "id", "name", "acronym", "kind", "score"}) {
				t.Errorf("header %v", rows[0])
			}
			for i, it := range want.Centrality.Items {
				row := rows[i+1]
				score, err := strconv.ParseFloat(row[5], 64)
				if row[0] != strconv.Itoa(i+1) || row[1] != it.Actor.ID || row[2] != it.Actor.Name || err != nil || score != *it.Score {
					t.Errorf("row %d = %v, want %s %q %v", i+1, row, it.Actor.ID, it.Actor.Name, *it.Score)
				}
			}
		})
		t.Run("Communities", func(t *testing.T) {
			status, _, body := MustGetTable(t, srv, "/export/communities.csv?algorithm=LOUVAIN&seed=3")
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			rows := MustReadCSV(t, body)
			seen := map[string]bool{}
			for _, row := range rows[1:] {
				if seen[row[2]] {
					t.Errorf("actor %s in two communities", row[2])
				}
				seen[row[2]] = true
			}
			var stats struct{ NetworkStatistics struct{ Actors int } }
			MustQuery(t, c, &stats, `{ networkStatistics { actors } }`, nil)
			if len(seen) != stats.NetworkStatistics.Actors {
				t.Errorf("%d actors in the table, the network has %d", len(seen), stats.NetworkStatistics.Actors)
			}
		})
		t.Run("ErrBadUserInput", func(t *testing.T) {
			for _, path := range []string{
				"/export/centrality.csv?metric=FAME",
				"/export/centrality.csv?metric=DEGREE&colour=red",
				"/export/centrality.csv?metric=DEGREE&top=x",
				"/export/centrality.csv?metric=DEGREE&top=0",
			} {
				status, _, body := MustGetTable(t, srv, path)
				var resp struct {
					Errors []struct {
						Message    string
						Extensions struct{ Code string }
					}
				}
				if err := json.Unmarshal(body, &resp); err != nil || status/100 != 4 || len(resp.Errors) == 0 || resp.Errors[0].Message == "" {
					t.Errorf("%s: status %d, body %s", path, status, body)
				}
			}
		})
	})
}

// MustReadCSV parses a CSV body.
func MustReadCSV(tb testing.TB, body []byte) [][]string {
	tb.Helper()
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		tb.Fatalf("reading CSV: %v\n%s", err, body)
	}
	return rows
}
