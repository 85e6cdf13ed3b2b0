package graph

import (
	"bytes"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// goDirectives are the schema's directives that only the Go code generator
// and the resolvers read; clients never see them.
var goDirectives = []string{"goModel", "goField", "goTag", "goExtraField", "goEnum", "hasRole"}

// SchemaSDL returns the schema as SDL for clients and code generators: every
// type, field and description, the standard directives (@deprecated,
// @specifiedBy), and none of the directives that steer code generation or
// guard writes (writer-only fields say so in their descriptions). The server
// serves it at /schema.graphql.
func SchemaSDL() string {
	s := gqlparser.MustLoadSchema(sources...)
	drop := func(list ast.DirectiveList) ast.DirectiveList {
		return slices.DeleteFunc(list, func(d *ast.Directive) bool { return slices.Contains(goDirectives, d.Name) })
	}
	for name := range s.Directives {
		if slices.Contains(goDirectives, name) {
			delete(s.Directives, name)
		}
	}
	for _, def := range s.Types {
		def.Directives = drop(def.Directives)
		for _, f := range def.Fields {
			f.Directives = drop(f.Directives)
			for _, a := range f.Arguments {
				a.Directives = drop(a.Directives)
			}
		}
		for _, v := range def.EnumValues {
			v.Directives = drop(v.Directives)
		}
	}
	var b bytes.Buffer
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(s)
	return strings.TrimLeft(b.String(), "\n")
}
