// Package graph is the GraphQL layer of peacegraph: the schema (*.graphqls,
// split by area), thin resolvers over a network.Store, per-request loaders,
// the error presenter and the query limits.
package graph

//go:generate go run github.com/99designs/gqlgen generate
