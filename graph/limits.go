package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/peacegraph/peacegraph/network"
)

// DepthLimit is a handler extension that refuses an operation whose
// selections nest deeper than Max fields, with COMPLEXITY_LIMIT_EXCEEDED.
// Introspection fields (__schema, __type) are not counted, so that
// GraphiQL can read the schema.
type DepthLimit struct {
	Max int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = DepthLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (DepthLimit) ExtensionName() string { return "DepthLimit" }

// Validate implements graphql.HandlerExtension.
func (DepthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator: it
// measures the depth of the operation about to run.
func (d DepthLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(rc.Operation.SelectionSet); depth > d.Max {
		err := gqlerror.Errorf("operation has depth %d, which exceeds the limit of %d", depth, d.Max)
		err.Extensions = map[string]any{"code": CodeComplexityExceeded}
		return err
	}
	return nil
}

// selectionDepth returns how many fields deep set nests.
func selectionDepth(set ast.SelectionSet) int {
	depth := 0
	for _, sel := range set {
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = 1 + selectionDepth(sel.SelectionSet)
		case *ast.InlineFragment:
			d = selectionDepth(sel.SelectionSet)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				d = selectionDepth(sel.Definition.SelectionSet)
			}
		}
		depth = max(depth, d)
	}
	return depth
}

// complexity returns the ComplexityRoot that makes a list cost its page
// size times the cost of one item, so that limits bound the work.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	perPage := func(child int, first *int) int {
		n := DefaultFirst
		if first != nil {
			n = min(max(*first, 1), MaxFirst)
		}
		return 1 + n*child
	}
	c.Query.Actors = func(child int, _ *network.ActorFilter, _ *network.ActorOrder, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Query.Ties = func(child int, _ *network.TieFilter, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Query.Search = func(child int, _ string, first *int, _ *string) int { return perPage(child, first) }
	c.Query.Places = func(child int, _ *network.PlaceKind) int { return 1 + MaxFirst*child }
	c.Actor.Ties = func(child int, _ []network.TieKind, _ *network.Direction, first *int, _ *string) int {
		return perPage(child, first)
	}
	c.Actor.Neighbors = func(child int, _ []network.TieKind, _ *network.Direction) int {
		return perPage(child, nil)
	}
	c.Place.Actors = func(child int, _ []network.ActorKind, _ *network.ActorOrder, first *int, _ *string) int {
		return perPage(child, first)
	}
	return c
}
