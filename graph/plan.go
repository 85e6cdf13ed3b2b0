package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/peacegraph/peacegraph/network"
)

// This file plans a request from its selection set rather than field by
// field: a resolver that returns actors or ties looks at what is selected
// below it and reads the whole subtree in one store call (an actor, its ties
// and their ends; a page of actors, their ties or neighbors and their ends;
// an actor's ties and their ends), then primes the request's loaders with
// it, so that the resolvers below find everything without waiting for a
// batch. And no read returns the costly parts of actors and ties (sources,
// identifiers, attributes, funding) when no field of the operation reads
// them.

// leanActorFields are the fields of Actor that read none of its costly
// parts; leanTieFields the same for Tie. A field not listed (one added
// later included) keeps every part.
var (
	leanActorFields = map[string]bool{
		"__typename": true, "id": true, "name": true, "acronym": true, "aliases": true, "kind": true,
		"scope": true, "regions": true, "countries": true, "themes": true, "imported": true,
		"ties": true, "neighbours": true, "neighbors": true,
	}
	leanTieFields = map[string]bool{
		"__typename": true, "id": true, "kind": true, "symmetric": true, "from": true, "to": true,
		"since": true, "until": true, "description": true, "weight": true,
	}
)

// operationOmit returns what no field of the operation in ctx reads of
// actors and ties; nothing is omitted outside an operation.
func operationOmit(ctx context.Context) network.Omit {
	if !graphql.HasOperationContext(ctx) {
		return network.Omit{}
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil {
		return network.Omit{}
	}
	w := omitWalk{omit: network.Omit{ActorSources: true, ActorDetails: true, TieSources: true, TieDetails: true}, seen: map[string]bool{}}
	w.selections(op.Operation.SelectionSet)
	return w.omit
}

// omitWalk clears the parts of omit that a field it visits reads.
type omitWalk struct {
	omit network.Omit
	seen map[string]bool // fragments walked
}

func (w *omitWalk) selections(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			w.field(s)
			w.selections(s.SelectionSet)
		case *ast.InlineFragment:
			w.selections(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				w.omit = network.Omit{}
			} else if !w.seen[s.Name] {
				w.seen[s.Name] = true
				w.selections(s.Definition.SelectionSet)
			}
		}
	}
}

func (w *omitWalk) field(f *ast.Field) {
	parent := ""
	if f.ObjectDefinition != nil {
		parent = f.ObjectDefinition.Name
	}
	switch parent {
	case "Actor":
		switch {
		case f.Name == "sources":
			w.omit.ActorSources = false
		case f.Name == "identifiers" || f.Name == "attributes":
			w.omit.ActorDetails = false
		case !leanActorFields[f.Name]:
			w.omit.ActorSources, w.omit.ActorDetails = false, false
		}
	case "Tie":
		switch {
		case f.Name == "sources":
			w.omit.TieSources = false
		case f.Name == "funding" || f.Name == "attributes":
			w.omit.TieDetails = false
		case !leanTieFields[f.Name]:
			w.omit.TieSources, w.omit.TieDetails = false, false
		}
	default:
		// A field of an interface an actor or a tie may stand behind
		// (Node): only its id is known to be lean.
		if f.ObjectDefinition == nil || (f.ObjectDefinition.Kind != ast.Object && f.Name != "id" && f.Name != "__typename") {
			w.omit = network.Omit{}
		}
	}
}

// tiesSelection is the arguments of the ties or neighbors field selected on
// an actor, which a plan reads ahead.
type tiesSelection struct {
	kinds     []network.TieKind
	direction network.Direction
	// window is the part of the ties the selection reads: the page of the
	// one ties field selected, when no other ties or neighbors field is;
	// the whole list otherwise.
	window network.TieWindow
}

// filter returns the tie filter the selection stands for.
func (s tiesSelection) filter() network.TieFilter {
	return network.TieFilter{Kinds: s.kinds, Direction: s.direction}
}

// actorTypes are the types whose fragments apply to an Actor.
var actorTypes = []string{"Actor", "Node"}

// selectedTies returns the arguments of the first ties or neighbors field in
// fields (an actor's selection), and whether there is one.
func selectedTies(op *graphql.OperationContext, fields []graphql.CollectedField) (tiesSelection, bool) {
	for _, f := range fields {
		if f.Name != "ties" && f.Name != "neighbours" && f.Name != "neighbors" {
			continue
		}
		args := f.ArgumentMap(op.Variables)
		sel := tiesSelection{direction: network.Both}
		if d, ok := args["direction"].(string); ok && d != "" {
			sel.direction = network.Direction(d)
		}
		if ks, ok := args["kinds"].([]any); ok {
			for _, k := range ks {
				s, ok := k.(string)
				if !ok {
					return tiesSelection{}, false
				}
				sel.kinds = append(sel.kinds, network.TieKind(s))
			}
		}
		sel.window = tiesWindow(op, fields)
		return sel, true
	}
	return tiesSelection{}, false
}

