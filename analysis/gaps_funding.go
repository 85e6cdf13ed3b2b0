package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// FundingGap is one group (a region, country, sector or actor kind) with
// the money it received and the partnership activity around it, and how
// far its funding lags its activity or need.
type FundingGap struct {
	Group string // place ID, DAC sector code or actor kind
	Name  string // place name, sector code or actor kind
	// Received is the money the group received per transaction type, and
	// Total the sum over the types, both per currency.
	Received []TypeMoney
	Total    []Money
	Flows    int // flows counted
	// Donors and Recipients count the distinct actors at either end of
	// the group's flows.
	Donors     int
	Recipients int
	// Actors is the number of actors in the group (see FundingGaps) and
	// Activity the number of partnership ties touching one of them.
	Actors   int
	Activity int
	// Need is the caller's need indicator for the group (HasNeed false
	// when none was given).
	Need    float64
	HasNeed bool
	// Currency is the ranking currency and Funding the group's total in it.
	Currency string
	Funding  float64
	// FundingShare, ActivityShare and NeedShare are the group's shares of
	// the totals over all groups (0..1).
	FundingShare  float64
	ActivityShare float64
	NeedShare     float64
	// Gap is ActivityShare (or NeedShare when a need is given) minus
	// FundingShare: how far funding lags. Results are ranked by it.
	Gap float64
	// Coverage tells a group without flows that no source covers
	// (NO_DATA) from one a source covers and that received nothing
	// (NO_FUNDING).
	Coverage Coverage
	// Ties are the IDs of the FUNDING ties counted, sorted; each carries
	// its sources.
	Ties []string
	// Duplicates are the second reports of the group's money left out,
	// with the report that counted.
	Duplicates []DoubleReport
	// Conversions are the amounts converted to the asked currency, per
	// currency and year, with the rate.
	Conversions []Conversion
	Explanation string
	Method      string
}

// gapGroup accumulates one group of FundingGaps or DonorConcentration.
type gapGroup struct {
	key       string
	received  []TypeMoney
	total     []Money
	flows     int
	donors    map[string][]Money // per donor, per currency
	recipient map[string]bool
	actors    map[string]bool
	ties      []string
	convs     []Conversion
}

func newGapGroup(key string) *gapGroup {
	return &gapGroup{key: key, donors: map[string][]Money{}, recipient: map[string]bool{}, actors: map[string]bool{}}
}

// netGrouping reports whether a grouping sums money where it lands
// (places and sectors), so that pass-through money is netted
// (MethodNetNew); per-recipient groupings count every hop.
func netGrouping(by GroupBy) bool {
	return by == GroupByRegion || by == GroupByCountry || by == GroupBySector
}

// duplicatesOf returns the double reports whose counted tie is in ties.
func (s *flowSelection) duplicatesOf(ties []string) []DoubleReport {
	var out []DoubleReport
	for _, d := range s.doubles {
		if _, ok := slices.BinarySearch(ties, d.Counted); ok {
			out = append(out, d)
		}
	}
	return out
}

