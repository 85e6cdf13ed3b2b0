package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// graphmlKey is a GraphML <key> declaration.
type graphmlKey struct {
	ID      string `xml:"id,attr"`
	For     string `xml:"for,attr"`
	Name    string `xml:"attr.name,attr"`
	Type    string `xml:"attr.type,attr"`
	YFiles  string `xml:"yfiles.type,attr"`
	Default *struct {
		Value string `xml:",chardata"`
	} `xml:"default"`
	line int
}

// attrName is the name the key's values are kept under.
func (k *graphmlKey) attrName() string {
	if k.Name != "" {
		return k.Name
	}
	return k.ID
}

// check reports whether v is a value of the key's attr.type.
func (k *graphmlKey) check(v string) error {
	s := strings.TrimSpace(v)
	var err error
	switch k.Type {
	case "", "string":
	case "int", "long":
		_, err = strconv.ParseInt(s, 10, 64)
	case "float", "double":
		_, err = strconv.ParseFloat(s, 64)
	case "boolean":
		_, err = strconv.ParseBool(strings.ToLower(s))
	}
	if err != nil {
		return fmt.Errorf("%s %q is not a %s", k.attrName(), v, k.Type)
	}
	return nil
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlNode struct {
	xmlElement
	Data  []graphmlData `xml:"data"`
	Graph *struct{}     `xml:"graph"`
}

type graphmlEdge struct {
	xmlElement
	Directed string        `xml:"directed,attr"`
	Data     []graphmlData `xml:"data"`
}

// ReadGraphML reads a GraphML document and returns its nodes as actors and
// its edges as ties. name is the file name that sources and errors cite.
// Keys with attr.type are honoured (a value that does not parse is an error)
// and key defaults apply to elements without the data. yEd graphics keys
// (yfiles.type) are skipped; hyperedges and nested graphs are an error.
// EINVALID naming the element and line for any bad input.
func ReadGraphML(r io.Reader, name string) (*network.Change, error) {
	d := newXMLDecoder(r)
	var (
		root     bool
		graphs   int
		directed bool
		keys     = map[string]*graphmlKey{}
		keyOrder []*graphmlKey
		nodes    []*graphmlNode
		edges    []*graphmlEdge
	)
	for {
		se, line, ok, err := nextElement(d, name)
		if err != nil {
			return nil, err
		} else if !ok {
			break
		}
		if !root {
			if err := checkRoot(name, se, line, "graphml"); err != nil {
				return nil, err
			}
			root = true
			continue
		}
		switch se.Name.Local {
		case "key":
			k := &graphmlKey{line: line}
			if err := d.DecodeElement(k, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			prev := keys[k.ID]
			where, err := checkDeclaration(name, "key", k.ID, line, prev != nil, func() int { return prev.line })
			if err != nil {
				return nil, err
			}
			if k.Type != "" && !knownType(k.Type) {
				return nil, invalid(name, where, fmt.Errorf("attr.type %q is not boolean, int, long, float, double or string", k.Type))
			}
			if k.Default != nil {
				if err := k.check(k.Default.Value); err != nil {
					return nil, invalid(name, where, fmt.Errorf("default: %w", err))
				}
			}
			keys[k.ID] = k
			keyOrder = append(keyOrder, k)
		case "graph":
			graphs++
			if graphs > 1 {
				return nil, network.Errorf(network.EINVALID, "%s: <graph> (line %d): more than one graph in one file", name, line)
			}
			switch def := attrValue(se, "edgedefault"); def {
			case "directed":
				directed = true
			case "undirected":
			default:
				return nil, network.Errorf(network.EINVALID, "%s: <graph> (line %d): edgedefault %q is not directed or undirected", name, line, def)
			}
		case "node":
			n := &graphmlNode{xmlElement: xmlElement{line: line}}
			if err := d.DecodeElement(n, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			if n.Graph != nil {
				return nil, network.Errorf(network.EINVALID, "%s: <node id=%q> (line %d): nested graphs are not supported", name, n.ID, line)
			}
			nodes = append(nodes, n)
		case "edge":
			e := &graphmlEdge{xmlElement: xmlElement{line: line}}
			if err := d.DecodeElement(e, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			edges = append(edges, e)
		case "hyperedge":
			return nil, network.Errorf(network.EINVALID, "%s: <hyperedge> (line %d): hyperedges are not supported", name, line)
		default:
			// Graph-level <data>, <desc>, <port> and extensions carry
			// nothing for the network.
			if err := d.Skip(); err != nil {
				return nil, xmlError(name, d, err)
			}
		}
	}
	if err := checkGraphs(name, "graphml", root, graphs); err != nil {
		return nil, err
	}
	return xmlChange(name, nodes, edges, false,
		func(n *graphmlNode) ([]attr, error) {
			return graphmlAttrs(keyOrder, keys, "node", n.Data)
		},
		func(e *graphmlEdge) (bool, []attr, error) {
			dir := directed
			switch e.Directed {
			case "true":
				dir = true
			case "false":
				dir = false
			case "":
			default:
				return false, nil, fmt.Errorf("directed %q is not true or false", e.Directed)
			}
			attrs, err := graphmlAttrs(keyOrder, keys, "edge", e.Data)
			return dir, attrs, err
		})
}

func knownType(t string) bool {
	switch t {
	case "boolean", "int", "long", "float", "double", "string":
		return true
	}
	return false
}

// graphmlAttrs returns the attributes of an element of the given domain
// ("node" or "edge"): the defaults of its keys, overridden by its data.
func graphmlAttrs(order []*graphmlKey, keys map[string]*graphmlKey, domain string, data []graphmlData) ([]attr, error) {
	var attrs attrList
	for _, k := range order {
		if k.Default != nil && k.YFiles == "" && (k.For == domain || k.For == "all" || k.For == "") {
			attrs.set(k.attrName(), k.Default.Value)
		}
	}
	for _, dt := range data {
		k := keys[dt.Key]
		if k == nil {
			return nil, fmt.Errorf("data key %q is not declared", dt.Key)
		}
		if k.YFiles != "" {
			continue
		}
		if err := k.check(dt.Value); err != nil {
			return nil, err
		}
		attrs.set(k.attrName(), dt.Value)
	}
	return attrs.list, nil
}

// attrList collects attributes in the order their names are first set; a
// later value of a name replaces the earlier one.
type attrList struct {
	list  []attr
	index map[string]int
}

// set sets the attribute name to value.
func (l *attrList) set(name, value string) {
	if i, ok := l.index[name]; ok {
		l.list[i].value = value
		return
	}
	if l.index == nil {
		l.index = map[string]int{}
	}
	l.index[name] = len(l.list)
	l.list = append(l.list, attr{name, value})
}

// checkDeclaration returns where, naming the <elem id=...> declaration at
// line of file name in an error, and EINVALID when the declaration has no id
// or its id was declared before (then firstLine tells where).
func checkDeclaration(name, elem, id string, line int, declared bool, firstLine func() int) (where string, err error) {
	where = fmt.Sprintf(": <%s id=%q> (line %d)", elem, id, line)
	if id == "" {
		return where, invalid(name, where, fmt.Errorf("%s has no id", elem))
	}
	if declared {
		return where, invalid(name, where, fmt.Errorf("%s id is declared twice (first at line %d)", elem, firstLine()))
	}
	return where, nil
}

func attrValue(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlError turns a decoding error into an EINVALID error naming the line.
func xmlError(name string, d *xmlStream, err error) error {
	if errors.Is(err, errTooDeep) {
		line, _ := d.InputPos()
		return network.Errorf(network.EINVALID, "%s line %d: %s", name, line, depthMessage())
	}
	// The line is the file's: the checking decoder that reports a
	// mismatched end tag does not count lines.
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return network.Errorf(network.EINVALID, "%s line %d: malformed XML: %s", name, line, se.Msg)
	}
	return network.Errorf(network.EINVALID, "%s line %d: malformed XML: %v", name, line, err)
}

// nextElement returns the next start element of d, read from file name, and
// the line it ends on; ok is false at the end of the input. EINVALID naming
// the line for malformed XML.
func nextElement(d *xmlStream, name string) (se xml.StartElement, line int, ok bool, err error) {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, 0, false, nil
		} else if err != nil {
			return xml.StartElement{}, 0, false, xmlError(name, d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			line, _ := d.InputPos()
			return se, line, true, nil
		}
	}
}

// checkRoot returns EINVALID unless se, the root element of file name at
// line, is <want>.
func checkRoot(name string, se xml.StartElement, line int, want string) error {
	if se.Name.Local != want {
		return network.Errorf(network.EINVALID, "%s: <%s> (line %d): root element is not <%s>", name, se.Name.Local, line, want)
	}
	return nil
}

// checkGraphs returns EINVALID unless file name, read to its end, had a root
// element <root> and a <graph> in it.
func checkGraphs(name, root string, hasRoot bool, graphs int) error {
	if !hasRoot {
		return network.Errorf(network.EINVALID, "%s: empty file: no <%s> element", name, root)
	}
	if graphs == 0 {
		return network.Errorf(network.EINVALID, "%s: no <graph> element", name)
	}
	return nil
}

// xmlElement is what a GraphML or GEXF node or edge holds in common: its id,
// its ends (edges only) and the line it starts on.
type xmlElement struct {
	ID     string `xml:"id,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	line   int
}

// element returns e; it lets xmlChange reach the element a node or edge
// embeds.
func (e *xmlElement) element() *xmlElement { return e }

// nodeWhere names e as a node in an error.
func (e *xmlElement) nodeWhere() string {
	return fmt.Sprintf(": <node id=%q> (line %d)", e.ID, e.line)
}

// edgeWhere names e as an edge in an error: by id, or by its ends when it
// has none.
func (e *xmlElement) edgeWhere() string {
	if e.ID != "" {
		return fmt.Sprintf(": <edge id=%q> (line %d)", e.ID, e.line)
	}
	return fmt.Sprintf(": <edge source=%q target=%q> (line %d)", e.Source, e.Target, e.line)
}

// xmlNodeOrEdge is a GraphML or GEXF node or edge type.
type xmlNodeOrEdge interface{ element() *xmlElement }

// xmlChange turns the nodes and edges read from XML graph file name into
// actors and ties: every node needs an id used once, every edge two ends
// that are nodes and an id (one is made from its ends when it has none)
// used once. nodeAttrs returns a node's attributes, edgeAttrs whether an
// edge is directed and its attributes. With needEnds an edge without a
// source or target is an error of its own, otherwise that end is not a
// node. EINVALID naming the element and line for any bad input.
func xmlChange[N, E xmlNodeOrEdge](name string, nodes []N, edges []E, needEnds bool, nodeAttrs func(N) ([]attr, error), edgeAttrs func(E) (bool, []attr, error)) (*network.Change, error) {
	src := func(record string) network.Source {
		return network.Source{Title: name, Record: record}
	}
	c := &network.Change{}
	nodeLine := map[string]int{}
	for _, node := range nodes {
		n := node.element()
		where := n.nodeWhere()
		if n.ID == "" {
			return nil, invalid(name, where, errors.New("node has no id"))
		}
		if l, ok := nodeLine[n.ID]; ok {
			return nil, invalid(name, where, fmt.Errorf("node id is declared twice (first at line %d)", l))
		}
		nodeLine[n.ID] = n.line
		attrs, err := nodeAttrs(node)
		if err != nil {
			return nil, invalid(name, where, err)
		}
		a, err := newActor(n.ID, attrs, src("node "+n.ID))
		if err != nil {
			return nil, invalid(name, where, err)
		}
		c.Actors = append(c.Actors, a)
	}
	ids := pairIDs{}
	edgeLine := map[string]int{}
	for _, edge := range edges {
		e := edge.element()
		where := e.edgeWhere()
		for _, end := range [][2]string{{"source", e.Source}, {"target", e.Target}} {
			if needEnds && end[1] == "" {
				return nil, invalid(name, where, fmt.Errorf("edge has no %s", end[0]))
			}
			if _, ok := nodeLine[end[1]]; !ok {
				return nil, invalid(name, where, fmt.Errorf("%s %q is not a node", end[0], end[1]))
			}
		}
		id := e.ID
		if id == "" {
			id = ids.next(e.Source, e.Target)
		}
		if l, ok := edgeLine[id]; ok {
			return nil, invalid(name, where, fmt.Errorf("edge id %q is used twice (first at line %d)", id, l))
		}
		edgeLine[id] = e.line
		dir, attrs, err := edgeAttrs(edge)
		if err != nil {
			return nil, invalid(name, where, err)
		}
		t, err := newTie(id, e.Source, e.Target, dir, attrs, src("edge "+id))
		if err != nil {
			return nil, invalid(name, where, err)
		}
		c.Ties = append(c.Ties, t)
	}
	if err := validateFile(name, c); err != nil {
		return nil, err
	}
	return c, nil
}

// xmlRoot returns the local name of the root element of an XML document.
func xmlRoot(r io.Reader, name string) (string, error) {
	se, _, ok, err := nextElement(newXMLDecoder(r), name)
	if err != nil {
		return "", err
	} else if !ok {
		return "", network.Errorf(network.EINVALID, "%s: empty file: no root element", name)
	}
	return se.Name.Local, nil
}

// writeGraphML writes snap as a GraphML document that ReadGraphML, Gephi and
// NetworkX's read_graphml read.
func writeGraphML(w io.Writer, snap *network.Snapshot, opts ExportOptions) error {
	bw := bufio.NewWriter(w)
	actorRecs := make([][]attr, len(snap.Actors))
	for i, a := range snap.Actors {
		actorRecs[i] = actorRecord(a)
	}
	tieRecs := make([][]attr, len(snap.Ties))
	for i, t := range snap.Ties {
		tieRecs[i] = tieRecord(t)
	}
	nodeCols := columns(actorRecs, actorFields)
	edgeCols := columns(tieRecs, tieFields)

	fmt.Fprintln(bw, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(bw, `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`)
	graphKey := map[string]string{}
	nodeKey := map[string]string{}
	edgeKey := map[string]string{}
	n := 0
	for _, set := range []struct {
		domain string
		cols   []string
		ids    map[string]string
	}{{"graph", graphCols(opts), graphKey}, {"node", nodeCols, nodeKey}, {"edge", edgeCols, edgeKey}} {
		for _, col := range set.cols {
			typ := "string"
			if set.domain == "edge" && numeric(col) || set.domain != "graph" && slices.Contains(opts.Numeric, col) {
				typ = "double"
			}
			id := "d" + strconv.Itoa(n)
			n++
			set.ids[col] = id
			fmt.Fprintf(bw, "  <key id=%s for=%q attr.name=%s attr.type=%q/>\n", quoteAttr(id), set.domain, quoteAttr(col), typ)
		}
	}
	edgedefault := "undirected"
	if opts.directed(snap) {
		edgedefault = "directed"
	}
	fmt.Fprintf(bw, "  <graph id=\"G\" edgedefault=%q>\n", edgedefault)
	for _, at := range opts.Graph {
		fmt.Fprintf(bw, "    <data key=%s>%s</data>\n", quoteAttr(graphKey[at.Name]), escapeText(at.Value))
	}
	for i, a := range snap.Actors {
		fmt.Fprintf(bw, "    <node id=%s>\n", quoteAttr(a.ID))
		writeData(bw, actorRecs[i], nodeKey)
		fmt.Fprintln(bw, "    </node>")
	}
	for i, t := range snap.Ties {
		fmt.Fprintf(bw, "    <edge id=%s source=%s target=%s>\n", quoteAttr(t.ID), quoteAttr(t.From), quoteAttr(t.To))
		writeData(bw, tieRecs[i], edgeKey)
		fmt.Fprintln(bw, "    </edge>")
	}
	fmt.Fprintln(bw, "  </graph>")
	fmt.Fprintln(bw, "</graphml>")
	return bw.Flush()
}

// graphCols returns the names of the graph attributes of opts.
func graphCols(opts ExportOptions) []string {
	var cols []string
	for _, at := range opts.Graph {
		cols = append(cols, at.Name)
	}
	return cols
}

func writeData(w io.Writer, rec []attr, keyIDs map[string]string) {
	for _, at := range rec {
		fmt.Fprintf(w, "      <data key=%s>%s</data>\n", quoteAttr(keyIDs[at.name]), escapeText(at.value))
	}
}

// quoteAttr returns s escaped and quoted as an XML attribute value.
func quoteAttr(s string) string { return `"` + escapeText(s) + `"` }

func escapeText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
