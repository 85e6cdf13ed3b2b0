package seed_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// The six organizations whose members the seed network holds, by COW IGO
// short name, with their actor IDs.
var organizations = map[string]string{
	"AU": "au", "ECOWAS": "ecowas", "OAS": "oas", "ASEAN": "asean", "PIF": "pif", "CARICOM": "caricom",
}

// MustChange returns the seed network or fails the test.
func MustChange(tb testing.TB) *network.Change {
	tb.Helper()
	c, err := seed.Change()
	if err != nil {
		tb.Fatalf("seed.Change: %v", err)
	}
	return c
}

// MustReadNote returns the committed copy of the meeting note.
func MustReadNote(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("data", "note.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// MustReadCSV returns the rows of a committed CSV file in seed/data, each as
// a map from column name to value.
func MustReadCSV(tb testing.TB, name string) []map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("data", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = row[i]
		}
		out = append(out, m)
	}
	return out
}

// fullMemberRows returns the rows of the membership copy that are full
// memberships of the six organizations.
func fullMemberRows(tb testing.TB) []map[string]string {
	tb.Helper()
	var out []map[string]string
	for _, r := range MustReadCSV(tb, "cow_igo_v3_memberships_2014.csv") {
		if organizations[r["ioname"]] != "" && r["status_label"] == "full" {
			out = append(out, r)
		}
	}
	return out
}

// membershipRecord is the Source record of a membership row.
func membershipRecord(r map[string]string) string {
	return r["ioname"] + "," + r["year"] + ",ccode=" + r["ccode"] + "," + r["stateabb"]
}

// index holds the seed network by ID.
type index struct {
	actors map[string]*network.Actor
	ties   map[string]*network.Tie
	places map[string]*network.Place
}

func newIndex(tb testing.TB, c *network.Change) *index {
	tb.Helper()
	ix := &index{map[string]*network.Actor{}, map[string]*network.Tie{}, map[string]*network.Place{}}
	for _, a := range c.Actors {
		if ix.actors[a.ID] != nil {
			tb.Errorf("actor %q appears twice", a.ID)
		}
		ix.actors[a.ID] = a
	}
	for _, t := range c.Ties {
		if ix.ties[t.ID] != nil {
			tb.Errorf("tie %q appears twice", t.ID)
		}
		ix.ties[t.ID] = t
	}
	for _, p := range c.Places {
		if ix.places[p.ID] != nil {
			tb.Errorf("place %q appears twice", p.ID)
		}
		ix.places[p.ID] = p
	}
	return ix
}

// find returns the ties of kind between from and to (either way round for a
// symmetric kind).
func (ix *index) find(kind network.TieKind, from, to string) []*network.Tie {
	var out []*network.Tie
	for _, t := range ix.ties {
		if t.Kind != kind {
			continue
		}
		if (t.From == from && t.To == to) || (kind.Symmetric() && t.From == to && t.To == from) {
			out = append(out, t)
		}
	}
	return out
}

