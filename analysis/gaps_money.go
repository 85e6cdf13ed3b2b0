package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// This file holds the rules that keep the gap queries' money honest: the
// same money reported by both sides counts once (dedupe), money passed
// through an activity is not added up the chain (netNewMoney), amounts are
// converted only at stated rates (convert), and a group without flows says
// whether a source covers it (coverage).

// Coverage says whether a gap result's money is known.
type Coverage string

// The coverages.
const (
	// NoData means no loaded source covers the group in the period: zero
	// flows say nothing about its funding.
	NoData Coverage = "NO_DATA"
	// NoFunding means a loaded source reports every flow of the group in
	// the period (for the donors asked) and none reached it.
	NoFunding Coverage = "NO_FUNDING"
	// Funded means at least one selected flow reached the group.
	Funded Coverage = "FUNDED"
)

// Conversion is the money of one currency and year converted to another
// at a stated yearly average rate.
type Conversion struct {
	From      string  // ISO 4217 code converted from
	To        string  // ISO 4217 code converted to
	Year      int     // the year of the rate (the flows' year)
	Rate      float64 // units of To per unit of From
	Amount    float64 // in From
	Converted float64 // in To
	Flows     int
	Source    string // the rate table's source
}

// DoubleReport is a flow left out because another flow carries the same
// money: both reports are kept (as ties with their sources) and Counted
// names the one that counted.
type DoubleReport struct {
	Counted string // tie ID of the report that counted
	Dropped string // tie ID of the report left out
	Rule    string
}

// The double-counting rules, as DoubleReport.Rule and in methods.
const (
	// RuleLinked: a provider's disbursement (or outgoing commitment) and
	// the receiver's incoming funds (or incoming commitment) between the
	// same two actors, of the same value and currency, whose activities
	// name each other (provider-activity-id / receiver-activity-id).
	RuleLinked = "LINKED_ACTIVITIES"
	// RuleSameTransaction: the same provider, receiver, date, value and
	// currency reported by both sides, or with the same transaction type
	// by two different publishers.
	RuleSameTransaction = "SAME_TRANSACTION"
	// RuleStatistical: in place and sector totals, a flow from a donor to
	// a country in a year for which a complete statistical source (the
	// OECD CRS) reports that donor's total to that country: the total
	// counts, the flow it contains is kept as a source.
	RuleStatistical = "STATISTICAL_TOTAL"
)

// MethodStatistical states the rule of statistical totals.
const MethodStatistical = "a donor's statistical total to a country and year (a complete source such as the OECD CRS) supersedes that donor's project flows to the same country and year, which it already contains"

// supersede leaves out, for place and sector totals, the flows that a
// complete source's flow already counts (RuleStatistical): same donor,
// recipient country and year, the other flow not from a complete source.
func (s *flowSelection) supersede(sources []network.DataSource) int {
	complete := map[string]bool{} // datasets of sources with complete scopes
	for _, src := range sources {
		if len(src.Complete) > 0 {
			for _, d := range src.Datasets {
				complete[d] = true
			}
		}
	}
	type key struct {
		donor, country string
		year           int
	}
	totals := map[key]string{} // -> tie ID of the statistical flow
	for _, f := range s.flows {
		ff := f.tie.Funding
		if complete[ff.Dataset] && ff.RecipientCountry != "" {
			k := key{f.from, ff.RecipientCountry, yearOf(ff.Date)}
			if totals[k] == "" || f.tie.ID < totals[k] {
				totals[k] = f.tie.ID
			}
		}
	}
	if len(totals) == 0 {
		return 0
	}
	kept := s.flows[:0]
	n := 0
	for _, f := range s.flows {
		ff := f.tie.Funding
		if !complete[ff.Dataset] {
			if id := totals[key{f.from, ff.RecipientCountry, yearOf(ff.Date)}]; id != "" {
				s.doubles = append(s.doubles, DoubleReport{Counted: id, Dropped: f.tie.ID, Rule: RuleStatistical})
				n++
				continue
			}
		}
		kept = append(kept, f)
	}
	s.flows = kept
	slices.SortFunc(s.doubles, func(a, b DoubleReport) int { return strings.Compare(a.Dropped, b.Dropped) })
	return n
}

