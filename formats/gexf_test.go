package formats_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

func TestGEXFKarate(t *testing.T) {
	// karate.gexf is written by NetworkX (testdata/karate_gexf.py). The
	// expected edges are scanned from its text, independently of the reader.
	raw, err := os.ReadFile("testdata/karate.gexf")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<edge source="(\d+)" target="(\d+)" id="(\d+)" weight="(\d+)" />`)
	type edge struct {
		from, to string
		weight   float64
	}
	want := map[string]edge{}
	var total float64
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		w, _ := strconv.ParseFloat(m[4], 64)
		want[m[3]] = edge{m[1], m[2], w}
		total += w
	}

	c := MustImport(t, "testdata/karate.gexf")
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
		e, ok := want[tie.ID]
		if !ok {
			t.Errorf("tie %s is not an edge id of the file", tie.ID)
			continue
		}
		if got, want := (edge{tie.From, tie.To, tie.Weight}), e; got != want {
			t.Errorf("tie %s: got %+v, want %+v", tie.ID, got, want)
		}
		if got, want := tie.Kind, network.OtherTie; got != want {
			t.Errorf("tie %s: kind got %s, want %s", tie.ID, got, want)
		}
		if len(tie.Attributes) != 0 {
			t.Errorf("tie %s: attributes got %v, want none (undirected file, weight is native)", tie.ID, tie.Attributes)
		}
		if got, want := tie.Sources, []network.Source{{Title: "karate.gexf", Record: "edge " + tie.ID}}; !reflect.DeepEqual(got, want) {
			t.Errorf("tie %s: sources got %v, want %v", tie.ID, got, want)
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
		if got, want := a.Sources, []network.Source{{Title: "karate.gexf", Record: "node " + a.ID}}; !reflect.DeepEqual(got, want) {
			t.Errorf("actor %s: sources got %v, want %v", a.ID, got, want)
		}
	}

	t.Run("SameAsGraphML", func(t *testing.T) {
		// NetworkX wrote both files from one graph: the same actors, and the
		// same ties up to their ids.
		g := MustImport(t, "testdata/karate.graphml")
		ga, _ := facts(g)
		xa, _ := facts(c)
		if !reflect.DeepEqual(xa, ga) {
			t.Errorf("actors of karate.gexf and karate.graphml differ")
		}
		pairs := func(c *network.Change) map[[2]string]float64 {
			m := map[[2]string]float64{}
			for _, t := range c.Ties {
				m[[2]string{t.From, t.To}] = t.Weight
			}
			return m
		}
		if got, want := pairs(c), pairs(g); !reflect.DeepEqual(got, want) {
			t.Errorf("ties of karate.gexf and karate.graphml differ:\n got %v\nwant %v", got, want)
		}
	})
}

func TestReadGEXF(t *testing.T) {
	c := MustImport(t, "testdata/sample.gexf")

	t.Run("Actors", func(t *testing.T) {
		CheckSampleECOWAS(t, c, "sample.gexf")
		pbf := actorByID(c, "pbf")
		if got, want := pbf.Kind, network.OtherActor; got != want {
			t.Errorf("pbf kind (attribute default): got %s, want %s", got, want)
		}
		if got, want := pbf.Identifier(network.SchemeIATIOrgRef), "XM-OCHA-PBF"; got != want {
			t.Errorf("pbf IATI ref: got %q, want %q", got, want)
		}
		if got, want := actorByID(c, "unowas").Regions, []string{"west-africa", "sahel"}; !reflect.DeepEqual(got, want) {
			t.Errorf("unowas regions: got %v, want %v", got, want)
		}
		if got, want := actorByID(c, "wanep").Countries, []string{"GH", "NG", "SN"}; !reflect.DeepEqual(got, want) {
			t.Errorf("wanep countries: got %v, want %v", got, want)
		}
	})

	t.Run("Ties", func(t *testing.T) {
		CheckSampleTieIDs(t, c)
		mou := tieByID(c, "ecowas-wanep-mou")
		want := network.Tie{
			ID: "ecowas-wanep-mou", Kind: network.MOU, From: "ecowas", To: "wanep", Weight: 1, Since: "2002",
			Description: "ECOWARN early-warning partnership & data sharing",
			Attributes:  []network.Attribute{{Name: "confidence", Value: "documented"}, {Name: "label", Value: "ECOWARN"}},
			Sources:     []network.Source{{Title: "sample.gexf", Record: "edge ecowas-wanep-mou"}},
		}
		if !reflect.DeepEqual(*mou, want) {
			t.Errorf("mou (native kind and label):\n got %+v\nwant %+v", *mou, want)
		}
		dialogue := tieByID(c, "unowas->ecowas#1")
		if dialogue.Kind != network.Dialogue || dialogue.Weight != 2.5 || dialogue.Since != "2016-03" || dialogue.Until != "2024-12-31" {
			t.Errorf("dialogue: got %+v", dialogue)
		}
		tests := []struct {
			id     string
			weight float64
			attrs  []network.Attribute
		}{
			{"pbf->wanep#1", 3, []network.Attribute{{Name: "confidence", Value: "reported"}, {Name: "directed", Value: "true"}}},
			{"pbf->wanep#2", 1, []network.Attribute{{Name: "confidence", Value: "reported"}}},
		}
		for _, tt := range tests {
			tie := tieByID(c, tt.id)
			if tie.Kind != network.OtherTie || tie.Weight != tt.weight || !reflect.DeepEqual(tie.Attributes, tt.attrs) {
				t.Errorf("%s: got kind %s weight %v attributes %v, want OTHER %v %v", tt.id, tie.Kind, tie.Weight, tie.Attributes, tt.weight, tt.attrs)
			}
		}
	})

	t.Run("XMLExtension", func(t *testing.T) {
		raw, err := os.ReadFile("testdata/sample.gexf")
		if err != nil {
			t.Fatal(err)
		}
		x := MustImport(t, MustWrite(t, filepath.Join(t.TempDir(), "sample.xml"), raw))
		ga, gt := facts(c)
		xa, xt := facts(x)
		if !reflect.DeepEqual(xa, ga) || !reflect.DeepEqual(xt, gt) {
			t.Errorf("an .xml file with a <gexf> root is not read as GEXF")
		}
	})
}

// TestGEXFRoundTrip exports what was imported as GEXF, compares the export
// with its golden file and imports it again: the actors and ties must come
// back the same.
func TestGEXFRoundTrip(t *testing.T) {
	inputs := []struct {
		name  string
		paths []string
	}{
		{"sample-graphml", []string{"testdata/sample.graphml"}},
		{"sample-csv", []string{"testdata/sample.nodes.csv", "testdata/sample.edges.csv"}},
		{"sample-gexf", []string{"testdata/sample.gexf"}},
		{"karate", []string{"testdata/karate.graphml"}},
		{"karate-gexf", []string{"testdata/karate.gexf"}},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) { CheckRoundTrip(t, in.name, "gexf", in.paths) })
	}
}

func TestExportGEXF(t *testing.T) {
	src := []network.Source{{Title: "t", Record: "r"}}
	snap := func(ties ...*network.Tie) *network.Snapshot {
		return &network.Snapshot{
			Actors: []*network.Actor{
				{ID: "a", Name: `Donor "A" & co`, Kind: network.Donor, Sources: src},
				{ID: "b", Name: "B", Kind: network.UNEntity, Sources: src,
					Attributes: []network.Attribute{{Name: "label", Value: "the B"}, {Name: "note", Value: "line one\nline two"}}},
			},
			Ties: ties,
		}
	}
	export := func(t *testing.T, s *network.Snapshot) string {
		t.Helper()
		var buf bytes.Buffer
		if err := formats.Export(&buf, "GEXF", s); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}

	t.Run("DirectedWhenAnyTieIs", func(t *testing.T) {
		tests := []struct {
			name string
			tie  *network.Tie
			want string
		}{
			{"Funding", &network.Tie{ID: "f", Kind: network.Funding, From: "a", To: "b", Weight: 1, Sources: src}, `defaultedgetype="directed"`},
			{"DirectedAttribute", &network.Tie{ID: "o", Kind: network.OtherTie, From: "a", To: "b", Weight: 1, Sources: src,
				Attributes: []network.Attribute{{Name: "directed", Value: "true"}}}, `defaultedgetype="directed"`},
			{"MOU", &network.Tie{ID: "m", Kind: network.MOU, From: "a", To: "b", Weight: 1, Sources: src}, `defaultedgetype="undirected"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := export(t, snap(tt.tie)); !strings.Contains(got, tt.want) {
					t.Errorf("want %s in:\n%s", tt.want, got)
				}
			})
		}
	})

	t.Run("Shape", func(t *testing.T) {
		tie := &network.Tie{ID: "f", Kind: network.Funding, From: "a", To: "b", Weight: 2.5, Sources: src,
			Funding: &network.FundingFlow{Amount: 1000, Currency: "USD"}}
		got := export(t, snap(tie))
		for _, want := range []string{
			`<gexf xmlns="http://gexf.net/1.3"`,
			`version="1.3"`,
			`<attributes class="node" mode="static">`,
			`<attributes class="edge" mode="static">`,
			`title="funding_amount" type="double"`,
			`<node id="a" label="Donor &#34;A&#34; &amp; co">`,
			`weight="2.5"`,
			`value="line one&#xA;line two"`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("want %s in:\n%s", want, got)
			}
		}
		for _, unwanted := range []string{"viz", `title="weight"`} {
			if strings.Contains(got, unwanted) {
				t.Errorf("export holds %s:\n%s", unwanted, got)
			}
		}
	})

	t.Run("NameAndLabel", func(t *testing.T) {
		// An actor with both a name and a label attribute keeps both.
		path := MustWrite(t, filepath.Join(t.TempDir(), "x.gexf"), []byte(export(t, snap(
			&network.Tie{ID: "m", Kind: network.MOU, From: "a", To: "b", Weight: 1, Sources: src}))))
		back := MustImport(t, path)
		b := actorByID(back, "b")
		if got, want := b.Name, "B"; got != want {
			t.Errorf("name: got %q, want %q", got, want)
		}
		if got, want := b.Attributes, snap().Actors[1].Attributes; !reflect.DeepEqual(got, want) {
			t.Errorf("attributes: got %v, want %v", got, want)
		}
		if got, want := actorByID(back, "a").Name, `Donor "A" & co`; got != want {
			t.Errorf("name: got %q, want %q", got, want)
		}
	})
}

