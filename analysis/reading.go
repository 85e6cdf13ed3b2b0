package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// This file holds the two ways a snapshot can be read before it is
// projected or grouped: organs counted with their organization, and events
// projected into their organizers' co-organizing. Both return a new snapshot
// and never change the one they are given.

// FoldOrgans returns snap with every organ or sub-unit of a regional
// organization counted as that organization: an actor that is not itself a
// REGIONAL_ORGANIZATION (which has members of its own, as ECOWAS has within
// the AU) and is PART_OF one, or PART_OF an actor that is itself folded,
// leaves the network and its ties are the organization's (the AU Peace and Security
// Council as the AU, the ECPF Enabling Mechanism as ECOWAS through the
// ECPF). The PART_OF ties that become loops are dropped. When an actor is
// PART_OF two organizations the first tie by ID decides. The note names the
// folded actors; it is empty when nothing folds.
func FoldOrgans(snap *network.Snapshot) (*network.Snapshot, string) {
	// Only PART_OF ties can fold anything: on a large network without
	// them nothing is copied, sorted or indexed.
	var partOf []*network.Tie
	for _, t := range snap.Ties {
		if t != nil && t.Kind == network.PartOf && t.From != t.To {
			partOf = append(partOf, t)
		}
	}
	if len(partOf) == 0 {
		return snap, ""
	}
	kind := make(map[string]network.ActorKind, len(snap.Actors))
	for _, a := range snap.Actors {
		if a != nil {
			kind[a.ID] = a.Kind
		}
	}
	whole := map[string]string{} // part -> the actor it is PART_OF, first tie by ID
	slices.SortFunc(partOf, network.CompareTies)
	for _, t := range partOf {
		if kind[t.From] == network.RegionalOrganization {
			continue
		}
		if _, ok := kind[t.To]; ok && whole[t.From] == "" {
			whole[t.From] = t.To
		}
	}
	// parent resolves an actor to the organization it counts as, or "".
	memo := map[string]string{}
	var parent func(id string, depth int) string
	parent = func(id string, depth int) string {
		if p, ok := memo[id]; ok {
			return p
		}
		memo[id] = "" // a cycle resolves to nothing
		w := whole[id]
		if w == "" || depth > len(whole) {
			return ""
		}
		p := parent(w, depth+1)
		if p == "" && kind[w] == network.RegionalOrganization {
			p = w
		}
		memo[id] = p
		return p
	}
	folded := map[string]string{}
	for id := range whole {
		if p := parent(id, 0); p != "" {
			folded[id] = p
		}
	}
	if len(folded) == 0 {
		return snap, ""
	}
	out := &network.Snapshot{Version: snap.Version, Places: snap.Places,
		Actors: make([]*network.Actor, 0, len(snap.Actors)-len(folded)), Ties: make([]*network.Tie, 0, len(snap.Ties))}
	for _, a := range snap.Actors {
		if a != nil && folded[a.ID] == "" {
			out.Actors = append(out.Actors, a)
		}
	}
	for _, t := range snap.Ties {
		if t == nil {
			continue
		}
		from, to := t.From, t.To
		if p := folded[from]; p != "" {
			from = p
		}
		if p := folded[to]; p != "" {
			to = p
		}
		if from == to {
			continue
		}
		if from != t.From || to != t.To {
			c := *t
			c.From, c.To = from, to
			t = &c
		}
		out.Ties = append(out.Ties, t)
	}
	parts := make([]string, 0, len(folded))
	for id, p := range folded {
		parts = append(parts, id+" as "+p)
	}
	slices.Sort(parts)
	return out, fmt.Sprintf("organs counted with their parent organization (organsWithParent): %s", strings.Join(parts, ", "))
}

