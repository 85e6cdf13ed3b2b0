package storetest

import (
	"context"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// testImports checks that Apply records an import with its change, counts
// its ties as new, updated or unchanged, and that Imports lists the records
// newest first.
func testImports(t *testing.T, open func(t *testing.T) network.Store) {
	ctx := context.Background()
	s := open(t)
	if got, err := s.Imports(ctx, 0); err != nil || len(got) != 0 {
		t.Fatalf("Imports on a new store = %v, %v; want none", got, err)
	}
	record := func() *network.ImportRecord {
		return &network.ImportRecord{Files: []string{"fixture.xml"}, Format: "iati",
			Report: network.ImportReport{Activities: 1, Transactions: len(Fixture().Ties) + 1, Ties: len(Fixture().Ties),
				Skipped: []network.SkipCount{{Reason: network.SkipZeroValue, Count: 1, Values: []network.Amount{{Currency: "USD"}}}},
				// A lookalike is kept with its report, non-ASCII text and all.
				Lookalikes: []network.Lookalike{{Field: "acronym", Actor: "ecow\u0430s", Value: "ECOW\u0410S", Like: "ecowas", LikeValue: "ECOWAS"}}}}
	}
	apply := func(c *network.Change) *network.ImportRecord {
		t.Helper()
		c.Import = record()
		c.Import.Report.Ties = len(c.Ties)
		c.Import.Report.Transactions = len(c.Ties) + 1
		MustApply(t, s, c)
		r := c.Import
		if r.ID == "" || r.Time == "" {
			t.Errorf("Apply left the record without ID or time: %+v", r)
		}
		if got, want := r.DataVersion, mustVersion(t, s); got != want {
			t.Errorf("record data version %d, store version %d", got, want)
		}
		if err := r.Report.Check(); err != nil {
			t.Error(err)
		}
		return r
	}
	n := len(Fixture().Ties)

	first := apply(Fixture())
	if got, want := [3]int{first.Report.TiesNew, first.Report.TiesUpdated, first.Report.TiesUnchanged}, [3]int{n, 0, 0}; got != want {
		t.Errorf("first import new/updated/unchanged = %v, want %v", got, want)
	}
	second := apply(Fixture())
	if got, want := [3]int{second.Report.TiesNew, second.Report.TiesUpdated, second.Report.TiesUnchanged}, [3]int{0, 0, n}; got != want {
		t.Errorf("same import again new/updated/unchanged = %v, want %v", got, want)
	}
	c := Fixture()
	c.Ties[0].Description += " (revised)"
	extra := *c.Ties[1]
	extra.ID = "import-test-extra"
	c.Ties = append(c.Ties, &extra)
	third := apply(c)
	if got, want := [3]int{third.Report.TiesNew, third.Report.TiesUpdated, third.Report.TiesUnchanged}, [3]int{1, 1, n - 1}; got != want {
		t.Errorf("changed import new/updated/unchanged = %v, want %v", got, want)
	}

	// A failed Apply records nothing.
	bad := &network.Change{Ties: []*network.Tie{{ID: "bad", Kind: network.Funding, From: "nobody", To: "ecowas", Weight: 1,
		Sources: []network.Source{{Title: "t"}}}}, Import: record()}
	if err := s.Apply(ctx, bad); err == nil {
		t.Fatal("Apply of a tie from an unknown actor succeeded")
	}

	got, err := s.Imports(ctx, 0)
	if err != nil {
		t.Fatalf("Imports: %v", err)
	}
	want := []*network.ImportRecord{third, second, first}
	sameValue(t, "Imports", got, want)
	if got, err := s.Imports(ctx, 1); err != nil || len(got) != 1 || got[0].ID != third.ID {
		t.Errorf("Imports(1) = %v, %v; want the newest only", got, err)
	}
	_, err = s.Imports(ctx, -1)
	wantCode(t, err, network.EINVALID)
}
