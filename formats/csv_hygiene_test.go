package formats_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

func TestCSVFormulaCells(t *testing.T) {
	// Seen: CSV export wrote =HYPERLINK(...), +1+1 and @SUM cells as they
	// were, which a spreadsheet runs as formulas.
	src := []network.Source{{Title: "test", Record: "1"}}
	names := []string{`=HYPERLINK("http://evil.example","x")`, "+1+1", "-2+3", "@SUM(A1:A2)", "'=already quoted", "plain name"}
	var c network.Change
	for i, n := range names {
		c.Actors = append(c.Actors, &network.Actor{ID: string(rune('a' + i)), Name: n, Kind: network.CivilSociety, Sources: src})
	}
	c.Ties = []*network.Tie{{ID: "t1", Kind: network.Funding, From: "a", To: "b", Weight: 1, Sources: src, Description: "\t=cmd|' /C calc'!A0",
		Funding: &network.FundingFlow{Amount: -250, Currency: "USD", Date: "2020"}}}
	var nodes, edges bytes.Buffer
	if err := formats.ExportCSV(&nodes, &edges, MustSnapshot(t, &c)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(nodes.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would be read as a formula", cell)
			}
		}
	}
	if strings.Contains(edges.String(), ",\t=") || !strings.Contains(edges.String(), ",-250,") {
		t.Errorf("a negative amount was changed: %s", edges.String())
	}
	// Reading the files back gives the names as they were.
	back, err := formats.ReadCSV(bytes.NewReader(nodes.Bytes()), "nodes.csv", bytes.NewReader(edges.Bytes()), "edges.csv")
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	for i, n := range names {
		if a := actorByID(back, string(rune('a'+i))); a == nil || a.Name != n {
			t.Errorf("actor %c: read back %+v, want name %q", 'a'+i, a, n)
		}
	}
	if tie := tieByID(back, "t1"); tie.Description != c.Ties[0].Description {
		t.Errorf("description read back %q", tie.Description)
	}
	if f := tieByID(back, "t1").Funding; f == nil || f.Amount != -250 {
		t.Errorf("funding read back %+v", f)
	}
}

func TestStrictNumbers(t *testing.T) {
	// Seen: weight 1_000 was read as 1000.
	for _, w := range []string{"1_000", "0x10", "Inf", "NaN", "1e400", "--1", "1e", "."} {
		t.Run(w, func(t *testing.T) {
			edges := "source,target,kind,weight\nau,ecowas,MOU," + w + "\n"
			_, err := formats.ReadCSV(nil, "", strings.NewReader(edges), "edges.csv")
			if network.ErrorCode(err) != network.EINVALID || !strings.Contains(network.ErrorMessage(err), "line 2") || !strings.Contains(network.ErrorMessage(err), "weight") {
				t.Errorf("weight %q: %v, want EINVALID naming line 2 and weight", w, err)
			}
		})
	}
	for _, w := range []string{"1000", "2.5", ".5", "5.", "1e3", "+3"} {
		edges := "source,target,kind,weight\nau,ecowas,MOU," + w + "\n"
		if _, err := formats.ReadCSV(nil, "", strings.NewReader(edges), "edges.csv"); err != nil {
			t.Errorf("weight %q: %v", w, err)
		}
	}
}

func TestLongIDInFile(t *testing.T) {
	// Seen: a 40 KB id gave "key too large" with no line from the CLI.
	edges := "source,target,kind\n" + strings.Repeat("x", 40<<10) + ",ecowas,MOU\n"
	_, err := formats.ReadCSV(nil, "", strings.NewReader(edges), "edges.csv")
	msg := network.ErrorMessage(err)
	if network.ErrorCode(err) != network.EINVALID || !strings.Contains(msg, "edges.csv") || !strings.Contains(msg, "above the limit") {
		t.Errorf("%.300s, want EINVALID naming the file and the limit", msg)
	}
	if len(msg) > 2000 {
		t.Errorf("message of %d bytes echoes the id", len(msg))
	}
}

func TestXMLEncoding(t *testing.T) {
	// Seen: a file in another encoding gave "Decoder.CharsetReader is nil".
	graphml := func(enc string, name []byte) []byte {
		return append(append([]byte(`<?xml version="1.0" encoding="`+enc+`"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="n" for="node" attr.name="name" attr.type="string"/>
<graph edgedefault="undirected"><node id="a"><data key="n">`), name...), []byte(`</data></node></graph></graphml>`)...)
	}
	c, err := formats.ReadGraphML(bytes.NewReader(graphml("ISO-8859-1", []byte("C\xf4te d'Ivoire"))), "latin1.graphml")
	if err != nil {
		t.Fatalf("ISO-8859-1: %v", err)
	}
	if got := actorByID(c, "a").Name; got != "Côte d'Ivoire" {
		t.Errorf("name %q", got)
	}
	_, err = formats.ReadGraphML(bytes.NewReader(graphml("X-NO-SUCH", []byte("x"))), "odd.graphml")
	msg := network.ErrorMessage(err)
	if network.ErrorCode(err) != network.EINVALID || strings.Contains(msg, "CharsetReader") || !strings.Contains(msg, "UTF-8") {
		t.Errorf("unknown encoding: %v", err)
	}
}
