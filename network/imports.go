package network

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// SkipReason says why an imported record gave no tie.
type SkipReason string

// The reasons a transaction of an IATI file gives no FUNDING tie.
const (
	// SkipNotFlow: a transaction type that is not money moving between
	// two organisations for the activity (interest, loan repayment,
	// equity, credit guarantee, pledges).
	SkipNotFlow SkipReason = "NOT_FLOW_TYPE"
	// SkipEndUnknown: the provider or the receiver is not given, and
	// neither the reporting organisation nor a participating organisation
	// of the right role stands in for it.
	SkipEndUnknown SkipReason = "END_UNKNOWN"
	// SkipSeveralEnds: the missing end could be any of several
	// participating organisations of the same role; the reader never
	// chooses between them.
	SkipSeveralEnds SkipReason = "SEVERAL_CANDIDATE_ENDS"
	// SkipSameOrganisation: provider and receiver are one organisation.
	SkipSameOrganisation SkipReason = "SAME_ORGANISATION"
	// SkipZeroValue: the value is 0.
	SkipZeroValue SkipReason = "ZERO_VALUE"
	// SkipUnknownCurrency: neither the value nor the activity gives an
	// ISO 4217 currency.
	SkipUnknownCurrency SkipReason = "UNKNOWN_CURRENCY"
)

// SkipReasons lists every skip reason in a fixed order.
var SkipReasons = []SkipReason{SkipNotFlow, SkipEndUnknown, SkipSeveralEnds,
	SkipSameOrganisation, SkipZeroValue, SkipUnknownCurrency}

// Amount is a sum of money in one currency ("" when none is known).
type Amount struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

// SkipCount is how many records an import skipped for one reason, and the
// value they held per currency.
type SkipCount struct {
	Reason SkipReason `json:"reason"`
	Count  int        `json:"count"`
	Values []Amount   `json:"values,omitempty"`
}

// FlowTotal counts transactions of one type in one currency and sums their
// value as published.
type FlowTotal struct {
	TransactionType string  `json:"transactionType"`
	Currency        string  `json:"currency"`
	Count           int     `json:"count"`
	Value           float64 `json:"value"`
}

// InferredCount is how many ties had one end (provider or receiver) taken
// from a stand-in: the reporting organisation or a participating
// organisation of a role, named as in From ("reporting-org",
// "participating-org role 4 (Implementing)").
type InferredCount struct {
	End   string `json:"end"`
	From  string `json:"from"`
	Count int    `json:"count"`
}

// ImportReport says what an import read and what became of every record,
// so that nothing is dropped silently: every transaction read became a tie
// (new, updated or unchanged) or was skipped for a counted reason.
//
// A reader fills everything but TiesNew, TiesUpdated and TiesUnchanged,
// which the store fills as it writes (Store.Apply).
type ImportReport struct {
	Activities   int `json:"activities"`   // IATI activities read
	Transactions int `json:"transactions"` // IATI transactions read
	// Edges is the number of edges (or edge rows) read from graph files
	// (GraphML, GEXF, CSV, node-link JSON), each of which gives a tie.
	Edges int `json:"edges"`
	// Ties is the number of ties the file gives; Actors the number of new
	// actors it gives (organisations that matched no known actor).
	Ties   int `json:"ties"`
	Actors int `json:"actors"`
	// TiesNew, TiesUpdated and TiesUnchanged split Ties by what the store
	// held before the write: no tie with that ID, another tie, the same.
	TiesNew       int `json:"tiesNew"`
	TiesUpdated   int `json:"tiesUpdated"`
	TiesUnchanged int `json:"tiesUnchanged"`
	// Skipped counts the transactions that gave no tie, by reason.
	Skipped []SkipCount `json:"skipped,omitempty"`
	// Negative counts the transactions kept with a negative value (IATI
	// corrections); they are summed as published.
	Negative       int      `json:"negative"`
	NegativeValues []Amount `json:"negativeValues,omitempty"`
	// Inferred counts the ties whose provider or receiver was not given by
	// the transaction.
	Inferred []InferredCount `json:"inferred,omitempty"`
	// Read totals every transaction read, by type and currency; Written
	// totals the ones that became ties.
	Read    []FlowTotal `json:"read,omitempty"`
	Written []FlowTotal `json:"written,omitempty"`
	// Lookalikes are the imported actors whose ID, name or acronym looks
	// like another actor's without being it (homoglyphs: a Cyrillic "А" in
	// "ECOWАS"): the import is written, and these are flagged for a reader
	// to check.
	Lookalikes []Lookalike `json:"lookalikes,omitempty"`
}

