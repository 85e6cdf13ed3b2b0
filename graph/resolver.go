package graph

import "github.com/peacegraph/peacegraph/network"

// Resolver is the root resolver: it holds the store every query reads.
type Resolver struct {
	Store network.Store
}
