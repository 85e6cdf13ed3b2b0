package analysis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// NetworkChange is how a selected network changed between two dates: the
// ties that began or ended, the actors that entered (had no selected tie at
// the first date and have one at the second) or left, and how the actors
// present at both dates moved in a centrality's ranking.
type NetworkChange struct {
	// Gained and Lost are the IDs of the ties kept at the second date and
	// not the first, and the reverse, sorted.
	Gained, Lost []string
	// Entering and Leaving are the IDs of the actors with a tie at the
	// second date and none at the first, and the reverse, sorted.
	Entering, Leaving []string
	// ActorsFrom, ActorsTo, TiesFrom and TiesTo count the actors with a
	// tie and the ties kept at each date.
	ActorsFrom, ActorsTo, TiesFrom, TiesTo int
	// Ranks are the actors present at both dates, the largest move
	// first, then by ID.
	Ranks []RankChange
}

// RankChange is one actor's place in a centrality ranking at two dates:
// rank 1 is the highest value, equal values ordered by actor ID, among the
// actors present at that date.
type RankChange struct {
	ID                 string
	FromRank, ToRank   int
	FromValue, ToValue float64
}

// Rise is how many places the actor rose (negative when it fell).
func (r RankChange) Rise() int { return r.FromRank - r.ToRank }

// Change compares two projections of one selection read at two dates, a
// and b, built from the snapshots snapA and snapB, with a centrality's
// scores over each (sa over a, sb over b). EINVALID when the scores are
// not over the projections.
func Change(a, b *Projection, snapA, snapB *network.Snapshot, sa, sb *Scores) (*NetworkChange, error) {
	if len(sa.IDs) != a.N() || len(sb.IDs) != b.N() {
		return nil, network.Errorf(network.EINVALID, "the scores are not over the projections compared")
	}
	out := &NetworkChange{}
	ta, tb := a.keptTies(snapA), b.keptTies(snapB)
	out.TiesFrom, out.TiesTo = len(ta), len(tb)
	out.Gained, out.Lost = difference(tb, ta), difference(ta, tb)
	pa, pb := a.present(), b.present()
	out.ActorsFrom, out.ActorsTo = len(pa), len(pb)
	out.Entering, out.Leaving = difference(pb, pa), difference(pa, pb)
	ra, rb := ranks(sa, pa), ranks(sb, pb)
	for _, id := range pa {
		if r, ok := rb[id]; ok {
			f := ra[id]
			out.Ranks = append(out.Ranks, RankChange{ID: id, FromRank: f.rank, ToRank: r.rank, FromValue: f.value, ToValue: r.value})
		}
	}
	slices.SortFunc(out.Ranks, func(x, y RankChange) int {
		return cmp.Or(cmp.Compare(abs(y.Rise()), abs(x.Rise())), strings.Compare(x.ID, y.ID))
	})
	return out, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// keptTies returns the IDs of the ties of snap (read as p's selection
// reads it) that p keeps, sorted: the selected kinds, active at the
// selection's date, between two kept actors.
func (p *Projection) keptTies(snap *network.Snapshot) []string {
	var ids []string
	for _, t := range p.Read(snap).Ties {
		if t == nil || t.From == t.To || len(p.sel.TieKinds) > 0 && !slices.Contains(p.sel.TieKinds, t.Kind) || !t.ActiveAt(p.sel.AsOf) {
			continue
		}
		if p.Index(t.From) >= 0 && p.Index(t.To) >= 0 {
			ids = append(ids, t.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// present returns the IDs of p's actors with at least one tie, sorted.
func (p *Projection) present() []string {
	var ids []string
	for i := int32(0); i < int32(p.N()); i++ {
		if p.out.off[i+1] > p.out.off[i] || p.in.off[i+1] > p.in.off[i] {
			ids = append(ids, p.ids[i])
		}
	}
	return ids
}

type rankValue struct {
	rank  int
	value float64
}

// ranks places the actors of present (sorted IDs) by their scores in s,
// highest first, equal values by ID.
func ranks(s *Scores, present []string) map[string]rankValue {
	out := make(map[string]rankValue, len(present))
	rank := 0
	for _, x := range s.Ranked(0) {
		if _, ok := slices.BinarySearch(present, x.ID); ok {
			rank++
			out[x.ID] = rankValue{rank, x.Value}
		}
	}
	return out
}

// difference returns the sorted IDs of a not in b (both sorted).
func difference(a, b []string) []string {
	var out []string
	for _, id := range a {
		if _, ok := slices.BinarySearch(b, id); !ok {
			out = append(out, id)
		}
	}
	return out
}
