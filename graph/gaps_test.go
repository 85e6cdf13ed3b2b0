package graph_test

import (
	"context"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// MustSyntheticStore returns a store opened by open that holds a synthetic
// network with funding in two currencies (the seed has no funding flows).
func MustSyntheticStore(tb testing.TB, open openFunc) network.Store {
	tb.Helper()
	c, err := synthetic.Generate(synthetic.Options{Actors: 200, Ties: 1000, Seed: 7})
	if err != nil {
		tb.Fatalf("synthetic.Generate: %v", err)
	}
	s := open(tb)
	MustApply(tb, s, c)
	return s
}

// MustSeedSnapshot returns the snapshot of store as the gap queries read it.
func MustSeedSnapshot(tb testing.TB, s network.Store) *network.Snapshot {
	tb.Helper()
	snap, err := s.Snapshot(context.Background(), false)
	if err != nil {
		tb.Fatalf("Snapshot: %v", err)
	}
	return snap
}

type moneyResp struct {
	Currency string  `json:"currency"`
	Amount   float64 `json:"amount"`
}

func sameMoney(got []moneyResp, want []analysis.Money) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i].Currency != want[i].Currency || got[i].Amount != want[i].Amount {
			return false
		}
	}
	return true
}

func TestFundingGaps(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		// Each network is loaded in its subtest: one Neo4j database holds
		// one network at a time.
		for _, st := range []struct {
			name string
			load func(testing.TB, openFunc) network.Store
		}{{"Seed", MustSeedStore}, {"Synthetic", MustSyntheticStore}} {
			t.Run(st.name, func(t *testing.T) { testFundingGaps(t, st.load(t, open)) })
		}
	})
}

