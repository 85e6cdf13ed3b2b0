// Package model holds the GraphQL-only types of peacegraph: the inputs and
// payloads gqlgen generates (connections, edges, page info) and the Date
// scalar. Actors, ties and places bind to the domain types in network.
package model

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/peacegraph/peacegraph/network"
)

// Node is anything with a stable ID: a *network.Actor, *network.Tie or
// *network.Place.
type Node any

// MarshalDate writes d as a JSON string, or null when d is empty (unknown).
func MarshalDate(d network.Date) graphql.Marshaler {
	if d == "" {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(string(d)))
	})
}

// UnmarshalDate reads a Date from a GraphQL string; anything that is not
// YYYY, YYYY-MM or YYYY-MM-DD is an EINVALID error.
func UnmarshalDate(v any) (network.Date, error) {
	s, ok := v.(string)
	if !ok {
		return "", network.Errorf(network.EINVALID, "Date must be a string, got %T", v)
	}
	d, err := network.ParseDate(s)
	if err != nil {
		return "", network.Errorf(network.EINVALID, "%v", err)
	}
	return d, nil
}
