package graph

import "github.com/peacegraph/peacegraph/network"

// Resolver is the root resolver: it holds the store every query reads and
// the analytics cache over it (nil: analytics uncached).
type Resolver struct {
	Store     network.Store
	Analytics *Analytics
}