// flowGroups returns the groups flow f counts in and the fraction of its
// amount each receives.
func (x *gapIndex) flowGroups(by GroupBy, f *flow) ([]string, []float64) {
	switch by {
	case GroupByRegion:
		return f.regions, ones(len(f.regions))
	case GroupByCountry:
		return f.countries, ones(len(f.countries))
	case GroupBySector:
		keys := make([]string, len(f.sectors))
		fracs := make([]float64, len(f.sectors))
		for i, s := range f.sectors {
			keys[i], fracs[i] = s.Code, s.Percentage
		}
		return keys, fracs
	case GroupByActorKind:
		if a := x.actors[f.to]; a != nil {
			return []string{string(a.Kind)}, []float64{1}
		}
	case GroupByRecipient:
		return []string{f.to}, []float64{1}
	}
	return nil, nil
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// actorGroups returns the groups actor a belongs to for activity: its
// places, or its kind; for sectors the codes among its Themes (recipients
// of a sector's flows are added by the caller).
func (x *gapIndex) actorGroups(by GroupBy, a *network.Actor) []string {
	switch by {
	case GroupByRegion:
		r, _ := x.actorPlaces(a)
		return r
	case GroupByCountry:
		_, c := x.actorPlaces(a)
		return c
	case GroupByActorKind:
		return []string{string(a.Kind)}
	case GroupBySector:
		return a.Themes
	}
	return nil
}

// groupName names group key for a reader.
func (x *gapIndex) groupName(by GroupBy, key string) string {
	switch by {
	case GroupByRegion, GroupByCountry:
		return x.placeName(key)
	case GroupByRecipient:
		return x.ref(key).Name
	}
	return key
}

// groupFlows adds every selected flow to its groups, each scaled by net
// (nil: whole).
func (x *gapIndex) groupFlows(by GroupBy, sel *flowSelection, groups map[string]*gapGroup, keep func(string) bool, net []float64) {
	for i := range sel.flows {
		f := &sel.flows[i]
		keys, fracs := x.flowGroups(by, f)
		scale := 1.0
		if net != nil {
			scale = net[i]
		}
		for k, key := range keys {
			if !keep(key) {
				continue
			}
			g := groups[key]
			if g == nil {
				g = newGapGroup(key)
				groups[key] = g
			}
			g.ties = append(g.ties, f.tie.ID)
			g.convs = addConversion(g.convs, f.conv, fracs[k]*scale)
			amount := f.amount * fracs[k] * scale
			g.received = addTypeMoney(g.received, f.ttype, f.currency, amount)
			g.total = addMoney(g.total, f.currency, amount)
			g.flows++
			g.donors[f.from] = addMoney(g.donors[f.from], f.currency, amount)
			g.recipient[f.to] = true
		}
	}
}

// keepGroup returns the test of which group keys a query reports: with a
// place filter, grouping by that kind of place reports only its places.
func keepGroup(by GroupBy, o *GapOptions) func(string) bool {
	switch {
	case by == GroupByRegion && len(o.Regions) > 0:
		return func(k string) bool { return slices.Contains(o.Regions, k) }
	case by == GroupByCountry && len(o.Countries) > 0:
		return func(k string) bool { return slices.Contains(o.Countries, k) }
	case by == GroupBySector && len(o.Sectors) > 0:
		return func(k string) bool { return sectorSelected(k, o.Sectors) }
	}
	return func(string) bool { return true }
}

// FundingGaps groups the selected funding and the partnership activity by
// opts.GroupBy (REGION when empty) and ranks the groups by how far their
// funding lags their activity, or their need when opts.Need is given.
//
// A flow counts for the places flowPlaces gives it (its recipient country
// or region when set, else its recipient's places), for its sectors split
// by percentage, or for its recipient's kind. A group's actors are the
// actors whose places (or kind, or Themes for sectors) fall in it, plus,
// for sectors, the recipients of its flows. Activity counts the
// partnership ties (opts.TieKinds, default ActivityTieKinds) active in
// the period with an end among the group's actors. Shares are of the
// funding (in the ranking currency) and activity that fall in some group;
// region and country groups may overlap, so their shares need not sum to
// 1. EINVALID for bad options.
func FundingGaps(ctx context.Context, snap *network.Snapshot, opts GapOptions) ([]FundingGap, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	by := opts.GroupBy
	if by == "" {
		by = GroupByRegion
	}
	switch by {
	case GroupByRegion, GroupByCountry, GroupBySector, GroupByActorKind:
	default:
		return nil, network.Errorf(network.EINVALID, "groupBy %q is not REGION, COUNTRY, SECTOR or ACTOR_KIND", by)
	}
	kinds := opts.TieKinds
	if len(kinds) == 0 {
		kinds = ActivityTieKinds
	}
	snap, note := opts.read(snap)
	x := newGapIndex(snap)
	sel := x.selectFlows(&opts)
	keep := keepGroup(by, &opts)
	groups := map[string]*gapGroup{}
	net, netNote := sel.netFor(by, opts.Sources)
	x.groupFlows(by, sel, groups, keep, net)
	scopes := x.loadedScopes(opts.Sources)

	// The group's actors.
	members := map[string][]string{} // actor ID -> groups
	for _, a := range snap.Actors {
		if a == nil || !x.actorInScope(&opts, a) {
			continue
		}
		for _, key := range x.actorGroups(by, a) {
			if keep(key) {
				members[a.ID] = append(members[a.ID], key)
			}
		}
	}
	if by == GroupBySector {
		for key, g := range groups {
			for id := range g.recipient {
				if !slices.Contains(members[id], key) {
					members[id] = append(members[id], key)
				}
			}
		}
	}
	for id, keys := range members {
		for _, key := range keys {
			g := groups[key]
			if g == nil {
				g = newGapGroup(key)
				groups[key] = g
			}
			g.actors[id] = true
		}
	}
	// Activity: each tie once per group it touches.
	activity := map[string]int{}
	allActivity := 0
	for _, t := range snap.Ties {
		if t == nil || !slices.Contains(kinds, t.Kind) || !opts.tieActive(t) {
			continue
		}
		touched := sortedSet(append(slices.Clone(members[t.From]), members[t.To]...))
		for _, key := range touched {
			activity[key]++
		}
		if len(touched) > 0 {
			allActivity++
		}
	}
	for key := range opts.Need {
		if keep(key) && groups[key] == nil {
			groups[key] = newGapGroup(key)
		}
	}

	// Totals over the groups: each flow's grouped amount once.
	allFunding := 0.0
	for i := range sel.flows {
		f := &sel.flows[i]
		if f.currency != sel.currency {
			continue
		}
		keys, fracs := x.flowGroups(by, f)
		part := 0.0
		for k, key := range keys {
			switch {
			case !keep(key):
			case by == GroupBySector:
				part += fracs[k]
			default:
				part = 1
			}
		}
		allFunding += f.amount * part * net[i]
	}
	allNeed := 0.0
	for key, v := range opts.Need {
		if keep(key) {
			allNeed += v
		}
	}
	useNeed := len(opts.Need) > 0

	out := make([]FundingGap, 0, len(groups))
	for key, g := range groups {
		r := FundingGap{
			Group: key, Name: x.groupName(by, key), Received: g.received, Total: g.total, Flows: g.flows,
			Donors: len(g.donors), Recipients: len(g.recipient), Actors: len(g.actors), Activity: activity[key],
			Currency: sel.currency, Funding: amountIn(g.total, sel.currency),
			Coverage: x.groupCoverage(by, key, g.flows, scopes, &opts), Ties: sortedSet(g.ties), Conversions: g.convs,
		}
		r.Duplicates = sel.duplicatesOf(r.Ties)
		r.Need, r.HasNeed = opts.Need[key]
		if allFunding > 0 {
			r.FundingShare = round9(r.Funding / allFunding)
		}
		if allActivity > 0 {
			r.ActivityShare = round9(float64(r.Activity) / float64(allActivity))
		}
		if allNeed > 0 {
			r.NeedShare = round9(r.Need / allNeed)
		}
		if useNeed {
			r.Gap = round9(r.NeedShare - r.FundingShare)
			r.Explanation = fmt.Sprintf("need share %.4f (%g of %g) minus funding share %.4f (%s of %.2f) = gap %.4f; %d partnership ties (share %.4f), %d donors, %d recipients",
				r.NeedShare, r.Need, allNeed, r.FundingShare, formatAmount(sel.currency, r.Funding), allFunding, r.Gap, r.Activity, r.ActivityShare, r.Donors, r.Recipients)
		} else {
			r.Gap = round9(r.ActivityShare - r.FundingShare)
			r.Explanation = fmt.Sprintf("activity share %.4f (%d of %d partnership ties) minus funding share %.4f (%s of %.2f) = gap %.4f; %d donors, %d recipients, received %s",
				r.ActivityShare, r.Activity, allActivity, r.FundingShare, formatAmount(sel.currency, r.Funding), allFunding, r.Gap, r.Donors, r.Recipients, formatMoney(r.Total))
		}
		if r.Funding == 0 && len(r.Total) > 0 {
			r.Explanation += fmt.Sprintf("; none of it in %s, so its funding share in %s is 0: ask convertTo to compare its money with the others'", sel.currency, sel.currency)
		}
		out = append(out, r)
	}
	lag := "activity share"
	if useNeed {
		lag = "need share"
	}
	method := sel.method(fmt.Sprintf("funding gaps by %s: gap = %s minus funding share; activity = %s ties active in the period touching the group's actors; a flow counts for its recipient country/region when it names one, else for its recipient's places; %s; %s",
		strings.ToLower(string(by)), lag, joinKinds(kinds), netNote, coverageMethod(scopes)))
	method = withNote(method, note)
	slices.SortFunc(out, func(a, b FundingGap) int {
		if c := cmp.Compare(b.Gap, a.Gap); c != 0 {
			return c
		}
		return strings.Compare(a.Group, b.Group)
	})
	out = top(out, opts.Top)
	for i := range out {
		out[i].Method = method
	}
	return out, nil
}

func joinKinds[K ~string](ks []K) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// DonorShare is one donor's part of a group's funding in one currency.
type DonorShare struct {
	Donor  ActorRef
	Amount float64
	Share  float64 // of the group's total in that currency, 0..1
}

// Concentration is how concentrated a recipient's (or group's) funding is
// on few donors.
type Concentration struct {
	Group string // recipient actor ID, place ID, sector code or actor kind
	Name  string
	// Totals is the group's funding per currency; Donors counts the
	// distinct donors in any currency.
	Totals []Money
	Donors int
	// Currency is the currency the index is computed in: opts.Currency,
	// else the ranking currency when the group has money in it, else the
	// group's largest currency.
	Currency string
	Total    float64 // in Currency
	// HHI is the Herfindahl-Hirschman index, the sum of the squared donor
	// shares in Currency: 1 when one donor gives everything, 1/n for n
	// equal donors.
	HHI      float64
	TopDonor ActorRef
	TopShare float64
	Shares   []DonorShare // largest first, ties by donor ID
	// Coverage is FUNDED: only groups with money are listed.
	Coverage Coverage
	// Ties, Duplicates and Conversions are as in FundingGap.
	Ties        []string
	Duplicates  []DoubleReport
	Conversions []Conversion
	// Explanation gives the numbers; Method how they were computed.
	Explanation string
	Method      string
}

// DonorConcentration returns, per recipient (opts.GroupBy RECIPIENT or
// empty) or per region, country, sector or recipient kind, the
// Herfindahl-Hirschman index over the donors' shares of its funding, the
// top donor and its share, the number of donors and the totals per
// currency; most concentrated first, ties by group. Donors whose net
// amount is not positive (reversals) are left out of the shares.
// EINVALID for bad options.
func DonorConcentration(ctx context.Context, snap *network.Snapshot, opts GapOptions) ([]Concentration, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	by := opts.GroupBy
	if by == "" {
		by = GroupByRecipient
	}
	switch by {
	case GroupByRecipient, GroupByRegion, GroupByCountry, GroupBySector, GroupByActorKind:
	default:
		return nil, network.Errorf(network.EINVALID, "groupBy %q is not RECIPIENT, REGION, COUNTRY, SECTOR or ACTOR_KIND", by)
	}
	x := newGapIndex(snap)
	sel := x.selectFlows(&opts)
	groups := map[string]*gapGroup{}
	net, netNote := sel.netFor(by, opts.Sources)
	x.groupFlows(by, sel, groups, keepGroup(by, &opts), net)
	out := make([]Concentration, 0, len(groups))
	for key, g := range groups {
		cur := opts.Currency
		if cur == "" {
			cur = sel.currency
			if amountIn(g.total, cur) <= 0 {
				best := Money{}
				for _, m := range g.total {
					if m.Amount > best.Amount {
						best = m
					}
				}
				cur = best.Currency
			}
		}
		c := Concentration{Group: key, Name: x.groupName(by, key), Totals: g.total, Donors: len(g.donors), Currency: cur,
			Coverage: Funded, Ties: sortedSet(g.ties), Conversions: g.convs}
		c.Duplicates = sel.duplicatesOf(c.Ties)
		for donor, ms := range g.donors {
			if a := amountIn(ms, cur); a > 0 {
				c.Shares = append(c.Shares, DonorShare{Donor: x.ref(donor), Amount: a})
				c.Total += a
			}
		}
		if len(c.Shares) == 0 {
			continue // nothing positive in the currency asked
		}
		slices.SortFunc(c.Shares, func(a, b DonorShare) int {
			if c := cmp.Compare(b.Amount, a.Amount); c != 0 {
				return c
			}
			return strings.Compare(a.Donor.ID, b.Donor.ID)
		})
		for i := range c.Shares {
			s := c.Shares[i].Amount / c.Total
			c.Shares[i].Share = round9(s)
			c.HHI += s * s
		}
		c.HHI = round9(c.HHI)
		c.TopDonor, c.TopShare = c.Shares[0].Donor, c.Shares[0].Share
		c.Explanation = fmt.Sprintf("HHI %.4f = sum of squared shares of %d donors in %s %.2f; top donor %s gives %.4f; totals %s",
			c.HHI, len(c.Shares), cur, c.Total, c.TopDonor.ID, c.TopShare, formatMoney(c.Totals))
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Concentration) int {
		if c := cmp.Compare(b.HHI, a.HHI); c != 0 {
			return c
		}
		return strings.Compare(a.Group, b.Group)
	})
	out = top(out, opts.Top)
	method := sel.method(fmt.Sprintf("donor concentration by %s: Herfindahl-Hirschman index = sum over donors of (donor amount / group total)^2 in one currency, 0..1; %s", strings.ToLower(string(by)), netNote))
	for i := range out {
		out[i].Method = method
	}
	return out, nil
}

