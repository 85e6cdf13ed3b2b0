package network

import (
	"fmt"
	"math"
	"strings"
)

// maxReported is how many problems one validation error lists.
const maxReported = 20

// Validate checks every actor, tie and place in c and returns an EINVALID
// *Error that names each bad item and field, or nil. A nil change is
// invalid. It does not check that ties name known actors: a store does that
// against what it holds, with CheckEnds.
func (c *Change) Validate() error {
	if c == nil {
		return Errorf(EINVALID, "change is null")
	}
	var p problems
	// Where an item is named is formatted only when it has a problem: a
	// large import is mostly good items.
	seenActors := make(map[string]struct{}, len(c.Actors))
	for i, a := range c.Actors {
		if a == nil {
			p.add(itemWhere("actors", i, ""), "", "is null")
			continue
		}
		_, twice := seenActors[a.ID]
		seenActors[a.ID] = struct{}{}
		p.item("actors", i, a.ID, twice, a.validate())
	}
	seenTies := make(map[string]struct{}, len(c.Ties))
	for i, t := range c.Ties {
		if t == nil {
			p.add(itemWhere("ties", i, ""), "", "is null")
			continue
		}
		_, twice := seenTies[t.ID]
		seenTies[t.ID] = struct{}{}
		p.item("ties", i, t.ID, twice, t.validate())
	}
	seenPlaces := make(map[string]struct{}, len(c.Places))
	for i, pl := range c.Places {
		if pl == nil {
			p.add(itemWhere("places", i, ""), "", "is null")
			continue
		}
		_, twice := seenPlaces[pl.ID]
		seenPlaces[pl.ID] = struct{}{}
		p.item("places", i, pl.ID, twice, pl.validate())
	}
	return p.err()
}

// itemWhere names item i of a change's list, with its ID when it has one:
// "ties[3] (id "t1")".
func itemWhere(list string, i int, id string) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] (id %s)", list, i, shortQuote(id))
}

// item adds the problems of item i of list, whose ID appeared before in
// the list if twice.
func (p *problems) item(list string, i int, id string, twice bool, fps []fieldProblem) {
	if !twice && len(fps) == 0 {
		return
	}
	where := itemWhere(list, i, id)
	if twice {
		p.add(where, "id", "appears twice in one change")
	}
	p.check(where, fps)
}

// CheckEnds returns an EINVALID *Error that names every tie end in c that is
// neither one of c's actors nor known, or nil. known reports whether an actor
// is stored.
func (c *Change) CheckEnds(known func(id string) bool) error {
	inChange := make(map[string]bool, len(c.Actors))
	for _, a := range c.Actors {
		inChange[a.ID] = true
	}
	var p problems
	for i, t := range c.Ties {
		for _, end := range []struct{ field, id string }{{"from", t.From}, {"to", t.To}} {
			if !inChange[end.id] && !known(end.id) {
				p.add(fmt.Sprintf("ties[%d] (id %s)", i, shortQuote(t.ID)), end.field, fmt.Sprintf("%s is not a known actor", shortQuote(end.id)))
			}
		}
	}
	return p.err()
}

// fieldProblem is one bad field of one item.
type fieldProblem struct{ field, msg string }

// idProblems checks ids, by field name, with checkID.
func idProblems(ps []fieldProblem, ids ...string) []fieldProblem {
	for i := 0; i+1 < len(ids); i += 2 {
		if msg := checkID(ids[i+1]); msg != "" {
			ps = append(ps, fieldProblem{ids[i], msg})
		}
	}
	return ps
}

// nameProblems checks names, by field name, with checkName.
func nameProblems(ps []fieldProblem, names ...string) []fieldProblem {
	for i := 0; i+1 < len(names); i += 2 {
		if msg := checkName(names[i+1]); msg != "" {
			ps = append(ps, fieldProblem{names[i], msg})
		}
	}
	return ps
}

func (a *Actor) validate() []fieldProblem {
	var ps []fieldProblem
	if strings.TrimSpace(a.ID) == "" {
		ps = append(ps, fieldProblem{"id", "is empty"})
	} else {
		ps = idProblems(ps, "id", a.ID)
	}
	if strings.TrimSpace(a.Name) == "" {
		ps = append(ps, fieldProblem{"name", "is empty"})
	} else {
		ps = nameProblems(ps, "name", a.Name)
	}
	if a.Acronym != "" {
		ps = nameProblems(ps, "acronym", a.Acronym)
	}
	for i, alias := range a.Aliases {
		ps = nameProblems(ps, fmt.Sprintf("aliases[%d]", i), alias)
	}
	if !a.Kind.Valid() {
		ps = append(ps, fieldProblem{"kind", fmt.Sprintf("%q is not an actor kind", a.Kind)})
	}
	if !a.Scope.Valid() {
		ps = append(ps, fieldProblem{"scope", fmt.Sprintf("%q is not a scope", a.Scope)})
	}
	ps = append(ps, validateSources(a.Sources)...)
	return ps
}