// TestReadGEXFErrors checks that bad GEXF gives EINVALID, names the file,
// the element and the line, and returns nothing.
func TestReadGEXFErrors(t *testing.T) {
	gexf := func(graph, body string) string {
		return `<?xml version="1.0"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph ` + graph + `>
    <attributes class="node">
      <attribute id="0" title="kind" type="string"/>
      <attribute id="1" title="count" type="integer"/>
    </attributes>
    <attributes class="edge">
      <attribute id="0" title="since" type="string"/>
    </attributes>
    <nodes>
      <node id="a"/>
      <node id="b"/>
` + body + `
    </nodes>
  </graph>
</gexf>
`
	}
	node := func(body string) string { return gexf(`defaultedgetype="undirected"`, body) }
	edge := func(body string) string {
		return node("    </nodes>\n    <edges>\n" + body + "\n    </edges>\n    <nodes>")
	}
	tests := []struct {
		name string
		file string
		data string
		want string
	}{
		{"Malformed", "g.gexf", node(`      <node id="c">`), `g.gexf line 15: malformed XML: element <node> closed by </nodes>`},
		{"Empty", "g.gexf", "", `g.gexf: empty file`},
		{"WrongRoot", "g.gexf", `<graphml><graph edgedefault="directed"/></graphml>`, `g.gexf: root element <graphml> is not <gexf>`},
		{"NoGraph", "g.xml", "<?xml version=\"1.0\"?>\n<gexf>\n<nodes/>\n</gexf>", `g.xml: no <graph> element`},
		{"NodeWithoutID", "g.gexf", node(`      <node label="nameless"/>`), `g.gexf: <node id=""> (line 14): node has no id`},
		{"DuplicateNode", "g.gexf", node(`      <node id="a"/>`), `g.gexf: <node id="a"> (line 14): node id is declared twice (first at line 12)`},
		{"BadInteger", "g.gexf", node(`      <node id="c"><attvalues><attvalue for="1" value="many"/></attvalues></node>`), `g.gexf: <node id="c"> (line 14): count "many" is not a integer`},
		{"UnknownActorKind", "g.gexf", node(`      <node id="c"><attvalues><attvalue for="0" value="warlord"/></attvalues></node>`), `g.gexf: <node id="c"> (line 14): kind "warlord" is not an actor kind`},
		{"UndeclaredAttribute", "g.gexf", node(`      <node id="c"><attvalues><attvalue for="9" value="x"/></attvalues></node>`), `<node id="c"> (line 14): attvalue for "9" is not a declared attribute`},
		{"DynamicValue", "g.gexf", node(`      <node id="c"><attvalues><attvalue for="0" value="DONOR" start="2001"/></attvalues></node>`), `<node id="c"> (line 14): attvalue for "0": dynamic attribute values`},
		{"Hierarchy", "g.gexf", node(`      <node id="c"><nodes><node id="d"/></nodes></node>`), `<node id="c"> (line 14): hierarchical graphs`},
		{"UnknownSource", "g.gexf", edge(`      <edge id="e3" source="99" target="a"/>`), `g.gexf: <edge id="e3"> (line 16): source "99" is not a node`},
		{"EdgeWithoutTarget", "g.gexf", edge(`      <edge id="e3" source="a"/>`), `g.gexf: <edge id="e3"> (line 16): edge has no target`},
		{"BadWeight", "g.gexf", edge(`      <edge source="a" target="b" weight="heavy"/>`), `g.gexf: <edge source="a" target="b"> (line 16): weight "heavy" is not a number`},
		{"ZeroWeight", "g.gexf", edge(`      <edge id="e" source="a" target="b" weight="0"/>`), `<edge id="e"> (line 16): weight "0" is not a positive number`},
		{"BadEdgeType", "g.gexf", edge(`      <edge id="e" source="a" target="b" type="both"/>`), `<edge id="e"> (line 16): type "both" is not directed, undirected or mutual`},
		{"UnknownTieKind", "g.gexf", edge(`      <edge id="e" source="a" target="b" kind="alliance"/>`), `<edge id="e"> (line 16): kind "alliance" is not a tie kind`},
		{"BadDate", "g.gexf", edge(`      <edge id="e" source="a" target="b"><attvalues><attvalue for="0" value="2019/01"/></attvalues></edge>`), `<edge id="e"> (line 16): since "2019/01" is not YYYY, YYYY-MM or YYYY-MM-DD`},
		{"DuplicateEdge", "g.gexf", edge("      <edge id=\"e\" source=\"a\" target=\"b\"/>\n      <edge id=\"e\" source=\"b\" target=\"a\"/>"), `<edge id="e"> (line 17): edge id "e" is used twice (first at line 16)`},
		{"SelfLoop", "g.gexf", edge(`      <edge id="e" source="a" target="a"/>`), `<edge id="e"> (line 16): source and target are the same actor "a"`},
		{"BadDefaultEdgeType", "g.gexf", gexf(`defaultedgetype="sideways"`, ""), `g.gexf: <graph> (line 3): defaultedgetype "sideways" is not directed, undirected or mutual`},
		{"BadAttributeType", "g.gexf", strings.Replace(node(""), `type="integer"`, `type="matrix"`, 1), `g.gexf: <attribute id="1"> (line 6): type "matrix" is not a GEXF attribute type`},
		{"GEXFInGraphMLFile", "g.graphml", node(""), `g.graphml: root element <gexf> is not <graphml>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := MustWrite(t, filepath.Join(t.TempDir(), tt.file), []byte(tt.data))
			CheckImportInvalid(t, []string{path}, tt.want)
		})
	}

	t.Run("ReadGEXF", func(t *testing.T) {
		// Called directly, the reader checks the root itself.
		c, err := formats.ReadGEXF(strings.NewReader("<graphml/>"), "g.xml")
		if c != nil || network.ErrorCode(err) != network.EINVALID {
			t.Fatalf("got %v, %v", c, err)
		}
		if got, want := network.ErrorMessage(err), `g.xml: <graphml> (line 1): root element is not <gexf>`; got != want {
			t.Errorf("message: got %s, want %s", got, want)
		}
	})
}