// ExactBetweennessLimit is the most nodes for which UnderfundedBrokers
// computes exact betweenness when opts.Samples is 0.
const ExactBetweennessLimit = 5000

// DefaultBrokerSamples is the number of sources UnderfundedBrokers samples
// above ExactBetweennessLimit.
const DefaultBrokerSamples = 256

// UnderfundedBroker is an actor central in the partnership network but low
// in funding received.
type UnderfundedBroker struct {
	Actor ActorRef
	// Betweenness is normalized as NetworkX does; BetweennessPercentile
	// and FundingPercentile are mid-rank percentiles (0..1) among the
	// projection's actors.
	Betweenness           float64
	BetweennessPercentile float64
	// Received is the funding the actor received per currency; Funding is
	// the amount in Currency, the ranking currency.
	Received          []Money
	Currency          string
	Funding           float64
	FundingPercentile float64
	// Score is BetweennessPercentile minus FundingPercentile.
	Score float64
	// Coverage tells an actor no flow reached because no source covers
	// it (NO_DATA) from one a source covers (NO_FUNDING).
	Coverage    Coverage
	Explanation string
	Method      string
}

// UnderfundedBrokers ranks the actors of proj by betweenness percentile
// minus funding-received percentile, highest first (ties by ID), keeping
// actors with positive betweenness. Betweenness is opts.Betweenness when
// given, else computed over proj (exact, or sampled above
// ExactBetweennessLimit nodes, see GapOptions.Samples). Funding received
// is what the selected flows of snap bring to each actor, in the ranking
// currency. EINVALID for bad options or a Betweenness of another
// projection.
func UnderfundedBrokers(ctx context.Context, snap *network.Snapshot, proj *Projection, opts GapOptions) ([]UnderfundedBroker, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	bc := opts.Betweenness
	if bc == nil {
		bo := BetweennessOptions{Seed: opts.Seed}
		switch {
		case opts.Samples > 0:
			bo.Samples = opts.Samples
		case opts.Samples == 0 && proj.N() > ExactBetweennessLimit:
			bo.Samples = DefaultBrokerSamples
		}
		var err error
		if bc, err = Betweenness(ctx, proj, bo); err != nil {
			return nil, err
		}
	} else if !slices.Equal(bc.IDs, proj.IDs()) {
		return nil, network.Errorf(network.EINVALID, "betweenness is not over the projection's actors")
	}
	x := newGapIndex(snap)
	sel := x.selectFlows(&opts)
	received := make([][]Money, proj.N())
	nflows := make([]int, proj.N())
	for i := range sel.flows {
		f := &sel.flows[i]
		if v := proj.Index(f.to); v >= 0 {
			received[v] = addMoney(received[v], f.currency, f.amount)
			nflows[v]++
		}
	}
	scopes := x.loadedScopes(opts.Sources)
	funding := make([]float64, proj.N())
	for i := range funding {
		funding[i] = amountIn(received[i], sel.currency)
	}
	bp, fp := percentiles(bc.Values), percentiles(funding)
	var out []UnderfundedBroker
	for i, id := range proj.IDs() {
		if !(bc.Values[i] > 0) {
			continue
		}
		r := UnderfundedBroker{Actor: x.ref(id), Betweenness: bc.Values[i], BetweennessPercentile: round9(bp[i]),
			Received: received[i], Currency: sel.currency, Funding: funding[i], FundingPercentile: round9(fp[i]),
			Coverage: x.actorCoverage(id, nflows[i], scopes, &opts)}
		r.Score = round9(r.BetweennessPercentile - r.FundingPercentile)
		r.Explanation = fmt.Sprintf("betweenness %.6f (percentile %.4f) minus funding %s (percentile %.4f) = %.4f",
			r.Betweenness, r.BetweennessPercentile, formatAmount(r.Currency, r.Funding), r.FundingPercentile, r.Score)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b UnderfundedBroker) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Actor.ID, b.Actor.ID)
	})
	out = top(out, opts.Top)
	m := bc.Method
	bm := fmt.Sprintf("%s, normalization %s, weight %s, directed %v", m.Algorithm, m.Normalization, m.Weight, m.Directed)
	if !m.Exact {
		bm += fmt.Sprintf(", estimated from %d sampled sources (seed %d)", m.Samples, m.Seed)
	}
	method := sel.method("under-funded brokers: score = betweenness percentile minus funding percentile over the projection's " +
		fmt.Sprint(proj.N()) + " actors (mid-rank percentiles); " + bm + "; each flow counts for its own recipient; " + coverageMethod(scopes))
	for i := range out {
		out[i].Method = method
	}
	return out, nil
}

