package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peacegraph/peacegraph/network"
)

// gexfNamespace is the namespace of the GEXF version Export writes.
const gexfNamespace = "http://gexf.net/1.3"

// gexfAttribute is a GEXF <attribute> declaration of a node or edge column.
type gexfAttribute struct {
	ID      string  `xml:"id,attr"`
	Title   string  `xml:"title,attr"`
	Type    string  `xml:"type,attr"`
	Default *string `xml:"default"`
	line    int
}

// name is the name the attribute's values are kept under.
func (a *gexfAttribute) name() string {
	if a.Title != "" {
		return a.Title
	}
	return a.ID
}

// check reports whether v is a value of the attribute's type. List types
// and anyURI are taken as text.
func (a *gexfAttribute) check(v string) error {
	s := strings.TrimSpace(v)
	var err error
	switch a.Type {
	case "integer", "int", "long", "short", "byte":
		_, err = strconv.ParseInt(s, 10, 64)
	case "biginteger":
		if _, ok := new(big.Int).SetString(s, 10); !ok {
			err = errors.New("not an integer")
		}
	case "float", "double", "bigdecimal":
		_, err = strconv.ParseFloat(s, 64)
	case "boolean":
		_, err = strconv.ParseBool(strings.ToLower(s))
	case "char":
		if utf8.RuneCountInString(v) != 1 {
			err = errors.New("not one character")
		}
	}
	if err != nil {
		return fmt.Errorf("%s %q is not a %s", a.name(), v, a.Type)
	}
	return nil
}

// gexfKnownType reports whether t is a GEXF 1.3 attribute type (or "int",
// which NetworkX writes for numpy integers).
func gexfKnownType(t string) bool {
	switch t {
	case "integer", "int", "long", "short", "byte", "biginteger", "float", "double",
		"bigdecimal", "boolean", "char", "string", "anyURI":
		return true
	}
	return strings.HasPrefix(t, "list")
}

// gexfClass is the set of attributes declared for nodes or for edges.
type gexfClass struct {
	byID  map[string]*gexfAttribute
	order []*gexfAttribute
}

type gexfAttValue struct {
	For       string `xml:"for,attr"`
	ID        string `xml:"id,attr"` // GEXF 1.0 named the attribute with id
	Value     string `xml:"value,attr"`
	Start     string `xml:"start,attr"`
	End       string `xml:"end,attr"`
	StartOpen string `xml:"startopen,attr"`
	EndOpen   string `xml:"endopen,attr"`
	Timestamp string `xml:"timestamp,attr"`
}

type gexfNode struct {
	xmlElement
	Label     *string        `xml:"label,attr"`
	PID       string         `xml:"pid,attr"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
	Nodes     *struct{}      `xml:"nodes"`
	Parents   *struct{}      `xml:"parents"`
}

type gexfEdge struct {
	xmlElement
	Type      string         `xml:"type,attr"`
	Label     *string        `xml:"label,attr"`
	Weight    *string        `xml:"weight,attr"`
	Kind      *string        `xml:"kind,attr"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
}