// ProjectEvents returns snap with every EVENT actor replaced by its
// organizers' co-organizing: the event leaves the network with all its ties,
// and each pair of actors with an ORGANIZED tie to it gets one COLLABORATION
// tie (ID "co-organized/<event>/<a>/<b>", a < b), dated from the earliest
// start to the latest end of the two ORGANIZED ties, with their sources.
// This is the one-mode projection of the two-mode organizer-event network:
// two events organized together are two parallel ties, whose weights sum.
// Participants (PARTICIPATED ties) are not projected. The note says how
// many events became how many ties; it is empty when snap has no events.
func ProjectEvents(snap *network.Snapshot) (*network.Snapshot, string) {
	events := map[string]bool{}
	for _, a := range snap.Actors {
		if a != nil && a.Kind == network.Event {
			events[a.ID] = true
		}
	}
	if len(events) == 0 {
		return snap, ""
	}
	organizers := map[string][]*network.Tie{} // event -> ORGANIZED ties to it
	out := &network.Snapshot{Version: snap.Version, Places: snap.Places,
		Actors: make([]*network.Actor, 0, len(snap.Actors)-len(events)), Ties: make([]*network.Tie, 0, len(snap.Ties))}
	for _, a := range snap.Actors {
		if a != nil && !events[a.ID] {
			out.Actors = append(out.Actors, a)
		}
	}
	for _, t := range snap.Ties {
		if t == nil {
			continue
		}
		switch {
		case t.Kind == network.Organized && events[t.To] && !events[t.From]:
			organizers[t.To] = append(organizers[t.To], t)
		case events[t.From] || events[t.To]:
		default:
			out.Ties = append(out.Ties, t)
		}
	}
	ids := make([]string, 0, len(organizers))
	for ev := range organizers {
		ids = append(ids, ev)
	}
	slices.Sort(ids)
	added := 0
	for _, ev := range ids {
		ts := organizers[ev]
		slices.SortFunc(ts, func(a, b *network.Tie) int { return strings.Compare(a.From, b.From) })
		for i, a := range ts {
			for _, b := range ts[i+1:] {
				if a.From == b.From {
					continue
				}
				out.Ties = append(out.Ties, &network.Tie{
					ID:          "co-organized/" + ev + "/" + a.From + "/" + b.From,
					Kind:        network.Collaboration,
					From:        a.From,
					To:          b.From,
					Since:       earlier(a.Since, b.Since),
					Until:       later(a.Until, b.Until),
					Description: fmt.Sprintf("%s and %s co-organized %s", a.From, b.From, ev),
					Weight:      1,
					Sources:     append(slices.Clone(a.Sources), b.Sources...),
				})
				added++
			}
		}
	}
	slices.SortFunc(out.Ties, network.CompareTies)
	return out, fmt.Sprintf("events projected into co-organizing (coOrganizing): %d events became %d COLLABORATION ties between their organizers", len(events), added)
}

// earlier returns the earlier start of a and b; empty (no start) wins.
func earlier(a, b network.Date) network.Date {
	if a == "" || b == "" {
		return ""
	}
	if b.First() < a.First() {
		return b
	}
	return a
}

// later returns the later end of a and b; empty (no end) wins.
func later(a, b network.Date) network.Date {
	if a == "" || b == "" {
		return ""
	}
	if b.Last() > a.Last() {
		return b
	}
	return a
}

// observedNote says, for a network seen at asOf, how many of the kept ties
// were only observed in another year (network.ObservedAttribute), e.g.
// memberships from a 2014 snapshot read at 2025-06-01; "" when none.
func observedNote(asOf network.Date, counts map[string]int) string {
	if asOf == "" || len(counts) == 0 {
		return ""
	}
	years := make([]string, 0, len(counts))
	for y := range counts {
		years = append(years, y)
	}
	slices.Sort(years)
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = fmt.Sprintf("%d observed in %s", counts[y], y)
	}
	return fmt.Sprintf("undated ties read at %s that were observed in another year only (attribute %s), so they may not hold then: %s",
		asOf, network.ObservedAttribute, strings.Join(parts, ", "))
}

// DropSucceeded returns snap as it stands on day d: every actor with a
// SUCCEEDED_BY tie whose Since is on or before d (the former DPA once DPPA
// took over) leaves the network with its ties. A zero d changes nothing.
// The note names the dropped actors; it is empty when none is dropped.
func DropSucceeded(snap *network.Snapshot, d network.Date) (*network.Snapshot, string) {
	if d == "" {
		return snap, ""
	}
	gone := map[string]string{}
	for _, t := range snap.Ties {
		if t != nil && t.Kind == network.SucceededBy && t.Since != "" && t.Since.First() <= d.First() {
			gone[t.From] = t.To
		}
	}
	if len(gone) == 0 {
		return snap, ""
	}
	out := &network.Snapshot{Version: snap.Version, Places: snap.Places,
		Actors: make([]*network.Actor, 0, len(snap.Actors)), Ties: make([]*network.Tie, 0, len(snap.Ties))}
	for _, a := range snap.Actors {
		if a != nil && gone[a.ID] == "" {
			out.Actors = append(out.Actors, a)
		}
	}
	for _, t := range snap.Ties {
		if t != nil && gone[t.From] == "" && gone[t.To] == "" {
			out.Ties = append(out.Ties, t)
		}
	}
	parts := make([]string, 0, len(gone))
	for id, to := range gone {
		parts = append(parts, id+" (succeeded by "+to+")")
	}
	slices.Sort(parts)
	return out, fmt.Sprintf("actors succeeded by another on or before %s are not counted: %s", d, strings.Join(parts, ", "))
}