// UnfundedPartnership is an agreement between two actors neither of which
// received funding in the period.
type UnfundedPartnership struct {
	Tie      *network.Tie
	From, To ActorRef
	// FromReceived and ToReceived are the funding each end received in
	// the period per currency (empty: none), from FromFlows and ToFlows
	// flows (zero).
	FromReceived, ToReceived []Money
	FromFlows, ToFlows       int
	// FromCoverage and ToCoverage say whether a source covers each end
	// (NO_FUNDING) or none does (NO_DATA); Coverage is NO_FUNDING when
	// both ends are covered, else NO_DATA.
	Coverage, FromCoverage, ToCoverage Coverage
	Explanation                        string
	Method                             string
}

// UnfundedPartnerships returns the partnership ties (opts.TieKinds, default
// MOU and PARTNERSHIP) active in the period, with an end in the selected
// places, such that no selected flow reaches either end: funding received
// is what FUNDING ties bring to an actor (as recipient), per the
// transaction types, period and sectors of opts. Ordered by tie ID.
// EINVALID for bad options.
func UnfundedPartnerships(ctx context.Context, snap *network.Snapshot, opts GapOptions) ([]UnfundedPartnership, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kinds := opts.TieKinds
	if len(kinds) == 0 {
		kinds = AgreementTieKinds
	}
	x := newGapIndex(snap)
	// Flows reach an actor wherever they are spent, so the place filter
	// selects partnerships, not flows.
	fo := opts
	fo.Regions, fo.Countries = nil, nil
	sel := x.selectFlows(&fo)
	received := map[string][]Money{}
	flows := map[string]int{}
	for i := range sel.flows {
		f := &sel.flows[i]
		received[f.to] = addMoney(received[f.to], f.currency, f.amount)
		flows[f.to]++
	}
	inScope := func(id string) bool {
		a := x.actors[id]
		return a != nil && x.actorInScope(&opts, a)
	}
	scopes := x.loadedScopes(fo.Sources)
	var out []UnfundedPartnership
	for _, t := range snap.Ties {
		if t == nil || !slices.Contains(kinds, t.Kind) || !opts.tieActive(t) || !inScope(t.From) && !inScope(t.To) {
			continue
		}
		if flows[t.From] > 0 || flows[t.To] > 0 {
			continue
		}
		u := UnfundedPartnership{Tie: t, From: x.ref(t.From), To: x.ref(t.To),
			FromCoverage: x.actorCoverage(t.From, 0, scopes, &fo), ToCoverage: x.actorCoverage(t.To, 0, scopes, &fo), Coverage: NoData}
		if u.FromCoverage == NoFunding && u.ToCoverage == NoFunding {
			u.Coverage = NoFunding
		}
		u.Explanation = fmt.Sprintf("%s %s-%s: %s received 0 flows (%s), %s received 0 flows (%s)", t.Kind, t.From, t.To, t.From, u.FromCoverage, t.To, u.ToCoverage)
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b UnfundedPartnership) int { return network.CompareTies(a.Tie, b.Tie) })
	out = top(out, opts.Top)
	method := sel.method("unfunded partnerships: " + joinKinds(kinds) + " ties active in the period whose ends received no selected flow; " + coverageMethod(scopes))
	for i := range out {
		out[i].Method = method
	}
	return out, nil
}

