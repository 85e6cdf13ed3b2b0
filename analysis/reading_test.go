package analysis_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// MustReadingFixture is a small network with an organization, two organs
// (one inside the other), an event with three organizers, a predecessor
// and membership ties observed in 2014.
func MustReadingFixture(tb testing.TB) *network.Snapshot {
	tb.Helper()
	src := []network.Source{{Title: "reading fixture", Record: "r"}}
	actor := func(id string, k network.ActorKind) *network.Actor {
		return &network.Actor{ID: id, Name: id, Kind: k, Sources: src}
	}
	tie := func(id string, k network.TieKind, from, to string, since, until network.Date) *network.Tie {
		return &network.Tie{ID: id, Kind: k, From: from, To: to, Since: since, Until: until, Weight: 1, Sources: src}
	}
	member := tie("m-s1-org", network.Membership, "s1", "org", "", "")
	member.Attributes = []network.Attribute{{Name: network.ObservedAttribute, Value: "2014"}}
	return MustSnapshotOf(tb, &network.Change{
		Actors: []*network.Actor{
			actor("org", network.RegionalOrganization), actor("council", network.Mechanism), actor("rec", network.RegionalOrganization),
			actor("unit", network.Programme), actor("un", network.UNEntity), actor("cs", network.CivilSociety),
			actor("old", network.UNEntity), actor("new", network.UNEntity), actor("meeting", network.Event),
			actor("s1", network.Government),
		},
		Ties: []*network.Tie{
			tie("p-council-org", network.PartOf, "council", "org", "", ""),
			tie("p-rec-org", network.PartOf, "rec", "org", "", ""),
			tie("p-unit-council", network.PartOf, "unit", "council", "", ""),
			tie("d-un-council", network.Dialogue, "un", "council", "", ""),
			tie("s-unit-cs", network.Support, "unit", "cs", "", ""),
			tie("o-un-meeting", network.Organized, "un", "meeting", "2019-09-24", "2019-09-24"),
			tie("o-cs-meeting", network.Organized, "cs", "meeting", "2019-09-24", "2019-09-24"),
			tie("o-org-meeting", network.Organized, "org", "meeting", "2019-09-23", "2019-09-24"),
			tie("succ-old-new", network.SucceededBy, "old", "new", "2019", ""),
			tie("d-old-un", network.Dialogue, "old", "un", "", ""),
			member,
		},
	})
}

