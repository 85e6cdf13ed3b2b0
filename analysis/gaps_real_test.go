package analysis_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/funding"
)

// These tests check the money rules on the real records of the default
// install: the seed network with its funding layer (OECD CRS tables and the
// d-portal IATI activities). Expected values are worked out from the data
// files apart from the code under test.

var realData struct {
	once    sync.Once
	snap    *network.Snapshot
	rates   *network.RateTable
	sources []network.DataSource
	err     error
}

// MustRealSnapshot returns the default install's network as a snapshot,
// with the exchange rates and data sources.
func MustRealSnapshot(tb testing.TB) (*network.Snapshot, *network.RateTable, []network.DataSource) {
	tb.Helper()
	realData.once.Do(func() {
		c, err := funding.Default()
		if err != nil {
			realData.err = err
			return
		}
		s := &network.Snapshot{Actors: c.Actors, Ties: c.Ties, Places: c.Places}
		slices.SortFunc(s.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
		slices.SortFunc(s.Ties, network.CompareTies)
		realData.snap = s
		if realData.rates, err = funding.Rates(); err != nil {
			realData.err = err
			return
		}
		realData.sources, realData.err = funding.Sources()
	})
	if realData.err != nil {
		tb.Fatal(realData.err)
	}
	return realData.snap, realData.rates, realData.sources
}

// subSnapshot keeps the places and actors of snap and the ties keep picks.
func subSnapshot(snap *network.Snapshot, keep func(*network.Tie) bool) *network.Snapshot {
	s := &network.Snapshot{Actors: snap.Actors, Places: snap.Places}
	for _, t := range snap.Ties {
		if keep(t) {
			s.Ties = append(s.Ties, t)
		}
	}
	return s
}

func gapFor(tb testing.TB, gaps []analysis.FundingGap, group string) analysis.FundingGap {
	tb.Helper()
	for _, g := range gaps {
		if g.Group == group {
			return g
		}
	}
	tb.Fatalf("no group %q", group)
	return analysis.FundingGap{}
}

// readFundingCSV reads an embedded data file of the funding layer.
func readFundingCSV(tb testing.TB, name string) [][]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "seed", "funding", "data", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows[1:]
}

