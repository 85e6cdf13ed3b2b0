package formats_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// MustImport imports paths with formats.ImportFiles and fails tb on error.
func MustImport(tb testing.TB, paths ...string) *network.Change {
	tb.Helper()
	c, err := formats.ImportFiles(paths)
	if err != nil {
		tb.Fatalf("ImportFiles(%v): %v", paths, err)
	}
	return c
}

// MustSnapshot returns the snapshot a store would hold after applying c.
func MustSnapshot(tb testing.TB, c *network.Change) *network.Snapshot {
	tb.Helper()
	snap := &network.Snapshot{Actors: slices.Clone(c.Actors), Ties: slices.Clone(c.Ties)}
	slices.SortFunc(snap.Actors, network.ByID.Compare)
	slices.SortFunc(snap.Ties, network.CompareTies)
	return snap
}

// CheckGolden compares the file at path with its golden file under
// testdata/golden, rewriting the golden file first with -update.
func CheckGolden(tb testing.TB, path string) {
	tb.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", filepath.Base(path))
	if *update {
		MustWrite(tb, golden, got)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from %s (run go test -update if the change is meant)", filepath.Base(path), golden)
	}
}

// CheckSameFacts reports every actor and tie of want that got does not hold
// the same, and a difference in their numbers.
func CheckSameFacts(tb testing.TB, got, want *network.Change) {
	tb.Helper()
	wantActors, wantTies := facts(want)
	gotActors, gotTies := facts(got)
	for id, want := range wantActors {
		if got := gotActors[id]; !reflect.DeepEqual(got, want) {
			tb.Errorf("actor %s:\n got %+v\nwant %+v", id, got, want)
		}
	}
	for id, want := range wantTies {
		if got := gotTies[id]; !reflect.DeepEqual(got, want) {
			tb.Errorf("tie %s:\n got %+v\nwant %+v", id, got, want)
		}
	}
	if len(gotActors) != len(wantActors) || len(gotTies) != len(wantTies) {
		tb.Errorf("got %d actors %d ties, want %d and %d", len(gotActors), len(gotTies), len(wantActors), len(wantTies))
	}
}

// CheckImportInvalid imports paths with formats.ImportFiles and checks that
// it fails with EINVALID, a message that contains want, and no change.
func CheckImportInvalid(tb testing.TB, paths []string, want string) {
	tb.Helper()
	c, err := formats.ImportFiles(paths)
	if c != nil {
		tb.Errorf("got a change with an error: %+v", c)
	}
	if got, want := network.ErrorCode(err), network.EINVALID; got != want {
		tb.Fatalf("code: got %q, want %q (err %v)", got, want, err)
	}
	if got := network.ErrorMessage(err); !strings.Contains(got, want) {
		tb.Errorf("message:\n got %s\nwant it to contain %s", got, want)
	}
}

// CheckSampleECOWAS checks the actor ecowas that c, imported from the sample
// file (testdata/sample.graphml or sample.gexf), holds.
func CheckSampleECOWAS(tb testing.TB, c *network.Change, file string) {
	tb.Helper()
	ecowas := actorByID(c, "ecowas")
	if ecowas == nil {
		tb.Fatal("no actor ecowas")
	}
	want := network.Actor{
		ID: "ecowas", Name: "Economic Community of West African States", Acronym: "ECOWAS",
		Kind: network.RegionalOrganization, Regions: []string{"west-africa"},
		Identifiers: []network.Identifier{{Scheme: network.SchemeCRSChannel, Value: "47034"}},
		Attributes:  []network.Attribute{{Name: "founded", Value: "1975"}},
		Imported:    true,
		Sources:     []network.Source{{Title: file, Record: "node ecowas"}},
	}
	if !reflect.DeepEqual(*ecowas, want) {
		tb.Errorf("got %+v\nwant %+v", *ecowas, want)
	}
}