func TestChange(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := MustChange(t)
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if len(c.Actors) == 0 || len(c.Ties) == 0 || len(c.Places) == 0 {
			t.Fatalf("got %d actors, %d ties, %d places: want some of each", len(c.Actors), len(c.Ties), len(c.Places))
		}
	})

	t.Run("FreshCopy", func(t *testing.T) {
		a := MustChange(t)
		a.Actors[0].Name = "changed"
		a.Ties[0].Sources[0].Passage = "changed"
		b := MustChange(t)
		if got := b.Actors[0].Name; got == "changed" {
			t.Errorf("second Change sees the first caller's edit of an actor name")
		}
		if got := b.Ties[0].Sources[0].Passage; got == "changed" {
			t.Errorf("second Change sees the first caller's edit of a source")
		}
	})

	t.Run("NoDanglingEnds", func(t *testing.T) {
		ix := newIndex(t, MustChange(t))
		for _, tie := range ix.ties {
			for _, end := range []string{tie.From, tie.To} {
				if ix.actors[end] == nil {
					t.Errorf("tie %q names unknown actor %q", tie.ID, end)
				}
			}
		}
	})

	t.Run("Places", func(t *testing.T) {
		ix := newIndex(t, MustChange(t))
		for _, a := range ix.actors {
			for _, r := range a.Regions {
				if p := ix.places[r]; p == nil || p.Kind != network.Region {
					t.Errorf("actor %q: region %q is not a REGION place", a.ID, r)
				}
			}
			for _, cc := range a.Countries {
				if p := ix.places[cc]; p == nil || p.Kind != network.Country {
					t.Errorf("actor %q: country %q is not a COUNTRY place", a.ID, cc)
				}
			}
			if a.Kind == network.Government {
				if got, want := a.ID, "state-"+strings.ToLower(strings.Join(a.Countries, "")); got != want || len(a.Countries) != 1 {
					t.Errorf("state %q: countries %v: want one country and ID %q", a.ID, a.Countries, want)
				}
				if got, want := a.Identifier(network.SchemeISO3166), strings.Join(a.Countries, ""); got != want {
					t.Errorf("state %q: ISO3166 identifier %q, want %q", a.ID, got, want)
				}
				if a.Identifier(network.SchemeCOWState) == "" {
					t.Errorf("state %q has no COW_STATE identifier", a.ID)
				}
			}
		}
		for _, p := range ix.places {
			if p.Kind == network.Country && ix.actors["state-"+strings.ToLower(p.ID)] == nil {
				t.Errorf("country place %q has no state actor", p.ID)
			}
			if len(p.Sources) == 0 {
				t.Errorf("place %q has no source", p.ID)
			}
			if p.Kind == network.Country && (len(p.ISO3) != 3 || p.Latitude == nil || p.Longitude == nil || len(p.Regions) == 0) {
				t.Errorf("country %q: iso3 %q, centroid %v,%v, regions %v: want all", p.ID, p.ISO3, p.Latitude, p.Longitude, p.Regions)
			}
			for _, r := range p.Regions {
				if q := ix.places[r]; q == nil || q.Kind != network.Region {
					t.Errorf("place %q: region %q is not a REGION place", p.ID, r)
				}
			}
			// A region's parents lead to a top region without a cycle.
			seen := map[string]bool{}
			for q := p; q.Parent != ""; q = ix.places[q.Parent] {
				if seen[q.ID] || ix.places[q.Parent] == nil || ix.places[q.Parent].Kind != network.Region {
					t.Errorf("place %q: parent chain breaks at %q -> %q", p.ID, q.ID, q.Parent)
					break
				}
				seen[q.ID] = true
			}
		}
	})

	// Countries lie in the note's regions where a source places them, and
	// a regional filter finds the states of the region.
	t.Run("Regions", func(t *testing.T) {
		ix := newIndex(t, MustChange(t))
		for _, tt := range []struct{ country, region string }{
			{"BI", "great-lakes-region"}, {"BI", "eastern-africa"}, {"BI", "africa"},
			{"KE", "horn-of-africa"}, {"BF", "west-africa"}, {"MM", "southeast-asia"},
			{"FJ", "pacific"}, {"JM", "caribbean"}, {"GT", "americas"},
		} {
			if p := ix.places[tt.country]; p == nil || !slices.Contains(p.Regions, tt.region) {
				t.Errorf("country %s is not in %s", tt.country, tt.region)
			}
			f := network.ActorFilter{Regions: []string{tt.region}}
			if a := ix.actors["state-"+strings.ToLower(tt.country)]; a == nil || !f.Matches(a) {
				t.Errorf("the filter regions=[%s] does not find the state of %s", tt.region, tt.country)
			}
		}
		if got, want := ix.places["west-africa"].Parent, "western-africa"; got != want {
			t.Errorf("west-africa lies in %q, want %q (M49, where all its countries are)", got, want)
		}
		ng := ix.places["NG"]
		if ng.ISO3 != "NGA" || *ng.Latitude < 4 || *ng.Latitude > 14 || *ng.Longitude < 2 || *ng.Longitude > 15 {
			t.Errorf("Nigeria: iso3 %q, centroid %v,%v", ng.ISO3, *ng.Latitude, *ng.Longitude)
		}
	})
}

