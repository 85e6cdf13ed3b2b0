package funding_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/seed/funding"
	"github.com/peacegraph/peacegraph/store/embedded"
)

var layer struct {
	once       sync.Once
	base, c    *network.Change
	err        error
	ties       map[string]*network.Tie
	baseActors map[string]bool
}

// MustLayer returns the seed network and its funding layer, built once.
func MustLayer(tb testing.TB) (*network.Change, *network.Change, map[string]*network.Tie) {
	tb.Helper()
	layer.once.Do(func() {
		layer.base, layer.err = seed.Change()
		if layer.err != nil {
			return
		}
		layer.c, layer.err = funding.Change(layer.base)
		if layer.err != nil {
			return
		}
		layer.ties = map[string]*network.Tie{}
		for _, t := range layer.c.Ties {
			layer.ties[t.ID] = t
		}
	})
	if layer.err != nil {
		tb.Fatal(layer.err)
	}
	return layer.base, layer.c, layer.ties
}

// readTable reads an embedded CSV as rows of fields, apart from the
// package's own reader.
func readTable(tb testing.TB, name string) [][]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("data", name))
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

func near(a, b float64) bool { return math.Abs(a-b) <= 0.011 }

func TestCRSPBF(t *testing.T) {
	_, _, ties := MustLayer(t)
	t.Run("Guinea2018", func(t *testing.T) {
		// crs_pbf_disbursements_by_recipient_2012_2019.csv line 174:
		// 2018,Guinea,GN,UN Peacebuilding Fund (CRS donor 923),5.34780095,crs_2018.csv
		tie := ties["crs:923:2018:GN"]
		if tie == nil {
			t.Fatal("no tie crs:923:2018:GN")
		}
		f := tie.Funding
		if tie.From != "pbf" || tie.To != "state-gn" || !near(f.Amount, 5347800.95) || f.Currency != "USD" ||
			f.TransactionType != network.Disbursement || f.Date != "2018" || f.RecipientCountry != "GN" || f.Dataset != funding.PBFTable {
			t.Errorf("tie = %+v, funding %+v", tie, f)
		}
		if len(tie.Sources) != 1 || !strings.Contains(tie.Sources[0].Record, "line 174") || !strings.HasSuffix(tie.Sources[0].URL, "crs_2018.csv") {
			t.Errorf("sources = %+v", tie.Sources)
		}
	})
	t.Run("CoteDIvoire2014", func(t *testing.T) {
		// Line 55 lost its code ("Côte d''Ivoire",,...): found by name.
		tie := ties["crs:923:2014:CI"]
		if tie == nil || !near(tie.Funding.Amount, 3470698) || tie.To != "state-ci" {
			t.Fatalf("tie = %+v", tie)
		}
	})
	t.Run("Totals", func(t *testing.T) {
		// Every row with a two-letter code or a country name, summed
		// apart from the loader: Côte d'Ivoire 2014 has no code; the
		// regional and unspecified rows are left out.
		want, n := 0.0, 0
		for _, r := range readTable(t, funding.PBFTable) {
			if len(r[2]) == 2 || strings.Contains(r[1], "Ivoire") {
				v, _ := strconv.ParseFloat(r[4], 64)
				want += v * 1e6
				n++
			}
		}
		got, m := 0.0, 0
		for _, tie := range ties {
			if tie.Funding.Dataset == funding.PBFTable {
				got += tie.Funding.Amount
				m++
			}
		}
		if m != n || math.Abs(got-want) > 1 {
			t.Errorf("%d PBF ties, USD %.2f; want %d, USD %.2f", m, got, n, want)
		}
	})
}

func TestCRSPeace(t *testing.T) {
	_, _, ties := MustLayer(t)
	// crs_peace_sector_by_recipient_2013_2019.csv lines 1468, 1481, 2395.
	if tie := ties["crs:all:2016:AF:152"]; tie != nil {
		t.Errorf("2016 code 152 (the unsplit rest) is loaded: %+v", tie)
	}
	tie := ties["crs:all:2016:AF:15210"]
	if tie == nil || !near(tie.Funding.Amount, 133538914.9) || tie.From != funding.AllDonors || !tie.Aggregate() ||
		len(tie.Funding.Sectors) != 1 || tie.Funding.Sectors[0].Code != "15210" {
		t.Fatalf("tie = %+v", tie)
	}
	if tie := ties["crs:all:2018:AF:152"]; tie == nil || !near(tie.Funding.Amount, 254580839.2) {
		t.Errorf("2018 code 152 = %+v", tie)
	}
	for id := range ties {
		if strings.HasPrefix(id, "crs:all:2018:") || strings.HasPrefix(id, "crs:all:2019:") {
			if !strings.HasSuffix(id, ":152") {
				t.Errorf("%s: 5-digit code in 2018-2019", id)
			}
		}
	}
}

