package synthetic_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// MustGenerate generates a synthetic network or fails.
func MustGenerate(tb testing.TB, opts synthetic.Options) *network.Change {
	tb.Helper()
	c, err := synthetic.Generate(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestGenerate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, tt := range []synthetic.Options{
			{Actors: 20, Ties: 0, Seed: 1},
			{Actors: 50, Ties: 200, Seed: 2},
			{Actors: 2000, Ties: 10000, Seed: 3},
		} {
			c := MustGenerate(t, tt)
			if err := c.Validate(); err != nil {
				t.Fatalf("%+v: %v", tt, err)
			}
			if got, want := len(c.Actors), tt.Actors; got != want {
				t.Errorf("%+v: actors = %d, want %d", tt, got, want)
			}
			if got, want := len(c.Ties), tt.Ties; got != want {
				t.Errorf("%+v: ties = %d, want %d", tt, got, want)
			}
			MustBeMarkedSynthetic(t, c, tt.Seed)
			MustHaveEndsAndPlaces(t, c)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []synthetic.Options{{Actors: 5, Ties: 10}, {Actors: 100, Ties: -1}} {
			_, err := synthetic.Generate(tt)
			if got, want := network.ErrorCode(err), network.EINVALID; got != want {
				t.Errorf("%+v: code = %q, want %q", tt, got, want)
			}
		}
	})
}

// MustBeMarkedSynthetic checks that every fact says it is synthetic.
func MustBeMarkedSynthetic(tb testing.TB, c *network.Change, seed int64) {
	tb.Helper()
	records := map[string]bool{}
	check := func(what, id string, sources []network.Source) {
		if len(sources) != 1 || sources[0].Title != synthetic.SourceTitle || !strings.HasPrefix(sources[0].Record, "seed=") {
			tb.Fatalf("%s %q: sources %+v do not name the generator", what, id, sources)
		}
		var s int64
		var item int
		if _, err := fmt.Sscanf(sources[0].Record, "seed=%d item=%d", &s, &item); err != nil || s != seed {
			tb.Fatalf("%s %q: record %q does not name seed %d", what, id, sources[0].Record, seed)
		}
		if records[sources[0].Record] {
			tb.Fatalf("%s %q: record %q used twice", what, id, sources[0].Record)
		}
		records[sources[0].Record] = true
	}
	for _, a := range c.Actors {
		if !strings.HasPrefix(a.ID, synthetic.IDPrefix) || !strings.HasPrefix(a.Name, "Synthetic ") || !a.Imported {
			tb.Fatalf("actor %+v is not marked synthetic", a)
		}
		check("actor", a.ID, a.Sources)
	}
	for _, tie := range c.Ties {
		if !strings.HasPrefix(tie.ID, synthetic.IDPrefix) {
			tb.Fatalf("tie %q is not marked synthetic", tie.ID)
		}
		check("tie", tie.ID, tie.Sources)
	}
	for _, p := range c.Places {
		check("place", p.ID, p.Sources)
	}
}

// MustHaveEndsAndPlaces checks that ties join known actors, funding
// flows run from funders, and actors name known places.
func MustHaveEndsAndPlaces(tb testing.TB, c *network.Change) {
	tb.Helper()
	actors := map[string]*network.Actor{}
	for _, a := range c.Actors {
		actors[a.ID] = a
	}
	places := map[string]network.PlaceKind{}
	for _, p := range c.Places {
		places[p.ID] = p.Kind
	}
	for _, a := range c.Actors {
		for _, r := range a.Regions {
			if places[r] != network.Region {
				tb.Fatalf("actor %q: region %q is not a REGION place", a.ID, r)
			}
		}
		for _, r := range a.Countries {
			if places[r] != network.Country {
				tb.Fatalf("actor %q: country %q is not a COUNTRY place", a.ID, r)
			}
		}
	}
	funders := []network.ActorKind{network.Donor, network.FinancialInstitution, network.UNEntity}
	for _, tie := range c.Ties {
		from, to := actors[tie.From], actors[tie.To]
		if from == nil || to == nil {
			tb.Fatalf("tie %q: unknown end", tie.ID)
		}
		switch tie.Kind {
		case network.Funding:
			if tie.Funding == nil || !slices.Contains(funders, from.Kind) || tie.Funding.Amount <= 0 {
				tb.Fatalf("tie %q: funding %+v from %s", tie.ID, tie.Funding, from.Kind)
			}
			if tie.Funding.Currency != "USD" && tie.Funding.Currency != "EUR" {
				tb.Fatalf("tie %q: currency %q", tie.ID, tie.Funding.Currency)
			}
			sum := 0.0
			for _, s := range tie.Funding.Sectors {
				if !strings.HasPrefix(s.Code, "151") && !strings.HasPrefix(s.Code, "152") {
					tb.Fatalf("tie %q: sector %q", tie.ID, s.Code)
				}
				sum += s.Percentage
			}
			if sum != 100 {
				tb.Fatalf("tie %q: sector percentages sum to %v", tie.ID, sum)
			}
		case network.Membership:
			if from.Kind != network.Government || to.Kind != network.RegionalOrganization {
				tb.Fatalf("tie %q: membership %s -> %s", tie.ID, from.Kind, to.Kind)
			}
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	opts := synthetic.Options{Actors: 300, Ties: 1500, Seed: 42}
	a, b := MustGenerate(t, opts), MustGenerate(t, opts)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two networks from one seed differ")
	}
	opts.Seed = 43
	if c := MustGenerate(t, opts); reflect.DeepEqual(a.Ties, c.Ties) {
		t.Fatal("networks from two seeds are the same")
	}
}

func TestGenerateShape(t *testing.T) {
	c := MustGenerate(t, synthetic.Options{Actors: 5000, Ties: 25000, Seed: 7})
	degree := map[string]int{}
	kinds := map[network.ActorKind]int{}
	tieKinds := map[network.TieKind]int{}
	currencies := map[string]int{}
	for _, a := range c.Actors {
		degree[a.ID] = 0
		kinds[a.Kind]++
	}
	for _, tie := range c.Ties {
		degree[tie.From]++
		degree[tie.To]++
		tieKinds[tie.Kind]++
		if tie.Funding != nil {
			currencies[tie.Funding.Currency]++
		}
	}
	ds := make([]int, 0, len(degree))
	for _, d := range degree {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	median, maxDeg := ds[len(ds)/2], ds[len(ds)-1]
	t.Logf("degree median %d, max %d", median, maxDeg)
	if maxDeg < 10*median {
		t.Errorf("max degree %d is not >> median %d: degrees are not heavy-tailed", maxDeg, median)
	}
	// Kinds in realistic proportions: civil society and governments
	// outnumber UN entities, regional organizations and IFIs.
	for _, few := range []network.ActorKind{network.UNEntity, network.RegionalOrganization, network.FinancialInstitution, network.Donor} {
		if kinds[few] == 0 || kinds[few] >= kinds[network.CivilSociety] || kinds[few] >= kinds[network.Government] {
			t.Errorf("kind %s: %d actors; civil society %d, government %d", few, kinds[few], kinds[network.CivilSociety], kinds[network.Government])
		}
	}
	for _, k := range []network.TieKind{network.Membership, network.Funding, network.MOU, network.Partnership, network.Dialogue, network.Support, network.Collaboration} {
		if tieKinds[k] == 0 {
			t.Errorf("no %s ties", k)
		}
	}
	if currencies["USD"] <= currencies["EUR"] || currencies["EUR"] == 0 {
		t.Errorf("currencies %v: want mostly USD and some EUR", currencies)
	}
}
