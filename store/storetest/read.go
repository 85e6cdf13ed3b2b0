package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// testActor checks that every actor reads back whole, and ENOTFOUND.
func testActor(t *testing.T, s network.Store) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		for _, want := range Fixture().Actors {
			got, err := s.Actor(ctx, want.ID)
			if err != nil {
				t.Fatalf("Actor(%q): %v", want.ID, err)
			}
			sameValue(t, "Actor("+want.ID+")", got, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, id := range []string{"nobody", "", "ECOWAS", "ecowas "} {
			got, err := s.Actor(ctx, id)
			wantCode(t, err, network.ENOTFOUND)
			if got != nil {
				t.Errorf("Actor(%q) returned %q with an error", id, got.ID)
			}
		}
	})
}

// testActorsByID checks the loader read: the order asked, nil for unknown.
func testActorsByID(t *testing.T, s network.Store) {
	ctx := context.Background()
	ids := []string{"wanep", "nobody", "ecowas", "wanep", "", "swisspeace"}
	got, err := s.ActorsByID(ctx, ids, network.Omit{})
	if err != nil {
		t.Fatalf("ActorsByID: %v", err)
	}
	if len(got) != len(ids) {
		t.Fatalf("ActorsByID returned %d actors for %d IDs", len(got), len(ids))
	}
	for i, id := range ids {
		if want := findActor(Fixture().Actors, id); want == nil {
			if got[i] != nil {
				t.Errorf("ActorsByID[%d] (%q) = %q, want nil", i, id, got[i].ID)
			}
		} else if got[i] == nil {
			t.Errorf("ActorsByID[%d] (%q) = nil", i, id)
		} else {
			sameValue(t, fmt.Sprintf("ActorsByID[%d]", i), got[i], want)
		}
	}
	if got[0] != nil && got[0] == got[3] {
		t.Error("ActorsByID returned one pointer twice; each must be its own copy")
	}
	none, err := s.ActorsByID(ctx, nil, network.Omit{})
	if err != nil {
		t.Fatalf("ActorsByID(nil): %v", err)
	} else if len(none) != 0 {
		t.Errorf("ActorsByID(nil) = %d actors, want none", len(none))
	}
}

