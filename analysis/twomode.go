package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// TwoModeKind names a two-mode (bipartite) network read from the ties.
type TwoModeKind string

// The two-mode networks.
const (
	// ActorsEvents links actors to the EVENT actors they organized or
	// took part in (ORGANIZED and PARTICIPATED ties).
	ActorsEvents TwoModeKind = "EVENTS"
	// DonorsActivities links donors to the IATI activities they fund:
	// the source of each FUNDING tie to its flow's activity ID.
	DonorsActivities TwoModeKind = "ACTIVITIES"
)

// TwoMode is a two-mode network and its one-mode projection onto the
// actors: two actors are tied when they share an event or activity,
// weighted by how many they share (nx.bipartite.weighted_projected_graph).
type TwoMode struct {
	Kind TwoModeKind
	// Actors and Items are the two modes' members with at least one link,
	// sorted: actors, and event actor IDs or activity IDs.
	Actors, Items []string
	// Links is the number of distinct actor-item pairs.
	Links int
	// Ties are the projected ties, the heaviest first, then by their ends.
	Ties []ProjectedTie
}

// ProjectedTie is a tie of a one-mode projection with what it stands for.
type ProjectedTie struct {
	A, B string // A < B
	// Items are the events or activities both share, sorted; the tie's
	// weight is their number.
	Items []string
	// Ties are the IDs of the two-mode ties behind it (each end's to each
	// shared item), sorted: their sources attest the projected tie.
	Ties []string
}

// Weight is the number of items the two actors share.
func (t ProjectedTie) Weight() int { return len(t.Items) }

// TwoModeNetwork reads the two-mode network of kind from snap as p's
// selection reads it (p.Read): its actors are p's actors, its links the
// snapshot's ties of the kind's kinds active at the selection's date from
// an actor of p (to an EVENT actor of p for ActorsEvents), whatever the
// selection's tie kinds. It projects it onto the actors. EINVALID for an
// unknown kind, or for ActorsEvents when the selection replaced the events
// by co-organizing ties (CoOrganizing). It checks ctx as it goes.
func TwoModeNetwork(ctx context.Context, p *Projection, snap *network.Snapshot, kind TwoModeKind) (*TwoMode, error) {
	switch kind {
	case ActorsEvents:
		if p.sel.CoOrganizing {
			return nil, network.Errorf(network.EINVALID, "the selection replaces events by co-organizing ties (coOrganizing): the actors-events network needs them as they are")
		}
	case DonorsActivities:
	default:
		return nil, network.Errorf(network.EINVALID, "two-mode network %q is not EVENTS or ACTIVITIES", kind)
	}
	tk := ticker{t: newTracker(ctx, 1)}
	type link struct{ actor, item string }
	ties := map[link][]string{}
	for _, t := range p.Read(snap).Ties {
		if err := tk.tick(1); err != nil {
			return nil, err
		}
		if t == nil || !t.ActiveAt(p.sel.AsOf) || p.Index(t.From) < 0 {
			continue
		}
		var item string
		switch {
		case kind == ActorsEvents && (t.Kind == network.Organized || t.Kind == network.Participated):
			if i := p.Index(t.To); i < 0 || p.Kind(i) != network.Event || t.From == t.To {
				continue
			}
			item = t.To
		case kind == DonorsActivities && t.Kind == network.Funding && t.Funding != nil && t.Funding.ActivityID != "":
			item = t.Funding.ActivityID
		default:
			continue
		}
		l := link{t.From, item}
		ties[l] = append(ties[l], t.ID)
	}
	out := &TwoMode{Kind: kind, Links: len(ties)}
	members := map[string][]string{} // item -> actors
	for l := range ties {
		members[l.item] = append(members[l.item], l.actor)
	}
	seen := map[string]bool{}
	for item, actors := range members {
		slices.Sort(actors)
		out.Items = append(out.Items, item)
		for _, a := range actors {
			if !seen[a] {
				seen[a] = true
				out.Actors = append(out.Actors, a)
			}
		}
	}
	slices.Sort(out.Items)
	slices.Sort(out.Actors)
	pairs := map[[2]string]*ProjectedTie{}
	for _, item := range out.Items {
		actors := members[item]
		for i, a := range actors {
			if err := tk.tick(len(actors)); err != nil {
				return nil, err
			}
			for _, b := range actors[i+1:] {
				key := [2]string{a, b}
				pt := pairs[key]
				if pt == nil {
					pt = &ProjectedTie{A: a, B: b}
					pairs[key] = pt
				}
				pt.Items = append(pt.Items, item)
				pt.Ties = append(pt.Ties, ties[link{a, item}]...)
				pt.Ties = append(pt.Ties, ties[link{b, item}]...)
			}
		}
	}
	if err := tk.t.err(); err != nil {
		return nil, err
	}
	for _, pt := range pairs {
		slices.Sort(pt.Ties)
		pt.Ties = slices.Compact(pt.Ties)
		out.Ties = append(out.Ties, *pt)
	}
	slices.SortFunc(out.Ties, func(x, y ProjectedTie) int {
		return cmp.Or(cmp.Compare(y.Weight(), x.Weight()), strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out, nil
}
