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

// nodeLink is the node-link JSON document as read. NetworkX 3.4 and later
// write the edges under "edges"; earlier versions under "links".
type nodeLink struct {
	Directed   bool             `json:"directed"`
	Multigraph bool             `json:"multigraph"`
	Nodes      []map[string]any `json:"nodes"`
	Edges      []map[string]any `json:"edges"`
	Links      []map[string]any `json:"links"`
}

// ReadNodeLink reads a node-link JSON document (NetworkX's node_link_data
// shape: "nodes" with "id", "edges" or "links" with "source" and "target")
// and returns its actors and ties. Numbers and booleans are kept as their
// JSON text; an edge "key" (a multigraph's edge key) is not kept. Errors name
// the element: "graph.json: edges[3]: weight ...".
func ReadNodeLink(r io.Reader, name string) (*network.Change, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, network.Errorf(network.EINVALID, "%s: cannot read: %v", name, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, network.Errorf(network.EINVALID, "%s: empty file", name)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var doc nodeLink
	if err := d.Decode(&doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, network.Errorf(network.EINVALID, "%s line %d: malformed JSON: %v", name, lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "the document"
			}
			return nil, network.Errorf(network.EINVALID, "%s line %d: %s is a JSON %s where %s is expected: not a node-link document", name, lineAt(data, te.Offset), field, te.Value, jsonKind(te.Type))
		}
		return nil, network.Errorf(network.EINVALID, "%s: malformed JSON: %v", name, err)
	}
	if doc.Nodes == nil {
		return nil, network.Errorf(network.EINVALID, "%s: no \"nodes\" list: not a node-link document", name)
	}
	edgesKey, edges := "edges", doc.Edges
	if edges == nil {
		edgesKey, edges = "links", doc.Links
	}

	c := &network.Change{}
	seen := map[string]int{}
	for i, n := range doc.Nodes {
		where := fmt.Sprintf(": nodes[%d]", i)
		id, attrs := jsonAttrs(n)
		if id == "" {
			return nil, invalid(name, where, errors.New("node has no id"))
		}
		where = fmt.Sprintf(": nodes[%d] (id %q)", i, id)
		if j, ok := seen[id]; ok {
			return nil, invalid(name, where, fmt.Errorf("id appears twice (first at nodes[%d])", j))
		}
		seen[id] = i
		a, err := newActor(id, attrs, network.Source{Title: name, Record: "node " + id})
		if err != nil {
			return nil, invalid(name, where, err)
		}
		c.Actors = append(c.Actors, a)
	}
	ids := pairIDs{}
	tieAt := map[string]int{}
	for i, e := range edges {
		where := fmt.Sprintf(": %s[%d]", edgesKey, i)
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
			if _, ok := seen[end[1]]; !ok {
				return nil, invalid(name, where, fmt.Errorf("%s %q is not a node", end[0], end[1]))
			}
		}
		if id == "" {
			id = ids.next(from, to)
		}
		if j, ok := tieAt[id]; ok {
			return nil, invalid(name, where, fmt.Errorf("edge id %q is used twice (first at %s[%d])", id, edgesKey, j))
		}
		tieAt[id] = i
		t, err := newTie(id, from, to, doc.Directed, attrs, network.Source{Title: name, Record: "edge " + id})
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

func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
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
