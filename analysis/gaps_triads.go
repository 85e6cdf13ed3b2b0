package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// TieRef names a tie in a gap result.
type TieRef struct {
	ID   string
	Kind network.TieKind
}

// TriadSide is one pair of a triad with the ties that join it (none when
// the side is missing).
type TriadSide struct {
	A, B string // actor IDs
	Ties []TieRef
}

// Triad is a UN entity, a regional organization and a civil-society actor
// of one region, with the sides that are present and those that are
// missing (the gaps).
type Triad struct {
	UN           ActorRef
	RegionalOrg  ActorRef
	CivilSociety ActorRef
	Sides        []TriadSide // in the order UN-RO, UN-CS, RO-CS
	Missing      []TriadSide
}

// RegionTriads is the triad coverage of one region.
type RegionTriads struct {
	Region string
	Name   string
	// UNEntities, RegionalOrgs and CivilSociety count the actors of each
	// role in the region; Possible is their product.
	UNEntities   int
	RegionalOrgs int
	CivilSociety int
	Possible     int
	// Closed are the triads with all three sides, Open those with at least
	// GapOptions.MinSides sides but not three; ClosedCount and OpenCount
	// count them all (the lists keep at most GapOptions.Top each).
	Closed      []Triad
	Open        []Triad
	ClosedCount int
	OpenCount   int
	// Coverage is ClosedCount / (ClosedCount + OpenCount): how many of the
	// started triads are closed (0 when none is started).
	Coverage    float64
	Explanation string
	Method      string
}