// TestSources checks that every fact's source is real: a note source quotes
// a passage that occurs verbatim in the note, a dataset source names a row
// that the committed copy of the dataset holds.
func TestSources(t *testing.T) {
	c := MustChange(t)
	note := MustReadNote(t)

	memberships := map[string]bool{}
	for _, r := range MustReadCSV(t, "cow_igo_v3_memberships_2014.csv") {
		memberships[membershipRecord(r)] = r["status_label"] == "full"
		memberships[r["ioname"]+","+r["orgname"]] = true
	}
	states := map[string]bool{}
	for _, r := range MustReadCSV(t, "cow_iso3166.csv") {
		states[r["stateabb"]+","+r["ccode"]+","+r["statenme"]] = true
	}
	identifiers := map[string]map[string]string{}
	for _, r := range MustReadCSV(t, "peacebuilding_actor_identifiers.csv") {
		identifiers["actor="+r["actor"]] = r
	}
	m49 := map[string]bool{}
	for _, r := range MustReadCSV(t, seed.M49URL) {
		m49["ISO3166-1-Alpha-2="+r["ISO3166-1-Alpha-2"]] = true
		for _, col := range []string{"Region Code", "Sub-region Code", "Intermediate Region Code"} {
			if r[col] != "" {
				m49["M49="+r[col]] = true
			}
		}
	}
	centroids := map[string]bool{}
	for _, r := range MustReadCSV(t, seed.CentroidURL) {
		centroids["iso3="+r["iso3"]] = true
	}
	factbook := map[string]bool{}
	for _, r := range MustReadCSV(t, seed.FactbookURL) {
		factbook[r["ISO_3166_2"]+","+r["org_id"]] = r["org_member"] == "member"
	}

	check := func(t *testing.T, what string, sources []network.Source) {
		t.Helper()
		if len(sources) == 0 {
			t.Errorf("%s has no source", what)
		}
		for i, s := range sources {
			switch s.Title {
			case seed.NoteTitle:
				if s.URL != seed.NoteURL {
					t.Errorf("%s: sources[%d].url = %q, want %q", what, i, s.URL, seed.NoteURL)
				}
				if s.Passage == "" || !strings.Contains(note, s.Passage) {
					t.Errorf("%s: sources[%d].passage does not occur verbatim in the note: %q", what, i, s.Passage)
				}
			case seed.MembershipTitle:
				if !memberships[s.Record] {
					t.Errorf("%s: sources[%d].record %q is not a full-membership row or organization of %s", what, i, s.Record, seed.MembershipURL)
				}
			case seed.StateListTitle:
				if !states[s.Record] {
					t.Errorf("%s: sources[%d].record %q is not a state of %s", what, i, s.Record, seed.StateListURL)
				}
			case seed.IdentifierTitle:
				if identifiers[s.Record] == nil {
					t.Errorf("%s: sources[%d].record %q is not a row of %s", what, i, s.Record, seed.IdentifierURL)
				}
			case seed.M49Title:
				if !m49[s.Record] {
					t.Errorf("%s: sources[%d].record %q is not in %s", what, i, s.Record, seed.M49URL)
				}
			case seed.CentroidTitle:
				if !centroids[s.Record] {
					t.Errorf("%s: sources[%d].record %q is not in %s", what, i, s.Record, seed.CentroidURL)
				}
			case seed.FactbookTitle:
				if !factbook[s.Record] {
					t.Errorf("%s: sources[%d].record %q is not a member row of %s", what, i, s.Record, seed.FactbookURL)
				}
			default:
				t.Errorf("%s: sources[%d] has unknown title %q", what, i, s.Title)
			}
		}
	}

	t.Run("Actors", func(t *testing.T) {
		for _, a := range c.Actors {
			check(t, "actor "+a.ID, a.Sources)
		}
	})
	t.Run("Ties", func(t *testing.T) {
		for _, tie := range c.Ties {
			check(t, "tie "+tie.ID, tie.Sources)
			if strings.TrimSpace(tie.Description) == "" {
				t.Errorf("tie %q has no description", tie.ID)
			}
			if got, want := tie.Weight, 1.0; got != want {
				t.Errorf("tie %q: weight %v, want %v", tie.ID, got, want)
			}
		}
	})
	t.Run("Places", func(t *testing.T) {
		for _, p := range c.Places {
			check(t, "place "+p.ID, p.Sources)
		}
	})

	// A date is never invented: one passage a tie quotes states its since
	// and until, to their precision (the year; for a day also the month's
	// name and the day).
	t.Run("Dates", func(t *testing.T) {
		for _, tie := range c.Ties {
			for _, d := range []network.Date{tie.Since, tie.Until} {
				if d == "" {
					continue
				}
				if !slices.ContainsFunc(tie.Sources, func(s network.Source) bool { return statesDate(s.Passage, d) }) {
					t.Errorf("tie %q: date %s is stated in none of its passages", tie.ID, d)
				}
			}
		}
	})

	// SUPPORT is support: every SUPPORT tie quotes a passage of the note
	// that says so.
	t.Run("Support", func(t *testing.T) {
		for _, tie := range c.Ties {
			if tie.Kind != network.Support {
				continue
			}
			if !slices.ContainsFunc(tie.Sources, func(s network.Source) bool {
				return s.Title == seed.NoteTitle && strings.Contains(strings.ToLower(s.Passage), "support")
			}) {
				t.Errorf("tie %q is SUPPORT but none of its passages says support", tie.ID)
			}
		}
	})

	// The note states no money: the seed network has no FUNDING tie.
	t.Run("NoFunding", func(t *testing.T) {
		for _, tie := range c.Ties {
			if tie.Kind == network.Funding || tie.Funding != nil {
				t.Errorf("tie %q: funding that no source states", tie.ID)
			}
		}
	})

	// Every IATI ref and CRS channel code on an actor is the value the
	// identifiers dataset gives in a row the actor cites; every CRS channel
	// code is in the CRS code list.
	t.Run("Identifiers", func(t *testing.T) {
		channels := map[string]bool{}
		for _, r := range MustReadCSV(t, "crs_channel_codes.csv") {
			channels[r["code"]] = true
		}
		columns := map[string]string{
			network.SchemeIATIOrgRef: "iati_org_ref_seen_in_iati_data",
			network.SchemeCRSChannel: "crs_channel_code",
		}
		n := 0
		for _, a := range c.Actors {
			for _, id := range a.Identifiers {
				col, ok := columns[id.Scheme]
				if !ok {
					continue
				}
				n++
				if !slices.ContainsFunc(a.Sources, func(s network.Source) bool {
					return s.Title == seed.IdentifierTitle && identifiers[s.Record][col] == id.Value
				}) {
					t.Errorf("actor %q: %s %s is not stated by a row it cites", a.ID, id.Scheme, id.Value)
				}
				if id.Scheme == network.SchemeCRSChannel && !channels[id.Value] {
					t.Errorf("actor %q: CRS channel %s is not in the CRS code list", a.ID, id.Value)
				}
			}
		}
		if n == 0 {
			t.Error("no actor has an IATI or CRS identifier")
		}
	})
}