func testFundingGaps(t *testing.T, store network.Store) {
	c := client.New(graph.NewHandler(store, graph.Options{}))
	snap := MustSeedSnapshot(t, store)
	for _, tc := range []struct {
		name string
		vars map[string]any
		opts analysis.GapOptions
	}{
		{"OK", nil, analysis.GapOptions{OrgansWithParent: true}},
		{"Country", map[string]any{"groupBy": "COUNTRY"}, analysis.GapOptions{OrgansWithParent: true, GroupBy: analysis.GroupByCountry}},
		{"Kind", map[string]any{"groupBy": "ACTOR_KIND", "filter": map[string]any{"transactionTypes": []string{"2", "3", "4"}}},
			analysis.GapOptions{OrgansWithParent: true, GroupBy: analysis.GroupByActorKind, TransactionTypes: []string{"2", "3", "4"}}},
		{"Filtered", map[string]any{"groupBy": "SECTOR", "filter": map[string]any{"from": "2018", "to": "2022", "currency": "EUR", "regions": []string{"west-africa"}}},
			analysis.GapOptions{OrgansWithParent: true, GroupBy: analysis.GroupBySector, From: "2018", To: "2022", Currency: "EUR", Regions: []string{"west-africa"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp struct {
				FundingGaps []struct {
					Group    string      `json:"group"`
					Total    []moneyResp `json:"total"`
					Flows    int         `json:"flows"`
					Activity int         `json:"activity"`
					Gap      float64     `json:"gap"`
					Need     *float64    `json:"need"`
					Method   string      `json:"method"`
				} `json:"fundingGaps"`
			}
			MustQuery(t, c, &resp, `query($groupBy: GapGroupBy, $filter: GapFilter) {
			  fundingGaps(groupBy: $groupBy, filter: $filter, top: 1000) { group total { currency amount } flows activity gap need method } }`, tc.vars)
			tc.opts.Top = 1000
			want, err := analysis.FundingGaps(context.Background(), snap, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 && tc.name == "OK" {
				t.Fatal("no funding gaps: the test checks nothing")
			}
			if got := resp.FundingGaps; len(got) != len(want) {
				t.Fatalf("got %d groups, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := resp.FundingGaps[i]
				if g.Group != w.Group || g.Flows != w.Flows || g.Activity != w.Activity || g.Gap != w.Gap || !sameMoney(g.Total, w.Total) || g.Method != w.Method || g.Need != nil {
					t.Errorf("group %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
	t.Run("Need", func(t *testing.T) {
		var resp struct {
			FundingGaps []struct {
				Group string   `json:"group"`
				Need  *float64 `json:"need"`
			} `json:"fundingGaps"`
		}
		MustQuery(t, c, &resp, `{ fundingGaps(need: [{group: "west-africa", value: 3}, {group: "sahel", value: 1}]) { group need } }`, nil)
		found := false
		for _, g := range resp.FundingGaps {
			if g.Group == "west-africa" {
				found = g.Need != nil && *g.Need == 3
			}
		}
		if !found {
			t.Errorf("west-africa does not carry its need 3: %+v", resp.FundingGaps)
		}
	})
}

func TestTriadCoverage(t *testing.T) { forEachStore(t, testTriadCoverage) }

func testTriadCoverage(t *testing.T, open openFunc) {
	store := MustSeedStore(t, open)
	c := client.New(graph.NewHandler(store, graph.Options{}))
	type side struct {
		A    string `json:"a"`
		B    string `json:"b"`
		Ties []struct {
			ID string `json:"id"`
		} `json:"ties"`
	}
	var resp struct {
		TriadCoverage []struct {
			Region      string `json:"region"`
			ClosedCount int    `json:"closedCount"`
			OpenCount   int    `json:"openCount"`
			Open        []struct {
				UN           struct{ ID string } `json:"un"`
				RegionalOrg  struct{ ID string } `json:"regionalOrg"`
				CivilSociety struct {
					ID    string `json:"id"`
					Actor struct {
						Name string `json:"name"`
					} `json:"actor"`
				} `json:"civilSociety"`
				Sides   []side `json:"sides"`
				Missing []side `json:"missing"`
			} `json:"open"`
		} `json:"triadCoverage"`
	}
	MustQuery(t, c, &resp, `{ triadCoverage { region closedCount openCount
	  open { un { id } regionalOrg { id } civilSociety { id actor { name } } sides { a b ties { id } } missing { a b } } } }`, nil)
	want, err := analysis.TriadCoverage(context.Background(), MustSeedSnapshot(t, store), analysis.GapOptions{OrgansWithParent: true, Top: graph.DefaultTop})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.TriadCoverage) != len(want) {
		t.Fatalf("got %d regions, want %d", len(resp.TriadCoverage), len(want))
	}
	for i, w := range want {
		if g := resp.TriadCoverage[i]; g.Region != w.Region || g.ClosedCount != w.ClosedCount || g.OpenCount != w.OpenCount {
			t.Errorf("region %d: got %s %d/%d, want %s %d/%d", i, g.Region, g.ClosedCount, g.OpenCount, w.Region, w.ClosedCount, w.OpenCount)
		}
	}
	t.Run("OK/WestAfrica", func(t *testing.T) {
		for _, r := range resp.TriadCoverage {
			if r.Region != "west-africa" {
				continue
			}
			for _, tr := range r.Open {
				if tr.UN.ID != "pbso" || tr.RegionalOrg.ID != "ecowas" || tr.CivilSociety.ID != "wanep" {
					continue
				}
				var present []string
				for _, s := range tr.Sides {
					present = append(present, s.A+"-"+s.B)
				}
				slices.Sort(present)
				if !slices.Contains(present, "ecowas-wanep") || !slices.Contains(present, "pbso-ecowas") {
					t.Errorf("PBSO-ECOWAS-WANEP sides %v, want ecowas-wanep and pbso-ecowas", present)
				}
				if len(tr.Missing) != 1 || tr.Missing[0].A+"-"+tr.Missing[0].B != "pbso-wanep" {
					t.Errorf("missing %+v, want pbso-wanep", tr.Missing)
				}
				if tr.CivilSociety.Actor.Name == "" {
					t.Errorf("the civil-society actor does not resolve")
				}
				return
			}
		}
		t.Errorf("West Africa has no PBSO-ECOWAS-WANEP triad: %+v", resp.TriadCoverage)
	})
}

func TestGapQueries(t *testing.T) { forEachStore(t, testGapQueries) }

func testGapQueries(t *testing.T, open openFunc) {
	store := MustSeedStore(t, open)
	c := client.New(graph.NewHandler(store, graph.Options{}))
	snap := MustSeedSnapshot(t, store)
	partners := analysis.Selection{OrgansWithParent: true, TieKinds: analysis.ActivityTieKinds, Weight: analysis.WeightNone}
	proj := MustProject(t, store, partners)

	t.Run("UnderfundedBrokers", func(t *testing.T) {
		var resp struct {
			UnderfundedBrokers []struct {
				Actor struct{ ID string } `json:"actor"`
				Score float64             `json:"score"`
			} `json:"underfundedBrokers"`
		}
		MustQuery(t, c, &resp, `{ underfundedBrokers(top: 1000) { actor { id } score } }`, nil)
		want, err := analysis.UnderfundedBrokers(context.Background(), snap, proj, analysis.GapOptions{OrgansWithParent: true, Top: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || len(resp.UnderfundedBrokers) != len(want) {
			t.Fatalf("got %d brokers, want %d (> 0)", len(resp.UnderfundedBrokers), len(want))
		}
		for i, w := range want {
			if g := resp.UnderfundedBrokers[i]; g.Actor.ID != w.Actor.ID || g.Score != w.Score {
				t.Errorf("broker %d: got %+v, want %s %v", i, g, w.Actor.ID, w.Score)
			}
		}
	})

	t.Run("UnfundedPartnerships", func(t *testing.T) {
		var resp struct {
			UnfundedPartnerships []struct {
				Tie struct {
					ID      string `json:"id"`
					Sources []struct {
						Title string `json:"title"`
					} `json:"sources"`
				} `json:"tie"`
			} `json:"unfundedPartnerships"`
		}
		MustQuery(t, c, &resp, `{ unfundedPartnerships(top: 1000) { tie { id sources { title } } } }`, nil)
		want, err := analysis.UnfundedPartnerships(context.Background(), snap, analysis.GapOptions{OrgansWithParent: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || len(resp.UnfundedPartnerships) != len(want) {
			t.Fatalf("got %d, want %d (> 0)", len(resp.UnfundedPartnerships), len(want))
		}
		for i, w := range want {
			g := resp.UnfundedPartnerships[i]
			if g.Tie.ID != w.Tie.ID {
				t.Errorf("item %d: got %s, want %s", i, g.Tie.ID, w.Tie.ID)
			}
			if len(g.Tie.Sources) == 0 {
				t.Errorf("tie %s comes without its sources", g.Tie.ID)
			}
		}
	})

	t.Run("SinglePointsOfFailure", func(t *testing.T) {
		var resp struct {
			SinglePointsOfFailure struct {
				Actors []struct {
					ID  string `json:"id"`
					Cut int    `json:"cut"`
				} `json:"actors"`
				Bridges []struct {
					A string `json:"a"`
					B string `json:"b"`
				} `json:"bridges"`
			} `json:"singlePointsOfFailure"`
		}
		MustQuery(t, c, &resp, `{ singlePointsOfFailure(top: 1000) { actors { id cut } bridges { a b } } }`, nil)
		want := analysis.SinglePointsOfFailure(proj)
		got := resp.SinglePointsOfFailure
		if len(want.Actors) == 0 || len(got.Actors) != len(want.Actors) || len(got.Bridges) != len(want.Bridges) {
			t.Fatalf("got %d actors, %d bridges; want %d (> 0), %d", len(got.Actors), len(got.Bridges), len(want.Actors), len(want.Bridges))
		}
		for i, w := range want.Actors {
			if got.Actors[i].ID != w.ID || got.Actors[i].Cut != w.Cut {
				t.Errorf("actor %d: got %+v, want %s cut %d", i, got.Actors[i], w.ID, w.Cut)
			}
		}
	})

	t.Run("SuggestedPartnerships", func(t *testing.T) {
		var resp struct {
			SuggestedPartnerships []struct {
				A      struct{ ID string } `json:"a"`
				B      struct{ ID string } `json:"b"`
				Score  float64             `json:"score"`
				Shared []struct {
					Actor struct{ ID string } `json:"actor"`
				} `json:"shared"`
			} `json:"suggestedPartnerships"`
		}
		MustQuery(t, c, &resp, `{ suggestedPartnerships(kindsA: [UN_ENTITY], kindsB: [CIVIL_SOCIETY], top: 10) { a { id } b { id } score shared { actor { id } } } }`, nil)
		want, err := analysis.SuggestPartnerships(context.Background(), proj, snap, analysis.GapOptions{OrgansWithParent: true, Top: 10,
			KindsA: []network.ActorKind{network.UNEntity}, KindsB: []network.ActorKind{network.CivilSociety}})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || len(resp.SuggestedPartnerships) != len(want) {
			t.Fatalf("got %d, want %d (> 0)", len(resp.SuggestedPartnerships), len(want))
		}
		for i, w := range want {
			g := resp.SuggestedPartnerships[i]
			if g.A.ID != w.A.ID || g.B.ID != w.B.ID || g.Score != w.Score || len(g.Shared) != len(w.Shared) {
				t.Errorf("suggestion %d: got %+v, want %s-%s %v", i, g, w.A.ID, w.B.ID, w.Score)
			}
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		h := graph.NewHandler(store, graph.Options{})
		for _, q := range []string{
			`{ fundingGaps(groupBy: RECIPIENT) { group } }`,
			`{ fundingGaps(filter: {currency: "usd"}) { group } }`,
			`{ fundingGaps(filter: {from: "2020", to: "2019"}) { group } }`,
			`{ triadCoverage(minSides: 3) { region } }`,
			`{ donorConcentration(top: 0) { group } }`,
		} {
			if got, want := MustErrorCode(t, h, q, nil), graph.CodeBadUserInput; got != want {
				t.Errorf("%s: code %q, want %q", q, got, want)
			}
		}
	})
}

// TestDonorConcentration reads the synthetic network: the seed has no
// funding flows.
func TestDonorConcentration(t *testing.T) { forEachStore(t, testDonorConcentration) }

func testDonorConcentration(t *testing.T, open openFunc) {
	store := MustSyntheticStore(t, open)
	c := client.New(graph.NewHandler(store, graph.Options{}))
	snap := MustSeedSnapshot(t, store)
	var resp struct {
		DonorConcentration []struct {
			Group    string              `json:"group"`
			HHI      float64             `json:"hhi"`
			TopDonor struct{ ID string } `json:"topDonor"`
			Totals   []moneyResp         `json:"totals"`
		} `json:"donorConcentration"`
	}
	MustQuery(t, c, &resp, `{ donorConcentration(top: 1000) { group hhi topDonor { id } totals { currency amount } } }`, nil)
	want, err := analysis.DonorConcentration(context.Background(), snap, analysis.GapOptions{OrgansWithParent: true, Top: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(resp.DonorConcentration) != len(want) {
		t.Fatalf("got %d, want %d (> 0)", len(resp.DonorConcentration), len(want))
	}
	for i, w := range want {
		g := resp.DonorConcentration[i]
		if g.Group != w.Group || g.HHI != w.HHI || g.TopDonor.ID != w.TopDonor.ID || !sameMoney(g.Totals, w.Totals) {
			t.Errorf("item %d: got %+v, want %+v", i, g, w)
		}
	}
}
