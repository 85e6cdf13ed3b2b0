package formats

import (
	"sort"
	"strings"

	"github.com/mtibben/confusables"

	"github.com/peacegraph/peacegraph/network"
)

// FlagLookalikes records in c's import report the actors of c whose ID,
// name or acronym looks like another actor's without being it: the same
// UTS #39 skeleton (Unicode's confusables: a Cyrillic "А" is a Latin "A",
// "rn" is "m"), ignoring case, but a different text, ignoring case. The
// others are the stored actors (stored) and the actors earlier in c. An
// actor of c that updates a stored actor of the same ID is compared with
// the others only. Nothing is refused: the report flags them for a reader
// to check. c.Import must not be nil.
func FlagLookalikes(c *network.Change, stored []*network.Actor) {
	type seen struct {
		actor, value string
	}
	// By field and skeleton, the texts seen so far; one per distinct text.
	bySkeleton := map[string][]seen{}
	add := func(field, actor, value string) {
		if value == "" {
			return
		}
		k := field + "\x00" + skeleton(value)
		for _, s := range bySkeleton[k] {
			if strings.EqualFold(s.value, value) {
				return
			}
		}
		bySkeleton[k] = append(bySkeleton[k], seen{actor, value})
	}
	check := func(field, actor, value string) []network.Lookalike {
		if value == "" {
			return nil
		}
		var out []network.Lookalike
		for _, s := range bySkeleton[field+"\x00"+skeleton(value)] {
			if s.actor != actor && !strings.EqualFold(s.value, value) {
				out = append(out, network.Lookalike{Field: field, Actor: actor, Value: value, Like: s.actor, LikeValue: s.value})
			}
		}
		return out
	}
	for _, a := range stored {
		if a != nil {
			add("id", a.ID, a.ID)
			add("name", a.ID, a.Name)
			add("acronym", a.ID, a.Acronym)
		}
	}
	var found []network.Lookalike
	for _, a := range c.Actors {
		if a == nil {
			continue
		}
		found = append(found, check("id", a.ID, a.ID)...)
		found = append(found, check("name", a.ID, a.Name)...)
		found = append(found, check("acronym", a.ID, a.Acronym)...)
		add("id", a.ID, a.ID)
		add("name", a.ID, a.Name)
		add("acronym", a.ID, a.Acronym)
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.Actor != b.Actor {
			return a.Actor < b.Actor
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Like < b.Like
	})
	c.Import.Report.Lookalikes = found
}

// skeleton is the UTS #39 skeleton of s, lowercased, so that two texts that
// differ by confusable letters ("I" and "l" included) and by case have the
// same one.
func skeleton(s string) string {
	return strings.ToLower(confusables.Skeleton(s))
}