// months are the English month names the note writes dates with.
var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// statesDate reports whether passage states date d: its year, and for a day
// also its month's name and its day of the month.
func statesDate(passage string, d network.Date) bool {
	s := string(d)
	if !strings.Contains(passage, s[:4]) {
		return false
	}
	if len(s) < 10 {
		return true
	}
	month, _ := strconv.Atoi(s[5:7])
	day := strings.TrimPrefix(s[8:10], "0")
	return month >= 1 && month <= 12 && strings.Contains(passage, months[month-1]) && strings.Contains(passage, day)
}

// normalize folds a name for duplicate detection: case, punctuation,
// apostrophes and spacing do not count.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '’' || r == '\'':
		default:
			space = true
		}
	}
	return b.String()
}

func TestNoDuplicateActors(t *testing.T) {
	c := MustChange(t)
	owner := map[string]string{}
	for _, a := range c.Actors {
		names := append([]string{a.Name, a.Acronym}, a.Aliases...)
		for _, n := range names {
			key := normalize(n)
			if key == "" {
				continue
			}
			if other, ok := owner[key]; ok && other != a.ID {
				t.Errorf("%q names both %q and %q", n, other, a.ID)
			}
			owner[key] = a.ID
		}
	}

	// Every spelling the note uses resolves to one actor.
	for _, tt := range []struct{ spelling, want string }{
		{"ECOWAS", "ecowas"},
		{"Economic Community of West African States", "ecowas"},
		{"AU", "au"},
		{"African Union", "au"},
		{"UNDP", "undp"},
		{"UN Development Programme", "undp"},
		{"PBC", "pbc"},
		{"Peacebuilding Commission", "pbc"},
		{"PDAs", "undp-dppa-joint-programme"},
		{"PDA", "undp-dppa-joint-programme"},
		{"Peace and Development Advisors", "undp-dppa-joint-programme"},
		{"PBSO", "pbso"},
		{"DPPA", "dppa"},
		{"UN DPPA", "dppa"},
		{"IPl", "ipi"},
		{"International Peace Institute", "ipi"},
		{"CoD", "community-of-democracies"},
		{"OAS", "oas"},
		{"Organization of American States", "oas"},
		{"OAS Facilitators’ Program", "oas-judicial-facilitators"},
		{"FemWise-Africa", "femwise-africa"},
		{"Network of African Women Mediators", "femwise-africa"},
		{"APSA", "apsa"},
		{"Africa Peace and Security Architecture", "apsa"},
		{"ECPF", "ecpf"},
		{"CARICOM", "caricom"},
		{"Caribbean Community", "caricom"},
		{"WANEP", "wanep"},
		{"UNDP-DPPA Joint Programme", "undp-dppa-joint-programme"},
		{"Panamd", "state-pa"},
		{"Central African Republic", "state-cf"},
	} {
		if got := owner[normalize(tt.spelling)]; got != tt.want {
			t.Errorf("%q resolves to %q, want %q", tt.spelling, got, tt.want)
		}
	}
}