// findActor returns the actor with id in actors, or nil.
func findActor(actors []*network.Actor, id string) *network.Actor {
	for _, a := range actors {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// actorFilters are the filters the suite reads actors with: every field
// alone, alternatives within a field, and fields together.
var actorFilters = []network.ActorFilter{
	{},
	{IDs: []string{"wanep", "au", "nobody", "wanep"}},
	{Kinds: []network.ActorKind{network.RegionalOrganization}},
	{Kinds: []network.ActorKind{network.UNEntity, network.Programme, network.Donor}},
	{Regions: []string{"west-africa"}},
	{Regions: []string{"horn-of-africa", "sahel"}},
	{Countries: []string{"GH"}},
	{Countries: []string{"SE", "CH"}},
	{Themes: []string{"early-warning"}},
	{Themes: []string{"mediation", "peacebuilding"}},
	{Text: "west"},
	{Text: "WEST AFRICA"},
	{Text: "cedeao"}, // an alias only
	{Text: "  union "},
	{Text: "ecow"},  // an acronym prefix
	{Text: "états"}, // non-ASCII, in an alias
	{Text: "peace"},
	{Text: "no such actor"},
	{Kinds: []network.ActorKind{network.RegionalOrganization}, Regions: []string{"west-africa"}, Text: "african"},
	{Themes: []string{"early-warning"}, Countries: []string{"NG"}},
	{IDs: []string{"newc-gh", "newc-ng", "ecowas"}, Kinds: []network.ActorKind{network.Government}},
}

// actorOrders are every order, and the default.
var actorOrders = []network.ActorOrder{"", network.ByName, network.ByID, network.ByKind}

// testActors checks every filter in every order on every page against
// ActorFilter.Matches and ActorOrder.Compare over the fixture.
func testActors(t *testing.T, s network.Store) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		for _, f := range actorFilters {
			for _, order := range actorOrders {
				want := wantActors(f, order)
				for _, p := range pages {
					name := fmt.Sprintf("%+v order=%q offset=%d limit=%d", f, order, p.offset, p.limit)
					got, total, err := s.Actors(ctx, network.ActorQuery{Filter: f, Order: order, Offset: p.offset, Limit: p.limit})
					if err != nil {
						t.Fatalf("Actors(%s): %v", name, err)
					}
					if total != len(want) {
						t.Errorf("Actors(%s): total = %d, want %d", name, total, len(want))
					}
					wantPage := network.Page(want, p.offset, p.limit)
					sameIDs(t, "Actors("+name+")", actorIDs(got), actorIDs(wantPage))
					for i := range min(len(got), len(wantPage)) {
						sameValue(t, "Actors("+name+")", got[i], wantPage[i])
					}
					// Without the total: the same page, and -1.
					got, total, err = s.Actors(ctx, network.ActorQuery{Filter: f, Order: order, Offset: p.offset, Limit: p.limit, NoTotal: true})
					if err != nil {
						t.Fatalf("Actors(%s, NoTotal): %v", name, err)
					}
					if total != -1 {
						t.Errorf("Actors(%s, NoTotal): total = %d, want -1", name, total)
					}
					sameIDs(t, "Actors("+name+", NoTotal)", actorIDs(got), actorIDs(wantPage))
				}
			}
		}
	})
	// After: a keyset page starts just after the actor given, stored or
	// not, in the order asked, and the total still counts every match.
	t.Run("After", func(t *testing.T) {
		for _, f := range actorFilters {
			for _, order := range actorOrders {
				want := wantActors(f, order)
				cmp := order
				if cmp == "" {
					cmp = network.ByName
				}
				keys := []*network.Actor{
					{ID: "m", Name: "M", Kind: network.CivilSociety}, // not stored
					{ID: "zzz", Name: "\uffff", Kind: network.ActorKind("\uffff")},
				}
				for _, a := range want {
					keys = append(keys, &network.Actor{ID: a.ID, Name: a.Name, Kind: a.Kind})
				}
				for _, after := range keys {
					var rest []*network.Actor
					for _, a := range want {
						if cmp.Compare(a, after) > 0 {
							rest = append(rest, a)
						}
					}
					for _, p := range []struct{ offset, limit int }{{0, 2}, {1, 1}, {0, 0}} {
						for _, noTotal := range []bool{false, true} {
							name := fmt.Sprintf("Actors(%+v order=%q after=%s offset=%d limit=%d noTotal=%v)", f, order, after.ID, p.offset, p.limit, noTotal)
							got, total, err := s.Actors(ctx, network.ActorQuery{Filter: f, Order: order, After: after, Offset: p.offset, Limit: p.limit, NoTotal: noTotal})
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							if wantTotal := len(want); noTotal {
								if total != -1 {
									t.Errorf("%s: total = %d, want -1", name, total)
								}
							} else if total != wantTotal {
								t.Errorf("%s: total = %d, want %d", name, total, wantTotal)
							}
							sameIDs(t, name, actorIDs(got), actorIDs(network.Page(rest, p.offset, p.limit)))
						}
					}
				}
			}
		}
	})
	// These pin down what the fixture is there to show, so that a change to
	// the fixture cannot quietly stop testing it.
	t.Run("Semantics", func(t *testing.T) {
		for _, tt := range []struct {
			filter network.ActorFilter
			order  network.ActorOrder
			want   []string
		}{
			{network.ActorFilter{Text: "cedeao"}, "", []string{"ecowas"}},
			{network.ActorFilter{Text: "états"}, "", []string{"ecowas"}},
			// Case is ignored: "swisspeace" sorts before "West ...".
			{network.ActorFilter{Themes: []string{"peacebuilding"}}, network.ByName, []string{"pbf", "swisspeace", "wanep"}},
			{network.ActorFilter{Kinds: []network.ActorKind{network.Government, network.Research}}, network.ByName, []string{"newc-gh", "newc-ng", "swisspeace"}},
			{network.ActorFilter{Kinds: []network.ActorKind{network.Government, network.Research}}, network.ByKind, []string{"newc-gh", "newc-ng", "swisspeace"}},
			{network.ActorFilter{Kinds: []network.ActorKind{network.Government, network.Research}}, network.ByID, []string{"newc-gh", "newc-ng", "swisspeace"}},
			{network.ActorFilter{Text: "west"}, network.ByName, []string{"ecowas", "unowas", "wanep"}},
		} {
			got, _, err := s.Actors(ctx, network.ActorQuery{Filter: tt.filter, Order: tt.order})
			if err != nil {
				t.Fatalf("Actors: %v", err)
			}
			sameIDs(t, fmt.Sprintf("Actors(%+v, %q)", tt.filter, tt.order), actorIDs(got), tt.want)
			sameIDs(t, fmt.Sprintf("reference Actors(%+v, %q)", tt.filter, tt.order), actorIDs(wantActors(tt.filter, tt.order)), tt.want)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []network.ActorQuery{{Offset: -1}, {Limit: -1}} {
			_, _, err := s.Actors(ctx, q)
			wantCode(t, err, network.EINVALID)
		}
	})
}

