package analysis_test

import (
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// TestSize checks that Size counts what Project keeps, on the seed (organs,
// events, successions) and on a generated network, for selections that
// keep all, part or nothing of it.
func TestSize(t *testing.T) {
	sels := map[string]analysis.Selection{
		"All":          {},
		"Organs":       {OrgansWithParent: true},
		"CoOrganizing": {OrgansWithParent: true, CoOrganizing: true},
		"Partnerships": {TieKinds: []network.TieKind{network.MOU, network.Partnership}, Directed: true},
		"ActorKinds":   {ActorKinds: []network.ActorKind{network.RegionalOrganization, network.FinancialInstitution}},
		"Region":       {Regions: []string{"west-africa"}, OrgansWithParent: true},
		"AsOf":         {AsOf: "2015-06-01", OrgansWithParent: true},
		"Nothing":      {Regions: []string{"no-such-region"}},
	}
	for name, snap := range map[string]*network.Snapshot{
		"Seed":      MustSeedSnapshot(t),
		"Synthetic": MustSyntheticSnapshot(t, 500, 2000, 3),
	} {
		for sname, sel := range sels {
			t.Run(name+"/"+sname, func(t *testing.T) {
				p := Must(analysis.Project(snap, sel))
				n, m, err := analysis.Size(snap, sel)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := [2]int{n, m}, [2]int{p.N(), p.Ties()}; got != want {
					t.Errorf("Size = %v, want Project's (N, Ties) %v", got, want)
				}
			})
		}
	}
	t.Run("ErrAsOf", func(t *testing.T) {
		if _, _, err := analysis.Size(MustSeedSnapshot(t), analysis.Selection{AsOf: "2015-13"}); network.ErrorCode(err) != network.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
}