// TestFacts checks facts a reader of the note can check by hand.
func TestFacts(t *testing.T) {
	ix := newIndex(t, MustChange(t))
	for _, tt := range []struct {
		kind     network.TieKind
		from, to string
	}{
		{network.Partnership, "ecowas", "wanep"},
		{network.MOU, "pbso", "au"},
		{network.MOU, "pbso", "ecowas"},
		{network.Dialogue, "pbc", "au-psc"},
		{network.PartOf, "pbso", "dppa"},
		{network.SucceededBy, "dpa", "dppa"},
		{network.PartOf, "femwise-africa", "apsa"},
		{network.PartOf, "femwise-africa", "au"},
		{network.PartOf, "apsa", "au"},
		{network.PartOf, "sahel-strategy", "un"},
		{network.PartOf, "horn-of-africa-strategy", "un"},
		{network.Support, "pbso", "state-bf"},
		{network.Support, "pbso", "state-bi"},
		{network.Support, "pbso", "state-cf"},
		{network.Support, "undp-dppa-joint-programme", "resident-coordinators"},
		{network.Support, "undp-dppa-joint-programme", "un-country-teams"},
		{network.OperatesIn, "undp-dppa-joint-programme", "state-bd"},
		{network.OperatesIn, "undp-dppa-joint-programme", "state-tj"},
		{network.OperatesIn, "undp-dppa-joint-programme", "state-tn"},
		{network.Collaboration, "undp-dppa-joint-programme", "ecowas"},
		{network.Collaboration, "undp-dppa-joint-programme", "pif"},
		{network.Collaboration, "undp-dppa-joint-programme", "caricom"},
		{network.Organized, "dhf", "roundtable-2019-09-24"},
		{network.Organized, "ipi", "roundtable-2019-09-24"},
		{network.Organized, "gppac", "washington-conference-2019-09"},
		{network.Organized, "international-idea", "washington-conference-2019-09"},
		{network.Membership, "state-bf", "ecowas"},
		{network.Membership, "state-bf", "au"},
		{network.Membership, "state-mm", "asean"},
	} {
		if got := ix.find(tt.kind, tt.from, tt.to); len(got) != 1 {
			t.Errorf("%s %s - %s: got %d ties, want 1", tt.kind, tt.from, tt.to, len(got))
		}
	}

	// Relations the note does not state: no support to the governments of
	// the countries where the PDAs work, no support of FemWise-Africa by the
	// Assembly that established it, no DPA inside DPPA.
	for _, tt := range []struct {
		kind     network.TieKind
		from, to string
	}{
		{network.Support, "undp-dppa-joint-programme", "state-bd"},
		{network.Support, "undp-dppa-joint-programme", "ecowas"},
		{network.Support, "au-assembly", "femwise-africa"},
		{network.PartOf, "dpa", "dppa"},
	} {
		if got := ix.find(tt.kind, tt.from, tt.to); len(got) != 0 {
			t.Errorf("%s %s - %s: got %d ties, want none", tt.kind, tt.from, tt.to, len(got))
		}
	}

	// Kinds an expert would give: FemWise-Africa and APSA are mechanisms of
	// the AU, not organizations; the Joint Programme, whose posts the PDAs
	// are, is a UN entity; there is no separate PDA actor.
	t.Run("Kinds", func(t *testing.T) {
		for id, want := range map[string]network.ActorKind{
			"femwise-africa": network.Mechanism, "apsa": network.Mechanism,
			"undp-dppa-joint-programme": network.UNEntity, "roundtable-2019-09-24": network.Event,
			"washington-conference-2019-09": network.Event, "sahel-strategy": network.Programme,
		} {
			if a := ix.actors[id]; a == nil || a.Kind != want {
				t.Errorf("actor %q: got %v, want kind %s", id, a, want)
			}
		}
		if ix.actors["pdas"] != nil {
			t.Error("the PDAs are an actor of their own; their ties should be the Joint Programme's")
		}
		if !strings.Contains(ix.ties["part-of-femwise-africa-au"].Description, "established by the AU Assembly") {
			t.Error("part-of-femwise-africa-au does not say the Assembly established FemWise-Africa")
		}
	})

	t.Run("Strategies", func(t *testing.T) {
		for id, region := range map[string]string{"sahel-strategy": "sahel", "horn-of-africa-strategy": "horn-of-africa"} {
			if a := ix.actors[id]; a == nil || !slices.Contains(a.Regions, region) {
				t.Errorf("actor %q does not work in %s", id, region)
			}
		}
	})

	t.Run("Succession", func(t *testing.T) {
		ties := ix.find(network.SucceededBy, "dpa", "dppa")
		if len(ties) != 1 || ties[0].Since == "" || ties[0].Since.First() > "2019-09-24" {
			t.Fatalf("DPA -> DPPA succession: %v, want one dated no later than the note", ties)
		}
	})

	// 2007 is when the programme began, not when each country joined: the
	// programme is dated, its country ties are not.
	t.Run("JudicialFacilitators", func(t *testing.T) {
		var got []string
		for _, tie := range ix.ties {
			if tie.Kind == network.OperatesIn && tie.From == "oas-judicial-facilitators" {
				got = append(got, ix.actors[tie.To].Countries...)
				if tie.Since != "" || tie.Until != "" {
					t.Errorf("tie %q: dated %q..%q; the note dates only the programme", tie.ID, tie.Since, tie.Until)
				}
			}
		}
		if p := ix.ties["part-of-oas-judicial-facilitators-oas"]; p == nil || p.Since != "2007" {
			t.Errorf("the programme's tie to the OAS: %v, want since 2007", p)
		}
		slices.Sort(got)
		if want := []string{"AR", "CO", "GT", "HN", "NI", "PA", "PY"}; !slices.Equal(got, want) {
			t.Errorf("the programme operates in %v, want %v", got, want)
		}
	})

	t.Run("Roundtable", func(t *testing.T) {
		ties := ix.find(network.Organized, "gnwp", "roundtable-2019-09-24")
		if len(ties) != 1 {
			t.Fatalf("got %d GNWP ORGANIZED ties to the roundtable, want 1", len(ties))
		}
		if got, want := ties[0].Since, network.Date("2019-09-24"); got != want {
			t.Errorf("since %q, want %q", got, want)
		}
	})

	// Events are events: a meeting is an EVENT actor tied to its organizers
	// and participants, never a clique of COLLABORATION ties among them.
	t.Run("Events", func(t *testing.T) {
		eventPassages := map[string]bool{}
		for _, a := range ix.actors {
			if a.Kind != network.Event {
				continue
			}
			for _, s := range a.Sources {
				eventPassages[s.Passage] = true
			}
		}
		if len(eventPassages) == 0 {
			t.Fatal("no EVENT actor")
		}
		for _, tie := range ix.ties {
			from, to := ix.actors[tie.From], ix.actors[tie.To]
			switch {
			case tie.Kind == network.Organized || tie.Kind == network.Participated:
				if to.Kind != network.Event || from.Kind == network.Event {
					t.Errorf("tie %q: %s from %s to %s, want an actor to an EVENT", tie.ID, tie.Kind, from.Kind, to.Kind)
				}
			case from.Kind == network.Event || to.Kind == network.Event:
				if tie.Kind != network.OperatesIn || from.Kind != network.Event {
					t.Errorf("tie %q: %s touches an EVENT; only ORGANIZED and PARTICIPATED do", tie.ID, tie.Kind)
				}
			case tie.Kind == network.Collaboration:
				for _, s := range tie.Sources {
					if eventPassages[s.Passage] {
						t.Errorf("tie %q: COLLABORATION read from an event's passage; record the event", tie.ID)
					}
				}
			}
		}
	})
}

