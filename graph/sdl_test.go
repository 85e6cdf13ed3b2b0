package graph_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/peacegraph/peacegraph/graph"
)

func TestSchemaSDL(t *testing.T) {
	sdl := graph.SchemaSDL()
	t.Run("OK", func(t *testing.T) {
		// The SDL is a schema on its own, with the types clients use.
		s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: sdl})
		if err != nil {
			t.Fatalf("the SDL does not load: %v", err)
		}
		for _, name := range []string{"Query", "Mutation", "Actor", "Tie", "NetworkData", "SearchConnection", "WeightMode"} {
			if s.Types[name] == nil {
				t.Errorf("type %s is missing", name)
			}
		}
		if d := s.Types["Date"]; d == nil || d.Directives.ForName("specifiedBy") == nil {
			t.Errorf("scalar Date has no @specifiedBy")
		}
		if !strings.Contains(sdl, `"""`) {
			t.Error("the SDL has no descriptions")
		}
	})
	t.Run("NoGoDirectives", func(t *testing.T) {
		for _, d := range []string{"@goModel", "@goField", "@hasRole", "directive @go"} {
			if strings.Contains(sdl, d) {
				t.Errorf("the SDL contains %s", d)
			}
		}
	})
}
