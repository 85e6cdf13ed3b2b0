package analysis

import (
	"context"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// BrokerRoles counts the open two-paths a -> v -> b (a != b, no arc
// a -> b) that actor v brokers, by Gould and Fernandez's roles over actor
// kinds.
type BrokerRoles struct {
	ID string
	// Coordinator: a, v and b of one kind.
	Coordinator int
	// Itinerant (consultant): a and b of one kind, v of another.
	Itinerant int
	// Representative: a of v's kind, b of another.
	Representative int
	// Gatekeeper: b of v's kind, a of another.
	Gatekeeper int
	// Liaison: a, v and b of three kinds.
	Liaison int
}

// Total is the number of open two-paths v brokers.
func (r BrokerRoles) Total() int {
	return r.Coordinator + r.Itinerant + r.Representative + r.Gatekeeper + r.Liaison
}

// BrokerageGroup names the actor attribute whose values are Gould and
// Fernandez's groups.
type BrokerageGroup string

// The brokerage groupings.
const (
	BrokerByKind   BrokerageGroup = "KIND"   // the actor's kind
	BrokerByRegion BrokerageGroup = "REGION" // the actor's region, see RegionGroups
)

// Unplaced is the group of actors that RegionGroups finds no region for.
const Unplaced = "(unplaced)"

// RegionGroups gives each actor of p a region to group it by: the first of
// its own regions in ID order, else the first region of its first country
// that has one among snap's places, else Unplaced.
func RegionGroups(p *Projection, snap *network.Snapshot) []string {
	countryRegions := map[string][]string{}
	for _, pl := range snap.Places {
		if pl.Kind == network.Country && len(pl.Regions) > 0 {
			countryRegions[pl.ID] = slices.Sorted(slices.Values(pl.Regions))
		}
	}
	byID := make(map[string]*network.Actor, len(snap.Actors))
	for _, a := range snap.Actors {
		byID[a.ID] = a
	}
	groups := make([]string, p.N())
	for i := range groups {
		groups[i] = Unplaced
		a := byID[p.ids[i]]
		if a == nil {
			continue
		}
		if len(a.Regions) > 0 {
			groups[i] = slices.Min(a.Regions)
			continue
		}
		for _, c := range slices.Sorted(slices.Values(a.Countries)) {
			if rs := countryRegions[c]; len(rs) > 0 {
				groups[i] = rs[0]
				break
			}
		}
	}
	return groups
}

// Brokerage returns Gould-Fernandez brokerage roles by actor kind for
// every actor that brokers at least one open two-path, most brokerage
// first, then by ID. In the undirected view each tie runs both ways, so a
// pair {a, b} counts once in each direction. It checks ctx as it goes and
// reports the fraction of actors done.
func Brokerage(ctx context.Context, p *Projection) ([]BrokerRoles, Method, error) {
	groups := make([]string, p.N())
	for i := range groups {
		groups[i] = string(p.Kind(i))
	}
	return BrokerageBy(ctx, p, groups, BrokerByKind)
}

// BrokerageBy is Brokerage with the groups given: groups[i] is the group of
// actor i of p, and by names the attribute for the method. EINVALID when
// groups does not have one entry per actor.
func BrokerageBy(ctx context.Context, p *Projection, groups []string, by BrokerageGroup) ([]BrokerRoles, Method, error) {
	if len(groups) != p.N() {
		return nil, Method{}, network.Errorf(network.EINVALID, "brokerage: %d groups for %d actors", len(groups), p.N())
	}
	label := make([]int32, len(groups))
	numberLabels(label, groups)
	t := newTracker(ctx, int64(p.N()))
	k := ticker{t: t}
	var out []BrokerRoles
	for v := int32(0); v < int32(p.N()); v++ {
		if err := t.step(1); err != nil {
			return nil, Method{}, err
		}
		r := BrokerRoles{ID: p.ids[v]}
		kv := label[v]
		ins, _ := p.in.row(v)
		outs, _ := p.out.row(v)
		for _, a := range ins {
			if err := k.tick(len(outs)); err != nil {
				return nil, Method{}, err
			}
			aOut, _ := p.out.row(a)
			ka := label[a]
			for _, b := range outs {
				if a == b {
					continue
				}
				if _, tied := slices.BinarySearch(aOut, b); tied {
					continue
				}
				kb := label[b]
				switch {
				case ka == kv && kv == kb:
					r.Coordinator++
				case ka == kb:
					r.Itinerant++
				case ka == kv:
					r.Representative++
				case kv == kb:
					r.Gatekeeper++
				default:
					r.Liaison++
				}
			}
		}
		if r.Total() > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y BrokerRoles) int {
		if x.Total() != y.Total() {
			return y.Total() - x.Total()
		}
		return strings.Compare(x.ID, y.ID)
	})
	m := Method{Algorithm: "Gould-Fernandez brokerage by " + strings.ToLower(string(by)), Normalization: "raw counts of open two-paths",
		Exact: true, Weight: p.sel.Weight, Directed: p.sel.Directed, Engine: Engine, Workers: 1}
	t.finish()
	return out, m, nil
}