// CheckSampleTieIDs checks the ids, in order, of the ties that c, imported
// from a sample file, holds, and stops the test when they differ.
func CheckSampleTieIDs(tb testing.TB, c *network.Change) {
	tb.Helper()
	var ids []string
	for _, tie := range c.Ties {
		ids = append(ids, tie.ID)
	}
	if got, want := ids, []string{"ecowas-wanep-mou", "unowas->ecowas#1", "pbf->wanep#1", "pbf->wanep#2"}; !reflect.DeepEqual(got, want) {
		tb.Fatalf("tie ids: got %v, want %v", got, want)
	}
}

// MustExport writes snap in format into dir and returns the paths written.
func MustExport(tb testing.TB, dir, base, format string, snap *network.Snapshot) []string {
	tb.Helper()
	if format == "csv" {
		var nodes, edges bytes.Buffer
		if err := formats.ExportCSV(&nodes, &edges, snap); err != nil {
			tb.Fatalf("ExportCSV: %v", err)
		}
		return []string{
			MustWrite(tb, filepath.Join(dir, base+".nodes.csv"), nodes.Bytes()),
			MustWrite(tb, filepath.Join(dir, base+".edges.csv"), edges.Bytes()),
		}
	}
	var buf bytes.Buffer
	if err := formats.Export(&buf, format, snap); err != nil {
		tb.Fatalf("Export(%s): %v", format, err)
	}
	ext := map[string]string{"graphml": ".graphml", "json": ".json", "gexf": ".gexf"}[format]
	return []string{MustWrite(tb, filepath.Join(dir, base+ext), buf.Bytes())}
}

