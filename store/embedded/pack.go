package embedded

import (
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Decoding a file allocates a string for every field of every item, and
// most of them are garbage at once: interned away (kinds, dates, tie ends,
// descriptions) or skipped. The strings that stay, one item's own (IDs,
// names, activity IDs) and the items' short lists (countries, sectors),
// sit among that garbage in the same small-object
// spans, and a span with one live object in it cannot be given back to the
// system: at a million ties that held about 60 MB of freed memory resident.
// pack and packLists move them into one allocation each, so that the spans
// the decoding filled hold garbage only and are returned with it.

// pack moves the strings that visit reaches into one allocation. visit
// calls its argument with a pointer to each string, in the same order on
// each of the three calls. Empty strings are left as they are.
func pack(visit func(func(*string))) {
	n := 0
	visit(func(p *string) { n += len(*p) })
	if n == 0 {
		return
	}
	var b strings.Builder
	b.Grow(n)
	visit(func(p *string) { b.WriteString(*p) })
	all, off := b.String(), 0
	visit(func(p *string) {
		if l := len(*p); l > 0 {
			*p, off = all[off:off+l], off+l
		}
	})
}

// packLists moves the lists that visit reaches into one array, each cut
// to its length (so that an append copies it instead of growing into its
// neighbour). visit calls its argument with a pointer to each list, in the
// same order on both calls. Empty lists are left as they are.
func packLists[T any](visit func(func(*[]T))) {
	n := 0
	visit(func(p *[]T) { n += len(*p) })
	if n == 0 {
		return
	}
	all, off := make([]T, n), 0
	visit(func(p *[]T) {
		if l := len(*p); l > 0 {
			copy(all[off:], *p)
			*p, off = all[off:off+l:off+l], off+l
		}
	})
}

// packActors packs the actors' own strings (ID, name, acronym, aliases)
// and keys the map of actors by the packed IDs. It runs
// before the ties are read, so that tie ends take the packed IDs.
func (s *state) packActors() {
	pack(func(str func(*string)) {
		for _, a := range s.actorList {
			str(&a.ID)
			str(&a.Name)
			str(&a.Acronym)
			for i := range a.Aliases {
				str(&a.Aliases[i])
			}
		}
	})
	packLists(func(list func(*[]string)) {
		for _, a := range s.actorList {
			list(&a.Aliases)
			list(&a.Regions)
			list(&a.Countries)
			list(&a.Themes)
		}
	})
	packLists(func(list func(*[]network.Identifier)) {
		for _, a := range s.actorList {
			list(&a.Identifiers)
		}
	})
	packLists(func(list func(*[]network.Attribute)) {
		for _, a := range s.actorList {
			list(&a.Attributes)
		}
	})
	// Assigning to a key that is there stores the key given: the map of
	// actors drops the decoded ID strings.
	for _, a := range s.actorList {
		s.actors[a.ID] = a
	}
}

// packTies packs the ties' own strings (IDs and funding activity IDs) and
// lists (attributes and funding sectors).
func (s *state) packTies() {
	packLists(func(list func(*[]network.Attribute)) {
		for _, t := range s.tieList {
			list(&t.Attributes)
		}
	})
	packLists(func(list func(*[]network.SectorShare)) {
		for _, t := range s.tieList {
			if t.Funding != nil {
				list(&t.Funding.Sectors)
			}
		}
	})
	pack(func(str func(*string)) {
		for _, t := range s.tieList {
			str(&t.ID)
		}
	})
	pack(func(str func(*string)) {
		for _, t := range s.tieList {
			if t.Funding != nil {
				str(&t.Funding.ActivityID)
			}
		}
	})
}
