package graph_test

import (
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/graph"
)

// reportRecord is an ImportRecord as the API returns it.
type reportRecord struct {
	ID          string
	Files       []string
	Format      string
	Time        string
	DataVersion uint64
	Report      struct {
		Activities, Transactions, Edges, Ties, Actors int
		TiesNew, TiesUpdated, TiesUnchanged           int
		SkippedCount                                  int
		Skipped                                       []struct {
			Reason string
			Count  int
			Values []struct {
				Currency string
				Value    float64
			}
		}
		Negative int
		Read     []struct {
			TransactionType, Currency string
			Count                     int
			Value                     float64
		}
	}
}

// importPayload is what importReportMutation asks of importData.
type importPayload struct {
	Ties        int
	DataVersion uint64
	Import      reportRecord
}

const recordFields = `id files format time dataVersion report {
  activities transactions edges ties actors tiesNew tiesUpdated tiesUnchanged skippedCount
  skipped { reason count values { currency value } } negative
  read { transactionType currency count value } }`

const importReportMutation = `mutation($format: ImportFormat!, $data: String!, $name: String) {
  importData(format: $format, data: $data, name: $name) { ties dataVersion import { ` + recordFields + ` } } }`

// transactionTypes counts the transactions of an IATI file by type code,
// walking the XML without the reader.
func transactionTypes(tb testing.TB, data string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	d := xml.NewDecoder(strings.NewReader(data))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			tb.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "transaction-type" {
			for _, a := range se.Attr {
				if a.Name.Local == "code" {
					out[a.Value]++
				}
			}
		}
	}
}

func TestImportReport(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustFixture(t, open)
		c := asWriter(MustWriteHandler(t, s))
		// The World Bank's activity: commitments, disbursements and
		// interest payments (type 5), which are not flows.
		data := MustReadTestdata(t, "iati/worldbank-activity.xml")
		types := transactionTypes(t, data)
		all := 0
		for _, n := range types {
			all += n
		}

		var first struct{ ImportData importPayload }
		MustQuery(t, c, &first, importReportMutation, map[string]any{"format": "IATI_XML", "data": data, "name": "worldbank-activity.xml"})
		rec := first.ImportData.Import
		rep := rec.Report
		if rep.Transactions != all || all == 0 {
			t.Errorf("transactions = %d, the file has %d", rep.Transactions, all)
		}
		if rep.Ties+rep.SkippedCount != rep.Transactions || rep.Ties != first.ImportData.Ties {
			t.Errorf("ties %d + skipped %d != transactions %d (importData ties %d)", rep.Ties, rep.SkippedCount, rep.Transactions, first.ImportData.Ties)
		}
		if rep.TiesNew != rep.Ties || rep.TiesUpdated != 0 || rep.TiesUnchanged != 0 {
			t.Errorf("first import: new %d updated %d unchanged %d of %d", rep.TiesNew, rep.TiesUpdated, rep.TiesUnchanged, rep.Ties)
		}
		notFlow := 0
		for _, sk := range rep.Skipped {
			if sk.Reason == "NOT_FLOW_TYPE" {
				notFlow = sk.Count
			}
		}
		if notFlow != types["5"] || notFlow == 0 {
			t.Errorf("NOT_FLOW_TYPE skipped %d, the file has %d interest payments", notFlow, types["5"])
		}
		read := map[string]int{}
		for _, r := range rep.Read {
			read[r.TransactionType] += r.Count
		}
		if !reflect.DeepEqual(read, types) {
			t.Errorf("read by type = %v, the file has %v", read, types)
		}
		if _, v := MustStats(t, s); rec.DataVersion != v || first.ImportData.DataVersion != v || rec.ID == "" || rec.Time == "" {
			t.Errorf("record %s at %s version %d, store version %d", rec.ID, rec.Time, rec.DataVersion, v)
		}
		if rec.Format != "iati" || !reflect.DeepEqual(rec.Files, []string{"worldbank-activity.xml"}) {
			t.Errorf("record source: %q %v", rec.Format, rec.Files)
		}

		// Again: every tie is unchanged.
		var second struct{ ImportData importPayload }
		MustQuery(t, c, &second, importReportMutation, map[string]any{"format": "IATI_XML", "data": data, "name": "worldbank-activity.xml"})
		if r := second.ImportData.Import.Report; r.TiesUnchanged != rep.Ties || r.TiesNew != 0 || r.TiesUpdated != 0 {
			t.Errorf("second import: new %d updated %d unchanged %d of %d", r.TiesNew, r.TiesUpdated, r.TiesUnchanged, rep.Ties)
		}
		// A graph file is recorded too: its edges are its records.
		var third struct{ ImportData importPayload }
		MustQuery(t, c, &third, importReportMutation, map[string]any{"format": "GRAPHML", "data": MustReadTestdata(t, "karate.graphml"), "name": "karate.graphml"})
		if r := third.ImportData.Import; r.Format != "graphml" || r.Report.Edges != 78 || r.Report.Ties != 78 || r.Report.TiesNew != 78 {
			t.Errorf("graphml record: %+v", r)
		}

		// imports lists them, newest first, as they were returned.
		var list struct{ Imports []reportRecord }
		MustQuery(t, c, &list, `{ imports(first: 10) { `+recordFields+` } }`, nil)
		want := []reportRecord{third.ImportData.Import, second.ImportData.Import, rec}
		if !reflect.DeepEqual(list.Imports, want) {
			t.Errorf("imports =\n%+v\nwant\n%+v", list.Imports, want)
		}
		MustQuery(t, c, &list, `{ imports(first: 1) { `+recordFields+` } }`, nil)
		if len(list.Imports) != 1 || list.Imports[0].ID != third.ImportData.Import.ID {
			t.Errorf("imports(first: 1) = %+v", list.Imports)
		}
		_, resp := MustPostAs(t, MustWriteHandler(t, s), bearer(writerKey), `{ imports(first: 0) { id } }`, nil)
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeBadUserInput {
			t.Errorf("imports(first: 0): %s", resp.Body)
		}
	})
}