// netFor applies, for a grouping that sums money where it lands, the
// statistical-total rule (supersede) and returns the net-new-money
// fractions of the selected flows (all 1 where a grouping counts every
// hop) with a note of both rules' effect.
func (s *flowSelection) netFor(by GroupBy, sources []network.DataSource) ([]float64, string) {
	if !netGrouping(by) {
		return ones(len(s.flows)), "pass-through money counted once per hop: each flow counts for its own recipient"
	}
	n := s.supersede(sources)
	fracs, reduced := s.netNewMoney()
	return fracs, fmt.Sprintf("%s (%d flows left out); %s (%d flows reduced)", MethodStatistical, n, MethodNetNew, reduced)
}

// coverageMethod says which complete scopes decide NO_FUNDING.
func coverageMethod(scopes []network.CoverageScope) string {
	if len(scopes) == 0 {
		return "no loaded source reports every flow of any scope, so a group without flows is NO_DATA"
	}
	parts := make([]string, len(scopes))
	for i, sc := range scopes {
		donors := "every donor"
		if len(sc.Donors) > 0 {
			donors = "donors " + strings.Join(sc.Donors, ", ")
		}
		parts[i] = fmt.Sprintf("%s to %d recipient countries, %s-%s", donors, len(sc.Countries), sc.From, sc.To)
	}
	return "a group without flows is NO_FUNDING where a loaded source reports every flow (" + strings.Join(parts, "; ") + ") for the donors asked, else NO_DATA"
}
