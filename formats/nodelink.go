package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Export writes snap to w in format: "graphml" (GraphML 1.0, read by Gephi,
// yEd, igraph and NetworkX's read_graphml), "gexf" (GEXF 1.3, Gephi's own
// format, read by NetworkX's read_gexf) or "json" (the node-link JSON of
// NetworkX's node_link_data, which nx.node_link_graph(data, edges="edges")
// loads). For CSV see ExportCSV. EINVALID for any other format.
func Export(w io.Writer, format string, snap *network.Snapshot) error {
	return ExportWith(w, format, snap, ExportOptions{})
}

// ReadNodeLink reads a node-link JSON document (NetworkX's node_link_data
// shape: "nodes" with "id", "edges" or "links" with "source" and "target")
// and returns its actors and ties. Numbers and booleans are kept as their
// JSON text; an edge "key" (a multigraph's edge key) is not kept. Errors name
// the element: "graph.json: edges[3]: weight ...".
//
// The document is read as a stream, one node or edge at a time, so that a
// large file is held neither whole nor as one decoded tree: what stays in
// memory is the change returned (and the offset of each line, for errors).
// Edges that come before the nodes or before "directed" are kept decoded
// until the end, since their ends and direction are not known yet.
func ReadNodeLink(r io.Reader, name string) (*network.Change, error) {
	lines := &lineCounter{r: r}
	d := json.NewDecoder(lines)
	d.UseNumber()
	nl := &nodeLinkReader{name: name, d: d, lines: lines, c: &network.Change{},
		seen: map[string]int{}, ids: pairIDs{}, tieAt: map[string]int{}}
	if err := nl.read(); err != nil {
		return nil, err
	}
	if err := validateFile(name, nl.c); err != nil {
		return nil, err
	}
	return nl.c, nil
}

// nodeLinkReader reads one node-link document from its decoder.
type nodeLinkReader struct {
	name  string
	d     *json.Decoder
	lines *lineCounter
	c     *network.Change

	directed, directedRead bool
	nodesRead              bool
	seen                   map[string]int // node ID -> index in nodes

	// edgesKey is "edges" or "links", whichever list the ties came from
	// ("edges" wins when a document has both, as NetworkX 3.4 reads it).
	edgesKey string
	ids      pairIDs
	tieAt    map[string]int // tie ID -> index in its list
	// later holds a list read before the nodes or "directed", by key.
	later map[string][]map[string]any
}

// read reads the document: one object whose members "directed", "nodes",
// "edges" and "links" are read, the others skipped.
func (nl *nodeLinkReader) read() error {
	tok, err := nl.d.Token()
	if errors.Is(err, io.EOF) {
		return network.Errorf(network.EINVALID, "%s: empty file", nl.name)
	}
	if err != nil {
		return nl.jsonError(err, "the document")
	}
	if tok != json.Delim('{') {
		return nl.typeError("the document", tok, "an object")
	}
	for nl.d.More() {
		tok, err := nl.d.Token()
		if err != nil {
			return nl.jsonError(err, "the document")
		}
		key, _ := tok.(string)
		switch key {
		case "directed", "multigraph":
			var b bool
			if err := nl.d.Decode(&b); err != nil {
				return nl.jsonError(err, key)
			}
			if key == "directed" {
				nl.directed, nl.directedRead = b, true
			}
		case "nodes", "edges", "links":
			if err := nl.list(key); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := nl.d.Decode(&skip); err != nil {
				return nl.jsonError(err, key)
			}
		}
	}
	if _, err := nl.d.Token(); err != nil {
		return nl.jsonError(err, "the document")
	}
	if !nl.nodesRead {
		return network.Errorf(network.EINVALID, "%s: no \"nodes\" list: not a node-link document", nl.name)
	}
	for _, key := range []string{"edges", "links"} {
		if elems, ok := nl.later[key]; ok && nl.takes(key) && nl.edgesKey != key {
			nl.startEdges(key)
			for i, e := range elems {
				if err := nl.edge(key, i, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// takes reports whether the ties come from the list key: "edges" wins over
// "links".
func (nl *nodeLinkReader) takes(key string) bool {
	_, edgesLater := nl.later["edges"]
	return key == "edges" || (nl.edgesKey != "edges" && !edgesLater)
}

// startEdges starts the ties again from the list key.
func (nl *nodeLinkReader) startEdges(key string) {
	if nl.edgesKey != "" {
		nl.c.Ties, nl.ids, nl.tieAt = nil, pairIDs{}, map[string]int{}
	}
	nl.edgesKey = key
}

// list reads the list under key ("nodes", "edges" or "links") one element
// at a time. null is no list.
func (nl *nodeLinkReader) list(key string) error {
	tok, err := nl.d.Token()
	if err != nil {
		return nl.jsonError(err, key)
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('[') {
		return nl.typeError(key, tok, "a list")
	}
	// Edges are read at once when the nodes and the direction are known,
	// and kept decoded until the end otherwise.
	const (
		node = iota
		edge
		keep
		drop
	)
	mode := node
	switch {
	case key == "nodes":
		nl.nodesRead = true
	case !nl.nodesRead || !nl.directedRead:
		mode = keep
	case nl.takes(key):
		nl.startEdges(key)
		mode = edge
	default:
		mode = drop // a "links" list after "edges"
	}
	var kept []map[string]any
	for i := 0; nl.d.More(); i++ {
		var m map[string]any
		if err := nl.decodeElement(&m, fmt.Sprintf("%s[%d]", key, i)); err != nil {
			return err
		}
		switch mode {
		case node:
			if err := nl.node(i, m); err != nil {
				return err
			}
		case edge:
			if err := nl.edge(key, i, m); err != nil {
				return err
			}
		case keep:
			kept = append(kept, m)
		}
	}
	if _, err := nl.d.Token(); err != nil {
		return nl.jsonError(err, key)
	}
	if mode == keep {
		if nl.later == nil {
			nl.later = map[string][]map[string]any{}
		}
		nl.later[key] = kept
	}
	return nil
}

// decodeElement decodes the next element of a list into v. A malformed
// element is refused naming the line of its error.
func (nl *nodeLinkReader) decodeElement(v any, field string) error {
	err := nl.d.Decode(v)
	if err == nil {
		return nil
	}
	// The decoder's offsets inside a value are not offsets in the file: the
	// failed element is decoded again on its own from the decoder's buffer,
	// which starts at the element, to find where in the file it fails.
	base := nl.d.InputOffset()
	rest, rerr := io.ReadAll(io.LimitReader(nl.d.Buffered(), 1<<20))
	if rerr == nil {
		skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,"))
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var again map[string]any
		switch aerr := json.Unmarshal(rest[skip:], &again); {
		case errors.As(aerr, &se) && errors.As(err, new(*json.SyntaxError)):
			return network.Errorf(network.EINVALID, "%s line %d: malformed JSON: %v", nl.name, nl.lines.line(base+int64(skip)+se.Offset), err)
		case errors.As(err, &te):
			return network.Errorf(network.EINVALID, "%s line %d: %s is a JSON %s where an object is expected: not a node-link document", nl.name, nl.lines.line(base+int64(skip)), field, te.Value)
		}
	}
	return nl.jsonError(err, field)
}

// node reads nodes[i].
func (nl *nodeLinkReader) node(i int, n map[string]any) error {
	where := fmt.Sprintf(": nodes[%d]", i)
	id, attrs := jsonAttrs(n)
	if id == "" {
		return invalid(nl.name, where, errors.New("node has no id"))
	}
	where = fmt.Sprintf(": nodes[%d] (id %q)", i, id)
	if j, ok := nl.seen[id]; ok {
		return invalid(nl.name, where, fmt.Errorf("id appears twice (first at nodes[%d])", j))
	}
	nl.seen[id] = i
	a, err := newActor(id, attrs, network.Source{Title: nl.name, Record: "node " + id})
	if err != nil {
		return invalid(nl.name, where, err)
	}
	nl.c.Actors = append(nl.c.Actors, a)
	return nil
}

// edge reads element i of the edges list key.
func (nl *nodeLinkReader) edge(key string, i int, e map[string]any) error {
	where := fmt.Sprintf(": %s[%d]", key, i)
	id, attrs := jsonAttrs(e)
	var from, to string
	attrs = slices.DeleteFunc(attrs, func(at attr) bool {
		switch at.name {
		case "source":
			from = at.value
		case "target":
			to = at.value
		case "key":
		default:
			return false
		}
		return true
	})
	for _, end := range [][2]string{{"source", from}, {"target", to}} {
		if _, ok := nl.seen[end[1]]; !ok {
			return invalid(nl.name, where, fmt.Errorf("%s %q is not a node", end[0], end[1]))
		}
	}
	if id == "" {
		id = nl.ids.next(from, to)
	}
	if j, ok := nl.tieAt[id]; ok {
		return invalid(nl.name, where, fmt.Errorf("edge id %q is used twice (first at %s[%d])", id, key, j))
	}
	nl.tieAt[id] = i
	t, err := newTie(id, from, to, nl.directed, attrs, network.Source{Title: nl.name, Record: "edge " + id})
	if err != nil {
		return invalid(nl.name, where, err)
	}
	nl.c.Ties = append(nl.c.Ties, t)
	return nil
}

// jsonError is the EINVALID error for a decoding error at field.
func (nl *nodeLinkReader) jsonError(err error, field string) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return network.Errorf(network.EINVALID, "%s line %d: malformed JSON: %v", nl.name, nl.lines.line(nl.d.InputOffset()), err)
	case errors.As(err, &te):
		return network.Errorf(network.EINVALID, "%s line %d: %s is a JSON %s where %s is expected: not a node-link document", nl.name, nl.lines.line(nl.d.InputOffset()), field, te.Value, jsonKind(te.Type))
	case errors.Is(err, io.EOF):
		err = io.ErrUnexpectedEOF
	}
	return network.Errorf(network.EINVALID, "%s: malformed JSON: %v", nl.name, err)
}

// typeError is the EINVALID error for a token of the wrong JSON type at
// field, where want was expected.
func (nl *nodeLinkReader) typeError(field string, tok json.Token, want string) error {
	got := "number"
	switch tok := tok.(type) {
	case json.Delim:
		got = map[json.Delim]string{'{': "object", '[': "array"}[tok]
	case string:
		got = "string"
	case bool:
		got = "bool"
	case nil:
		got = "null"
	}
	return network.Errorf(network.EINVALID, "%s line %d: %s is a JSON %s where %s is expected: not a node-link document", nl.name, nl.lines.line(nl.d.InputOffset()), field, got, want)
}

// lineCounter passes a reader through and keeps the offset of every line
// break in it, so that an error at an offset names its line without the
// text being kept.
type lineCounter struct {
	r        io.Reader
	n        int64
	newlines []int64
}

func (l *lineCounter) Read(p []byte) (int, error) {
	k, err := l.r.Read(p)
	for i, b := range p[:k] {
		if b == '\n' {
			l.newlines = append(l.newlines, l.n+int64(i))
		}
	}
	l.n += int64(k)
	return k, err
}

// line is the line (from 1) of the byte at offset.
func (l *lineCounter) line(offset int64) int {
	i, _ := slices.BinarySearch(l.newlines, offset)
	return 1 + i
}

// jsonAttrs returns the "id" of a node-link element and its other members as
// attributes, sorted by name. null members are absent.
func jsonAttrs(m map[string]any) (string, []attr) {
	var id string
	var out []attr
	for k, v := range m {
		if v == nil {
			continue
		}
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case json.Number:
			s = v.String()
		case bool:
			s = strconv.FormatBool(v)
		default:
			b, _ := json.Marshal(v) // values decoded from JSON always encode
			s = string(b)
		}
		if k == "id" {
			id = s
			continue
		}
		out = append(out, attr{k, s})
	}
	slices.SortFunc(out, func(a, b attr) int { return strings.Compare(a.name, b.name) })
	return id, out
}

// writeNodeLink writes snap in NetworkX's node-link shape. The graph is a
// multigraph (each edge with its tie ID as "key") only when two ties join
// the same pair of actors.
func writeNodeLink(w io.Writer, snap *network.Snapshot, opts ExportOptions) error {
	dir := opts.directed(snap)
	multi := false
	pairs := map[[2]string]bool{}
	for _, t := range snap.Ties {
		p := [2]string{t.From, t.To}
		if !dir && p[0] > p[1] {
			p[0], p[1] = p[1], p[0]
		}
		if pairs[p] {
			multi = true
		}
		pairs[p] = true
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\"directed\": %t, \"multigraph\": %t, \"graph\": ", dir, multi)
	var graph []attr
	for _, at := range opts.Graph {
		graph = append(graph, attr{at.Name, at.Value})
	}
	writeObject(bw, graph, opts)
	fmt.Fprint(bw, ",\n\"nodes\": [")
	for i, a := range snap.Actors {
		sep(bw, i)
		writeObject(bw, append([]attr{{"id", a.ID}}, actorRecord(a)...), opts)
	}
	fmt.Fprint(bw, "\n],\n\"edges\": [")
	for i, t := range snap.Ties {
		sep(bw, i)
		head := []attr{{"source", t.From}, {"target", t.To}}
		if multi {
			head = append(head, attr{"key", t.ID})
		}
		head = append(head, attr{"id", t.ID})
		writeObject(bw, append(head, tieRecord(t)...), opts)
	}
	fmt.Fprint(bw, "\n]}\n")
	return bw.Flush()
}

func sep(w io.Writer, i int) {
	if i > 0 {
		fmt.Fprint(w, ",")
	}
	fmt.Fprint(w, "\n  ")
}

// writeObject writes rec as one JSON object in its order, with the numeric
// standard attributes as numbers.
func writeObject(w io.Writer, rec []attr, opts ExportOptions) {
	fmt.Fprint(w, "{")
	for i, at := range rec {
		if i > 0 {
			fmt.Fprint(w, ", ")
		}
		v := at.value
		if !opts.numeric(at.name) {
			v = jsonString(v)
		}
		fmt.Fprintf(w, "%s: %s", jsonString(at.name), v)
	}
	fmt.Fprint(w, "}")
}

// jsonKind names the JSON value a Go type of the node-link document holds,
// for errors that must not show Go's names.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	}
	return "a number"
}

// jsonString returns s as a JSON string, without HTML escapes.
func jsonString(s string) string {
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s) // a string always encodes to a strings.Builder
	return strings.TrimSuffix(b.String(), "\n")
}