// wantActors is the reference answer: the fixture's actors that f matches,
// in order.
func wantActors(f network.ActorFilter, order network.ActorOrder) []*network.Actor {
	var out []*network.Actor
	for _, a := range Fixture().Actors {
		if f.Matches(a) {
			out = append(out, a)
		}
	}
	if order == "" {
		order = network.ByName
	}
	slices.SortFunc(out, order.Compare)
	return out
}

// tieFilters are the filters the suite reads ties with.
var tieFilters = []network.TieFilter{
	{},
	{IDs: []string{"t05", "t01", "nope"}},
	{Kinds: []network.TieKind{network.Funding}},
	{Kinds: []network.TieKind{network.MOU, network.Partnership}},
	{Actor: "ecowas"},
	{Actor: "ecowas", Direction: network.Both},
	{Actor: "ecowas", Direction: network.Outgoing},
	{Actor: "ecowas", Direction: network.Incoming},
	{Actor: "wanep", Direction: network.Incoming, Kinds: []network.TieKind{network.Funding, network.MOU}},
	{Actor: "sweden", Direction: network.Incoming},
	{Actor: "nobody"},
	{ActiveFrom: "2022"},
	{ActiveTo: "2005"},
	{ActiveFrom: "2019-01", ActiveTo: "2019-12"},
	{ActiveFrom: "2021-05-15", ActiveTo: "2021-05-15"},
	{ActiveFrom: "2018-07-01"},
	{Actor: "au", Direction: network.Outgoing, ActiveFrom: "2013"},
	{Among: []string{"ecowas", "wanep", "au", "nobody"}},
	{Among: []string{"ecowas"}},
	{Actor: "ecowas", Among: []string{"ecowas", "wanep"}},
}

