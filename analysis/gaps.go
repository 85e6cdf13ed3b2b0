package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// This file holds what the gap queries share: their options, money kept per
// currency, the selection of funding flows and the places of actors and
// flows. The queries themselves are in gaps_funding.go, gaps_triads.go and
// gaps_links.go.

// GroupBy says how a gap query groups funding and actors.
type GroupBy string

// The groupings. A flow counts in every group its places name, so that
// region and country groups may overlap; sectors split a flow by their
// percentages.
const (
	GroupByRegion    GroupBy = "REGION"
	GroupByCountry   GroupBy = "COUNTRY"
	GroupBySector    GroupBy = "SECTOR"     // DAC 5-digit code
	GroupByActorKind GroupBy = "ACTOR_KIND" // kind of the recipient
	GroupByRecipient GroupBy = "RECIPIENT"  // the recipient actor (DonorConcentration only)
)

// DefaultTransactionTypes are the IATI transaction types the gap queries
// count when GapOptions.TransactionTypes is empty: incoming funds (1),
// disbursements (3) and expenditures (4), money that has moved.
// Commitments (2, 11) are promises that may never be paid. Incoming funds
// are the receiver's report of money: where the provider reports the same
// money too, the two are one flow (MethodDoubleCounting), and where an
// activity passes received money on, grouped totals count only its net new
// money (MethodNetNew), so that no sum counts twice.
var DefaultTransactionTypes = []string{network.IncomingFunds, network.Disbursement, network.Expenditure}

// ActivityTieKinds are the non-FUNDING kinds that count as partnership
// activity by default: FundingGaps' activity and TriadCoverage's sides.
var ActivityTieKinds = []network.TieKind{network.MOU, network.Partnership, network.Dialogue,
	network.Support, network.Collaboration}

// AgreementTieKinds are the kinds UnfundedPartnerships reads by default.
var AgreementTieKinds = []network.TieKind{network.MOU, network.Partnership}

// GapOptions filter and tune the gap queries. Empty fields select
// everything; within a field values are alternatives, and fields combine
// with AND, as in network.ActorFilter.
type GapOptions struct {
	// From and To bound the period (inclusive; either may be empty). A
	// flow counts when its FundingFlow.Date falls in the period; a flow
	// without a date counts only when no period is set. A tie counts when
	// it held at some day of the period (network.TieFilter).
	From, To network.Date
	// Regions and Countries keep the flows and actors whose places name
	// one of them (see flowPlaces and actorPlaces for what a place is).
	Regions   []string
	Countries []string
	// Sectors keeps the part of each flow that goes to these DAC sectors;
	// a code is also a prefix ("152" is every 152xx sector).
	Sectors []string
	// TransactionTypes are the IATI codes counted; empty means
	// DefaultTransactionTypes.
	TransactionTypes []string
	// Donors keeps the flows from these actors (IDs); empty means every
	// donor. A statistical total over many donors (a tie marked
	// network.AggregateAttribute) counts only when Donors names its donor,
	// so that it is never added to the flows it already contains.
	Donors []string
	// ConvertTo, when set, is the ISO 4217 code every amount is converted
	// to at Rates' yearly average rate of the flow's year before any sum;
	// flows without a date or a rate are left out and counted in the
	// method. Empty means no conversion: currencies are never added.
	ConvertTo string
	// Rates are the exchange rates ConvertTo uses.
	Rates *network.RateTable `json:"-"`
	// Sources are the data sources whose complete scopes tell NO_FUNDING
	// from NO_DATA (Coverage) when the snapshot holds their flows.
	Sources []network.DataSource `json:"-"`
	// Currency is the ISO 4217 code in which shares and rankings are
	// computed. Empty means the currency of the most selected flows. Amounts in other currencies are still reported,
	// each in its own currency, and never added to it.
	Currency string
	// GroupBy groups FundingGaps (default REGION) and DonorConcentration
	// (default RECIPIENT).
	GroupBy GroupBy
	// Need is an optional need indicator per group ID, given by the
	// caller (e.g. a fragility index); FundingGaps then ranks by need
	// share minus funding share.
	Need map[string]float64
	// TieKinds are the partnership kinds read: activity in FundingGaps and
	// sides in TriadCoverage (default ActivityTieKinds), agreements in
	// UnfundedPartnerships (default AgreementTieKinds).
	TieKinds []network.TieKind
	// Top keeps the first Top results (all when <= 0).
	Top int
	// OrgansWithParent counts organs and sub-units with the regional
	// organization they are PART_OF (FoldOrgans) in TriadCoverage and
	// FundingGaps; their Method says so.
	OrgansWithParent bool

	// Betweenness, when set, is used by UnderfundedBrokers instead of
	// computing it (it must be over the same projection).
	Betweenness *Scores
	// Samples is the number of sources UnderfundedBrokers samples for
	// betweenness: 0 means exact up to ExactBetweennessLimit nodes and
	// DefaultBrokerSamples beyond; a negative value forces exact.
	Samples int
	// Seed seeds the sample.
	Seed uint64

	// Score is the link-prediction index of SuggestPartnerships (default
	// ADAMIC_ADAR).
	Score LinkScore
	// KindsA and KindsB, when both set, make SuggestPartnerships suggest
	// only pairs with one end of a kind in KindsA and the other of a kind
	// in KindsB (e.g. UN_ENTITY and CIVIL_SOCIETY).
	KindsA, KindsB []network.ActorKind

	// MinSides is the fewest sides an open triad must have to be listed
	// by TriadCoverage: 2 (the default) lists triads that lack one side, 1
	// also those that lack two.
	MinSides int
}