// Lookalike is an imported actor's ID, name or acronym that is confusable
// with another actor's (the same UTS #39 skeleton, ignoring case) but not
// equal to it, ignoring case.
type Lookalike struct {
	// Field is "id", "name" or "acronym": what of the imported actor looks
	// like what of the other.
	Field string `json:"field"`
	// Actor is the imported actor's ID and Value the text that looks like
	// another.
	Actor string `json:"actor"`
	Value string `json:"value"`
	// Like is the other actor's ID (stored, or earlier in the same import)
	// and LikeValue the text Value looks like.
	Like      string `json:"like"`
	LikeValue string `json:"likeValue"`
}

// SkippedCount is the number of transactions skipped for any reason.
func (r *ImportReport) SkippedCount() int {
	n := 0
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}

// Skip counts one record skipped for reason, holding value in currency
// (value is not summed when hasValue is false).
func (r *ImportReport) Skip(reason SkipReason, currency string, value float64, hasValue bool) {
	i := sort.Search(len(r.Skipped), func(i int) bool { return reasonIndex(r.Skipped[i].Reason) >= reasonIndex(reason) })
	if i == len(r.Skipped) || r.Skipped[i].Reason != reason {
		r.Skipped = append(r.Skipped, SkipCount{})
		copy(r.Skipped[i+1:], r.Skipped[i:])
		r.Skipped[i] = SkipCount{Reason: reason}
	}
	r.Skipped[i].Count++
	if hasValue {
		r.Skipped[i].Values = addAmount(r.Skipped[i].Values, currency, value)
	}
}

// AddNegative counts one kept record with a negative value.
func (r *ImportReport) AddNegative(currency string, value float64) {
	r.Negative++
	r.NegativeValues = addAmount(r.NegativeValues, currency, value)
}

// AddInferred counts one tie whose end was taken from from.
func (r *ImportReport) AddInferred(end, from string) {
	for i := range r.Inferred {
		if r.Inferred[i].End == end && r.Inferred[i].From == from {
			r.Inferred[i].Count++
			return
		}
	}
	r.Inferred = append(r.Inferred, InferredCount{End: end, From: from, Count: 1})
	sort.Slice(r.Inferred, func(i, j int) bool {
		a, b := r.Inferred[i], r.Inferred[j]
		if a.End != b.End {
			return a.End < b.End
		}
		return a.From < b.From
	})
}

// AddTotal adds one transaction to totals (Read or Written) and returns
// them sorted by type, then currency.
func AddTotal(totals []FlowTotal, typ, currency string, value float64) []FlowTotal {
	for i := range totals {
		if totals[i].TransactionType == typ && totals[i].Currency == currency {
			totals[i].Count++
			totals[i].Value += value
			return totals
		}
	}
	totals = append(totals, FlowTotal{TransactionType: typ, Currency: currency, Count: 1, Value: value})
	sort.Slice(totals, func(i, j int) bool {
		a, b := totals[i], totals[j]
		if a.TransactionType != b.TransactionType {
			return a.TransactionType < b.TransactionType
		}
		return a.Currency < b.Currency
	})
	return totals
}

// Check returns an error unless every record read is accounted for
// (Transactions + Edges = Ties + skipped) and the store's split of Ties
// adds up (when the store has made one).
func (r *ImportReport) Check() error {
	if read := r.Transactions + r.Edges; read != r.Ties+r.SkippedCount() {
		return fmt.Errorf("import report: %d transactions and %d edges read, %d ties and %d skipped", r.Transactions, r.Edges, r.Ties, r.SkippedCount())
	}
	if split := r.TiesNew + r.TiesUpdated + r.TiesUnchanged; split != 0 && split != r.Ties {
		return fmt.Errorf("import report: %d ties, %d new + %d updated + %d unchanged", r.Ties, r.TiesNew, r.TiesUpdated, r.TiesUnchanged)
	}
	return nil
}

