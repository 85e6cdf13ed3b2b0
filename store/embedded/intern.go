package embedded

import "github.com/peacegraph/peacegraph/network"

// interner keeps one copy of each string that many items repeat: tie kinds,
// the IDs of tie ends (the actor's own ID string), and the titles, URLs,
// passages and dates of sources, the currencies and codes of funding flows.
// A decoded or imported item holds a string of its own for each of them;
// at 1,000,000 ties the repeats were about a sixth of the store's heap.
// Unique values (IDs, record ids) are not kept in it. An interner lives for
// one load or one write, so what it holds is dropped with it.
type interner map[string]string

// str returns the kept copy of s, keeping s when it is the first.
func (in interner) str(s string) string {
	if s == "" {
		return ""
	}
	if k, ok := in[s]; ok {
		return k
	}
	in[s] = s
	return s
}

// sources interns the repeated fields of each source, in place.
func (in interner) sources(list []network.Source) {
	for i := range list {
		s := &list[i]
		s.Title, s.URL, s.Passage, s.Retrieved = in.str(s.Title), in.str(s.URL), in.str(s.Passage), in.str(s.Retrieved)
	}
}

// actor interns a's kind, scope, places, themes and sources, in place.
func (in interner) actor(a *network.Actor) {
	a.Kind, a.Scope = network.ActorKind(in.str(string(a.Kind))), network.Scope(in.str(string(a.Scope)))
	for i, r := range a.Regions {
		a.Regions[i] = in.str(r)
	}
	for i, c := range a.Countries {
		a.Countries[i] = in.str(c)
	}
	for i, t := range a.Themes {
		a.Themes[i] = in.str(t)
	}
	for i := range a.Attributes {
		a.Attributes[i].Name = in.str(a.Attributes[i].Name)
	}
	in.sources(a.Sources)
}

// tie interns t's kind, dates, attribute names, funding codes and sources,
// in place, and its ends through end, which gives the actor's own ID
// string.
func (in interner) tie(t *network.Tie, end func(string) string) {
	t.Kind = network.TieKind(in.str(string(t.Kind)))
	t.From, t.To = end(t.From), end(t.To)
	t.Since, t.Until = network.Date(in.str(string(t.Since))), network.Date(in.str(string(t.Until)))
	for i := range t.Attributes {
		t.Attributes[i].Name = in.str(t.Attributes[i].Name)
	}
	if f := t.Funding; f != nil {
		f.Currency, f.Date = in.str(f.Currency), network.Date(in.str(string(f.Date)))
		f.TransactionType, f.RecipientCountry = in.str(f.TransactionType), in.str(f.RecipientCountry)
		f.RecipientRegion, f.ReportingOrg, f.Dataset = in.str(f.RecipientRegion), in.str(f.ReportingOrg), in.str(f.Dataset)
		for i := range f.Sectors {
			f.Sectors[i].Code = in.str(f.Sectors[i].Code)
		}
	}
	in.sources(t.Sources)
}