// Money is an amount in one currency.
type Money struct {
	Currency string  // ISO 4217
	Amount   float64 // in Currency
}

// addMoney adds amount in currency to ms, kept sorted by currency.
func addMoney(ms []Money, currency string, amount float64) []Money {
	i, ok := slices.BinarySearchFunc(ms, currency, func(m Money, c string) int { return strings.Compare(m.Currency, c) })
	if ok {
		ms[i].Amount += amount
		return ms
	}
	return slices.Insert(ms, i, Money{Currency: currency, Amount: amount})
}

// amountIn returns the amount of ms in currency, 0 when there is none.
func amountIn(ms []Money, currency string) float64 {
	for _, m := range ms {
		if m.Currency == currency {
			return m.Amount
		}
	}
	return 0
}

// formatMoney writes ms as "USD 1,200.00; EUR 30.00".
func formatMoney(ms []Money) string {
	if len(ms) == 0 {
		return "none"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s %.2f", m.Currency, m.Amount)
	}
	return strings.Join(parts, "; ")
}

// formatAmount writes an amount in currency, or "nothing" when no flow
// gave a currency.
func formatAmount(currency string, amount float64) string {
	if currency == "" {
		return "nothing (no flows)"
	}
	return fmt.Sprintf("%s %.2f", currency, amount)
}

// TypeMoney is the money of one IATI transaction type, per currency.
type TypeMoney struct {
	TransactionType string
	Amounts         []Money
}

func addTypeMoney(ts []TypeMoney, ttype, currency string, amount float64) []TypeMoney {
	i, ok := slices.BinarySearchFunc(ts, ttype, func(t TypeMoney, s string) int { return strings.Compare(t.TransactionType, s) })
	if !ok {
		ts = slices.Insert(ts, i, TypeMoney{TransactionType: ttype})
	}
	ts[i].Amounts = addMoney(ts[i].Amounts, currency, amount)
	return ts
}

// ActorRef names an actor in a gap result.
type ActorRef struct {
	ID   string
	Name string
	Kind network.ActorKind
}

// gapIndex is what the gap queries look up in a snapshot.
type gapIndex struct {
	snap     *network.Snapshot
	actors   map[string]*network.Actor
	places   map[string]*network.Place
	datasets map[string]bool // FundingFlow.Dataset values present
}

func newGapIndex(snap *network.Snapshot) *gapIndex {
	x := &gapIndex{snap: snap, actors: make(map[string]*network.Actor, len(snap.Actors)),
		places: make(map[string]*network.Place, len(snap.Places)), datasets: map[string]bool{}}
	for _, t := range snap.Ties {
		if t != nil && t.Funding != nil && t.Funding.Dataset != "" {
			x.datasets[t.Funding.Dataset] = true
		}
	}
	for _, a := range snap.Actors {
		if a != nil {
			x.actors[a.ID] = a
		}
	}
	for _, p := range snap.Places {
		if p != nil {
			x.places[p.ID] = p
		}
	}
	return x
}