func reasonIndex(r SkipReason) int {
	for i, v := range SkipReasons {
		if v == r {
			return i
		}
	}
	return len(SkipReasons)
}

func addAmount(as []Amount, currency string, value float64) []Amount {
	for i := range as {
		if as[i].Currency == currency {
			as[i].Value += value
			return as
		}
	}
	as = append(as, Amount{Currency: currency, Value: value})
	sort.Slice(as, func(i, j int) bool { return as[i].Currency < as[j].Currency })
	return as
}

// ImportRecord is one past import as the store keeps it: its source and its
// report, written in the same transaction as the data it brought.
type ImportRecord struct {
	// ID is given by the store when it writes the record.
	ID string `json:"id"`
	// File is the name of each file imported (base names, no directory).
	Files []string `json:"files"`
	// Format is the file format: "iati", "graphml", "gexf", "csv",
	// "node-link-json", or several joined with "+".
	Format string `json:"format"`
	// Time is when the import was written, RFC 3339 in UTC; the store sets
	// it when it is empty.
	Time string `json:"time"`
	// DataVersion is the store's data version after the import; the store
	// sets it.
	DataVersion uint64       `json:"dataVersion"`
	Report      ImportReport `json:"report"`
}

// SameTie reports whether a and b say the same: equal once encoded, so that
// an absent list and an empty one are alike.
func SameTie(a, b *Tie) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// CountTies sets TiesNew, TiesUpdated and TiesUnchanged from ties, the ties
// a change writes, and stored, which returns the tie a store holds with an
// ID (nil for none). A store calls it inside the transaction that writes.
func (r *ImportReport) CountTies(ties []*Tie, stored func(id string) *Tie) {
	r.TiesNew, r.TiesUpdated, r.TiesUnchanged = 0, 0, 0
	for _, t := range ties {
		switch old := stored(t.ID); {
		case old == nil:
			r.TiesNew++
		case SameTie(old, t):
			r.TiesUnchanged++
		default:
			r.TiesUpdated++
		}
	}
}

// Add adds the counts of o to r, as when one import reads several files.
func (r *ImportReport) Add(o *ImportReport) {
	r.Activities += o.Activities
	r.Transactions += o.Transactions
	r.Edges += o.Edges
	r.Ties += o.Ties
	r.Actors += o.Actors
	r.TiesNew += o.TiesNew
	r.TiesUpdated += o.TiesUpdated
	r.TiesUnchanged += o.TiesUnchanged
	for _, s := range o.Skipped {
		calls := len(s.Values)
		for _, v := range s.Values {
			r.Skip(s.Reason, v.Currency, v.Value, true)
		}
		if calls == 0 {
			r.Skip(s.Reason, "", 0, false)
			calls = 1
		}
		// Skip counted one a call; set the count right.
		for i := range r.Skipped {
			if r.Skipped[i].Reason == s.Reason {
				r.Skipped[i].Count += s.Count - calls
			}
		}
	}
	r.Negative += o.Negative
	for _, v := range o.NegativeValues {
		r.NegativeValues = addAmount(r.NegativeValues, v.Currency, v.Value)
	}
	for _, x := range o.Inferred {
		for k := 0; k < x.Count; k++ {
			r.AddInferred(x.End, x.From)
		}
	}
	r.Read = addTotals(r.Read, o.Read)
	r.Written = addTotals(r.Written, o.Written)
}

func addTotals(to, from []FlowTotal) []FlowTotal {
	for _, f := range from {
		to = AddTotal(to, f.TransactionType, f.Currency, f.Value)
		for i := range to {
			if to[i].TransactionType == f.TransactionType && to[i].Currency == f.Currency {
				to[i].Count += f.Count - 1
			}
		}
	}
	return to
}
