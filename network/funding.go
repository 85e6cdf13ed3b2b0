package network

import (
	"slices"
	"strings"
)

// AggregateAttribute is the tie attribute set to "true" on a FUNDING tie
// whose amount is a statistical total over many donors (e.g. every donor's
// peace-sector disbursements to a country in the OECD CRS), so that gap
// queries never add it to the flows of the donors it already contains.
const AggregateAttribute = "aggregate"

// Aggregate reports whether t carries AggregateAttribute=true.
func (t *Tie) Aggregate() bool {
	for _, at := range t.Attributes {
		if at.Name == AggregateAttribute && strings.EqualFold(at.Value, "true") {
			return true
		}
	}
	return false
}

// ProviderReported reports whether an IATI transaction type is reported by the
// provider of the money (2 outgoing commitment, 3 disbursement, 4
// expenditure, 7 reimbursement); incoming types (1, 11) are reported by
// the receiver.
func ProviderReported(transactionType string) bool {
	switch transactionType {
	case OutgoingCommitment, Disbursement, Expenditure, "7":
		return true
	}
	return false
}

// DataSource is a body of funding data the service can hold: where it
// comes from, under which licence, what it covers and what it lacks. Its
// flows are the FUNDING ties whose FundingFlow.Dataset is one of Datasets.
type DataSource struct {
	ID          string
	Title       string
	URL         string // where the data was taken from
	Licence     string
	Attribution string
	// Datasets are the FundingFlow.Dataset values of the source's flows
	// (for IATI data, the Registry datasets of its activities); Titles are
	// the Source.Title values its records carry.
	Datasets []string
	Titles   []string
	// From and To are the years the source covers.
	From, To Date
	// Publishers names who published the records.
	Publishers []string
	// Coverage says in words what the source covers, Bias how its
	// selection leans, and Absent what it does not hold.
	Coverage string
	Bias     string
	Absent   []string
	// Complete lists the scopes in which the source holds every flow, so
	// that no flow there means no funding rather than no data. A source
	// that is a selection (such as a query's results) has none.
	Complete []CoverageScope
}

// CoverageScope is a scope in which a data source reports every flow: the
// flows from Donors (actor IDs; empty means every donor) to the recipient
// Countries (ISO 3166-1 alpha-2) in the years From..To.
type CoverageScope struct {
	Donors    []string
	Countries []string
	From, To  Date
}

// Covers reports whether the scope holds every flow to country in some
// part of the period from..to (either may be empty) from the donors asked
// (empty: any donor, then only a scope over every donor covers).
func (s *CoverageScope) Covers(country string, from, to Date, donors []string) bool {
	if !s.Overlaps(from, to) || !slices.Contains(s.Countries, country) {
		return false
	}
	return s.CoversDonors(donors)
}

// Overlaps reports whether the scope's years meet the period from..to.
func (s *CoverageScope) Overlaps(from, to Date) bool {
	if from != "" && s.To != "" && s.To.Last() < from.First() {
		return false
	}
	if to != "" && s.From != "" && s.From.First() > to.Last() {
		return false
	}
	return true
}

// CoversDonors reports whether the scope holds every flow of the donors
// asked: a scope over every donor covers any; a scope over some donors
// covers a list of donors all among them, and not "any donor".
func (s *CoverageScope) CoversDonors(donors []string) bool {
	if len(s.Donors) == 0 {
		return true
	}
	if len(donors) == 0 {
		return false
	}
	for _, d := range donors {
		if !slices.Contains(s.Donors, d) {
			return false
		}
	}
	return true
}

// ExchangeRate is the yearly average number of units of Currency that one
// US dollar bought in Year.
type ExchangeRate struct {
	Currency string
	Year     int
	PerUSD   float64
}

// RateTable is a table of yearly average exchange rates against the US
// dollar, with the source that states them.
type RateTable struct {
	Source string
	rates  map[string]map[int]float64
}

// NewRateTable returns a table of rates (USD is always 1) citing source.
func NewRateTable(source string, rates []ExchangeRate) *RateTable {
	t := &RateTable{Source: source, rates: map[string]map[int]float64{}}
	for _, r := range rates {
		if t.rates[r.Currency] == nil {
			t.rates[r.Currency] = map[int]float64{}
		}
		t.rates[r.Currency][r.Year] = r.PerUSD
	}
	return t
}

// PerUSD returns the units of currency one US dollar bought in year.
func (t *RateTable) PerUSD(currency string, year int) (float64, bool) {
	if currency == "USD" {
		return 1, true
	}
	if t == nil {
		return 0, false
	}
	r, ok := t.rates[currency][year]
	return r, ok && r > 0
}

// Rate returns how many units of to one unit of from was worth in year,
// through the US dollar, and whether the table has both rates.
func (t *RateTable) Rate(from, to string, year int) (float64, bool) {
	if from == to {
		return 1, true
	}
	f, ok1 := t.PerUSD(from, year)
	g, ok2 := t.PerUSD(to, year)
	if !ok1 || !ok2 {
		return 0, false
	}
	return g / f, true
}

// Has reports whether the table has any rate for currency.
func (t *RateTable) Has(currency string) bool {
	if currency == "USD" {
		return true
	}
	return t != nil && len(t.rates[currency]) > 0
}

// Currencies returns the currencies of the table, sorted, USD included.
func (t *RateTable) Currencies() []string {
	out := []string{"USD"}
	if t != nil {
		for c := range t.rates {
			if c != "USD" {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Holds reports whether t is a record of d: its funding names one of d's
// Datasets, or one of its sources one of d's Titles.
func (d *DataSource) Holds(t *Tie) bool {
	if t.Funding != nil && t.Funding.Dataset != "" && slices.Contains(d.Datasets, t.Funding.Dataset) {
		return true
	}
	for _, s := range t.Sources {
		if slices.Contains(d.Titles, s.Title) {
			return true
		}
	}
	return false
}