func (x *gapIndex) ref(id string) ActorRef {
	if a := x.actors[id]; a != nil {
		return ActorRef{ID: id, Name: a.Name, Kind: a.Kind}
	}
	return ActorRef{ID: id}
}

// placeName returns the name of place id, or id itself.
func (x *gapIndex) placeName(id string) string {
	if p := x.places[id]; p != nil && p.Name != "" {
		return p.Name
	}
	if name := dacRegionName(id); name != "" {
		return name
	}
	return id
}

// actorPlaces returns the regions and countries of a: its Regions, its
// Countries and the regions of its countries (Place.Regions), each sorted
// and without repeats.
func (x *gapIndex) actorPlaces(a *network.Actor) (regions, countries []string) {
	regions = slices.Clone(a.Regions)
	countries = slices.Clone(a.Countries)
	for _, c := range a.Countries {
		if p := x.places[c]; p != nil {
			regions = append(regions, p.Regions...)
		}
	}
	return sortedSet(regions), sortedSet(countries)
}

func sortedSet(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func overlapsAny(want, have []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// read returns the snapshot the gap functions that count organizations
// read: snap without the actors succeeded by the start of the period
// (DropSucceeded), with organs folded into their organizations when
// o.OrgansWithParent, and the notes that say so ("" when nothing changed).
func (o *GapOptions) read(snap *network.Snapshot) (*network.Snapshot, string) {
	snap, note := DropSucceeded(snap, o.From)
	if o.OrgansWithParent {
		var fold string
		snap, fold = FoldOrgans(snap)
		note = withNote(note, fold)
		note = strings.TrimPrefix(note, "; ")
	}
	return snap, note
}

// withNote appends note to method when there is one.
func withNote(method, note string) string {
	if note == "" {
		return method
	}
	return method + "; " + note
}

// inPlaces reports whether regions and countries pass opts' place filter.
func (o *GapOptions) inPlaces(regions, countries []string) bool {
	return (len(o.Regions) == 0 || overlapsAny(o.Regions, regions)) &&
		(len(o.Countries) == 0 || overlapsAny(o.Countries, countries))
}

// actorInScope reports whether a passes opts' place filter.
func (x *gapIndex) actorInScope(o *GapOptions, a *network.Actor) bool {
	if len(o.Regions) == 0 && len(o.Countries) == 0 {
		return true
	}
	r, c := x.actorPlaces(a)
	return o.inPlaces(r, c)
}

// flow is one selected funding flow, reduced to what the queries read.
type flow struct {
	tie       *network.Tie
	from, to  string
	amount    float64 // the part of the flow in the selected sectors
	currency  string
	ttype     string
	sectors   []network.SectorShare // selected sectors, Percentage as a fraction of amount summing to 1
	regions   []string
	countries []string
	conv      *Conversion // set when converted from another currency
}

// flowSelection is the flows a query reads and how they were chosen.
type flowSelection struct {
	flows    []flow
	types    []string
	currency string // the ranking currency
	totals   []Money
	notes    []string
	doubles  []DoubleReport
}

// flowPlaces returns the places of a flow. The flow's own recipient country
// and region, when it names either, take precedence over the recipient
// actor's places: money given to a global body for one country is money
// for that country. A recipient country brings its regions (Place.Regions).
func (x *gapIndex) flowPlaces(t *network.Tie) (regions, countries []string) {
	f := t.Funding
	if f.RecipientCountry == "" && f.RecipientRegion == "" {
		if a := x.actors[t.To]; a != nil {
			return x.actorPlaces(a)
		}
		return nil, nil
	}
	if f.RecipientRegion != "" {
		regions = append(regions, f.RecipientRegion)
	}
	if f.RecipientCountry != "" {
		countries = append(countries, f.RecipientCountry)
		if p := x.places[f.RecipientCountry]; p != nil {
			regions = append(regions, p.Regions...)
		}
	}
	return sortedSet(regions), countries
}

// sectorFractions returns the sectors of f with their shares as fractions
// summing to 1: percentages are divided by their sum (so that a flow
// whose percentages do not add up to 100 is neither lost nor inflated),
// and split equally when none is given.
func sectorFractions(f *network.FundingFlow) []network.SectorShare {
	if len(f.Sectors) == 0 {
		return nil
	}
	sum := 0.0
	for _, s := range f.Sectors {
		if s.Percentage > 0 {
			sum += s.Percentage
		}
	}
	out := make([]network.SectorShare, 0, len(f.Sectors))
	for _, s := range f.Sectors {
		share := 1 / float64(len(f.Sectors))
		if sum > 0 {
			share = max(s.Percentage, 0) / sum
		}
		out = append(out, network.SectorShare{Code: s.Code, Percentage: share})
	}
	return out
}

func sectorSelected(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// validate checks opts and fills in the defaults.
func (o *GapOptions) validate() error {
	for _, d := range []network.Date{o.From, o.To} {
		if err := d.Validate(); err != nil {
			return network.Errorf(network.EINVALID, "period: %v", err)
		}
	}
	if o.From != "" && o.To != "" && o.To.Last() < o.From.First() {
		return network.Errorf(network.EINVALID, "period: to %s is before from %s", o.To, o.From)
	}
	if o.Currency != "" && (len(o.Currency) != 3 || strings.ToUpper(o.Currency) != o.Currency) {
		return network.Errorf(network.EINVALID, "currency %q is not an ISO 4217 code", o.Currency)
	}
	if o.ConvertTo != "" {
		if len(o.ConvertTo) != 3 || strings.ToUpper(o.ConvertTo) != o.ConvertTo {
			return network.Errorf(network.EINVALID, "convertTo %q is not an ISO 4217 code", o.ConvertTo)
		}
		if !o.Rates.Has(o.ConvertTo) {
			return network.Errorf(network.EINVALID, "convertTo %q: the exchange-rate table has no rates for it (it has %s)", o.ConvertTo, strings.Join(o.Rates.Currencies(), ", "))
		}
		if o.Currency != "" && o.Currency != o.ConvertTo {
			return network.Errorf(network.EINVALID, "currency %q differs from convertTo %q: after conversion every amount is in %s", o.Currency, o.ConvertTo, o.ConvertTo)
		}
	}
	for _, d := range o.Donors {
		if d == "" {
			return network.Errorf(network.EINVALID, "donors: an actor ID is empty")
		}
	}
	for _, k := range o.TieKinds {
		if !k.Valid() || k == network.Funding {
			return network.Errorf(network.EINVALID, "tie kind %q is not a partnership kind", k)
		}
	}
	for _, k := range append(slices.Clone(o.KindsA), o.KindsB...) {
		if !k.Valid() {
			return network.Errorf(network.EINVALID, "actor kind %q is not an actor kind", k)
		}
	}
	for _, s := range o.Sectors {
		if s == "" {
			return network.Errorf(network.EINVALID, "sector code is empty")
		}
	}
	if len(o.TransactionTypes) == 0 {
		o.TransactionTypes = DefaultTransactionTypes
	}
	return nil
}

// inPeriod reports whether a flow dated d falls in the period.
func (o *GapOptions) inPeriod(d network.Date) bool {
	if o.From == "" && o.To == "" {
		return true
	}
	if d == "" {
		return false
	}
	return (o.From == "" || d.Last() >= o.From.First()) && (o.To == "" || d.First() <= o.To.Last())
}

// tieActive reports whether t held at some day of the period.
func (o *GapOptions) tieActive(t *network.Tie) bool {
	f := network.TieFilter{ActiveFrom: o.From, ActiveTo: o.To}
	return f.Matches(t)
}

// selectFlows returns the FUNDING flows of the snapshot that pass opts
// (opts validated), and picks the ranking currency.
func (x *gapIndex) selectFlows(o *GapOptions) *flowSelection {
	sel := &flowSelection{types: o.TransactionTypes}
	var noFlow, byType, byPeriod, bySector, byPlace, byDonor, aggregate int
	for _, t := range x.snap.Ties {
		if t == nil || t.Kind != network.Funding {
			continue
		}
		f := t.Funding
		if f == nil {
			noFlow++
			continue
		}
		if len(o.Donors) > 0 && !slices.Contains(o.Donors, t.From) {
			byDonor++
			continue
		}
		if len(o.Donors) == 0 && t.Aggregate() {
			aggregate++
			continue
		}
		if !slices.Contains(o.TransactionTypes, f.TransactionType) {
			byType++
			continue
		}
		if !o.inPeriod(f.Date) {
			byPeriod++
			continue
		}
		fl := flow{tie: t, from: t.From, to: t.To, amount: f.Amount, currency: f.Currency, ttype: f.TransactionType}
		fl.sectors = sectorFractions(f)
		if len(o.Sectors) > 0 {
			part := 0.0
			var kept []network.SectorShare
			for _, s := range fl.sectors {
				if sectorSelected(s.Code, o.Sectors) {
					part += s.Percentage
					kept = append(kept, s)
				}
			}
			if part == 0 {
				bySector++
				continue
			}
			for i := range kept {
				kept[i].Percentage /= part
			}
			fl.amount *= part
			fl.sectors = kept
		}
		fl.regions, fl.countries = x.flowPlaces(t)
		if !o.inPlaces(fl.regions, fl.countries) {
			byPlace++
			continue
		}
		sel.flows = append(sel.flows, fl)
	}
	sel.notes = append(sel.notes, MethodDoubleCounting)
	sel.dedupe()
	sel.convert(o)
	for _, fl := range sel.flows {
		sel.totals = addMoney(sel.totals, fl.currency, fl.amount)
	}
	sel.currency = o.Currency
	if o.ConvertTo != "" {
		sel.currency = o.ConvertTo
	}
	switch {
	case sel.currency != "":
		sel.notes = append(sel.notes, fmt.Sprintf("shares and ranks in %s as asked", sel.currency))
	case len(sel.totals) == 1:
		sel.currency = sel.totals[0].Currency
		sel.notes = append(sel.notes, fmt.Sprintf("shares and ranks in %s, the only currency", sel.currency))
	case len(sel.totals) > 1:
		// Amounts in different currencies are not compared either: the
		// currency of the most flows ranks (the first code on a tie).
		flows := map[string]int{}
		for _, fl := range sel.flows {
			flows[fl.currency]++
		}
		best := sel.totals[0].Currency
		for _, m := range sel.totals[1:] {
			if flows[m.Currency] > flows[best] {
				best = m.Currency
			}
		}
		sel.currency = best
		sel.notes = append(sel.notes, fmt.Sprintf("several currencies (%s): shares and ranks in %s, the currency of the most flows (%d of %d); the others are reported in their own currency and never added to it, so a group funded only in them shows no funding in %s: ask convertTo to compare all of them at stated rates", formatMoney(sel.totals), sel.currency, flows[best], len(sel.flows), sel.currency))
	}
	sel.notes = append(sel.notes, fmt.Sprintf("%d flows read (transaction types %s)", len(sel.flows), strings.Join(o.TransactionTypes, ", ")))
	for _, c := range []struct {
		n    int
		what string
	}{{byType, "of other transaction types"}, {byPeriod, "outside the period or undated"}, {bySector, "in no selected sector"}, {byPlace, "outside the selected places"}, {byDonor, "from other donors"}, {aggregate, "statistical totals over many donors (asked for by naming their donor in donors)"}, {noFlow, "FUNDING ties without a funding record"}} {
		if c.n > 0 {
			sel.notes = append(sel.notes, fmt.Sprintf("%d %s left out", c.n, c.what))
		}
	}
	return sel
}

// method joins a query's description with the flow selection's notes.
func (s *flowSelection) method(what string) string {
	return what + "; " + strings.Join(s.notes, "; ")
}

// percentiles returns, for each value, the fraction of the other values
// that are lower, counting equal values as half lower (mid-rank), so that
// the lowest distinct value scores 0, the highest 1 and a tie of everyone
// scores 0.5. A single value scores 0.5.
func percentiles(values []float64) []float64 {
	n := len(values)
	out := make([]float64, n)
	if n == 1 {
		out[0] = 0.5
	}
	if n <= 1 {
		return out
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	for lo := 0; lo < n; {
		hi := lo
		for hi < n && values[order[hi]] == values[order[lo]] {
			hi++
		}
		// lo values are lower; hi-lo-1 others are equal.
		p := (float64(lo) + float64(hi-lo-1)/2) / float64(n-1)
		for k := lo; k < hi; k++ {
			out[order[k]] = p
		}
		lo = hi
	}
	return out
}

// top keeps the first n of s (all when n <= 0).
func top[T any](s []T, n int) []T {
	if n > 0 && len(s) > n {
		return s[:n]
	}
	return s
}

// round9 rounds x to 9 decimals so that sums computed in different orders
// compare and print alike.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }
