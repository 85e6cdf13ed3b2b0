// Package synthetic generates synthetic peacebuilding networks for tests and
// benchmarks: actors of every kind in realistic proportions, heavy-tailed
// degrees by preferential attachment, and a mix of memberships,
// partnerships and funding flows in two currencies. Everything it makes is
// marked synthetic: IDs start with "syn-", names with "Synthetic", actors
// are Imported, and every source names the generator, the seed and the item.
// The same Options always give the same network.
package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/peacegraph/peacegraph/network"
)

// SourceTitle is the title of the source every synthetic fact carries.
const SourceTitle = "peacegraph synthetic network generator"

// IDPrefix starts the ID of every synthetic actor, tie and region.
const IDPrefix = "syn-"

// Options says how large a network to make and from which seed.
type Options struct {
	Actors int // at least MinActors
	Ties   int // at least 0
	Seed   int64
}

// MinActors is the fewest actors Generate makes: enough for every kind.
const MinActors = 20

// kindShare is an actor kind and its share of the actors, in percent:
// many civil-society and government actors, fewer UN entities, regional
// organizations, donors and financial institutions.
var kindShares = []struct {
	kind  network.ActorKind
	share int
	label string
}{
	{network.CivilSociety, 38, "Civil Society"},
	{network.Government, 22, "Government"},
	{network.Programme, 9, "Programme"},
	{network.Research, 8, "Research Institute"},
	{network.UNEntity, 6, "UN Entity"},
	{network.Donor, 6, "Donor"},
	{network.OtherActor, 5, "Other Body"},
	{network.RegionalOrganization, 4, "Regional Organization"},
	{network.FinancialInstitution, 2, "Financial Institution"},
}

// regions are the synthetic regions and the ISO 3166-1 codes of the
// countries that lie in them.
var regions = []struct {
	id, name  string
	countries []string
}{
	{"west-africa", "West Africa", []string{"BF", "CI", "GH", "GN", "LR", "ML", "NE", "NG", "SL", "SN"}},
	{"sahel", "Sahel", []string{"BF", "ML", "NE", "TD", "MR"}},
	{"horn-of-africa", "Horn of Africa", []string{"DJ", "ER", "ET", "KE", "SO", "SS", "SD"}},
	{"great-lakes-region", "Great Lakes", []string{"BI", "CD", "RW", "UG", "TZ"}},
	{"south-caucasus", "South Caucasus", []string{"AM", "AZ", "GE"}},
	{"pacific", "Pacific", []string{"FJ", "PG", "SB", "VU", "WS", "TO"}},
	{"caribbean", "Caribbean", []string{"HT", "JM", "TT", "DO", "BB"}},
	{"latin-america", "Latin America", []string{"CO", "GT", "HN", "NI", "PA", "PY", "VE", "AR"}},
	{"southeast-asia", "Southeast Asia", []string{"MM", "PH", "ID", "TH", "KH", "TL"}},
}

// sectors are DAC 5-digit codes of sectors 151 (government and civil
// society) and 152 (conflict, peace and security).
var sectors = []string{"15110", "15111", "15112", "15113", "15130", "15150", "15151", "15152",
	"15153", "15160", "15170", "15180", "15190", "15210", "15220", "15230", "15240", "15250", "15261"}

// Partnership kinds, in the proportions Generate draws them.
var partnershipKinds = []network.TieKind{network.Partnership, network.Partnership, network.Partnership,
	network.Support, network.Support, network.Dialogue, network.Dialogue, network.MOU, network.Collaboration}

// transactionTypes in the proportions Generate draws them: mostly
// disbursements, then expenditures and commitments, a few incoming funds.
var transactionTypes = []string{network.Disbursement, network.Disbursement, network.Disbursement,
	network.Disbursement, network.Disbursement, network.Expenditure, network.Expenditure,
	network.OutgoingCommitment, network.OutgoingCommitment, network.IncomingFunds}

// generator holds the state of one Generate call.
type generator struct {
	opts   Options
	rng    *rand.Rand
	change *network.Change
	item   int
	// urn holds each actor index once plus once per tie end it has, so
	// that drawing from it is preferential attachment (degree + 1).
	urn       []int32
	funderUrn []int32
	byRegion  map[string][]int32 // regional organizations by region
	region    []string           // region of each actor, "" when global
	kinds     []network.ActorKind
}

// Generate returns a synthetic network of opts.Actors actors and opts.Ties
// ties, with the REGION and COUNTRY places they name, that passes
// Change.Validate. EINVALID if opts.Actors < MinActors or opts.Ties < 0.
func Generate(opts Options) (*network.Change, error) {
	if opts.Actors < MinActors {
		return nil, network.Errorf(network.EINVALID, "synthetic: actors %d is fewer than %d", opts.Actors, MinActors)
	}
	if opts.Ties < 0 {
		return nil, network.Errorf(network.EINVALID, "synthetic: ties %d is negative", opts.Ties)
	}
	g := &generator{
		opts:     opts,
		rng:      rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed5eed5eed5eed)),
		change:   &network.Change{},
		byRegion: map[string][]int32{},
	}
	g.addPlaces()
	g.addActors()
	g.addTies()
	if err := g.change.Validate(); err != nil {
		return nil, err
	}
	return g.change, nil
}

// source returns the source of the next item and counts it.
func (g *generator) source() []network.Source {
	s := network.Source{Title: SourceTitle, Record: fmt.Sprintf("seed=%d item=%d", g.opts.Seed, g.item)}
	g.item++
	return []network.Source{s}
}

func (g *generator) addPlaces() {
	countryRegions := map[string][]string{}
	var order []string
	for _, r := range regions {
		g.change.Places = append(g.change.Places, &network.Place{
			ID: r.id, Name: "Synthetic " + r.name, Kind: network.Region, Sources: g.source()})
		for _, c := range r.countries {
			if countryRegions[c] == nil {
				order = append(order, c)
			}
			countryRegions[c] = append(countryRegions[c], r.id)
		}
	}
	for _, c := range order {
		g.change.Places = append(g.change.Places, &network.Place{
			ID: c, Name: "Synthetic Country " + c, Kind: network.Country, Regions: countryRegions[c], Sources: g.source()})
	}
}

// counts splits n actors over the kinds by kindShares, at least one each.
func counts(n int) []int {
	out := make([]int, len(kindShares))
	total := 0
	for i, k := range kindShares {
		out[i] = max(1, n*k.share/100)
		total += out[i]
	}
	out[0] += n - total // civil society takes the rounding
	return out
}

func (g *generator) addActors() {
	n := g.opts.Actors
	g.region = make([]string, 0, n)
	g.kinds = make([]network.ActorKind, 0, n)
	g.urn = make([]int32, 0, n+2*g.opts.Ties)
	for ki, c := range counts(n) {
		k := kindShares[ki]
		for j := 1; j <= c; j++ {
			idx := int32(len(g.change.Actors))
			a := &network.Actor{
				ID:       fmt.Sprintf("%s%s-%d", IDPrefix, slug(k.label), j),
				Name:     fmt.Sprintf("Synthetic %s %d", k.label, j),
				Kind:     k.kind,
				Imported: true,
				Sources:  g.source(),
			}
			region := ""
			switch k.kind {
			case network.UNEntity, network.Donor, network.FinancialInstitution:
				a.Scope = network.Global
				if k.kind == network.UNEntity && g.rng.IntN(10) < 3 {
					region = regions[g.rng.IntN(len(regions))].id
					a.Scope, a.Regions = network.Regional, []string{region}
				}
				g.funderUrn = append(g.funderUrn, idx)
			case network.RegionalOrganization:
				// Spread organizations over the regions first.
				region = regions[(j-1)%len(regions)].id
				a.Scope, a.Regions = network.Regional, []string{region}
				g.byRegion[region] = append(g.byRegion[region], idx)
			default:
				r := regions[g.rng.IntN(len(regions))]
				region = r.id
				if k.kind != network.Research && g.rng.IntN(4) > 0 {
					a.Scope, a.Countries = network.National, []string{r.countries[g.rng.IntN(len(r.countries))]}
				} else {
					a.Scope, a.Regions = network.Regional, []string{region}
				}
			}
			g.change.Actors = append(g.change.Actors, a)
			g.region = append(g.region, region)
			g.kinds = append(g.kinds, k.kind)
			g.urn = append(g.urn, idx)
		}
	}
}

