package graph

import "github.com/peacegraph/peacegraph/network"

// Resolver is the root resolver: it holds the store every query reads and
// the analytics cache over it (nil: analytics uncached).
type Resolver struct {
	Store     network.Store
	Analytics *Analytics
	Funding   FundingReference
}

// FundingReference is the reference data of the funding queries: the
// exchange rates convertTo uses and the data sources that dataSources lists
// and whose complete scopes tell no funding from no data. Without it no
// conversion is possible and every group without flows is NO_DATA.
type FundingReference struct {
	Rates   *network.RateTable
	Sources []network.DataSource
}