func (t *Tie) validate() []fieldProblem {
	var ps []fieldProblem
	if strings.TrimSpace(t.ID) == "" {
		ps = append(ps, fieldProblem{"id", "is empty"})
	} else {
		ps = idProblems(ps, "id", t.ID)
	}
	if t.From != "" {
		ps = idProblems(ps, "from", t.From)
	}
	if t.To != "" {
		ps = idProblems(ps, "to", t.To)
	}
	if msg := checkLongText(t.Description); msg != "" {
		ps = append(ps, fieldProblem{"description", msg})
	}
	if !t.Kind.Valid() {
		ps = append(ps, fieldProblem{"kind", fmt.Sprintf("%q is not a tie kind", t.Kind)})
	}
	if t.From == "" {
		ps = append(ps, fieldProblem{"from", "is empty"})
	}
	if t.To == "" {
		ps = append(ps, fieldProblem{"to", "is empty"})
	}
	if t.From != "" && t.From == t.To {
		ps = append(ps, fieldProblem{"to", "is the same actor as from"})
	}
	if err := t.Since.Validate(); err != nil {
		ps = append(ps, fieldProblem{"since", err.Error()})
	}
	if err := t.Until.Validate(); err != nil {
		ps = append(ps, fieldProblem{"until", err.Error()})
	}
	if t.Since != "" && t.Until != "" && t.Until.Last() < t.Since.First() {
		ps = append(ps, fieldProblem{"until", "is before since"})
	}
	if math.IsNaN(t.Weight) || math.IsInf(t.Weight, 0) || t.Weight <= 0 {
		ps = append(ps, fieldProblem{"weight", fmt.Sprintf("%v is not a positive number", t.Weight)})
	}
	if t.Funding != nil && t.Kind != Funding {
		ps = append(ps, fieldProblem{"funding", "is set on a tie that is not FUNDING"})
	}
	if f := t.Funding; f != nil {
		if math.IsNaN(f.Amount) || math.IsInf(f.Amount, 0) {
			ps = append(ps, fieldProblem{"funding.amount", "is not a number"})
		}
		if len(f.Currency) != 3 || strings.ToUpper(f.Currency) != f.Currency {
			ps = append(ps, fieldProblem{"funding.currency", fmt.Sprintf("%q is not an ISO 4217 code", f.Currency)})
		}
		if err := f.Date.Validate(); err != nil {
			ps = append(ps, fieldProblem{"funding.date", err.Error()})
		}
	}
	ps = append(ps, validateSources(t.Sources)...)
	return ps
}

func (pl *Place) validate() []fieldProblem {
	var ps []fieldProblem
	if strings.TrimSpace(pl.ID) == "" {
		ps = append(ps, fieldProblem{"id", "is empty"})
	} else {
		ps = idProblems(ps, "id", pl.ID)
	}
	if strings.TrimSpace(pl.Name) == "" {
		ps = append(ps, fieldProblem{"name", "is empty"})
	} else {
		ps = nameProblems(ps, "name", pl.Name)
	}
	if pl.Kind != Country && pl.Kind != Region {
		ps = append(ps, fieldProblem{"kind", fmt.Sprintf("%q is not COUNTRY or REGION", pl.Kind)})
	}
	if pl.ISO3 != "" && (len(pl.ISO3) != 3 || strings.ToUpper(pl.ISO3) != pl.ISO3) {
		ps = append(ps, fieldProblem{"iso3", fmt.Sprintf("%q is not an ISO 3166-1 alpha-3 code", pl.ISO3)})
	}
	if (pl.Latitude == nil) != (pl.Longitude == nil) {
		ps = append(ps, fieldProblem{"latitude", "and longitude must be given together"})
	}
	if pl.Latitude != nil && !(*pl.Latitude >= -90 && *pl.Latitude <= 90) {
		ps = append(ps, fieldProblem{"latitude", fmt.Sprintf("%v is not in -90..90", *pl.Latitude)})
	}
	if pl.Longitude != nil && !(*pl.Longitude >= -180 && *pl.Longitude <= 180) {
		ps = append(ps, fieldProblem{"longitude", fmt.Sprintf("%v is not in -180..180", *pl.Longitude)})
	}
	if pl.Parent != "" && pl.Parent == pl.ID {
		ps = append(ps, fieldProblem{"parent", "is the place itself"})
	}
	return ps
}

func validateSources(sources []Source) []fieldProblem {
	if len(sources) == 0 {
		return []fieldProblem{{"sources", "is empty: a fact without a source is not loaded"}}
	}
	var ps []fieldProblem
	for i, s := range sources {
		if strings.TrimSpace(s.Title) == "" {
			ps = append(ps, fieldProblem{fmt.Sprintf("sources[%d].title", i), "is empty"})
		}
		if msg := checkLongText(s.Passage); msg != "" {
			ps = append(ps, fieldProblem{fmt.Sprintf("sources[%d].passage", i), msg})
		}
		if s.Passage == "" && s.Record == "" {
			ps = append(ps, fieldProblem{fmt.Sprintf("sources[%d]", i), "has neither a passage nor a record"})
		}
	}
	return ps
}

// problems collects validation problems into one error.
type problems struct {
	lines []string
	n     int
}

func (p *problems) add(where, field, msg string) {
	p.n++
	if len(p.lines) >= maxReported {
		return
	}
	if field != "" {
		where += ": " + field
	}
	p.lines = append(p.lines, where+" "+msg)
}

func (p *problems) check(where string, fps []fieldProblem) {
	for _, fp := range fps {
		p.add(where, fp.field, fp.msg)
	}
}

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	msg := strings.Join(p.lines, "; ")
	if p.n > len(p.lines) {
		msg += fmt.Sprintf("; and %d more", p.n-len(p.lines))
	}
	return Errorf(EINVALID, "%s", msg)
}
