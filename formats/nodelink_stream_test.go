package formats_test

import (
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

func TestReadNodeLinkStream(t *testing.T) {
	// The document is read one element at a time; what NetworkX writes
	// (directed, nodes, then edges) and the other orders a JSON object
	// allows give the same change, and errors still name their line.
	nx := "{\"directed\": true, \"multigraph\": false, \"graph\": {\"name\": \"g\"},\n" +
		"\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}],\n" +
		"\"edges\": [{\"source\": \"a\", \"target\": \"b\", \"kind\": \"FUNDING\"}]}"
	edgesFirst := "{\"edges\": [{\"source\": \"a\", \"target\": \"b\", \"kind\": \"FUNDING\"}],\n" +
		"\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}], \"directed\": true}"
	bothLists := "{\"directed\": true, \"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}],\n" +
		"\"links\": [{\"source\": \"b\", \"target\": \"a\"}, {\"source\": \"a\", \"target\": \"b\"}],\n" +
		"\"edges\": [{\"source\": \"a\", \"target\": \"b\", \"kind\": \"FUNDING\"}]}"
	read := func(t *testing.T, doc string) *network.Change {
		t.Helper()
		c, err := formats.ReadNodeLink(strings.NewReader(doc), "g.json")
		if err != nil {
			t.Fatalf("ReadNodeLink: %v", err)
		}
		return c
	}
	want := read(t, nx)
	if len(want.Actors) != 2 || len(want.Ties) != 1 || want.Ties[0].From != "a" {
		t.Fatalf("read %d actors and %d ties from NetworkX's order", len(want.Actors), len(want.Ties))
	}
	for name, doc := range map[string]string{"EdgesFirst": edgesFirst, "EdgesWinOverLinks": bothLists} {
		t.Run(name, func(t *testing.T) {
			got := read(t, doc)
			if len(got.Ties) != 1 || got.Ties[0].ID != want.Ties[0].ID || got.Ties[0].From != "a" || got.Ties[0].Kind != want.Ties[0].Kind {
				t.Errorf("ties %+v, want %+v", got.Ties, want.Ties)
			}
		})
	}
	for _, tt := range []struct{ name, doc, want string }{
		{"MalformedThirdLine", "{\"nodes\": [\n{\"id\": \"a\"},\n{\"id\": \"b\",}\n]}", "g.json line 3: malformed JSON"},
		{"NodeNotObject", "{\"nodes\": [\n{\"id\": \"a\"},\n\"b\"]}", "g.json line 3: nodes[1] is a JSON string where an object is expected"},
		{"NodesNotList", "{\"nodes\": 5}", "g.json line 1: nodes is a JSON number where a list is expected"},
		{"DirectedNotBool", "{\"directed\": \"yes\", \"nodes\": []}", "directed is a JSON string where true or false is expected"},
		{"Truncated", "{\"nodes\": [{\"id\": \"a\"}", "g.json: malformed JSON"},
		{"NoNodes", "{\"edges\": []}", "no \"nodes\" list"},
		{"Empty", " \n", "g.json: empty file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := formats.ReadNodeLink(strings.NewReader(tt.doc), "g.json")
			if network.ErrorCode(err) != network.EINVALID || !strings.Contains(network.ErrorMessage(err), tt.want) {
				t.Errorf("error %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
}