// MustWrite writes data to path and returns path.
func MustWrite(tb testing.TB, path string, data []byte) string {
	tb.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// facts returns the actors and ties of c by ID without their sources, which
// name the file they were read from.
func facts(c *network.Change) (map[string]network.Actor, map[string]network.Tie) {
	actors := map[string]network.Actor{}
	for _, a := range c.Actors {
		x := *a
		x.Sources = nil
		actors[a.ID] = x
	}
	ties := map[string]network.Tie{}
	for _, t := range c.Ties {
		x := *t
		x.Sources = nil
		ties[t.ID] = x
	}
	return actors, ties
}

func actorByID(c *network.Change, id string) *network.Actor {
	for _, a := range c.Actors {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func tieByID(c *network.Change, id string) *network.Tie {
	for _, t := range c.Ties {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func attribute(as []network.Attribute, name string) (string, bool) {
	for _, a := range as {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

func TestKarate(t *testing.T) {
	// karate.graphml is written by NetworkX (testdata/karate.py). The
	// expected edges are scanned from its text, independently of the reader.
	raw, err := os.ReadFile("testdata/karate.graphml")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<edge source="(\d+)" target="(\d+)">\s*<data key="d2">(\d+)</data>`)
	want := map[[2]string]float64{}
	var total float64
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		w, _ := strconv.ParseFloat(m[3], 64)
		want[[2]string{m[1], m[2]}] = w
		total += w
	}

	c := MustImport(t, "testdata/karate.graphml")
	if got, want := len(c.Actors), 34; got != want {
		t.Fatalf("actors: got %d, want %d", got, want)
	}
	if got, want := len(c.Ties), 78; got != want {
		t.Fatalf("ties: got %d, want %d", got, want)
	}
	if got, want := len(want), 78; got != want {
		t.Fatalf("edges scanned from the file: got %d, want %d", got, want)
	}
	var sum float64
	for _, tie := range c.Ties {
		w, ok := want[[2]string{tie.From, tie.To}]
		if !ok {
			t.Errorf("tie %s: %s-%s is not an edge of the file", tie.ID, tie.From, tie.To)
			continue
		}
		if tie.Weight != w {
			t.Errorf("tie %s: weight got %v, want %v", tie.ID, tie.Weight, w)
		}
		if got, want := tie.ID, tie.From+"->"+tie.To+"#1"; got != want {
			t.Errorf("tie id: got %q, want %q", got, want)
		}
		if got, want := tie.Kind, network.OtherTie; got != want {
			t.Errorf("tie %s: kind got %s, want %s (undirected file)", tie.ID, got, want)
		}
		if _, ok := attribute(tie.Attributes, "directed"); ok {
			t.Errorf("tie %s: an undirected file gave a directed attribute", tie.ID)
		}
		sum += tie.Weight
	}
	if sum != total {
		t.Errorf("total weight: got %v, want %v", sum, total)
	}
	for _, a := range c.Actors {
		if a.Name != a.ID || a.Kind != network.OtherActor || !a.Imported {
			t.Errorf("actor %s: got name %q kind %s imported %t", a.ID, a.Name, a.Kind, a.Imported)
		}
		if club, _ := attribute(a.Attributes, "club"); club != "Mr. Hi" && club != "Officer" {
			t.Errorf("actor %s: club got %q", a.ID, club)
		}
		if got, want := a.Sources, []network.Source{{Title: "karate.graphml", Record: "node " + a.ID}}; !reflect.DeepEqual(got, want) {
			t.Errorf("actor %s: sources got %v, want %v", a.ID, got, want)
		}
	}
}

func TestReadGraphML(t *testing.T) {
	c := MustImport(t, "testdata/sample.graphml")

	t.Run("Actors", func(t *testing.T) {
		CheckSampleECOWAS(t, c, "sample.graphml")
		if got, want := actorByID(c, "pbf").Kind, network.OtherActor; got != want {
			t.Errorf("pbf kind (key default): got %s, want %s", got, want)
		}
		if got, want := actorByID(c, "pbf").Identifier(network.SchemeIATIOrgRef), "XM-OCHA-PBF"; got != want {
			t.Errorf("pbf IATI ref: got %q, want %q", got, want)
		}
		if got, want := actorByID(c, "wanep").Countries, []string{"GH", "NG", "SN"}; !reflect.DeepEqual(got, want) {
			t.Errorf("wanep countries: got %v, want %v", got, want)
		}
	})

	t.Run("Ties", func(t *testing.T) {
		CheckSampleTieIDs(t, c)
		mou := tieByID(c, "ecowas-wanep-mou")
		if got, want := mou.Description, "ECOWARN early-warning partnership & data sharing"; got != want {
			t.Errorf("description: got %q, want %q", got, want)
		}
		if got, want := mou.Attributes, []network.Attribute{{Name: "confidence", Value: "documented"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("mou attributes: got %v, want %v (a kind is given, so no directed attribute)", got, want)
		}
		dialogue := tieByID(c, "unowas->ecowas#1")
		if dialogue.Kind != network.Dialogue || dialogue.Weight != 2.5 || dialogue.Since != "2016-03" || dialogue.Until != "2024-12-31" {
			t.Errorf("dialogue: got %+v", dialogue)
		}
		for _, id := range []string{"pbf->wanep#1", "pbf->wanep#2"} {
			tie := tieByID(c, id)
			want := []network.Attribute{{Name: "confidence", Value: "reported"}, {Name: "directed", Value: "true"}}
			if tie.Kind != network.OtherTie || !reflect.DeepEqual(tie.Attributes, want) {
				t.Errorf("%s: got kind %s attributes %v, want OTHER %v", id, tie.Kind, tie.Attributes, want)
			}
		}
		if got, want := tieByID(c, "pbf->wanep#1").Weight, 3.0; got != want {
			t.Errorf("weight: got %v, want %v", got, want)
		}
		if got, want := tieByID(c, "pbf->wanep#2").Weight, 1.0; got != want {
			t.Errorf("absent weight: got %v, want %v", got, want)
		}
	})
}

func TestReadCSV(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := MustImport(t, "testdata/sample.edges.csv", "testdata/sample.nodes.csv")
		if got, want := len(c.Actors), 5; got != want {
			t.Fatalf("actors: got %d, want %d", got, want)
		}
		au := actorByID(c, "au")
		if au.Kind != network.RegionalOrganization || au.Scope != network.Regional ||
			!reflect.DeepEqual(au.Aliases, []string{"OAU", "Organisation of African Unity"}) {
			t.Errorf("au: got %+v", au)
		}
		if got, want := au.Attributes, []network.Attribute{{Name: "website", Value: "https://au.int"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("au attributes: got %v, want %v", got, want)
		}
		if got, want := au.Sources, []network.Source{{Title: "sample.nodes.csv", Record: "line 2"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("au sources: got %v, want %v", got, want)
		}
		f := tieByID(c, "pbf-undp-2021")
		want := &network.FundingFlow{Amount: 1500000.5, Currency: "USD", Date: "2021-11-30", TransactionType: "3",
			Sectors: []network.SectorShare{{Code: "15220", Percentage: 60}, {Code: "15110", Percentage: 40}}}
		if f == nil || !reflect.DeepEqual(f.Funding, want) {
			t.Fatalf("funding: got %+v, want %+v", f, want)
		}
		if got, want := f.Sources, []network.Source{{Title: "sample.edges.csv", Record: "line 4"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("tie sources: got %v, want %v", got, want)
		}
		other := tieByID(c, "gnwp->femwise#2")
		if other == nil || other.Kind != network.OtherTie {
			t.Fatalf("derived id gnwp->femwise#2: got %+v", other)
		}
		if got, want := other.Attributes, []network.Attribute{{Name: "channel", Value: "informal"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("attributes: got %v, want %v", got, want)
		}
	})

	t.Run("EdgesOnly", func(t *testing.T) {
		c := MustImport(t, "testdata/sample.edges.csv")
		if got, want := len(c.Actors), 5; got != want {
			t.Fatalf("actors: got %d, want %d", got, want)
		}
		for _, a := range c.Actors {
			if a.Name != a.ID || a.Kind != network.OtherActor || !a.Imported || len(a.Sources) != 1 {
				t.Errorf("actor from an edges file: got %+v", a)
			}
		}
		again := MustImport(t, "testdata/sample.edges.csv")
		_, t1 := facts(c)
		_, t2 := facts(again)
		if !reflect.DeepEqual(t1, t2) {
			t.Errorf("a re-import gives other ties")
		}
	})
}

// TestRoundTrip exports what was imported in every format, compares the
// export with its golden file and imports it again: the actors and ties
// must come back the same.
func TestRoundTrip(t *testing.T) {
	inputs := []struct {
		name  string
		paths []string
	}{
		{"sample-graphml", []string{"testdata/sample.graphml"}},
		{"sample-csv", []string{"testdata/sample.nodes.csv", "testdata/sample.edges.csv"}},
		{"karate", []string{"testdata/karate.graphml"}},
	}
	for _, in := range inputs {
		for _, format := range []string{"graphml", "json", "csv"} {
			t.Run(in.name+"/"+format, func(t *testing.T) { CheckRoundTrip(t, in.name, format, in.paths) })
		}
	}
}

// CheckRoundTrip imports paths, exports the result in format, compares the
// export with its golden file and imports it again: the actors and ties
// must come back the same.
func CheckRoundTrip(tb testing.TB, name, format string, paths []string) {
	tb.Helper()
	c := MustImport(tb, paths...)
	exported := MustExport(tb, tb.TempDir(), name, format, MustSnapshot(tb, c))
	for _, p := range exported {
		CheckGolden(tb, p)
	}
	CheckSameFacts(tb, MustImport(tb, exported...), c)
}

func TestExport(t *testing.T) {
	t.Run("ErrInvalid", func(t *testing.T) {
		err := formats.Export(&bytes.Buffer{}, "dot", &network.Snapshot{})
		if got, want := network.ErrorCode(err), network.EINVALID; got != want {
			t.Fatalf("code: got %q, want %q (%v)", got, want, err)
		}
	})
	t.Run("DirectedWhenAnyTieIs", func(t *testing.T) {
		src := []network.Source{{Title: "t", Record: "r"}}
		snap := &network.Snapshot{
			Actors: []*network.Actor{{ID: "a", Name: "A", Kind: network.Donor, Sources: src}, {ID: "b", Name: "B", Kind: network.UNEntity, Sources: src}},
			Ties:   []*network.Tie{{ID: "f", Kind: network.Funding, From: "a", To: "b", Weight: 1, Sources: src}},
		}
		var g, j bytes.Buffer
		if err := formats.Export(&g, "graphml", snap); err != nil {
			t.Fatal(err)
		}
		if err := formats.Export(&j, "json", snap); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(g.String(), `edgedefault="directed"`) {
			t.Errorf("graphml of a FUNDING tie is not directed:\n%s", g.String())
		}
		if !strings.Contains(j.String(), `"directed": true`) {
			t.Errorf("json of a FUNDING tie is not directed:\n%s", j.String())
		}
	})
}

// TestImportFilesErrors checks that bad input gives EINVALID, names the file
// and the line or element, and returns nothing.
func TestImportFilesErrors(t *testing.T) {
	const nodes = "id,name,kind\na,Alpha,DONOR\nb,Beta,UN_ENTITY\n"
	graphml := func(body string) string {
		return `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <key id="k" for="node" attr.name="kind"/>
  <key id="n" for="node" attr.name="count" attr.type="int"/>
  <graph edgedefault="undirected">
    <node id="a"/>
    <node id="b"/>
` + body + `
  </graph>
</graphml>
`
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"CSVBadWeight", map[string]string{"nodes.csv": nodes, "edges.csv": "source,target,weight\na,b,1\nb,a,x\n"}, `edges.csv line 3: weight "x" is not a number`},
		{"CSVNegativeWeight", map[string]string{"edges.csv": "source,target,weight\na,b,-2\n"}, `edges.csv line 2: weight "-2" is not a positive number`},
		{"CSVColumnCount", map[string]string{"edges.csv": "from,to,kind\na,b\n"}, `edges.csv line 2: 2 fields, but the header has 3`},
		{"CSVDuplicateNode", map[string]string{"nodes.csv": nodes + "a,Again,DONOR\n", "edges.csv": "source,target\na,b\n"}, `nodes.csv line 4: id "a" appears twice (first at line 2)`},
		{"CSVDuplicateTie", map[string]string{"edges.csv": "id,source,target\nx,a,b\nx,b,a\n"}, `edges.csv line 3: edge id "x" is used twice (first at line 2)`},
		{"CSVNoEdgeColumns", map[string]string{"ties.csv": "origin,destination\na,b\n"}, `ties.csv line 1: header has neither source/target`},
		{"CSVNodesOnly", map[string]string{"nodes.csv": nodes}, `nodes.csv: a CSV nodes file needs an edges file`},
		{"CSVEmpty", map[string]string{"edges.csv": ""}, `edges.csv: empty file`},
		{"CSVUnknownNode", map[string]string{"nodes.csv": nodes, "edges.csv": "source,target\na,c\n"}, `edges.csv line 2: target "c" is not in nodes.csv`},
		{"CSVUnknownActorKind", map[string]string{"nodes.csv": "id,kind\na,warlord\n", "edges.csv": "source,target\na,a2\n"}, `nodes.csv line 2: kind "warlord" is not an actor kind`},
		{"CSVUnknownTieKind", map[string]string{"edges.csv": "source,target,kind\na,b,alliance\n"}, `edges.csv line 2: kind "alliance" is not a tie kind`},
		{"CSVSelfLoop", map[string]string{"edges.csv": "source,target\na,a\n"}, `edges.csv line 2: source and target are the same actor "a"`},
		{"CSVBadDate", map[string]string{"edges.csv": "source,target,since\na,b,2019/01\n"}, `edges.csv line 2: since "2019/01" is not YYYY, YYYY-MM or YYYY-MM-DD`},
		{"CSVUntilBeforeSince", map[string]string{"edges.csv": "source,target,since,until\na,b,2020,2019\n"}, `edges.csv line 2: until is before since`},
		{"CSVFundingWithoutKind", map[string]string{"edges.csv": "source,target,funding_amount,funding_currency\na,b,10,USD\n"}, `edges.csv line 2: funding_* attributes on a tie of kind OTHER`},
		{"CSVBadCurrency", map[string]string{"edges.csv": "source,target,kind,funding_amount,funding_currency\na,b,FUNDING,10,dollars\n"}, `edges.csv line 2: funding.currency "dollars" is not an ISO 4217 code`},
		{"CSVMalformed", map[string]string{"edges.csv": "source,target\na,\"b\n"}, `edges.csv line 2: malformed CSV`},
		{"GraphMLUnknownSource", map[string]string{"g.graphml": graphml(`    <edge id="e3" source="99" target="a"/>`)}, `g.graphml: <edge id="e3"> (line 9): source "99" is not a node`},
		{"GraphMLBadWeight", map[string]string{"g.graphml": graphml(`    <edge source="a" target="b"><data key="w">heavy</data></edge>`)}, `g.graphml: <edge source="a" target="b"> (line 9): weight "heavy" is not a double`},
		{"GraphMLBadInt", map[string]string{"g.graphml": graphml(`    <node id="c"><data key="n">many</data></node>`)}, `g.graphml: <node id="c"> (line 9): count "many" is not a int`},
		{"GraphMLUnknownKind", map[string]string{"g.graphml": graphml(`    <node id="c"><data key="k">warlord</data></node>`)}, `g.graphml: <node id="c"> (line 9): kind "warlord" is not an actor kind`},
		{"GraphMLUndeclaredKey", map[string]string{"g.graphml": graphml(`    <node id="c"><data key="zz">1</data></node>`)}, `<node id="c"> (line 9): data key "zz" is not declared`},
		{"GraphMLDuplicateNode", map[string]string{"g.graphml": graphml(`    <node id="a"/>`)}, `g.graphml: <node id="a"> (line 9): node id is declared twice (first at line 7)`},
		{"GraphMLDuplicateEdge", map[string]string{"g.graphml": graphml("    <edge id=\"e\" source=\"a\" target=\"b\"/>\n    <edge id=\"e\" source=\"b\" target=\"a\"/>")}, `<edge id="e"> (line 10): edge id "e" is used twice (first at line 9)`},
		{"GraphMLMalformed", map[string]string{"g.graphml": graphml(`    <node id="c">`)}, `g.graphml line 10: malformed XML: element <node> closed by </graph>`},
		{"GraphMLHyperedge", map[string]string{"g.graphml": graphml(`    <hyperedge><endpoint node="a"/></hyperedge>`)}, `<hyperedge> (line 9): hyperedges are not supported`},
		{"GraphMLEmpty", map[string]string{"g.graphml": ""}, `g.graphml: empty file`},
		{"XMLOtherRoot", map[string]string{"g.xml": "<gml/>"}, `g.xml: root element <gml> is not <graphml>, <gexf> or <iati-activities>`},
		{"JSONMalformed", map[string]string{"g.json": "{\"nodes\": [\n{\"id\": 1,}\n]}"}, `g.json line 2: malformed JSON`},
		{"JSONUnknownTarget", map[string]string{"g.json": `{"nodes": [{"id": 1}], "edges": [{"source": 1, "target": 2}]}`}, `g.json: edges[0]: target "2" is not a node`},
		{"UnknownExtension", map[string]string{"g.gml": "graph [ ]"}, `g.gml: unknown format ".gml"`},
		{"DefinedTwice", map[string]string{"g.graphml": graphml(""), "edges.csv": "source,target\na,b\n"}, `actor "a" is defined in g.graphml and in edges.csv`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var names []string
			for name := range tt.files {
				names = append(names, name)
			}
			slices.Sort(names)
			var paths []string
			for _, name := range names {
				paths = append(paths, MustWrite(t, filepath.Join(dir, name), []byte(tt.files[name])))
			}
			CheckImportInvalid(t, paths, tt.want)
		})
	}
}
