package network_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

func TestTieActiveAt(t *testing.T) {
	tie := &network.Tie{Since: "2016", Until: "2019-06"}
	for _, tt := range []struct {
		day  network.Date
		want bool
	}{
		{"", true}, {"2015-12-31", false}, {"2016-01-01", true}, {"2019-06-30", true}, {"2019-07-01", false},
	} {
		if got := tie.ActiveAt(tt.day); got != tt.want {
			t.Errorf("ActiveAt(%q) = %v, want %v", tt.day, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	if got, want := network.Date("2020-02").Last(), "2020-02-29"; got != want {
		t.Errorf("Last() = %q, want %q", got, want)
	}
	for _, bad := range []string{"19", "2019-13", "2019-02-30", "24 Sept 2019"} {
		if _, err := network.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

func TestChangeValidate(t *testing.T) {
	src := []network.Source{{Title: "doc", Passage: "quoted"}}
	t.Run("OK", func(t *testing.T) {
		c := &network.Change{
			Actors: []*network.Actor{{ID: "a", Name: "A", Kind: network.UNEntity, Sources: src}},
			Ties:   []*network.Tie{{ID: "t", Kind: network.MOU, From: "a", To: "b", Weight: 1, Sources: src}},
		}
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		c := &network.Change{
			Actors: []*network.Actor{{ID: "a", Name: "A", Kind: "NGO"}},
			Ties:   []*network.Tie{{ID: "t", Kind: network.MOU, From: "a", To: "a", Weight: 0, Sources: src}},
		}
		err := c.Validate()
		if got, want := network.ErrorCode(err), network.EINVALID; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
		msg := network.ErrorMessage(err)
		for _, want := range []string{`actors[0] (id "a"): kind "NGO" is not an actor kind`, `actors[0] (id "a"): sources is empty`, `ties[0] (id "t"): to is the same actor as from`, `ties[0] (id "t"): weight 0 is not a positive number`} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})
}

func TestMatchScore(t *testing.T) {
	a := &network.Actor{ID: "ecowas", Name: "Economic Community of West African States", Acronym: "ECOWAS"}
	for _, tt := range []struct {
		q    string
		want int
	}{{"ecowas", 100}, {"econ", 80}, {"west", 60}, {"west states", 60}, {"states west", 0}, {"frican", 40}, {"ec wst", 20}, {"asean", 0}} {
		if got := network.MatchScore(a, tt.q); got != tt.want {
			t.Errorf("MatchScore(%q) = %d, want %d", tt.q, got, tt.want)
		}
	}
	civ := &network.Actor{ID: "civ", Name: "Côte d’Ivoire"}
	dpo := &network.Actor{ID: "dpo", Name: "Department of Peace Operations", Acronym: "DPO"}
	for _, tt := range []struct {
		a    *network.Actor
		q    string
		want int
	}{{civ, "cote divoire", 100}, {civ, "COTE D'IVOIRE", 100}, {civ, "ivoire", 40}, {civ, "divo", 60}, {dpo, "peace ops", 20}, {dpo, "peace operations", 60}, {dpo, "  ", 0}} {
		if got := network.MatchScore(tt.a, tt.q); got != tt.want {
			t.Errorf("MatchScore(%s, %q) = %d, want %d", tt.a.ID, tt.q, got, tt.want)
		}
	}
}

func TestFoldText(t *testing.T) {
	for in, want := range map[string]string{"Côte d'Ivoire": "cote divoire", "São Tomé and Príncipe": "sao tome and principe", "  UN-DPPA ": "un dppa", "Straße": "strasse", "Åland": "aland"} {
		if got := network.FoldText(in); got != want {
			t.Errorf("FoldText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChangeValidateNil(t *testing.T) {
	var c *network.Change
	err := c.Validate()
	if got, want := network.ErrorCode(err), network.EINVALID; got != want {
		t.Fatalf("code = %q, want %q", got, want)
	}
	if got, want := network.ErrorMessage(err), "change is null"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestChangeCheckEnds(t *testing.T) {
	stored := func(id string) bool { return id == "au" }
	t.Run("OK", func(t *testing.T) {
		c := &network.Change{
			Actors: []*network.Actor{{ID: "igad"}},
			Ties:   []*network.Tie{{ID: "t1", From: "au", To: "igad"}, {ID: "t2", From: "igad", To: "au"}},
		}
		if err := c.CheckEnds(stored); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		c := &network.Change{
			Actors: []*network.Actor{{ID: "igad"}},
			Ties:   []*network.Tie{{ID: "t1", From: "au", To: "igad"}, {ID: "t2", From: "eac", To: "nobody"}},
		}
		err := c.CheckEnds(stored)
		if got, want := network.ErrorCode(err), network.EINVALID; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
		got, want := network.ErrorMessage(err), `ties[1] (id "t2"): from "eac" is not a known actor; ties[1] (id "t2"): to "nobody" is not a known actor`
		if got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	t.Run("ErrInvalidMany", func(t *testing.T) {
		c := &network.Change{}
		for i := range 15 {
			c.Ties = append(c.Ties, &network.Tie{ID: fmt.Sprint("t", i), From: fmt.Sprint("x", i), To: fmt.Sprint("y", i)})
		}
		msg := network.ErrorMessage(c.CheckEnds(stored))
		if got, want := strings.Count(msg, "is not a known actor"), 20; got != want {
			t.Errorf("message lists %d ends, want %d: %q", got, want, msg)
		}
		if want := "; and 10 more"; !strings.HasSuffix(msg, want) {
			t.Errorf("message %q does not end in %q", msg, want)
		}
	})
}

func TestTieDirected(t *testing.T) {
	for _, tt := range []struct {
		tie  network.Tie
		want bool
	}{
		{network.Tie{Kind: network.Funding}, true},
		{network.Tie{Kind: network.MOU}, false},
		{network.Tie{Kind: network.OtherTie}, false},
		{network.Tie{Kind: network.OtherTie, Attributes: []network.Attribute{{Name: network.DirectedAttribute, Value: "true"}}}, true},
		{network.Tie{Kind: network.OtherTie, Attributes: []network.Attribute{{Name: network.DirectedAttribute, Value: "false"}}}, false},
		// Only OTHER ties take their direction from the attribute.
		{network.Tie{Kind: network.MOU, Attributes: []network.Attribute{{Name: network.DirectedAttribute, Value: "true"}}}, false},
	} {
		if got := tt.tie.Directed(); got != tt.want {
			t.Errorf("%s %v: Directed() = %v, want %v", tt.tie.Kind, tt.tie.Attributes, got, tt.want)
		}
	}
}