// tiesWindow returns the part of an actor's ties that fields (its
// selection) read: when they select one ties field and no neighbors, the
// page that field asks for, counted only when it selects totalCount or
// pageInfo; otherwise, or when its page arguments are not valid (the
// resolver then says why), the whole list.
func tiesWindow(op *graphql.OperationContext, fields []graphql.CollectedField) network.TieWindow {
	var ties *graphql.CollectedField
	for i, f := range fields {
		switch f.Name {
		case "neighbours", "neighbors":
			return network.TieWindow{}
		case "ties":
			if ties != nil {
				return network.TieWindow{}
			}
			ties = &fields[i]
		}
	}
	if ties == nil {
		return network.TieWindow{}
	}
	args := ties.ArgumentMap(op.Variables)
	var first *int
	switch v := args["first"].(type) {
	case int64:
		n := int(v)
		first = &n
	case int:
		first = &v
	case json.Number:
		n64, err := v.Int64()
		if err != nil {
			return network.TieWindow{}
		}
		n := int(n64)
		first = &n
	case nil:
	default:
		return network.TieWindow{}
	}
	var after *string
	if v, ok := args["after"].(string); ok {
		after = &v
	}
	p, err := pageArgs(first, after)
	if err != nil {
		return network.TieWindow{}
	}
	return network.TieWindow{Offset: p.offset, Limit: p.limit, Count: selectsCount(graphql.CollectFields(op, ties.Selections, []string{"TieConnection"}))}
}

// selectsCount reports whether fields (a connection's selection) read
// totalCount or pageInfo, which need to know how many items there are.
func selectsCount(fields []graphql.CollectedField) bool {
	for _, f := range fields {
		if f.Name == "totalCount" || f.Name == "pageInfo" {
			return true
		}
	}
	return false
}

// neighborsOnly reports whether fields (an actor's selection) select
// neighbors and no ties, so that a plan need not read the ties themselves.
func neighborsOnly(fields []graphql.CollectedField) bool {
	neighbors := false
	for _, f := range fields {
		switch f.Name {
		case "ties":
			return false
		case "neighbours", "neighbors":
			neighbors = true
		}
	}
	return neighbors
}

// neighborNamesOnly reports whether every neighbours field in fields (an
// actor's selection) reads no more of the neighbors than their id and name.
func neighborNamesOnly(op *graphql.OperationContext, fields []graphql.CollectedField) bool {
	for _, f := range fields {
		if f.Name != "neighbours" && f.Name != "neighbors" {
			continue
		}
		for _, sub := range graphql.CollectFields(op, f.Selections, actorTypes) {
			if sub.Name != "id" && sub.Name != "name" && sub.Name != "__typename" {
				return false
			}
		}
	}
	return true
}

// prefetch reads ahead, in one store call, what the actors with ids need
// for the ties or neighbors field selected in fields (an actor's
// selection); it does nothing when neither is selected.
func prefetch(ctx context.Context, l *Loaders, op *graphql.OperationContext, fields []graphql.CollectedField, ids []string) error {
	sel, ok := selectedTies(op, fields)
	if !ok {
		return nil
	}
	if neighborsOnly(fields) {
		return l.PrefetchNeighbors(ctx, ids, sel.filter(), neighborNamesOnly(op, fields))
	}
	_, err := l.Prefetch(ctx, ids, sel.filter(), sel.window)
	return err
}

// neighborPlan returns the tie filter of the neighbors field selected in
// fields (the selection of a page's actors) and whether the selection reads
// no more of them than their id and name, when the page can be read with
// its neighbors in one store call (Store.ActorsNeighbors): it selects
// neighbors and no ties.
func neighborPlan(op *graphql.OperationContext, fields []graphql.CollectedField) (filter network.TieFilter, namesOnly, ok bool) {
	sel, ok := selectedTies(op, fields)
	if !ok || !neighborsOnly(fields) {
		return network.TieFilter{}, false, false
	}
	return sel.filter(), neighborNamesOnly(op, fields), true
}

// childFields returns the fields selected under the fields of parent named
// name, for an object of the types satisfies.
func childFields(op *graphql.OperationContext, parent []graphql.CollectedField, name string, satisfies []string) []graphql.CollectedField {
	var out []graphql.CollectedField
	for _, f := range parent {
		if f.Name == name {
			out = append(out, graphql.CollectFields(op, f.Selections, satisfies)...)
		}
	}
	return out
}

// connectionNodes returns the fields selected on the items of the
// connection field in ctx, through nodes and edges { node }.
func connectionNodes(ctx context.Context, satisfies []string) (*graphql.OperationContext, []graphql.CollectedField) {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return nil, nil
	}
	op := graphql.GetOperationContext(ctx)
	top := graphql.CollectFieldsCtx(ctx, []string{"ActorConnection", "TieConnection"})
	nodes := childFields(op, top, "nodes", satisfies)
	edges := childFields(op, top, "edges", []string{"ActorEdge", "TieEdge"})
	return op, append(nodes, childFields(op, edges, "node", satisfies)...)
}

// objectFields returns the fields selected on the object the field in ctx
// returns, for the types satisfies.
func objectFields(ctx context.Context, satisfies []string) (*graphql.OperationContext, []graphql.CollectedField) {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return nil, nil
	}
	return graphql.GetOperationContext(ctx), graphql.CollectFieldsCtx(ctx, satisfies)
}

// selectsTotalOrPageInfo reports whether the connection field in ctx
// selects totalCount or pageInfo; true outside an operation.
func selectsTotalOrPageInfo(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return true
	}
	return selectsCount(graphql.CollectFieldsCtx(ctx, []string{"ActorConnection", "TieConnection"}))
}

// selectsTotal reports whether the connection field in ctx selects
// totalCount; true outside an operation.
func selectsTotal(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"ActorConnection", "TieConnection"}) {
		if f.Name == "totalCount" {
			return true
		}
	}
	return false
}
