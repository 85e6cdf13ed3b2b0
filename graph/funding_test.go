package graph_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/funding"
)

// MustDefaultStore returns a store opened by open that holds what a new
// install loads: the seed network and its funding layer.
func MustDefaultStore(tb testing.TB, open openFunc) network.Store {
	tb.Helper()
	c, err := funding.Default()
	if err != nil {
		tb.Fatal(err)
	}
	s := open(tb)
	MustApply(tb, s, c)
	return s
}

// MustFundingReference returns the funding layer's rates and sources.
func MustFundingReference(tb testing.TB) graph.FundingReference {
	tb.Helper()
	rates, err := funding.Rates()
	if err != nil {
		tb.Fatal(err)
	}
	sources, err := funding.Sources()
	if err != nil {
		tb.Fatal(err)
	}
	return graph.FundingReference{Rates: rates, Sources: sources}
}

func TestFundingLayer(t *testing.T) { forEachStore(t, testFundingLayer) }

// testFundingLayer asks the default install's questions through GraphQL
// and checks the answers against the analysis over the store's snapshot
// and against the stored records.
func testFundingLayer(t *testing.T, open openFunc) {
	store := MustDefaultStore(t, open)
	ref := MustFundingReference(t)
	c := client.New(graph.NewHandler(store, graph.Options{Funding: ref}))
	snap := MustSeedSnapshot(t, store)

	t.Run("DataSources", func(t *testing.T) {
		var resp struct {
			DataSources []struct {
				ID, Licence, Attribution string
				Flows                    int
				Absent                   []string
				Complete                 []struct{ Donors, Countries []string }
			}
		}
		MustQuery(t, c, &resp, `{ dataSources { id licence attribution flows absent complete { donors countries } } }`, nil)
		want := map[string]int{}
		for _, tie := range snap.Ties {
			for i := range ref.Sources {
				if ref.Sources[i].Holds(tie) {
					want[ref.Sources[i].ID]++
				}
			}
		}
		if len(resp.DataSources) != len(ref.Sources) {
			t.Fatalf("%d sources, want %d", len(resp.DataSources), len(ref.Sources))
		}
		for _, d := range resp.DataSources {
			if d.Flows != want[d.ID] || d.Licence == "" || d.Attribution == "" {
				t.Errorf("%s: %d flows (want %d), licence %q", d.ID, d.Flows, want[d.ID], d.Licence)
			}
			if d.ID == funding.SourceIATI && !strings.Contains(strings.Join(d.Absent, " "), "WANEP") {
				t.Errorf("the IATI source does not say WANEP publishes nothing: %v", d.Absent)
			}
			if d.ID == funding.SourcePBF && (len(d.Complete) != 1 || d.Complete[0].Donors[0] != "pbf") {
				t.Errorf("PBF scope = %+v", d.Complete)
			}
		}
		if want[funding.SourceIATI] == 0 || want[funding.SourcePBF] != 236 {
			t.Errorf("stored flows %v", want)
		}
	})

	t.Run("PBFByCountry", func(t *testing.T) {
		var resp struct {
			FundingGaps []struct {
				Group, Coverage, Method string
				Funding                 float64
				Ties                    []string
			}
		}
		MustQuery(t, c, &resp, `{ fundingGaps(groupBy: COUNTRY, filter: {donors: ["pbf"], from: "2012", to: "2019", countries: ["GN", "AF"]}) {
		  group coverage funding ties method } }`, nil)
		opts := analysis.GapOptions{OrgansWithParent: true, GroupBy: analysis.GroupByCountry, Donors: []string{"pbf"}, From: "2012", To: "2019",
			Countries: []string{"GN", "AF"}, Sources: ref.Sources, Top: 20, Rates: ref.Rates}
		want, err := analysis.FundingGaps(context.Background(), snap, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for i, g := range resp.FundingGaps {
			got[g.Group] = g.Coverage
			if g.Funding != want[i].Funding || g.Method != want[i].Method || len(g.Ties) != len(want[i].Ties) {
				t.Errorf("%s: %+v, want %+v", g.Group, g, want[i])
			}
		}
		if got["GN"] != "FUNDED" || got["AF"] != "NO_FUNDING" {
			t.Errorf("coverage = %v, want GN FUNDED and AF NO_FUNDING", got)
		}
		// Guinea's total is the sum of its counted records.
		var gn []string
		var gnFunding float64
		for _, g := range resp.FundingGaps {
			if g.Group == "GN" {
				gn, gnFunding = g.Ties, g.Funding
			}
		}
		if len(gn) == 0 {
			t.Fatal("Guinea counts no tie")
		}
		stored, _, err := store.Ties(context.Background(), network.TieQuery{Filter: network.TieFilter{IDs: gn}})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, tie := range stored {
			sum += tie.Funding.Amount
			if len(tie.Sources) == 0 || tie.Sources[0].Record == "" {
				t.Errorf("%s has no source", tie.ID)
			}
		}
		if len(stored) != len(gn) || math.Abs(sum-gnFunding) > 0.01 {
			t.Errorf("Guinea: funding %.2f, its %d ties (of %d) sum to %.2f", gnFunding, len(stored), len(gn), sum)
		}
	})

	t.Run("ConvertTo", func(t *testing.T) {
		var resp struct {
			DonorConcentration []struct {
				Group, Currency string
				Total           float64
				Conversions     []struct {
					From, To, Source string
					Year             int
					Rate, Amount     float64
				}
			}
		}
		MustQuery(t, c, &resp, `{ donorConcentration(filter: {convertTo: "USD", transactionTypes: ["2"], donors: ["afdf"]}, top: 100) {
		  group currency total conversions { from to year rate amount source } } }`, nil)
		var ecowas bool
		for _, g := range resp.DonorConcentration {
			if g.Currency != "USD" {
				t.Errorf("%s in %s", g.Group, g.Currency)
			}
			if g.Group == "ecowas" {
				ecowas = true
				if len(g.Conversions) != 1 || g.Conversions[0].From != "XDR" || g.Conversions[0].Year != 2020 || g.Conversions[0].Source == "" ||
					math.Abs(g.Total-7e6*g.Conversions[0].Rate) > 0.01 {
					t.Errorf("ECOWAS: %+v", g)
				}
			}
		}
		if !ecowas {
			t.Error("no AfDF commitment to ECOWAS")
		}
	})

	t.Run("ErrConvertTo", func(t *testing.T) {
		err := c.Post(`{ fundingGaps(filter: {convertTo: "ABC"}) { group } }`, &struct{}{})
		if err == nil || !strings.Contains(err.Error(), "BAD_USER_INPUT") && !strings.Contains(err.Error(), "ABC") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("UnfundedPartnerships", func(t *testing.T) {
		var resp struct {
			UnfundedPartnerships []struct {
				Tie                                struct{ ID string }
				Coverage, FromCoverage, ToCoverage string
			}
		}
		MustQuery(t, c, &resp, `{ unfundedPartnerships(filter: {tieKinds: [MOU, PARTNERSHIP, DIALOGUE, SUPPORT, COLLABORATION]}, top: 100) { tie { id } coverage fromCoverage toCoverage } }`, nil)
		if len(resp.UnfundedPartnerships) == 0 {
			t.Fatal("no unfunded partnership")
		}
		for _, u := range resp.UnfundedPartnerships {
			// No source reports every flow of the note's actors: no
			// flow is no data, never no funding.
			if u.Coverage != "NO_DATA" || u.FromCoverage == "FUNDED" || u.ToCoverage == "FUNDED" {
				t.Errorf("%s: coverage %q (%s, %s)", u.Tie.ID, u.Coverage, u.FromCoverage, u.ToCoverage)
			}
		}
	})
}