// testTies checks every tie filter on every page against TieFilter.Matches
// and CompareTies over the fixture.
func testTies(t *testing.T, s network.Store) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		for _, f := range tieFilters {
			want := wantTies(f)
			for _, p := range pages {
				name := fmt.Sprintf("%+v offset=%d limit=%d", f, p.offset, p.limit)
				got, total, err := s.Ties(ctx, network.TieQuery{Filter: f, Offset: p.offset, Limit: p.limit})
				if err != nil {
					t.Fatalf("Ties(%s): %v", name, err)
				}
				if total != len(want) {
					t.Errorf("Ties(%s): total = %d, want %d", name, total, len(want))
				}
				wantPage := network.Page(want, p.offset, p.limit)
				sameIDs(t, "Ties("+name+")", tieIDs(got), tieIDs(wantPage))
				for i := range min(len(got), len(wantPage)) {
					sameValue(t, "Ties("+name+")", got[i], wantPage[i])
				}
			}
		}
	})
	t.Run("Semantics", func(t *testing.T) {
		for _, tt := range []struct {
			filter network.TieFilter
			want   []string
		}{
			// Symmetric ties hold in both directions, whichever end ecowas is.
			{network.TieFilter{Actor: "ecowas", Direction: network.Outgoing}, []string{"t01", "t02", "t04", "t15"}},
			{network.TieFilter{Actor: "ecowas", Direction: network.Incoming}, []string{"t01", "t02", "t15", "t16"}},
			{network.TieFilter{Kinds: []network.TieKind{network.Funding}}, []string{"t06", "t07", "t08"}},
			{network.TieFilter{ActiveFrom: "2021-05-15", ActiveTo: "2021-05-15"}, []string{"t01", "t02", "t03", "t04", "t05", "t08", "t09", "t11", "t12", "t13", "t16"}},
		} {
			got, _, err := s.Ties(ctx, network.TieQuery{Filter: tt.filter})
			if err != nil {
				t.Fatalf("Ties: %v", err)
			}
			sameIDs(t, fmt.Sprintf("Ties(%+v)", tt.filter), tieIDs(got), tt.want)
			sameIDs(t, fmt.Sprintf("reference Ties(%+v)", tt.filter), tieIDs(wantTies(tt.filter)), tt.want)
		}
	})
}

// wantTies is the reference answer: the fixture's ties that f matches, in
// order.
func wantTies(f network.TieFilter) []*network.Tie {
	var out []*network.Tie
	for _, t := range Fixture().Ties {
		if f.Matches(t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, network.CompareTies)
	return out
}

// testTiesOf checks the batch read of ties per actor.
func testTiesOf(t *testing.T, s network.Store) {
	ctx := context.Background()
	ids := []string{"ecowas", "wanep", "nobody", "au", "sweden", "ecowas"}
	for _, f := range []network.TieFilter{
		{},
		{Direction: network.Outgoing},
		{Direction: network.Incoming, Kinds: []network.TieKind{network.Funding, network.Support, network.MOU}},
		{ActiveFrom: "2020"},
		{Actor: "igad"}, // ignored
		{IDs: []string{"t01", "t04", "t14"}},
		{Among: []string{"ecowas", "wanep", "au"}},
	} {
		got, err := s.TiesOf(ctx, ids, f, network.Omit{})
		if err != nil {
			t.Fatalf("TiesOf(%+v): %v", f, err)
		}
		for _, id := range ids {
			want := f
			want.Actor = id
			wantTies := wantTies(want)
			name := fmt.Sprintf("TiesOf(%+v)[%s]", f, id)
			sameIDs(t, name, tieIDs(got[id]), tieIDs(wantTies))
			for i := range min(len(got[id]), len(wantTies)) {
				sameValue(t, name, got[id][i], wantTies[i])
			}
		}
		for id := range got {
			if !slices.Contains(ids, id) && len(got[id]) > 0 {
				t.Errorf("TiesOf(%+v) has ties for %q, which was not asked", f, id)
			}
		}
	}
}

// testSearch checks ranking against MatchScore and RankHits.
func testSearch(t *testing.T, s network.Store) {
	ctx := context.Background()
	for _, q := range []string{"ecowas", "ECOWAS", "west", "afr", "cedeao", "un-dppa", "union", "  WANEP ", "peace", "national early", "zzz", ""} {
		for _, limit := range []int{0, 1, 3} {
			got, err := s.Search(ctx, q, limit)
			if err != nil {
				t.Fatalf("Search(%q, %d): %v", q, limit, err)
			}
			var want []network.SearchHit
			for _, a := range Fixture().Actors {
				if score := network.MatchScore(a, q); score > 0 {
					want = append(want, network.SearchHit{Actor: a, Score: score})
				}
			}
			want = network.RankHits(want, limit)
			name := fmt.Sprintf("Search(%q, %d)", q, limit)
			if got, want := hitString(got), hitString(want); got != want {
				t.Errorf("%s = %s, want %s", name, got, want)
			}
			for i := range min(len(got), len(want)) {
				sameValue(t, name, got[i].Actor, want[i].Actor)
			}
		}
	}
	// The ID alone finds an actor, and an alias does.
	for q, want := range map[string]string{"un-dppa": "un-dppa", "cedeao": "ecowas"} {
		got, err := s.Search(ctx, q, 1)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		} else if len(got) != 1 || got[0].Actor.ID != want || got[0].Score != 100 {
			t.Errorf("Search(%q, 1) = %s, want %s:100", q, hitString(got), want)
		}
	}
}