// MethodDoubleCounting states the rules every gap query applies.
const MethodDoubleCounting = "same money counted once: a provider's disbursement (3) or commitment (2) and the receiver's incoming funds (1) or incoming commitment (11) between the same actors with the same value and currency, linked by provider-activity-id/receiver-activity-id or on the same date, are one flow, the provider's report counting; the same transaction (provider, receiver, date, value, currency and type) reported by two publishers counts once (the first by tie ID); one publisher's equal transactions are its own and all count; statistical totals over many donors (aggregate ties) count only when their donor is asked for"

// MethodNetNew states the pass-through rule of grouped totals.
const MethodNetNew = "pass-through money counted once per hop, never added up the chain: within an activity that both receives money (incoming funds 1, incoming commitments 11) and passes it on (disbursements 3 and expenditures 4, commitments 2), only the net new money of the outgoing flows counts, max(outgoing - incoming, 0) per currency, as the c19 IATI dashboard counts net new money per activity"

// yearOf returns the year of a date, 0 when it has none.
func yearOf(d network.Date) int {
	if len(d) < 4 {
		return 0
	}
	y := 0
	for _, c := range d[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

// convert converts each selected flow to o.ConvertTo at the rate of its
// year, leaving out (and noting) flows without a date or a rate.
func (s *flowSelection) convert(o *GapOptions) {
	if o.ConvertTo == "" {
		return
	}
	kept := s.flows[:0]
	noRate := map[string]int{}
	for _, f := range s.flows {
		y := yearOf(f.tie.Funding.Date)
		rate, ok := o.Rates.Rate(f.currency, o.ConvertTo, y)
		if y == 0 || !ok {
			noRate[fmt.Sprintf("%s %d", f.currency, y)]++
			continue
		}
		if f.currency != o.ConvertTo {
			f.conv = &Conversion{From: f.currency, To: o.ConvertTo, Year: y, Rate: rate, Amount: f.amount, Converted: f.amount * rate, Flows: 1, Source: o.Rates.Source}
		}
		f.amount *= rate
		f.currency = o.ConvertTo
		kept = append(kept, f)
	}
	s.flows = kept
	note := fmt.Sprintf("amounts converted to %s at yearly average rates (%s), each flow at the rate of its year", o.ConvertTo, o.Rates.Source)
	if len(noRate) > 0 {
		keys := make([]string, 0, len(noRate))
		for k, n := range noRate {
			keys = append(keys, fmt.Sprintf("%s (%d flows)", k, n))
		}
		slices.Sort(keys)
		note += "; left out for want of a date or a rate: " + strings.Join(keys, ", ")
	}
	s.notes = append(s.notes, note)
}

// addConversion adds c to cs, merged by From, To and Year.
func addConversion(cs []Conversion, c *Conversion, frac float64) []Conversion {
	if c == nil {
		return cs
	}
	for i := range cs {
		if cs[i].From == c.From && cs[i].To == c.To && cs[i].Year == c.Year {
			cs[i].Amount += c.Amount * frac
			cs[i].Converted += c.Converted * frac
			cs[i].Flows++
			return cs
		}
	}
	cs = append(cs, Conversion{From: c.From, To: c.To, Year: c.Year, Rate: c.Rate, Amount: c.Amount * frac, Converted: c.Converted * frac, Flows: 1, Source: c.Source})
	slices.SortFunc(cs, func(a, b Conversion) int {
		if x := strings.Compare(a.From, b.From); x != 0 {
			return x
		}
		return cmp.Compare(a.Year, b.Year)
	})
	return cs
}

// counterpart returns the transaction type that reports, from the other
// side, the same money as ttype ("" when none does).
func counterpart(ttype string) string {
	switch ttype {
	case network.IncomingFunds:
		return network.Disbursement
	case network.IncomingCommitment:
		return network.OutgoingCommitment
	}
	return ""
}

// moneyKey is what two reports of the same money share.
type moneyKey struct {
	from, to, currency string
	cents              int64
}

func keyOf(f *flow) moneyKey {
	ff := f.tie.Funding
	return moneyKey{f.from, f.to, ff.Currency, int64(math.Round(ff.Amount * 100))}
}

// linked reports whether the activities of a provider's report p and a
// receiver's report r name each other.
func linked(p, r *network.FundingFlow) bool {
	return r.ProviderActivityID != "" && r.ProviderActivityID == p.ActivityID ||
		p.ReceiverActivityID != "" && p.ReceiverActivityID == r.ActivityID
}

// dedupe leaves out the selected flows whose money another selected flow
// carries (RuleLinked, RuleSameTransaction) and records each pair.
func (s *flowSelection) dedupe() {
	byKey := map[moneyKey][]int{}
	for i := range s.flows {
		k := keyOf(&s.flows[i])
		byKey[k] = append(byKey[k], i)
	}
	dropped := make([]bool, len(s.flows))
	counted := map[int]string{} // index -> rule it won by
	for _, k := range sortedMoneyKeys(byKey) {
		idx := byKey[k]
		if len(idx) < 2 {
			continue
		}
		// Receivers' reports against providers' reports.
		for _, ri := range idx {
			r := &s.flows[ri]
			want := counterpart(r.ttype)
			if want == "" || dropped[ri] {
				continue
			}
			for _, pi := range idx {
				p := &s.flows[pi]
				if pi == ri || dropped[pi] || p.ttype != want {
					continue
				}
				rule := ""
				switch {
				case linked(p.tie.Funding, r.tie.Funding):
					rule = RuleLinked
				case p.tie.Funding.Date != "" && p.tie.Funding.Date == r.tie.Funding.Date:
					rule = RuleSameTransaction
				}
				if rule != "" {
					dropped[ri] = true
					counted[pi] = rule
					s.doubles = append(s.doubles, DoubleReport{Counted: p.tie.ID, Dropped: r.tie.ID, Rule: rule})
					break
				}
			}
		}
		// The same transaction published twice.
		for a, ai := range idx {
			if dropped[ai] {
				continue
			}
			fa := s.flows[ai].tie.Funding
			for _, bi := range idx[a+1:] {
				fb := s.flows[bi].tie.Funding
				if dropped[bi] || s.flows[ai].ttype != s.flows[bi].ttype || fa.Date == "" || fa.Date != fb.Date {
					continue
				}
				if fa.ReportingOrg == "" || fb.ReportingOrg == "" || fa.ReportingOrg == fb.ReportingOrg {
					continue // one publisher's transactions are its own
				}
				dropped[bi] = true
				s.doubles = append(s.doubles, DoubleReport{Counted: s.flows[ai].tie.ID, Dropped: s.flows[bi].tie.ID, Rule: RuleSameTransaction})
			}
		}
	}
	if len(s.doubles) == 0 {
		s.notes = append(s.notes, "no flow reported twice")
		return
	}
	kept := s.flows[:0]
	for i := range s.flows {
		if !dropped[i] {
			kept = append(kept, s.flows[i])
		}
	}
	s.flows = kept
	slices.SortFunc(s.doubles, func(a, b DoubleReport) int { return strings.Compare(a.Dropped, b.Dropped) })
	s.notes = append(s.notes, fmt.Sprintf("%d flows left out as second reports of money another flow carries (see duplicates)", len(s.doubles)))
}

func sortedMoneyKeys(m map[moneyKey][]int) []moneyKey {
	ks := make([]moneyKey, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b moneyKey) int {
		return cmp.Or(strings.Compare(a.from, b.from), strings.Compare(a.to, b.to), strings.Compare(a.currency, b.currency), cmp.Compare(a.cents, b.cents))
	})
	return ks
}

// netNewMoney returns, per selected flow, the fraction of its amount that
// is net new money (MethodNetNew), and how many flows it reduced.
func (s *flowSelection) netNewMoney() ([]float64, int) {
	type key struct{ activity, currency string }
	in := map[key]float64{}
	inCommit := map[key]float64{}
	out := map[key]float64{}
	outCommit := map[key]float64{}
	for _, f := range s.flows {
		a := f.tie.Funding.ActivityID
		if a == "" {
			continue
		}
		k := key{a, f.currency}
		switch f.ttype {
		case network.IncomingFunds:
			in[k] += f.amount
		case network.IncomingCommitment:
			inCommit[k] += f.amount
		case network.Disbursement, network.Expenditure:
			out[k] += f.amount
		case network.OutgoingCommitment:
			outCommit[k] += f.amount
		}
	}
	fracs := make([]float64, len(s.flows))
	reduced := 0
	for i, f := range s.flows {
		fracs[i] = 1
		a := f.tie.Funding.ActivityID
		if a == "" {
			continue
		}
		k := key{a, f.currency}
		var o, inc float64
		switch f.ttype {
		case network.Disbursement, network.Expenditure:
			o, inc = out[k], in[k]
		case network.OutgoingCommitment:
			o, inc = outCommit[k], max(inCommit[k], in[k])
		default:
			continue
		}
		if inc > 0 && o > 0 {
			fracs[i] = max(o-inc, 0) / o
			reduced++
		}
	}
	return fracs, reduced
}

// loadedScopes returns the complete scopes of the sources whose flows the
// snapshot holds.
func (x *gapIndex) loadedScopes(sources []network.DataSource) []network.CoverageScope {
	var out []network.CoverageScope
	for _, src := range sources {
		for _, d := range src.Datasets {
			if x.datasets[d] {
				out = append(out, src.Complete...)
				break
			}
		}
	}
	return out
}

// countryCovered reports whether a loaded scope reports every flow to
// country in the period for the donors asked.
func countryCovered(scopes []network.CoverageScope, o *GapOptions, country string) bool {
	for i := range scopes {
		if scopes[i].Covers(country, o.From, o.To, o.Donors) {
			return true
		}
	}
	return false
}

// groupCoverage returns the coverage of group key of a grouping with flows
// counted flows: FUNDED with flows, else NO_FUNDING when loaded sources
// cover it (a country; a region all of whose countries are covered), else
// NO_DATA.
func (x *gapIndex) groupCoverage(by GroupBy, key string, flows int, scopes []network.CoverageScope, o *GapOptions) Coverage {
	if flows > 0 {
		return Funded
	}
	if len(scopes) == 0 {
		return NoData
	}
	switch by {
	case GroupByCountry:
		if countryCovered(scopes, o, key) {
			return NoFunding
		}
	case GroupByRegion:
		n := 0
		for _, p := range x.snap.Places {
			if p == nil || p.Kind != network.Country || !slices.Contains(p.Regions, key) {
				continue
			}
			if !countryCovered(scopes, o, p.ID) {
				return NoData
			}
			n++
		}
		if n > 0 {
			return NoFunding
		}
	case GroupByRecipient:
		return x.actorCoverage(key, flows, scopes, o)
	}
	return NoData
}

// actorCoverage returns the coverage of the money reaching actor id: a
// state (GOVERNMENT with one country) is covered where its country is.
func (x *gapIndex) actorCoverage(id string, flows int, scopes []network.CoverageScope, o *GapOptions) Coverage {
	if flows > 0 {
		return Funded
	}
	a := x.actors[id]
	if a != nil && a.Kind == network.Government && len(a.Countries) == 1 && countryCovered(scopes, o, a.Countries[0]) {
		return NoFunding
	}
	return NoData
}