func actorIDs(snap *network.Snapshot) []string {
	var ids []string
	for _, a := range snap.Actors {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestFoldOrgans(t *testing.T) {
	snap := MustReadingFixture(t)
	got, note := analysis.FoldOrgans(snap)
	// A regional organization inside another keeps its own members: it is
	// not an organ.
	if ids := actorIDs(got); slices.Contains(ids, "council") || slices.Contains(ids, "unit") || !slices.Contains(ids, "org") || !slices.Contains(ids, "rec") {
		t.Errorf("actors after folding: %v", ids)
	}
	ends := map[string][2]string{}
	for _, tie := range got.Ties {
		ends[tie.ID] = [2]string{tie.From, tie.To}
	}
	if got, want := ends["d-un-council"], [2]string{"un", "org"}; got != want {
		t.Errorf("the dialogue with the council runs %v, want %v", got, want)
	}
	if got, want := ends["s-unit-cs"], [2]string{"org", "cs"}; got != want {
		t.Errorf("the unit's support runs %v, want %v (the unit is in the council, which is in org)", got, want)
	}
	if _, ok := ends["p-council-org"]; ok {
		t.Error("the PART_OF loop org-org was kept")
	}
	if !strings.Contains(note, "council as org") || !strings.Contains(note, "unit as org") {
		t.Errorf("note %q", note)
	}
	// The snapshot given is not changed.
	if snap.Ties[slices.IndexFunc(snap.Ties, func(t *network.Tie) bool { return t.ID == "d-un-council" })].To != "council" {
		t.Error("FoldOrgans changed its input")
	}
}

func TestProjectEvents(t *testing.T) {
	got, note := analysis.ProjectEvents(MustReadingFixture(t))
	if slices.Contains(actorIDs(got), "meeting") {
		t.Error("the event is still an actor")
	}
	var co []string
	for _, tie := range got.Ties {
		if tie.Kind == network.Organized {
			t.Errorf("ORGANIZED tie %q kept", tie.ID)
		}
		if strings.HasPrefix(tie.ID, "co-organized/") {
			co = append(co, tie.ID)
			if tie.Kind != network.Collaboration || len(tie.Sources) != 2 {
				t.Errorf("tie %+v", tie)
			}
			if tie.ID == "co-organized/meeting/cs/org" && (tie.Since != "2019-09-23" || tie.Until != "2019-09-24") {
				t.Errorf("cs-org dated %s..%s, want the span of both ties", tie.Since, tie.Until)
			}
		}
	}
	if want := []string{"co-organized/meeting/cs/org", "co-organized/meeting/cs/un", "co-organized/meeting/org/un"}; !slices.Equal(co, want) {
		t.Errorf("co-organizing ties %v, want %v", co, want)
	}
	if !strings.Contains(note, "1 events became 3 COLLABORATION ties") {
		t.Errorf("note %q", note)
	}
}

func TestDropSucceeded(t *testing.T) {
	snap := MustReadingFixture(t)
	for _, tt := range []struct {
		asOf network.Date
		gone bool
	}{{"", false}, {"2018-12-31", false}, {"2019-01-01", true}, {"2025-06-01", true}} {
		got, note := analysis.DropSucceeded(snap, tt.asOf)
		if gone := !slices.Contains(actorIDs(got), "old"); gone != tt.gone || (note != "") != tt.gone {
			t.Errorf("asOf %q: old gone %v (note %q), want %v", tt.asOf, gone, note, tt.gone)
		}
	}
}

func TestProjectNotes(t *testing.T) {
	snap := MustReadingFixture(t)
	t.Run("Default", func(t *testing.T) {
		p, err := analysis.Project(snap, analysis.Selection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Notes()) != 0 || p.Index("council") < 0 || p.Index("meeting") < 0 {
			t.Errorf("notes %v; council %d, meeting %d", p.Notes(), p.Index("council"), p.Index("meeting"))
		}
		if p.Read(snap) != snap {
			t.Error("Read is not the snapshot given when no reading changed it")
		}
	})
	t.Run("All", func(t *testing.T) {
		p, err := analysis.Project(snap, analysis.Selection{AsOf: "2025-06-01", OrgansWithParent: true, CoOrganizing: true})
		if err != nil {
			t.Fatal(err)
		}
		if p.Index("council") >= 0 || p.Index("meeting") >= 0 || p.Index("old") >= 0 {
			t.Errorf("council %d, meeting %d, old %d: want all gone", p.Index("council"), p.Index("meeting"), p.Index("old"))
		}
		// What reads the projection's ties in a snapshot finds the folded
		// organ's dialogue between un and org.
		read := p.Read(snap)
		if read == snap || !slices.ContainsFunc(read.Ties, func(t *network.Tie) bool {
			return t.ID == "d-un-council" && t.From == "un" && t.To == "org"
		}) {
			t.Error("Read does not give the snapshot as folded")
		}
		notes := strings.Join(p.Notes(), "\n")
		for _, want := range []string{"old (succeeded by new)", "1 events became", "council as org", "1 observed in 2014"} {
			if !strings.Contains(notes, want) {
				t.Errorf("notes %q lack %q", notes, want)
			}
		}
		// The co-organizing ties are active on the day of the meeting only,
		// so at 2025-06-01 the organizers are not tied by it.
		if i, j := p.Index("un"), p.Index("cs"); i < 0 || j < 0 {
			t.Fatal("un or cs missing")
		}
	})
	t.Run("ObservedThatYear", func(t *testing.T) {
		p, err := analysis.Project(snap, analysis.Selection{AsOf: "2014-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Notes()) != 0 {
			t.Errorf("notes %v at a date of 2014", p.Notes())
		}
	})
}