// hitString shows hits as "id:score id:score".
func hitString(hits []network.SearchHit) string {
	var b strings.Builder
	for i, h := range hits {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d", h.Actor.ID, h.Score)
	}
	return b.String()
}

// testPlaces checks that places read back whole, by ID.
func testPlaces(t *testing.T, s network.Store) {
	got, err := s.Places(context.Background())
	if err != nil {
		t.Fatalf("Places: %v", err)
	}
	want := sortedPlaces(Fixture().Places)
	if len(got) != len(want) {
		t.Fatalf("Places = %d places, want %d", len(got), len(want))
	}
	for i := range want {
		sameValue(t, fmt.Sprintf("Places[%d]", i), got[i], want[i])
	}
}

func sortedPlaces(places []*network.Place) []*network.Place {
	return slices.SortedFunc(slices.Values(places), func(a, b *network.Place) int { return strings.Compare(a.ID, b.ID) })
}

// testSnapshot checks the whole network, with and without sources.
func testSnapshot(t *testing.T, s network.Store) {
	ctx := context.Background()
	for _, withSources := range []bool{true, false} {
		t.Run(fmt.Sprintf("withSources=%v", withSources), func(t *testing.T) {
			snap, err := s.Snapshot(ctx, withSources)
			if err != nil {
				t.Fatalf("Snapshot: %v", err)
			}
			if got, want := snap.Version, mustVersion(t, s); got != want {
				t.Errorf("Snapshot.Version = %d, Version() = %d", got, want)
			}
			sameSnapshot(t, snap, Fixture(), withSources)
		})
	}
}

// sameSnapshot fails tb unless snap holds exactly what c holds: actors and
// ties by ID, without sources unless withSources, places by ID with theirs.
func sameSnapshot(tb testing.TB, snap *network.Snapshot, c *network.Change, withSources bool) {
	tb.Helper()
	actors := slices.SortedFunc(slices.Values(c.Actors), network.ByID.Compare)
	ties := slices.SortedFunc(slices.Values(c.Ties), network.CompareTies)
	places := sortedPlaces(c.Places)
	if !withSources {
		for _, a := range actors {
			a.Sources = nil
		}
		for _, t := range ties {
			t.Sources = nil
		}
	}
	sameIDs(tb, "Snapshot.Actors", actorIDs(snap.Actors), actorIDs(actors))
	sameIDs(tb, "Snapshot.Ties", tieIDs(snap.Ties), tieIDs(ties))
	if len(snap.Places) != len(places) {
		tb.Errorf("Snapshot.Places has %d places, want %d", len(snap.Places), len(places))
	}
	for i := range min(len(snap.Actors), len(actors)) {
		sameValue(tb, "Snapshot.Actors", snap.Actors[i], actors[i])
	}
	for i := range min(len(snap.Ties), len(ties)) {
		sameValue(tb, "Snapshot.Ties", snap.Ties[i], ties[i])
	}
	for i := range min(len(snap.Places), len(places)) {
		sameValue(tb, "Snapshot.Places", snap.Places[i], places[i])
	}
}