// TestRealNetNewMoney: UNDP's activity XM-DAC-41114-OUTPUT-00123044
// (Guinea, 100%) receives USD 617,101 from the PBF (incoming funds,
// transaction 1) and spends USD 226,698 in nine expenditures (transactions
// 4-10, 12 and 13, the last -2,085). Counted by country, the spending is
// the PBF's money passed on: Guinea's total is the 617,101 that came in,
// not 843,799.
func TestRealNetNewMoney(t *testing.T) {
	snap, _, sources := MustRealSnapshot(t)
	const activity = "XM-DAC-41114-OUTPUT-00123044"
	sub := subSnapshot(snap, func(tie *network.Tie) bool {
		return tie.Funding == nil || tie.Funding.ActivityID == activity
	})
	gaps, err := analysis.FundingGaps(context.Background(), sub, analysis.GapOptions{GroupBy: analysis.GroupByCountry, Countries: []string{"GN"}, Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	gn := gapFor(t, gaps, "GN")
	if got, want := gn.Funding, 617101.0; math.Abs(got-want) > 1e-6 || gn.Currency != "USD" {
		t.Errorf("Guinea: %s %.2f, want USD %.2f", gn.Currency, got, want)
	}
	if gn.Flows != 10 || len(gn.Ties) != 10 {
		t.Errorf("Guinea: %d flows, %d ties, want 10 (1 incoming + 9 expenditures)", gn.Flows, len(gn.Ties))
	}
	if !strings.Contains(gn.Method, "(9 flows reduced)") {
		t.Errorf("method does not say 9 flows were netted: %s", gn.Method)
	}
	// Per recipient every hop counts: UNDP received the 617,101.
	conc, err := analysis.DonorConcentration(context.Background(), sub, analysis.GapOptions{Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range conc {
		if c.Group == "undp" && math.Abs(c.Total-617101) > 1e-6 {
			t.Errorf("UNDP received USD %.2f from the PBF, want 617,101", c.Total)
		}
	}
}

// TestRealStatisticalTotal: the CRS reports PBF disbursements to the
// Central African Republic in 2019; UNDP reports USD 1,500,000 of incoming
// funds from the PBF on 2019-12-31 in XM-DAC-41114-OUTPUT-00109314 (CF).
// By country the CRS total counts and UNDP's report is kept as a source.
func TestRealStatisticalTotal(t *testing.T) {
	snap, _, sources := MustRealSnapshot(t)
	want := 0.0
	for _, r := range readFundingCSV(t, funding.PBFTable) {
		if r[0] == "2019" && r[2] == "CF" {
			v, _ := strconv.ParseFloat(r[4], 64)
			want += v * 1e6
		}
	}
	gaps, err := analysis.FundingGaps(context.Background(), snap, analysis.GapOptions{GroupBy: analysis.GroupByCountry, Countries: []string{"CF"},
		Donors: []string{"pbf"}, From: "2019", To: "2019", Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	cf := gapFor(t, gaps, "CF")
	if math.Abs(cf.Funding-want) > 0.01 || cf.Coverage != analysis.Funded {
		t.Errorf("CAR 2019 from the PBF: USD %.2f (%s), want the CRS's USD %.2f", cf.Funding, cf.Coverage, want)
	}
	found := false
	for _, d := range cf.Duplicates {
		if d.Dropped == "iati:XM-DAC-41114-OUTPUT-00109314#1" && d.Counted == "crs:923:2019:CF" && d.Rule == analysis.RuleStatistical {
			found = true
		}
	}
	if !found {
		t.Errorf("UNDP's report is not listed as contained in the CRS total: %+v", cf.Duplicates)
	}
}

// TestRealSameMoneyTwice: UNDP reports the PBF's USD 617,101 as incoming
// funds (XM-DAC-41114-OUTPUT-00123044 transaction 1). The PBF publishes
// no IATI file here, so its own report of that disbursement is written
// as the PBF would publish it (same ends, value, currency and date, the
// receiver's activity named): the two are one flow and the PBF's counts.
// Published pairs of this file do not match exactly (Sida's disbursements
// to UNDP and UNDP's incoming funds from Sida differ in value and date),
// and equal transactions of one publisher stay apart: WHO's country
// activities each list the same donors' commitments of 2021-04-19.
func TestRealSameMoneyTwice(t *testing.T) {
	snap, _, sources := MustRealSnapshot(t)
	var incoming *network.Tie
	for _, tie := range snap.Ties {
		if tie.ID == "iati:XM-DAC-41114-OUTPUT-00123044#1" {
			incoming = tie
		}
	}
	if incoming == nil || incoming.Funding.Amount != 617101 || incoming.From != "pbf" || incoming.To != "undp" {
		t.Fatalf("UNDP's incoming funds from the PBF: %+v", incoming)
	}
	f := *incoming.Funding
	f.TransactionType, f.ActivityID, f.ReceiverActivityID, f.ProviderActivityID, f.ReportingOrg = network.Disbursement, "PBF-side report", incoming.Funding.ActivityID, "", "XI-IATI-UNPF"
	provider := &network.Tie{ID: "pbf-side-report", Kind: network.Funding, From: "pbf", To: "undp", Weight: 1, Funding: &f,
		Sources: []network.Source{{Title: "the PBF's side of iati:XM-DAC-41114-OUTPUT-00123044#1", Record: "written for this test"}}}
	sub := subSnapshot(snap, func(tie *network.Tie) bool { return tie.Funding == nil || tie == incoming })
	sub.Ties = append(sub.Ties, provider)
	slices.SortFunc(sub.Ties, network.CompareTies)
	conc, err := analysis.DonorConcentration(context.Background(), sub, analysis.GapOptions{Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	if len(conc) != 1 || conc[0].Group != "undp" || conc[0].Total != 617101 {
		t.Fatalf("UNDP: %+v, want USD 617,101 once", conc)
	}
	if d := conc[0].Duplicates; len(d) != 1 || d[0].Counted != "pbf-side-report" || d[0].Dropped != incoming.ID || d[0].Rule != analysis.RuleLinked {
		t.Errorf("duplicates = %+v", d)
	}

	t.Run("OnePublisherKeepsItsOwn", func(t *testing.T) {
		who := subSnapshot(snap, func(tie *network.Tie) bool {
			return tie.Funding == nil || tie.Funding.ReportingOrg == "XM-DAC-928" && tie.Funding.Date == "2021-04-19"
		})
		n := 0
		for _, tie := range who.Ties {
			if tie.Funding != nil {
				n++
			}
		}
		gaps, err := analysis.FundingGaps(context.Background(), who, analysis.GapOptions{GroupBy: analysis.GroupByActorKind, TransactionTypes: []string{network.OutgoingCommitment}})
		if err != nil {
			t.Fatal(err)
		}
		counted, doubles := 0, 0
		for _, g := range gaps {
			counted += g.Flows
			doubles += len(g.Duplicates)
		}
		if n < 100 || counted != n || doubles != 0 {
			t.Errorf("WHO's %d commitments of 2021-04-19: %d counted, %d left out as doubles", n, counted, doubles)
		}
	})
}

// TestRealAggregate: the CRS peace-sector totals are every donor's money;
// they count only when crs-all-donors is asked for (by default Afghanistan
// 2016 counts only the IATI projects of Cordaid and Australia). Afghanistan 2016 in
// DAC 152xx: the 5-digit rows of the table (the 152 row holds only the
// unsplit rest and is left out).
func TestRealAggregate(t *testing.T) {
	snap, _, sources := MustRealSnapshot(t)
	want := 0.0
	for _, r := range readFundingCSV(t, funding.PeaceTable) {
		if r[0] == "2016" && r[2] == "AF" && len(r[3]) == 5 {
			v, _ := strconv.ParseFloat(r[4], 64)
			want += v * 1e6
		}
	}
	opts := analysis.GapOptions{GroupBy: analysis.GroupByCountry, Countries: []string{"AF"}, From: "2016", To: "2016", Sectors: []string{"152"}, Sources: sources}
	gaps, err := analysis.FundingGaps(context.Background(), snap, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range gapFor(t, gaps, "AF").Ties {
		if strings.HasPrefix(id, "crs:all:") {
			t.Errorf("by default the statistical total %s counts", id)
		}
	}
	opts.Donors = []string{funding.AllDonors}
	if gaps, err = analysis.FundingGaps(context.Background(), snap, opts); err != nil {
		t.Fatal(err)
	}
	if af := gapFor(t, gaps, "AF"); math.Abs(af.Funding-want) > 0.05 || af.Flows != 6 || af.Coverage != analysis.Funded {
		t.Errorf("all donors: USD %.2f in %d flows (%s), want USD %.2f in 6", af.Funding, af.Flows, af.Coverage, want)
	}
}

// TestRealConversion: the African Development Fund commits XDR 7,000,000
// to ECOWAS on 2020-05-22 (46002-P-Z1-IBE-020 transaction 1). In USD at
// the IMF's 2020 average (XDR 0.717936734517021 per USD) that is
// USD 9,750,163.05; the result shows the rate, year and source.
func TestRealConversion(t *testing.T) {
	snap, rates, sources := MustRealSnapshot(t)
	sub := subSnapshot(snap, func(tie *network.Tie) bool {
		return tie.Funding == nil || tie.ID == "iati:46002-P-Z1-IBE-020#1"
	})
	opts := analysis.GapOptions{TransactionTypes: []string{network.OutgoingCommitment}, ConvertTo: "USD", Rates: rates, Sources: sources}
	conc, err := analysis.DonorConcentration(context.Background(), sub, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := 7e6 / 0.717936734517021
	if len(conc) != 1 || conc[0].Group != "ecowas" || math.Abs(conc[0].Total-want) > 0.01 || conc[0].Currency != "USD" {
		t.Fatalf("ECOWAS: %+v, want USD %.2f", conc, want)
	}
	c := conc[0].Conversions
	if len(c) != 1 || c[0].From != "XDR" || c[0].To != "USD" || c[0].Year != 2020 || math.Abs(c[0].Rate-1/0.717936734517021) > 1e-12 ||
		c[0].Amount != 7e6 || !strings.Contains(c[0].Source, "IMF") {
		t.Errorf("conversions = %+v", c)
	}
	t.Run("EveryCurrencyOfTheFile", func(t *testing.T) {
		// XDR, EUR, GBP and the file's other currencies all convert.
		opts := analysis.GapOptions{GroupBy: analysis.GroupByActorKind, TransactionTypes: []string{"1", "2", "3", "4", "11"}, ConvertTo: "USD", Rates: rates}
		gaps, err := analysis.FundingGaps(context.Background(), snap, opts)
		if err != nil {
			t.Fatal(err)
		}
		from := map[string]bool{}
		for _, g := range gaps {
			for _, cv := range g.Conversions {
				from[cv.From] = true
			}
			if len(g.Total) > 1 {
				t.Errorf("%s: %d currencies after conversion", g.Group, len(g.Total))
			}
		}
		for _, cur := range []string{"XDR", "EUR", "GBP", "DKK", "CAD", "NOK", "AUD", "NZD", "CHF"} {
			if !from[cur] {
				t.Errorf("no %s converted", cur)
			}
		}
		if strings.Contains(gaps[0].Method, "left out for want of a date or a rate") {
			t.Errorf("flows left out: %s", gaps[0].Method)
		}
	})
	t.Run("ErrUnknownCurrency", func(t *testing.T) {
		_, err := analysis.FundingGaps(context.Background(), snap, analysis.GapOptions{ConvertTo: "ABC", Rates: rates})
		if network.ErrorCode(err) != network.EINVALID || !strings.Contains(err.Error(), "ABC") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestRealCoverage: the CRS reports every PBF disbursement to every CRS
// recipient, 2012-2019. Asked for the PBF's money, Afghanistan (no PBF row)
// is NO_FUNDING and Guinea FUNDED; asked for every donor, no source is
// complete, so Afghanistan is NO_DATA. The AU, ECOWAS and WANEP publish
// no IATI file: an actor without flows is NO_DATA.
func TestRealCoverage(t *testing.T) {
	snap, _, sources := MustRealSnapshot(t)
	for _, r := range readFundingCSV(t, funding.PBFTable) {
		if r[2] == "AF" {
			t.Fatal("the PBF table has an Afghanistan row; pick another country")
		}
	}
	pbf := analysis.GapOptions{GroupBy: analysis.GroupByCountry, Countries: []string{"AF", "GN"}, Donors: []string{"pbf"}, From: "2012", To: "2019", Sources: sources}
	gaps, err := analysis.FundingGaps(context.Background(), snap, pbf)
	if err != nil {
		t.Fatal(err)
	}
	if got := gapFor(t, gaps, "AF").Coverage; got != analysis.NoFunding {
		t.Errorf("Afghanistan, PBF 2012-2019: %s, want NO_FUNDING", got)
	}
	if got := gapFor(t, gaps, "GN").Coverage; got != analysis.Funded {
		t.Errorf("Guinea, PBF 2012-2019: %s, want FUNDED", got)
	}
	pbf.Donors = nil
	pbf.Sectors = []string{"99999"} // no flow at all
	if gaps, err = analysis.FundingGaps(context.Background(), snap, pbf); err != nil {
		t.Fatal(err)
	}
	if got := gapFor(t, gaps, "AF").Coverage; got != analysis.NoData {
		t.Errorf("Afghanistan, every donor: %s, want NO_DATA", got)
	}
	up, err := analysis.UnfundedPartnerships(context.Background(), snap, analysis.GapOptions{Sources: sources, From: "2020", To: "2021"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range up {
		if u.Coverage != analysis.NoData && (u.FromCoverage != analysis.NoFunding || u.ToCoverage != analysis.NoFunding) {
			t.Errorf("%s: coverage %s from %s/%s", u.Tie.ID, u.Coverage, u.FromCoverage, u.ToCoverage)
		}
		if u.Tie.ID == "" || (u.From.ID == "wanep" || u.To.ID == "wanep") && u.Coverage != analysis.NoData {
			t.Errorf("%s: WANEP publishes nothing, coverage %s", u.Tie.ID, u.Coverage)
		}
	}
}

func TestRealRegions(t *testing.T) {
	// Seen: by region, the default install listed groups named "289",
	// "998" and "2": DAC region codes without their names, and regions in
	// a publisher's own vocabulary (99) taken for DAC codes.
	snap, _, sources := MustRealSnapshot(t)
	gaps, err := analysis.FundingGaps(context.Background(), snap, analysis.GapOptions{Sources: sources, Top: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		if _, err := strconv.Atoi(g.Name); err == nil {
			t.Errorf("group %s is named by its code: %q", g.Group, g.Name)
		}
		if g.Group == "2" || g.Group == "4" || g.Group == "10" {
			t.Errorf("group %s (%s) is a publisher's own region code (vocabulary 99)", g.Group, g.Name)
		}
	}
	if got := gapFor(t, gaps, "289").Name; got != "South of Sahara, regional (OECD DAC region 289)" {
		t.Errorf("DAC region 289 is named %q", got)
	}
}

// TestRealGolden keeps the answers of docs/gaps.md's donors' questions on
// the default install as golden files: PBF money by country 2012-2019 and
// donor concentration per recipient in USD.
func TestRealGolden(t *testing.T) {
	snap, rates, sources := MustRealSnapshot(t)
	// Grouped by country with donor concentration rather than funding
	// gaps, so that the golden holds the money alone, not the seed's
	// partnership activity, which changes with the seed.
	pbf, err := analysis.DonorConcentration(context.Background(), snap, analysis.GapOptions{GroupBy: analysis.GroupByCountry,
		Donors: []string{"pbf"}, From: "2012", To: "2019", Sources: sources, Rates: rates, Top: 12})
	if err != nil {
		t.Fatal(err)
	}
	MustMatchGolden(t, "real_pbf_by_country", pbf)
	conc, err := analysis.DonorConcentration(context.Background(), snap, analysis.GapOptions{ConvertTo: "USD", Sources: sources, Rates: rates, Top: 12})
	if err != nil {
		t.Fatal(err)
	}
	MustMatchGolden(t, "real_donor_concentration_usd", conc)
}
