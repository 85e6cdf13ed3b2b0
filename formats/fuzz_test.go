package formats_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

// The fuzz targets feed every reader arbitrary bytes. A reader may refuse
// its input, but only with EINVALID (a message for the user, naming where);
// what it accepts is a change that validates. None may panic. CI runs each
// for a few seconds (tools/test.sh); go test runs the seeds.

// mustSeed adds the files to f's corpus.
func mustSeed(f *testing.F, paths ...string) {
	f.Helper()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkRead checks what a reader returned for one input.
func checkRead(t *testing.T, c *network.Change, err error) {
	t.Helper()
	if err != nil {
		if code := network.ErrorCode(err); code != network.EINVALID {
			t.Fatalf("error with code %q, want EINVALID: %v", code, err)
		}
		if msg := network.ErrorMessage(err); strings.Contains(msg, "Go struct") || strings.Contains(msg, "CharsetReader") || len(msg) > 100_000 {
			t.Fatalf("message shows internals or echoes the input: %.300s", msg)
		}
		return
	}
	if c == nil {
		t.Fatal("nil change without an error")
	}
	if verr := c.Validate(); verr != nil {
		t.Fatalf("accepted a change that does not validate: %v", verr)
	}
}

// hostileXML are XML inputs seen or feared: deep nesting, a long id, odd
// characters, another encoding, entities.
var hostileXML = []string{
	strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200),
	`<graphml><graph><node id="` + strings.Repeat("x", 40<<10) + `"/></graph></graphml>`,
	"<graphml><graph><node id=\"eco\u200bwas\"/><node id=\"ecowas \"/><edge source=\"a\" target=\"b\"><data key=\"weight\">1_000</data></edge></graph></graphml>",
	`<?xml version="1.0" encoding="ISO-8859-1"?><graphml><graph><node id="c` + "\xf4" + `te"/></graph></graphml>`,
	`<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><graphml><graph><node id="&b;"/></graph></graphml>`,
	"<graphml><graph><node id=\"a\x00b\"/></graph></graphml>",
}

func FuzzReadGraphML(f *testing.F) {
	mustSeed(f, "testdata/sample.graphml", "testdata/karate.graphml")
	for _, s := range hostileXML {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := formats.ReadGraphML(bytes.NewReader(data), "fuzz.graphml")
		checkRead(t, c, err)
	})
}

func FuzzReadGEXF(f *testing.F) {
	mustSeed(f, "testdata/sample.gexf", "testdata/karate.gexf")
	for _, s := range hostileXML {
		f.Add([]byte(strings.ReplaceAll(s, "graphml", "gexf")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := formats.ReadGEXF(bytes.NewReader(data), "fuzz.gexf")
		checkRead(t, c, err)
	})
}

func FuzzReadNodeLink(f *testing.F) {
	mustSeed(f, "testdata/golden/karate.json", "testdata/golden/sample-csv.json")
	f.Add([]byte(`{"nodes":[{"id":"ecowas "},{"id":"a\u0000b"}],"edges":[{"source":"ecowas ","target":"a\u0000b","weight":1e400}]}`))
	f.Add([]byte(`{"nodes":[{"id":1},{"id":[1]}],"edges":[{"source":1,"target":{"x":2}}]}`))
	f.Add([]byte(strings.Repeat("[", 10000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := formats.ReadNodeLink(bytes.NewReader(data), "fuzz.json")
		checkRead(t, c, err)
	})
}

func FuzzReadCSV(f *testing.F) {
	nodes, err := os.ReadFile("testdata/sample.nodes.csv")
	if err != nil {
		f.Fatal(err)
	}
	edges, err := os.ReadFile("testdata/sample.edges.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(nodes, edges)
	f.Add([]byte("id,name\n=HYPERLINK(\"x\"),+1+1\n"), []byte("source,target,weight\n=HYPERLINK(\"x\"),b,1_000\n"))
	f.Add([]byte{}, []byte("source,target\n\"unterminated,b\n"))
	f.Add([]byte("id\n"+strings.Repeat("x", 40<<10)+"\n"), []byte("source,target\na,b\n"))
	f.Fuzz(func(t *testing.T, nodes, edges []byte) {
		var nr *bytes.Reader
		if len(nodes) > 0 {
			nr = bytes.NewReader(nodes)
		}
		var c *network.Change
		var err error
		if nr == nil {
			c, err = formats.ReadCSV(nil, "", bytes.NewReader(edges), "edges.csv")
		} else {
			c, err = formats.ReadCSV(nr, "nodes.csv", bytes.NewReader(edges), "edges.csv")
		}
		checkRead(t, c, err)
	})
}

func FuzzReadIATI(f *testing.F) {
	mustSeed(f, "testdata/iati/3fi-activity.xml", "testdata/iati/legacy-undp-sample.xml", "testdata/iati/participating-roles.xml")
	f.Add([]byte(`<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier><transaction><transaction-type code="3"/><value currency="USD" value-date="2020-01-01">1_000</value></transaction></iati-activity></iati-activities>`))
	f.Add([]byte(`<iati-activities version="2.03">` + strings.Repeat("<iati-activity>", 150) + `</iati-activities>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := formats.ReadIATI(bytes.NewReader(data), "fuzz.xml", nil)
		checkRead(t, c, err)
	})
}