func slug(label string) string {
	b := []byte(label)
	for i, c := range b {
		switch {
		case c == ' ':
			b[i] = '-'
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// pick draws from urn, preferring actors with more ties.
func (g *generator) pick(urn []int32) int32 { return urn[g.rng.IntN(len(urn))] }

// attach records a new tie end at actor i.
func (g *generator) attach(i int32) {
	g.urn = append(g.urn, i)
	switch g.kinds[i] {
	case network.UNEntity, network.Donor, network.FinancialInstitution:
		g.funderUrn = append(g.funderUrn, i)
	}
}

func (g *generator) addTies() {
	g.change.Ties = make([]*network.Tie, 0, g.opts.Ties)
	for n := 0; n < g.opts.Ties; n++ {
		var from, to int32 = -1, -1
		var t *network.Tie
		switch r := g.rng.IntN(100); {
		case r < 10:
			from, to, t = g.membership()
		case r < 40:
			from, to, t = g.funding()
		}
		if t == nil {
			from, to, t = g.partnership()
		}
		t.ID = fmt.Sprintf("%stie-%d", IDPrefix, n+1)
		t.From, t.To = g.change.Actors[from].ID, g.change.Actors[to].ID
		t.Weight = 1
		t.Sources = g.source()
		g.attach(from)
		g.attach(to)
		g.change.Ties = append(g.change.Ties, t)
	}
}

// membership is a government joining a regional organization of its
// region (any organization when its region has none); nil when the drawn
// actor is not a government.
func (g *generator) membership() (int32, int32, *network.Tie) {
	from := g.pick(g.urn)
	if g.kinds[from] != network.Government {
		return -1, -1, nil
	}
	orgs := g.byRegion[g.region[from]]
	if len(orgs) == 0 {
		for _, r := range regions {
			orgs = append(orgs, g.byRegion[r.id]...)
		}
	}
	to := orgs[g.rng.IntN(len(orgs))]
	return from, to, &network.Tie{Kind: network.Membership,
		Description: "synthetic membership of a state in a regional organization"}
}

// funding is money from a donor, financial institution or UN entity to an
// actor that is none of those (or to a UN entity, as pooled funds are):
// a lognormal amount in USD or EUR, one or two DAC sectors, a date.
func (g *generator) funding() (int32, int32, *network.Tie) {
	from := g.pick(g.funderUrn)
	to := g.pick(g.urn)
	for tries := 0; to == from || g.isFunder(to) && g.kinds[to] != network.UNEntity; tries++ {
		if tries == 8 {
			return -1, -1, nil
		}
		to = g.pick(g.urn)
	}
	f := &network.FundingFlow{
		// Median about 250,000; sigma 1.5 gives a long right tail.
		Amount:          math.Round(math.Exp(math.Log(250_000) + 1.5*g.rng.NormFloat64())),
		Currency:        "USD",
		Date:            network.Date(fmt.Sprintf("%d-%02d-%02d", 2012+g.rng.IntN(13), 1+g.rng.IntN(12), 1+g.rng.IntN(28))),
		TransactionType: transactionTypes[g.rng.IntN(len(transactionTypes))],
		ActivityID:      fmt.Sprintf("%sactivity-%d", IDPrefix, g.rng.IntN(1+g.opts.Ties/4)),
	}
	if g.rng.IntN(5) == 0 {
		f.Currency = "EUR"
	}
	first := sectors[g.rng.IntN(len(sectors))]
	if second := sectors[g.rng.IntN(len(sectors))]; second != first && g.rng.IntN(3) == 0 {
		p := float64(10 * (1 + g.rng.IntN(9)))
		f.Sectors = []network.SectorShare{{Code: first, Percentage: p}, {Code: second, Percentage: 100 - p}}
	} else {
		f.Sectors = []network.SectorShare{{Code: first, Percentage: 100}}
	}
	if cs := g.change.Actors[to].Countries; len(cs) > 0 && g.rng.IntN(2) == 0 {
		f.RecipientCountry = cs[0]
	}
	return from, to, &network.Tie{Kind: network.Funding, Since: f.Date, Until: f.Date, Funding: f,
		Description: "synthetic funding flow"}
}

func (g *generator) isFunder(i int32) bool {
	switch g.kinds[i] {
	case network.UNEntity, network.Donor, network.FinancialInstitution:
		return true
	}
	return false
}

// partnership is an MOU, partnership, dialogue, support or collaboration
// between two actors drawn by preferential attachment, mostly within one
// region, with a start year and sometimes an end.
func (g *generator) partnership() (int32, int32, *network.Tie) {
	from := g.pick(g.urn)
	to := g.pick(g.urn)
	for tries := 0; to == from || tries < 3 && g.region[to] != "" && g.region[from] != "" && g.region[to] != g.region[from]; tries++ {
		to = g.pick(g.urn)
		if tries > 50 {
			to = int32(g.rng.IntN(len(g.kinds)))
		}
	}
	t := &network.Tie{Kind: partnershipKinds[g.rng.IntN(len(partnershipKinds))],
		Description: "synthetic partnership"}
	since := 2008 + g.rng.IntN(16)
	t.Since = network.Date(strconv.Itoa(since))
	if g.rng.IntN(10) < 3 {
		t.Until = network.Date(strconv.Itoa(since + 1 + g.rng.IntN(5)))
	}
	return from, to, t
}