// ReadGEXF reads a GEXF document (versions 1.1 to 1.3, as Gephi and
// NetworkX's write_gexf write them) and returns its nodes as actors and its
// edges as ties. name is the file name that sources and errors cite.
//
// A node's label is its name; an edge's native weight is the tie weight and
// its native kind the tie kind; an edge's label is kept as the attribute
// "label". Attribute values are checked against their declared type, and an
// attribute's <default> applies to the nodes or edges without a value. An
// edge's type ("directed", "undirected" or "mutual") overrides the graph's
// defaultedgetype; mutual reads as undirected. Visualization (viz) data,
// spells and meta data carry nothing for the network and are skipped;
// dynamic attribute values, hierarchies (nested nodes, pid, parents) and
// more than one graph are an error. EINVALID naming the element and line for
// any bad input.
func ReadGEXF(r io.Reader, name string) (*network.Change, error) {
	d := newXMLDecoder(r)
	var (
		root     bool
		graphs   int
		directed bool
		classes  = map[string]*gexfClass{"node": {byID: map[string]*gexfAttribute{}}, "edge": {byID: map[string]*gexfAttribute{}}}
		class    *gexfClass // the <attributes> element being read, nil outside one
		depth    int        // nesting depth of elements not decoded whole
		attrsEnd int        // depth at which the current <attributes> ends
		nodes    []*gexfNode
		edges    []*gexfEdge
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, xmlError(name, d, err)
		}
		if _, ok := tok.(xml.EndElement); ok {
			if class != nil && depth == attrsEnd {
				class = nil
			}
			depth--
			continue
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ := d.InputPos()
		if !root {
			if err := checkRoot(name, se, line, "gexf"); err != nil {
				return nil, err
			}
			root = true
			depth++
			continue
		}
		switch se.Name.Local {
		case "graph":
			graphs++
			if graphs > 1 {
				return nil, network.Errorf(network.EINVALID, "%s: <graph> (line %d): more than one graph in one file", name, line)
			}
			switch def := attrValue(se, "defaultedgetype"); def {
			case "directed":
				directed = true
			case "", "undirected", "mutual":
			default:
				return nil, network.Errorf(network.EINVALID, "%s: <graph> (line %d): defaultedgetype %q is not directed, undirected or mutual", name, line, def)
			}
			depth++
		case "attributes":
			cl := attrValue(se, "class")
			class = classes[cl]
			if class == nil {
				// Graph-level attributes carry nothing for the network.
				if err := d.Skip(); err != nil {
					return nil, xmlError(name, d, err)
				}
				continue
			}
			depth++
			attrsEnd = depth
		case "attribute":
			if class == nil {
				return nil, network.Errorf(network.EINVALID, "%s: <attribute> (line %d): outside <attributes class=\"node\"> or class=\"edge\"", name, line)
			}
			a := &gexfAttribute{line: line}
			if err := d.DecodeElement(a, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			prev := class.byID[a.ID]
			where, err := checkDeclaration(name, "attribute", a.ID, line, prev != nil, func() int { return prev.line })
			if err != nil {
				return nil, err
			}
			if a.Type == "" {
				a.Type = "string"
			}
			if !gexfKnownType(a.Type) {
				return nil, invalid(name, where, fmt.Errorf("type %q is not a GEXF attribute type", a.Type))
			}
			if a.Default != nil {
				if err := a.check(*a.Default); err != nil {
					return nil, invalid(name, where, fmt.Errorf("default: %w", err))
				}
			}
			class.byID[a.ID] = a
			class.order = append(class.order, a)
		case "nodes", "edges":
			depth++
		case "node":
			n := &gexfNode{xmlElement: xmlElement{line: line}}
			if err := d.DecodeElement(n, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			if n.Nodes != nil || n.Parents != nil || n.PID != "" {
				return nil, network.Errorf(network.EINVALID, "%s: <node id=%q> (line %d): hierarchical graphs (nested nodes, pid, parents) are not supported", name, n.ID, line)
			}
			nodes = append(nodes, n)
		case "edge":
			e := &gexfEdge{xmlElement: xmlElement{line: line}}
			if err := d.DecodeElement(e, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			edges = append(edges, e)
		default:
			// <meta>, viz and spells carry nothing for the network.
			if err := d.Skip(); err != nil {
				return nil, xmlError(name, d, err)
			}
		}
	}
	if err := checkGraphs(name, "gexf", root, graphs); err != nil {
		return nil, err
	}
	return xmlChange(name, nodes, edges, true,
		func(n *gexfNode) ([]attr, error) {
			var native []attr
			if n.Label != nil {
				native = append(native, attr{"label", *n.Label})
			}
			return gexfAttrs(classes["node"], native, n.AttValues)
		},
		func(e *gexfEdge) (bool, []attr, error) {
			dir := directed
			switch e.Type {
			case "directed":
				dir = true
			case "undirected", "mutual":
				dir = false
			case "":
			default:
				return false, nil, fmt.Errorf("type %q is not directed, undirected or mutual", e.Type)
			}
			var native []attr
			for _, at := range []struct {
				name  string
				value *string
			}{{"label", e.Label}, {"weight", e.Weight}, {"kind", e.Kind}} {
				if at.value != nil {
					native = append(native, attr{at.name, *at.value})
				}
			}
			attrs, err := gexfAttrs(classes["edge"], native, e.AttValues)
			return dir, attrs, err
		})
}

// gexfAttrs returns the attributes of a node or edge: the defaults of its
// class, overridden by its native XML attributes (label, weight, kind),
// overridden by its attvalues.
func gexfAttrs(class *gexfClass, native []attr, values []gexfAttValue) ([]attr, error) {
	var attrs attrList
	for _, a := range class.order {
		if a.Default != nil {
			attrs.set(a.name(), *a.Default)
		}
	}
	for _, at := range native {
		attrs.set(at.name, at.value)
	}
	seen := map[string]bool{}
	for _, v := range values {
		ref := v.For
		if ref == "" {
			ref = v.ID
		}
		a := class.byID[ref]
		if a == nil {
			return nil, fmt.Errorf("attvalue for %q is not a declared attribute", ref)
		}
		if v.Start != "" || v.End != "" || v.StartOpen != "" || v.EndOpen != "" || v.Timestamp != "" {
			return nil, fmt.Errorf("attvalue for %q: dynamic attribute values (start, end, timestamp) are not supported", ref)
		}
		if seen[ref] {
			return nil, fmt.Errorf("attvalue for %q is given twice", ref)
		}
		seen[ref] = true
		if err := a.check(v.Value); err != nil {
			return nil, err
		}
		attrs.set(a.name(), v.Value)
	}
	return attrs.list, nil
}

// writeGEXF writes snap as a static GEXF 1.3 document that ReadGEXF, Gephi
// and NetworkX's read_gexf read. Actor names are node labels, tie weights
// edge weights; every other field is a typed attribute column. Layout (viz
// colour, size, position) is written only for the actors opts.Viz names;
// without it Gephi lays the network out itself.
func writeGEXF(w io.Writer, snap *network.Snapshot, opts ExportOptions) error {
	bw := bufio.NewWriter(w)
	actorRecs := make([][]attr, len(snap.Actors))
	for i, a := range snap.Actors {
		actorRecs[i] = gexfNodeRecord(a)
	}
	tieRecs := make([][]attr, len(snap.Ties))
	for i, t := range snap.Ties {
		tieRecs[i] = slices.DeleteFunc(tieRecord(t), func(at attr) bool { return at.name == "weight" || at.name == "label" })
	}
	nodeCols := columns(actorRecs, actorFields)
	edgeCols := columns(tieRecs, tieFields)

	edgetype := "undirected"
	if opts.directed(snap) {
		edgetype = "directed"
	}
	fmt.Fprintln(bw, `<?xml version="1.0" encoding="UTF-8"?>`)
	vizNS := ""
	if len(opts.Viz) > 0 {
		vizNS = fmt.Sprintf(" xmlns:viz=%q", gexfNamespace+"/viz")
	}
	fmt.Fprintf(bw, "<gexf xmlns=%q%s xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"%s %s/gexf.xsd\" version=\"1.3\">\n", gexfNamespace, vizNS, gexfNamespace, gexfNamespace)
	fmt.Fprintln(bw, "  <meta>")
	fmt.Fprintln(bw, "    <creator>peacegraph</creator>")
	if len(opts.Graph) > 0 {
		var desc []string
		for _, at := range opts.Graph {
			desc = append(desc, at.Name+"="+at.Value)
		}
		fmt.Fprintf(bw, "    <description>%s</description>\n", escapeText(strings.Join(desc, "; ")))
	}
	fmt.Fprintln(bw, "  </meta>")
	fmt.Fprintf(bw, "  <graph mode=\"static\" defaultedgetype=%q>\n", edgetype)
	nodeIDs := writeGEXFAttributes(bw, "node", nodeCols, opts)
	edgeIDs := writeGEXFAttributes(bw, "edge", edgeCols, opts)
	fmt.Fprintln(bw, "    <nodes>")
	for i, a := range snap.Actors {
		fmt.Fprintf(bw, "      <node id=%s label=%s", quoteAttr(a.ID), quoteAttr(a.Name))
		viz, ok := opts.Viz[a.ID]
		if !ok {
			writeAttValues(bw, actorRecs[i], nodeIDs, "node")
			continue
		}
		fmt.Fprintln(bw, ">")
		writeAttValueList(bw, actorRecs[i], nodeIDs)
		fmt.Fprintf(bw, "        <viz:color hex=%q/>\n", viz.hexColour())
		fmt.Fprintf(bw, "        <viz:size value=%q/>\n", strconv.FormatFloat(viz.Size, 'g', 6, 64))
		if viz.Positioned {
			fmt.Fprintf(bw, "        <viz:position x=%q y=%q z=\"0\"/>\n", strconv.FormatFloat(viz.X, 'g', 6, 64), strconv.FormatFloat(viz.Y, 'g', 6, 64))
		}
		fmt.Fprintln(bw, "      </node>")
	}
	fmt.Fprintln(bw, "    </nodes>")
	fmt.Fprintln(bw, "    <edges>")
	for i, t := range snap.Ties {
		fmt.Fprintf(bw, "      <edge id=%s source=%s target=%s", quoteAttr(t.ID), quoteAttr(t.From), quoteAttr(t.To))
		if label, ok := tieAttribute(t, "label"); ok {
			fmt.Fprintf(bw, " label=%s", quoteAttr(label))
		}
		fmt.Fprintf(bw, " weight=%q", strconv.FormatFloat(t.Weight, 'g', -1, 64))
		writeAttValues(bw, tieRecs[i], edgeIDs, "edge")
	}
	fmt.Fprintln(bw, "    </edges>")
	fmt.Fprintln(bw, "  </graph>")
	fmt.Fprintln(bw, "</gexf>")
	return bw.Flush()
}

// gexfNodeRecord is actorRecord without the name, which is the node label,
// unless the actor also keeps a label attribute: then the name is written
// as an attribute too, and a re-import reads the name from it.
func gexfNodeRecord(a *network.Actor) []attr {
	rec := actorRecord(a)
	if !slices.ContainsFunc(a.Attributes, func(at network.Attribute) bool { return at.Name == "label" }) {
		rec = slices.DeleteFunc(rec, func(at attr) bool { return at.name == "name" })
	}
	return rec
}

func tieAttribute(t *network.Tie, name string) (string, bool) {
	for _, at := range t.Attributes {
		if at.Name == name {
			return at.Value, true
		}
	}
	return "", false
}

// writeGEXFAttributes declares the columns of class and returns their ids.
func writeGEXFAttributes(w io.Writer, class string, cols []string, opts ExportOptions) map[string]string {
	ids := map[string]string{}
	if len(cols) == 0 {
		return ids
	}
	fmt.Fprintf(w, "    <attributes class=%q mode=\"static\">\n", class)
	for i, col := range cols {
		typ := "string"
		if class == "edge" && numeric(col) || slices.Contains(opts.Numeric, col) {
			typ = "double"
		}
		id := strconv.Itoa(i)
		ids[col] = id
		fmt.Fprintf(w, "      <attribute id=%q title=%s type=%q/>\n", id, quoteAttr(col), typ)
	}
	fmt.Fprintln(w, "    </attributes>")
	return ids
}

// writeAttValues ends the open start tag of a node or edge: with its
// attvalues and an end tag, or as an empty element when rec is empty.
func writeAttValues(w io.Writer, rec []attr, ids map[string]string, elem string) {
	if len(rec) == 0 {
		fmt.Fprintln(w, "/>")
		return
	}
	fmt.Fprintln(w, ">")
	writeAttValueList(w, rec, ids)
	fmt.Fprintf(w, "      </%s>\n", elem)
}

// writeAttValueList writes rec as an attvalues element, if it holds any.
func writeAttValueList(w io.Writer, rec []attr, ids map[string]string) {
	if len(rec) == 0 {
		return
	}
	fmt.Fprintln(w, "        <attvalues>")
	for _, at := range rec {
		fmt.Fprintf(w, "          <attvalue for=%q value=%s/>\n", ids[at.name], quoteAttr(at.value))
	}
	fmt.Fprintln(w, "        </attvalues>")
}