// TriadCoverage reports, for each region, whether UN entity - regional
// organization - civil society ties close into triangles. A side is any
// tie of opts.TieKinds (default ActivityTieKinds) active in the period,
// direction ignored. Regional organizations and civil-society actors count
// for a region through their places (their regions and the regions of
// their countries); UN entities count for every region unless they have
// places and are not of GLOBAL scope, then only for theirs; with
// opts.OrgansWithParent organs count as their organization (FoldOrgans).
// The regions reported are those where a
// regional organization or a civil-society actor is placed (only
// opts.Regions when given), ordered by ID. EINVALID for bad options. It
// checks ctx as it goes and reports the fraction of regions done.
func TriadCoverage(ctx context.Context, snap *network.Snapshot, opts GapOptions) ([]RegionTriads, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	tr := newTracker(ctx, 1)
	tk := ticker{t: tr}
	kinds := opts.TieKinds
	if len(kinds) == 0 {
		kinds = ActivityTieKinds
	}
	minSides := opts.MinSides
	switch minSides {
	case 0:
		minSides = 2
	case 1, 2:
	default:
		return nil, network.Errorf(network.EINVALID, "minSides %d is not 1 or 2", minSides)
	}
	snap, note := opts.read(snap)
	x := newGapIndex(snap)
	var global []string                 // UN entities without places
	members := map[string][3][]string{} // region -> UN, RO, CS actor IDs
	role := map[string]int{}
	for _, a := range snap.Actors {
		if a == nil {
			continue
		}
		var r int
		switch a.Kind {
		case network.UNEntity:
			r = 0
		case network.RegionalOrganization:
			r = 1
		case network.CivilSociety:
			r = 2
		default:
			continue
		}
		role[a.ID] = r
		regions, countries := x.actorPlaces(a)
		if r == 0 && (len(regions) == 0 && len(countries) == 0 || a.Scope == network.Global) {
			global = append(global, a.ID)
			continue
		}
		for _, reg := range regions {
			m := members[reg]
			m[r] = append(m[r], a.ID)
			members[reg] = m
		}
	}
	// Sides: ties of the kinds among the three roles, by unordered pair.
	sides := map[[2]string][]TieRef{}
	adj := map[string][]string{}
	for _, t := range snap.Ties {
		if err := tk.tick(1); err != nil {
			return nil, err
		}
		if t == nil || !slices.Contains(kinds, t.Kind) || !opts.tieActive(t) {
			continue
		}
		ra, oka := role[t.From]
		rb, okb := role[t.To]
		if !oka || !okb || ra == rb {
			continue
		}
		key := orderedPair(t.From, t.To)
		if sides[key] == nil {
			adj[t.From] = append(adj[t.From], t.To)
			adj[t.To] = append(adj[t.To], t.From)
		}
		sides[key] = append(sides[key], TieRef{ID: t.ID, Kind: t.Kind})
	}
	for _, ts := range sides {
		slices.SortFunc(ts, func(a, b TieRef) int { return strings.Compare(a.ID, b.ID) })
	}
	for id := range adj {
		slices.Sort(adj[id])
	}

	regions := make([]string, 0, len(members))
	for reg, m := range members {
		if (len(m[1]) > 0 || len(m[2]) > 0) && (len(opts.Regions) == 0 || slices.Contains(opts.Regions, reg)) {
			regions = append(regions, reg)
		}
	}
	for _, reg := range opts.Regions {
		if _, ok := members[reg]; !ok {
			regions = append(regions, reg)
		}
	}
	slices.Sort(regions)
	method := withNote(fmt.Sprintf("triad coverage: a side is a %s tie active in the period, direction ignored; UN entities without places or of GLOBAL scope count in every region; open triads have at least %d sides; coverage = closed / (closed + open)",
		joinKinds(kinds), minSides), note)

	tr.total = float64(max(1, len(regions)))
	out := make([]RegionTriads, 0, len(regions))
	for _, reg := range regions {
		if err := tr.step(1); err != nil {
			return nil, err
		}
		m := members[reg]
		un := sortedSet(append(slices.Clone(global), m[0]...))
		ro, cs := sortedSet(slices.Clone(m[1])), sortedSet(slices.Clone(m[2]))
		in := [3]map[string]bool{setOf(un), setOf(ro), setOf(cs)}
		rt := RegionTriads{Region: reg, Name: x.placeName(reg), UNEntities: len(un), RegionalOrgs: len(ro),
			CivilSociety: len(cs), Possible: len(un) * len(ro) * len(cs), Method: method}
		var closed, open []Triad
		add := func(u, r, c string) {
			tr := x.triad(sides, u, r, c)
			if len(tr.Missing) == 0 {
				closed = append(closed, tr)
			} else {
				open = append(open, tr)
			}
		}
		neighbours := func(id string, r int) []string {
			var out []string
			for _, v := range adj[id] {
				if in[r][v] {
					out = append(out, v)
				}
			}
			return out
		}
		has := func(a, b string) bool { return sides[orderedPair(a, b)] != nil }
		if minSides == 2 {
			// Each triad with two or three sides once, by its centre: the
			// UN entity when it has both sides, else the organization,
			// else the civil-society actor.
			for _, u := range un {
				for _, r := range neighbours(u, 1) {
					for _, c := range neighbours(u, 2) {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						add(u, r, c)
					}
				}
			}
			for _, r := range ro {
				for _, u := range neighbours(r, 0) {
					for _, c := range neighbours(r, 2) {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						if !has(u, c) {
							add(u, r, c)
						}
					}
				}
			}
			for _, c := range cs {
				for _, u := range neighbours(c, 0) {
					for _, r := range neighbours(c, 1) {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						if !has(u, r) {
							add(u, r, c)
						}
					}
				}
			}
		} else {
			// Each triad with at least one side once, by its first side
			// in the order UN-RO, UN-CS, RO-CS.
			for _, u := range un {
				for _, r := range neighbours(u, 1) {
					for _, c := range cs {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						add(u, r, c)
					}
				}
				for _, c := range neighbours(u, 2) {
					for _, r := range ro {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						if !has(u, r) {
							add(u, r, c)
						}
					}
				}
			}
			for _, r := range ro {
				for _, c := range neighbours(r, 2) {
					for _, u := range un {
						if err := tk.tick(1); err != nil {
							return nil, err
						}
						if !has(u, r) && !has(u, c) {
							add(u, r, c)
						}
					}
				}
			}
		}
		slices.SortFunc(closed, compareTriads)
		slices.SortFunc(open, compareTriads)
		rt.ClosedCount, rt.OpenCount = len(closed), len(open)
		if n := len(closed) + len(open); n > 0 {
			rt.Coverage = round9(float64(len(closed)) / float64(n))
		}
		rt.Closed, rt.Open = top(closed, opts.Top), top(open, opts.Top)
		rt.Explanation = fmt.Sprintf("%d UN entities x %d regional organizations x %d civil-society actors = %d possible triads; %d closed, %d open; coverage %d/%d = %.4f",
			rt.UNEntities, rt.RegionalOrgs, rt.CivilSociety, rt.Possible, rt.ClosedCount, rt.OpenCount, rt.ClosedCount, rt.ClosedCount+rt.OpenCount, rt.Coverage)
		if len(open) > 0 {
			rt.Explanation += "; first gap: " + describeMissing(open[0])
		}
		for i, n := range []int{rt.UNEntities, rt.RegionalOrgs, rt.CivilSociety} {
			if n == 0 {
				rt.Explanation += "; no " + [3]string{"UN entity", "regional organization", "civil-society actor"}[i] + " works here, so no triad can close"
			}
		}
		out = append(out, rt)
	}
	tr.finish()
	return out, nil
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// triad returns the triad u, r, c with its present and missing sides.
func (x *gapIndex) triad(sides map[[2]string][]TieRef, u, r, c string) Triad {
	tr := Triad{UN: x.ref(u), RegionalOrg: x.ref(r), CivilSociety: x.ref(c)}
	for _, p := range [][2]string{{u, r}, {u, c}, {r, c}} {
		s := TriadSide{A: p[0], B: p[1], Ties: sides[orderedPair(p[0], p[1])]}
		if len(s.Ties) > 0 {
			tr.Sides = append(tr.Sides, s)
		} else {
			tr.Missing = append(tr.Missing, s)
		}
	}
	return tr
}

// compareTriads orders triads with more sides first, then by UN entity,
// organization and civil-society actor IDs.
func compareTriads(a, b Triad) int {
	if len(a.Sides) != len(b.Sides) {
		return len(b.Sides) - len(a.Sides)
	}
	if c := strings.Compare(a.UN.ID, b.UN.ID); c != 0 {
		return c
	}
	if c := strings.Compare(a.RegionalOrg.ID, b.RegionalOrg.ID); c != 0 {
		return c
	}
	return strings.Compare(a.CivilSociety.ID, b.CivilSociety.ID)
}

func describeMissing(t Triad) string {
	var have, miss []string
	for _, s := range t.Sides {
		have = append(have, fmt.Sprintf("%s-%s (%s)", s.A, s.B, s.Ties[0].Kind))
	}
	for _, s := range t.Missing {
		miss = append(miss, s.A+"-"+s.B)
	}
	return strings.Join(have, ", ") + " present, " + strings.Join(miss, ", ") + " missing"
}