// TestMemberships checks that every full-member row of the six
// organizations became exactly one MEMBERSHIP tie from the right state.
func TestMemberships(t *testing.T) {
	ix := newIndex(t, MustChange(t))
	rows := fullMemberRows(t)

	byRecord := map[string]*network.Tie{}
	n := 0
	for _, tie := range ix.ties {
		if tie.Kind != network.Membership {
			continue
		}
		n++
		if len(tie.Sources) != 1 {
			t.Errorf("tie %q: %d sources, want 1", tie.ID, len(tie.Sources))
			continue
		}
		byRecord[tie.Sources[0].Record] = tie
		if tie.Since != "" || tie.Until != "" {
			t.Errorf("tie %q: dates %q..%q that the 2014 snapshot does not state", tie.ID, tie.Since, tie.Until)
		}
		if got, want := tie.Observed(), "2014"; got != want {
			t.Errorf("tie %q: observed %q, want %q (the snapshot's year)", tie.ID, got, want)
		}
	}
	if got, want := n, len(rows); got != want {
		t.Errorf("got %d MEMBERSHIP ties, want %d (one per full-member row)", got, want)
	}

	t.Run("OK", func(t *testing.T) {
		for _, r := range rows {
			tie := byRecord[membershipRecord(r)]
			if tie == nil {
				t.Errorf("row %s has no MEMBERSHIP tie", membershipRecord(r))
				continue
			}
			if got, want := tie.To, organizations[r["ioname"]]; got != want {
				t.Errorf("tie %q: to %q, want %q", tie.ID, got, want)
			}
			state := ix.actors[tie.From]
			if state == nil || state.Kind != network.Government {
				t.Errorf("tie %q: from %q is not a GOVERNMENT actor", tie.ID, tie.From)
				continue
			}
			if got, want := state.Identifier(network.SchemeCOWState), r["stateabb"]; got != want {
				t.Errorf("tie %q: state %q has COW_STATE %q, want %q", tie.ID, state.ID, got, want)
			}
		}
	})

	// Observers are not members.
	t.Run("NoObservers", func(t *testing.T) {
		for _, r := range MustReadCSV(t, "cow_igo_v3_memberships_2014.csv") {
			if r["status_label"] != "full" && byRecord[membershipRecord(r)] != nil {
				t.Errorf("row %s (%s) became a MEMBERSHIP tie", membershipRecord(r), r["status_label"])
			}
		}
	})

	// Every member state maps to one ISO 3166 code, and no two states share one.
	t.Run("ISO3166", func(t *testing.T) {
		mapping := map[string]map[string]string{}
		isos := map[string]string{}
		for _, r := range MustReadCSV(t, "cow_iso3166.csv") {
			mapping[r["stateabb"]] = r
			if other, ok := isos[r["iso3166_alpha2"]]; ok {
				t.Errorf("%s and %s share ISO code %s", other, r["stateabb"], r["iso3166_alpha2"])
			}
			isos[r["iso3166_alpha2"]] = r["stateabb"]
		}
		for _, r := range rows {
			m := mapping[r["stateabb"]]
			if m == nil {
				t.Errorf("member %s (%s) has no ISO 3166 code", r["stateabb"], r["statenme"])
				continue
			}
			if got, want := m["ccode"], r["ccode"]; got != want {
				t.Errorf("member %s: ccode %s in the mapping, %s in the memberships", r["stateabb"], got, want)
			}
			if got, want := m["statenme"], r["statenme"]; got != want {
				t.Errorf("member %s: name %q in the mapping, %q in the memberships", r["stateabb"], got, want)
			}
		}
	})
}

