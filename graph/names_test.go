package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
)

// renamed lists the fields kept under an earlier name: type, earlier name,
// the name the schema uses now. The two ends of a tie, an edge or a pair are
// from and to everywhere, and neighbour is spelled as in neighbourhood.
var renamed = []struct{ typ, old, now string }{
	{"Actor", "neighbors", "neighbours"},
	{"GraphEdge", "source", "from"},
	{"GraphEdge", "target", "to"},
	{"Bridge", "source", "from"},
	{"Bridge", "target", "to"},
	{"CutTie", "a", "from"},
	{"CutTie", "b", "to"},
	{"CutTie", "sizeA", "sizeFrom"},
	{"CutTie", "sizeB", "sizeTo"},
	{"Suggestion", "a", "from"},
	{"Suggestion", "b", "to"},
	{"TriadSide", "a", "from"},
	{"TriadSide", "b", "to"},
}

// TestDeprecatedNames checks that introspection shows every earlier name
// deprecated with a reason that names its replacement, that the replacement
// is not deprecated, and that both names still answer the same values.
func TestDeprecatedNames(t *testing.T) {
	c := client.New(graph.NewHandler(MustFixtureStore(t), graph.Options{}))

	t.Run("OK introspection", func(t *testing.T) {
		type field struct {
			Name              string
			IsDeprecated      bool
			DeprecationReason *string
		}
		fields := map[string]map[string]field{}
		for _, r := range renamed {
			if fields[r.typ] != nil {
				continue
			}
			var resp struct {
				Type struct{ Fields []field } `json:"__type"`
			}
			MustQuery(t, c, &resp, `query($t: String!) { __type(name: $t) { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`, map[string]any{"t": r.typ})
			fields[r.typ] = map[string]field{}
			for _, f := range resp.Type.Fields {
				fields[r.typ][f.Name] = f
			}
		}
		for _, r := range renamed {
			old, ok := fields[r.typ][r.old]
			if !ok {
				t.Errorf("%s.%s is gone; it should stay, deprecated", r.typ, r.old)
				continue
			}
			if !old.IsDeprecated || old.DeprecationReason == nil || !strings.Contains(*old.DeprecationReason, "Use "+r.now) {
				t.Errorf("%s.%s: deprecated %v, reason %v; want deprecated with a reason saying to use %s", r.typ, r.old, old.IsDeprecated, old.DeprecationReason, r.now)
			}
			now, ok := fields[r.typ][r.now]
			if !ok || now.IsDeprecated {
				t.Errorf("%s.%s: present %v, deprecated %v; want present and not deprecated", r.typ, r.now, ok, now.IsDeprecated)
			}
		}
	})

	t.Run("OK both names answer alike", func(t *testing.T) {
		const q = `{
  actor(id: "wanep") { neighbours { id } neighbors { id } }
  networkGraph(top: 1000) { edges { from to source target } }
  cutPoints { bridges { from { id } to { id } source { id } target { id } } }
  singlePointsOfFailure { bridges { from to a b sizeFrom sizeTo sizeA sizeB } }
  suggestedPartnerships(top: 5) { from { id } to { id } a { id } b { id } }
  triadCoverage { open { missing { from to a b } } }
}`
		var resp map[string]any
		MustQuery(t, c, &resp, q, nil)
		pairs := []struct {
			path     string
			now, old string
		}{
			{"actor", "neighbours", "neighbors"},
			{"networkGraph.edges", "from", "source"},
			{"networkGraph.edges", "to", "target"},
			{"cutPoints.bridges", "from", "source"},
			{"cutPoints.bridges", "to", "target"},
			{"singlePointsOfFailure.bridges", "from", "a"},
			{"singlePointsOfFailure.bridges", "to", "b"},
			{"singlePointsOfFailure.bridges", "sizeFrom", "sizeA"},
			{"singlePointsOfFailure.bridges", "sizeTo", "sizeB"},
			{"suggestedPartnerships", "from", "a"},
			{"suggestedPartnerships", "to", "b"},
			{"triadCoverage.open.missing", "from", "a"},
			{"triadCoverage.open.missing", "to", "b"},
		}
		for _, p := range pairs {
			items := collect(resp, strings.Split(p.path, "."))
			if len(items) == 0 {
				t.Errorf("%s: no items in the fixture's answer, so nothing is compared", p.path)
			}
			for i, it := range items {
				now, old := fmt.Sprint(it[p.now]), fmt.Sprint(it[p.old])
				if now != old || now == "<nil>" {
					t.Errorf("%s[%d]: %s = %s, %s = %s; want the same value", p.path, i, p.now, now, p.old, old)
				}
			}
		}
	})
}

// collect follows path through v (objects and lists of objects) and returns
// the objects at its end.
func collect(v any, path []string) []map[string]any {
	switch x := v.(type) {
	case []any:
		var out []map[string]any
		for _, e := range x {
			out = append(out, collect(e, path)...)
		}
		return out
	case map[string]any:
		if len(path) == 0 {
			return []map[string]any{x}
		}
		return collect(x[path[0]], path[1:])
	}
	return nil
}
