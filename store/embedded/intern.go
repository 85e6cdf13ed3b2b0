package embedded

import "github.com/peacegraph/peacegraph/network"

// interner keeps one copy of each string that many items repeat: tie kinds,
// dates and descriptions, the IDs of tie ends (the actor's own ID string),
// attribute names and values, the currencies and codes of funding flows.
// (Sources are not held in memory: see sourceFill.)
// A decoded or imported item holds a string of its own for each of them;
// at 1,000,000 ties the repeats were about a sixth of the store's heap.
// Unique values (IDs, activity IDs) are not kept in it. An interner lives for
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

// attributes interns the names and values of list, in place.
func (in interner) attributes(list []network.Attribute) {
	for i := range list {
		list[i].Name, list[i].Value = in.str(list[i].Name), in.str(list[i].Value)
	}
}

// actor interns a's kind, scope, places, themes and attributes, in place.
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
	in.attributes(a.Attributes)
}

// tie interns t's kind, dates, description, attributes and funding codes,
// in place, and its ends through end, which gives the actor's own ID
// string.
func (in interner) tie(t *network.Tie, end func(string) string) {
	t.Kind = network.TieKind(in.str(string(t.Kind)))
	t.From, t.To = end(t.From), end(t.To)
	t.Since, t.Until = network.Date(in.str(string(t.Since))), network.Date(in.str(string(t.Until)))
	t.Description = in.str(t.Description)
	in.attributes(t.Attributes)
	if f := t.Funding; f != nil {
		f.Currency, f.Date = in.str(f.Currency), network.Date(in.str(string(f.Date)))
		f.TransactionType, f.RecipientCountry = in.str(f.TransactionType), in.str(f.RecipientCountry)
		f.RecipientRegion, f.ReportingOrg, f.Dataset = in.str(f.RecipientRegion), in.str(f.ReportingOrg), in.str(f.Dataset)
		for i := range f.Sectors {
			f.Sectors[i].Code = in.str(f.Sectors[i].Code)
		}
	}
}