// MustOpenStore opens an embedded store in a temporary directory.
func MustOpenStore(tb testing.TB) *embedded.Store {
	tb.Helper()
	s, err := embedded.Open(filepath.Join(tb.TempDir(), "peacegraph.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func TestLoadIfEmpty(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := MustOpenStore(t)
		loaded, err := seed.LoadIfEmpty(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if !loaded {
			t.Fatal("loaded = false on an empty store")
		}
		c := MustChange(t)
		stats, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := stats, (network.Stats{Actors: len(c.Actors), Ties: len(c.Ties), Places: len(c.Places)}); got != want {
			t.Errorf("stats %+v, want %+v", got, want)
		}
		a, err := s.Actor(ctx, "ecowas")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := a.Identifier(network.SchemeCRSChannel), "47034"; got != want {
			t.Errorf("ECOWAS CRS channel %q, want %q", got, want)
		}

		loaded, err = seed.LoadIfEmpty(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if loaded {
			t.Error("loaded = true on a store that holds the seed")
		}
	})

	t.Run("NotEmpty", func(t *testing.T) {
		s := MustOpenStore(t)
		own := &network.Change{Actors: []*network.Actor{{
			ID: "own", Name: "Own actor", Kind: network.OtherActor,
			Sources: []network.Source{{Title: "test", Record: "1"}},
		}}}
		if err := s.Apply(ctx, own); err != nil {
			t.Fatal(err)
		}
		loaded, err := seed.LoadIfEmpty(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if loaded {
			t.Error("loaded = true on a store that holds actors")
		}
		stats, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := stats.Actors, 1; got != want {
			t.Errorf("%d actors, want %d", got, want)
		}
	})
}