func TestIATI(t *testing.T) {
	base, c, ties := MustLayer(t)
	baseIDs := map[string]bool{}
	for _, a := range base.Actors {
		baseIDs[a.ID] = true
	}
	t.Run("SeedActorsKept", func(t *testing.T) {
		for _, a := range c.Actors {
			if baseIDs[a.ID] {
				t.Errorf("actor %q of the seed is written again", a.ID)
			}
			if !a.Imported {
				t.Errorf("new actor %q is not marked imported", a.ID)
			}
		}
	})
	t.Run("FCDOToAU", func(t *testing.T) {
		// FCDO's GB-1-205242-108 commits GBP 20 M to the African Union
		// Commission: the money lands on the seed's AU.
		commit, disb := 0.0, 0.0
		for _, tie := range ties {
			f := tie.Funding
			if tie.From != "fcdo" || tie.To != "au" || f.Currency != "GBP" {
				continue
			}
			switch f.TransactionType {
			case network.OutgoingCommitment:
				commit += f.Amount
			case network.Disbursement:
				disb += f.Amount
			}
			if f.ReportingOrg != "GB-GOV-1" || f.Dataset == "" || !strings.HasPrefix(f.ActivityID, "GB-1-205242") {
				t.Errorf("provenance %+v", f)
			}
		}
		if commit != 20e6 || disb != 20e6 {
			t.Errorf("FCDO to AU: committed GBP %.2f, disbursed %.2f; want 20 M each", commit, disb)
		}
	})
	t.Run("PBFToUNDP", func(t *testing.T) {
		// UNDP reports PBF's money as incoming funds (provider-org 11363
		// "Peacebuilding Fund"); it lands on pbf -> undp.
		n := 0
		for _, tie := range ties {
			if tie.From == "pbf" && tie.To == "undp" && tie.Funding.TransactionType == network.IncomingFunds {
				n++
				if tie.Funding.ReportingOrg != "XM-DAC-41114" {
					t.Errorf("%s reported by %q", tie.ID, tie.Funding.ReportingOrg)
				}
			}
		}
		if n == 0 {
			t.Error("no incoming funds from PBF to UNDP")
		}
	})
	t.Run("Provenance", func(t *testing.T) {
		for _, tie := range ties {
			if len(tie.Sources) == 0 || tie.Sources[0].Record == "" || tie.Funding == nil || tie.Funding.Dataset == "" {
				t.Fatalf("%s: no provenance: %+v", tie.ID, tie)
			}
		}
	})
}

func TestRates(t *testing.T) {
	r, err := funding.Rates()
	if err != nil {
		t.Fatal(err)
	}
	// imf_exchangerates_A_ENDA_USD.csv rows for 2020.
	for _, tt := range []struct {
		cur  string
		want float64
	}{{"GBP", 0.7799995766971532}, {"XDR", 0.717936734517021}, {"EUR", 0.875506396987998}, {"USD", 1}} {
		got, ok := r.PerUSD(tt.cur, 2020)
		if !ok || got != tt.want {
			t.Errorf("%s 2020 = %v %v, want %v", tt.cur, got, ok, tt.want)
		}
	}
	if got, ok := r.Rate("XDR", "USD", 2020); !ok || math.Abs(got-1/0.717936734517021) > 1e-12 {
		t.Errorf("XDR->USD 2020 = %v", got)
	}
	if _, ok := r.Rate("EUR", "USD", 1990); ok {
		t.Error("a rate for 1990, before the table")
	}
}

func TestSources(t *testing.T) {
	srcs, err := funding.Sources()
	if err != nil {
		t.Fatal(err)
	}
	_, _, ties := MustLayer(t)
	held := map[string]int{}
	for _, tie := range ties {
		k := 0
		for i := range srcs {
			if srcs[i].Holds(tie) {
				held[srcs[i].ID]++
				k++
			}
		}
		if k != 1 {
			t.Fatalf("%s is held by %d sources", tie.ID, k)
		}
	}
	for _, id := range []string{funding.SourcePBF, funding.SourcePeace, funding.SourceIATI} {
		if held[id] == 0 {
			t.Errorf("source %s holds no flow", id)
		}
	}
	for _, s := range srcs {
		if s.Licence == "" || s.Attribution == "" || s.Coverage == "" {
			t.Errorf("%s: licence, attribution or coverage missing", s.ID)
		}
	}
}

func TestLoadIfEmpty(t *testing.T) {
	for _, withFunding := range []bool{true, false} {
		s, err := embedded.Open(filepath.Join(t.TempDir(), "db"))
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := funding.LoadIfEmpty(context.Background(), s, withFunding)
		if err != nil || !loaded {
			t.Fatal(loaded, err)
		}
		_, err = s.Actor(context.Background(), "pbf")
		if got, want := err == nil, withFunding; got != want {
			t.Errorf("withFunding %v: pbf stored %v", withFunding, got)
		}
		again, err := funding.LoadIfEmpty(context.Background(), s, withFunding)
		if err != nil || again {
			t.Errorf("second load: %v %v", again, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