// TestImportLookalikes imports, over the fixture, an actor whose ID and
// acronym spell the fixture's DPPA with a Cyrillic "а", and one whose
// name only differs in case from a stored one, and checks that importData
// and the imports query flag the first as a lookalike of DPPA, and not
// the second.
func TestImportLookalikes(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustFixture(t, open)
		c := asWriter(MustWriteHandler(t, s))
		data := `{"nodes": [
			{"id": "un-dpp\u0430", "name": "Political Affairs", "acronym": "DPP\u0410", "kind": "UN_ENTITY"},
			{"id": "dppa-friends", "name": "DEPARTMENT OF POLITICAL AND PEACEBUILDING AFFAIRS", "kind": "OTHER"}],
			"edges": [{"source": "un-dpp\u0430", "target": "dppa-friends", "kind": "PARTNERSHIP"}]}`
		const fields = `lookalikes { field actor value like likeValue }`
		var got struct {
			ImportData struct {
				Import struct {
					Report struct{ Lookalikes []map[string]string }
				}
			}
		}
		MustQuery(t, c, &got, `mutation($data: String!) { importData(format: NODE_LINK_JSON, data: $data) { import { report { `+fields+` } } } }`,
			map[string]any{"data": data})
		want := []map[string]string{
			{"field": "acronym", "actor": "un-dpp\u0430", "value": "DPP\u0410", "like": "un-dppa", "likeValue": "DPPA"},
			{"field": "id", "actor": "un-dpp\u0430", "value": "un-dpp\u0430", "like": "un-dppa", "likeValue": "un-dppa"},
		}
		if l := got.ImportData.Import.Report.Lookalikes; !reflect.DeepEqual(l, want) {
			t.Errorf("importData lookalikes = %v\nwant %v", l, want)
		}
		var list struct {
			Imports []struct {
				Report struct{ Lookalikes []map[string]string }
			}
		}
		MustQuery(t, c, &list, `{ imports(first: 1) { report { `+fields+` } } }`, nil)
		if len(list.Imports) != 1 || !reflect.DeepEqual(list.Imports[0].Report.Lookalikes, want) {
			t.Errorf("imports = %+v, want the lookalikes %v", list.Imports, want)
		}
	})
}