// testStats checks the counts.
func testStats(t *testing.T, s network.Store) {
	if got, want := mustStats(t, s), fixtureStats(); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

// read is what one read returned: the values a caller may change.
type read struct {
	actors []*network.Actor
	ties   []*network.Tie
	places []*network.Place
}

// testCopies changes everything each read returns and checks that the store
// still holds the fixture.
func testCopies(t *testing.T, s network.Store) {
	ctx := context.Background()
	var ids []string
	for _, a := range Fixture().Actors {
		ids = append(ids, a.ID)
	}
	for _, tt := range []struct {
		name string
		read func() (read, error)
	}{
		{"Actor", func() (read, error) {
			a, err := s.Actor(ctx, "ecowas")
			return read{actors: []*network.Actor{a}}, err
		}},
		{"ActorsByID", func() (read, error) {
			a, err := s.ActorsByID(ctx, ids, network.Omit{})
			return read{actors: a}, err
		}},
		{"Actors", func() (read, error) {
			a, _, err := s.Actors(ctx, network.ActorQuery{})
			return read{actors: a}, err
		}},
		{"Ties", func() (read, error) {
			ts, _, err := s.Ties(ctx, network.TieQuery{})
			return read{ties: ts}, err
		}},
		{"TiesOf", func() (read, error) {
			m, err := s.TiesOf(ctx, ids, network.TieFilter{}, network.Omit{})
			var ts []*network.Tie
			for _, id := range ids {
				ts = append(ts, m[id]...)
			}
			return read{ties: ts}, err
		}},
		{"Search", func() (read, error) {
			hits, err := s.Search(ctx, "a", 0)
			return read{actors: hitActors(hits)}, err
		}},
		{"Places", func() (read, error) {
			ps, err := s.Places(ctx)
			return read{places: ps}, err
		}},
		{"Snapshot", func() (read, error) {
			snap, err := s.Snapshot(ctx, true)
			if err != nil {
				return read{}, err
			}
			return read{snap.Actors, snap.Ties, snap.Places}, nil
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.read()
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if len(r.actors)+len(r.ties)+len(r.places) == 0 {
				t.Fatalf("%s returned nothing to change", tt.name)
			}
			scribble(r.actors, r.ties, r.places)
			snap, err := s.Snapshot(ctx, true)
			if err != nil {
				t.Fatalf("Snapshot: %v", err)
			}
			sameSnapshot(t, snap, Fixture(), true)
		})
	}
}

// scribble changes every field of every value given, in place, down to the
// elements of slices and the funding record.
func scribble(actors []*network.Actor, ties []*network.Tie, places []*network.Place) {
	const x = "scribbled"
	strs := func(s []string) {
		for i := range s {
			s[i] = x
		}
	}
	sources := func(s []network.Source) {
		for i := range s {
			s[i].Title, s[i].Passage, s[i].Record = x, x, x
		}
	}
	attrs := func(s []network.Attribute) {
		for i := range s {
			s[i].Value = x
		}
	}
	for _, a := range actors {
		if a == nil {
			continue
		}
		a.Name, a.Acronym, a.Kind, a.Imported = x, x, network.OtherActor, !a.Imported
		strs(a.Aliases)
		strs(a.Regions)
		strs(a.Countries)
		strs(a.Themes)
		for i := range a.Identifiers {
			a.Identifiers[i].Value = x
		}
		attrs(a.Attributes)
		sources(a.Sources)
	}
	for _, t := range ties {
		t.From, t.To, t.Since, t.Weight = x, x, "1900", 99
		if f := t.Funding; f != nil {
			f.Amount, f.Currency = -1, "XXX"
			for i := range f.Sectors {
				f.Sectors[i].Code = x
			}
		}
		attrs(t.Attributes)
		sources(t.Sources)
	}
	for _, p := range places {
		p.Name = x
		strs(p.Regions)
		sources(p.Sources)
	}
}
