package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// testEmpty checks a new store: nothing in it, every list empty.
func testEmpty(t *testing.T, s network.Store) {
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if got, want := mustStats(t, s), (network.Stats{}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
	_, err := s.Actor(ctx, "ecowas")
	wantCode(t, err, network.ENOTFOUND)
	actors, total, err := s.Actors(ctx, network.ActorQuery{})
	if err != nil {
		t.Fatalf("Actors: %v", err)
	} else if len(actors) != 0 || total != 0 {
		t.Errorf("Actors = %d actors, total %d; want none", len(actors), total)
	}
	ties, total, err := s.Ties(ctx, network.TieQuery{})
	if err != nil {
		t.Fatalf("Ties: %v", err)
	} else if len(ties) != 0 || total != 0 {
		t.Errorf("Ties = %d ties, total %d; want none", len(ties), total)
	}
	of, err := s.TiesOf(ctx, []string{"ecowas"}, network.TieFilter{}, network.Omit{})
	if err != nil {
		t.Fatalf("TiesOf: %v", err)
	} else if len(of["ecowas"]) != 0 {
		t.Errorf("TiesOf = %d ties, want none", len(of["ecowas"]))
	}
	hits, err := s.Search(ctx, "ecowas", 10)
	if err != nil {
		t.Fatalf("Search: %v", err)
	} else if len(hits) != 0 {
		t.Errorf("Search = %d hits, want none", len(hits))
	}
	places, err := s.Places(ctx)
	if err != nil {
		t.Fatalf("Places: %v", err)
	} else if len(places) != 0 {
		t.Errorf("Places = %d, want none", len(places))
	}
	snap, err := s.Snapshot(ctx, true)
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	if len(snap.Actors)+len(snap.Ties)+len(snap.Places) != 0 {
		t.Errorf("Snapshot has %d actors, %d ties, %d places; want none", len(snap.Actors), len(snap.Ties), len(snap.Places))
	}
	if got, want := snap.Version, mustVersion(t, s); got != want {
		t.Errorf("Snapshot.Version = %d, Version() = %d", got, want)
	}
}

// testApply checks writes, each on a store of its own.
func testApply(t *testing.T, open func(t *testing.T) network.Store) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := open(t)
		before := mustVersion(t, s)
		MustLoad(t, s)
		if got, want := mustStats(t, s), fixtureStats(); got != want {
			t.Errorf("Stats = %+v, want %+v", got, want)
		}
		if got := mustVersion(t, s); got <= before {
			t.Errorf("Version = %d after Apply, was %d", got, before)
		}
	})

	t.Run("Version", func(t *testing.T) {
		s := MustLoad(t, open(t))
		v := mustVersion(t, s)
		for i, c := range []*network.Change{
			{Actors: []*network.Actor{fixtureActor(t, "wanep")}},
			{Ties: []*network.Tie{fixtureTie(t, "t01")}},
			{Places: []*network.Place{{ID: "sahel", Name: "Sahel", Kind: network.Region}}},
		} {
			MustApply(t, s, c)
			got := mustVersion(t, s)
			if got <= v {
				t.Errorf("Apply #%d: Version = %d, was %d", i, got, v)
			}
			v = got
		}
		// A failed Apply leaves the version alone.
		bad := &network.Change{Actors: []*network.Actor{{ID: "x", Name: "", Kind: network.OtherActor}}}
		wantCode(t, s.Apply(ctx, bad), network.EINVALID)
		if got := mustVersion(t, s); got != v {
			t.Errorf("Version = %d after a failed Apply, was %d", got, v)
		}
	})

	t.Run("Upsert", func(t *testing.T) {
		s := MustLoad(t, open(t))
		wanep := fixtureActor(t, "wanep")
		wanep.Name = "Réseau Ouest Africain pour l'Édification de la Paix"
		wanep.Aliases = []string{"WANEP-Ghana"}
		wanep.Themes = nil
		moved := fixtureTie(t, "t11") // wanep - newc-gh
		moved.From, moved.Kind, moved.Weight = "ecowas", network.Support, 4
		region := &network.Place{ID: "sahel", Name: "Sahel belt", Kind: network.Region}
		MustApply(t, s, &network.Change{Actors: []*network.Actor{wanep}, Ties: []*network.Tie{moved}, Places: []*network.Place{region}})

		if got, want := mustStats(t, s), fixtureStats(); got != want {
			t.Errorf("Stats = %+v after upserting, want %+v", got, want)
		}
		got, err := s.Actor(ctx, "wanep")
		if err != nil {
			t.Fatalf("Actor: %v", err)
		}
		sameValue(t, "upserted actor", got, wanep)
		ties, _, err := s.Ties(ctx, network.TieQuery{Filter: network.TieFilter{IDs: []string{"t11"}}})
		if err != nil {
			t.Fatalf("Ties: %v", err)
		} else if len(ties) != 1 {
			t.Fatalf("Ties(t11) = %d ties, want 1", len(ties))
		}
		sameValue(t, "upserted tie", ties[0], moved)
		of, err := s.TiesOf(ctx, []string{"wanep", "ecowas", "newc-gh"}, network.TieFilter{}, network.Omit{})
		if err != nil {
			t.Fatalf("TiesOf: %v", err)
		}
		if ids := tieIDs(of["wanep"]); slices.Contains(ids, "t11") {
			t.Errorf("TiesOf(wanep) = %q still holds the moved tie t11", ids)
		}
		for _, id := range []string{"ecowas", "newc-gh"} {
			if ids := tieIDs(of[id]); !slices.Contains(ids, "t11") {
				t.Errorf("TiesOf(%s) = %q lacks the moved tie t11", id, ids)
			}
		}
		byActor, _, err := s.Ties(ctx, network.TieQuery{Filter: network.TieFilter{Actor: "wanep"}})
		if err != nil {
			t.Fatalf("Ties: %v", err)
		} else if ids := tieIDs(byActor); slices.Contains(ids, "t11") {
			t.Errorf("Ties(actor wanep) = %q still holds the moved tie t11", ids)
		}
		hits, err := s.Search(ctx, "network for peacebuilding", 0)
		if err != nil {
			t.Fatalf("Search: %v", err)
		} else if len(hits) != 0 {
			t.Errorf("Search for the old name found %q", actorIDs(hitActors(hits)))
		}
		hits, err = s.Search(ctx, "réseau ouest", 0)
		if err != nil {
			t.Fatalf("Search: %v", err)
		} else if ids := actorIDs(hitActors(hits)); !slices.Equal(ids, []string{"wanep"}) {
			t.Errorf("Search for the new name = %q, want [wanep]", ids)
		}
		places, err := s.Places(ctx)
		if err != nil {
			t.Fatalf("Places: %v", err)
		}
		for _, p := range places {
			if p.ID == "sahel" {
				sameValue(t, "upserted place", p, region)
			}
		}
	})

	t.Run("TieEndInChange", func(t *testing.T) {
		s := open(t)
		// Every end of these ties is an actor of the same change.
		c := Fixture()
		c.Ties = c.Ties[:3]
		MustApply(t, s, c)
		// Ends already stored count too.
		MustApply(t, s, &network.Change{Ties: []*network.Tie{fixtureTie(t, "t09")}})
		if got, want := mustStats(t, s).Ties, 4; got != want {
			t.Errorf("Stats.Ties = %d, want %d", got, want)
		}
	})

	// assertUnchanged fails unless s holds exactly the fixture at version v.
	assertUnchanged := func(t *testing.T, s network.Store, v uint64) {
		t.Helper()
		if got := mustVersion(t, s); got != v {
			t.Errorf("Version = %d after a failed Apply, was %d", got, v)
		}
		if got, want := mustStats(t, s), fixtureStats(); got != want {
			t.Errorf("Stats = %+v after a failed Apply, want %+v", got, want)
		}
		snap, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatalf("Snapshot: %v", err)
		}
		sameSnapshot(t, snap, Fixture(), true)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		s := MustLoad(t, open(t))
		v := mustVersion(t, s)
		renamed := fixtureActor(t, "ecowas")
		renamed.Name = "renamed"
		good := &network.Tie{ID: "new-tie", Kind: network.MOU, From: "au", To: "wanep", Weight: 1, Sources: fixtureTie(t, "t01").Sources}
		bad := &network.Tie{ID: "bad-tie", Kind: network.MOU, From: "au", To: "ecowas", Weight: 0, Sources: good.Sources}
		err := s.Apply(ctx, &network.Change{
			Actors: []*network.Actor{renamed},
			Ties:   []*network.Tie{good, bad},
			Places: []*network.Place{{ID: "SN", Name: "Senegal", Kind: network.Country}},
		})
		wantCode(t, err, network.EINVALID)
		msg := network.ErrorMessage(err)
		for _, want := range []string{`ties[1] (id "bad-tie")`, "weight"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q does not name %q", msg, want)
			}
		}
		assertUnchanged(t, s, v)
	})

	t.Run("ErrUnknownActor", func(t *testing.T) {
		s := MustLoad(t, open(t))
		v := mustVersion(t, s)
		added := fixtureActor(t, "igad")
		added.ID = "eac"
		tie := &network.Tie{ID: "orphan", Kind: network.Support, From: "eac", To: "nobody", Weight: 1, Sources: added.Sources}
		err := s.Apply(ctx, &network.Change{Actors: []*network.Actor{added}, Ties: []*network.Tie{fixtureTie(t, "t02"), tie}})
		wantCode(t, err, network.EINVALID)
		msg := network.ErrorMessage(err)
		for _, want := range []string{`"orphan"`, "to", `"nobody"`} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q does not name %s", msg, want)
			}
		}
		assertUnchanged(t, s, v)
	})

	t.Run("ErrCanceled", func(t *testing.T) {
		s := MustLoad(t, open(t))
		v := mustVersion(t, s)
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		added := fixtureActor(t, "igad")
		added.ID = "eac"
		if err := s.Apply(canceled, &network.Change{Actors: []*network.Actor{added}}); err == nil {
			t.Fatal("Apply with a canceled context succeeded")
		}
		assertUnchanged(t, s, v)
	})

	t.Run("InputCopied", func(t *testing.T) {
		s := open(t)
		c := Fixture()
		MustApply(t, s, c)
		scribble(c.Actors, c.Ties, c.Places)
		snap, err := s.Snapshot(ctx, true)
		if err != nil {
			t.Fatalf("Snapshot: %v", err)
		}
		sameSnapshot(t, snap, Fixture(), true)
	})
}

// hitActors returns the actors of hits.
func hitActors(hits []network.SearchHit) []*network.Actor {
	actors := make([]*network.Actor, len(hits))
	for i, h := range hits {
		actors[i] = h.Actor
	}
	return actors
}
