package network

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// ActorFilter selects actors. Empty fields select everything; within a field
// values are alternatives (OR); fields combine with AND.
type ActorFilter struct {
	IDs       []string
	Kinds     []ActorKind
	Regions   []string // Place IDs
	Countries []string // ISO 3166-1 alpha-2
	Themes    []string
	// Text matches, case-insensitively, a substring of the name, the acronym
	// or an alias.
	Text string
}

// Matches reports whether a passes f. Every store must select exactly the
// actors Matches selects.
func (f *ActorFilter) Matches(a *Actor) bool {
	if len(f.IDs) > 0 && !slices.Contains(f.IDs, a.ID) {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, a.Kind) {
		return false
	}
	if len(f.Regions) > 0 && !overlaps(f.Regions, a.Regions) {
		return false
	}
	if len(f.Countries) > 0 && !overlaps(f.Countries, a.Countries) {
		return false
	}
	if len(f.Themes) > 0 && !overlaps(f.Themes, a.Themes) {
		return false
	}
	if f.Text != "" && !TextMatches(a, f.Text) {
		return false
	}
	return true
}

// TextMatches reports whether text occurs, ignoring case, in a's name,
// acronym or one of its aliases.
func TextMatches(a *Actor, text string) bool {
	return TextMatchesLower(a, strings.ToLower(strings.TrimSpace(text)))
}

// TextMatchesLower is TextMatches for a text already trimmed and in lower
// case: a search lowers it once for every actor it tests.
func TextMatchesLower(a *Actor, lower string) bool {
	if containsLower(a.Name, lower) || containsLower(a.Acronym, lower) {
		return true
	}
	for _, alias := range a.Aliases {
		if containsLower(alias, lower) {
			return true
		}
	}
	return false
}

// containsLower reports whether lower occurs in strings.ToLower(s), without
// building it when s is ASCII (then ToLower changes only A-Z).
func containsLower(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), lower)
		}
	}
	for i := 0; i+len(lower) <= len(s); i++ {
		j := 0
		for j < len(lower) && asciiLower(s[i+j]) == lower[j] {
			j++
		}
		if j == len(lower) {
			return true
		}
	}
	return false
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func overlaps(want, have []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// Direction selects ties of an actor by which end the actor is at.
type Direction string

// The directions. For symmetric kinds an actor is at both ends, so OUT and IN
// both select them.
const (
	Both     Direction = "BOTH"
	Outgoing Direction = "OUT"
	Incoming Direction = "IN"
)

// TieFilter selects ties. Empty fields select everything.
type TieFilter struct {
	IDs   []string
	Kinds []TieKind
	// Actor selects ties with this actor at an end chosen by Direction.
	Actor     string
	Direction Direction // "" means Both
	// ActiveFrom and ActiveTo select ties that held at some day of the
	// period (inclusive); either may be empty.
	ActiveFrom Date
	ActiveTo   Date
	// Among selects ties with both ends in this set of actor IDs: the ties
	// within a group, e.g. the actors drawn on a screen.
	Among []string
}

// Matches reports whether t passes f. Every store must select exactly the
// ties Matches selects.
func (f *TieFilter) Matches(t *Tie) bool {
	if len(f.IDs) > 0 && !slices.Contains(f.IDs, t.ID) {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, t.Kind) {
		return false
	}
	if f.Actor != "" && !f.matchesActor(t) {
		return false
	}
	if f.ActiveFrom != "" && t.Until != "" && t.Until.Last() < f.ActiveFrom.First() {
		return false
	}
	if f.ActiveTo != "" && t.Since != "" && t.Since.First() > f.ActiveTo.Last() {
		return false
	}
	if len(f.Among) > 0 && !(slices.Contains(f.Among, t.From) && slices.Contains(f.Among, t.To)) {
		return false
	}
	return true
}

func (f *TieFilter) matchesActor(t *Tie) bool {
	switch {
	case f.Direction == Outgoing && !t.Kind.Symmetric():
		return t.From == f.Actor
	case f.Direction == Incoming && !t.Kind.Symmetric():
		return t.To == f.Actor
	}
	return t.From == f.Actor || t.To == f.Actor
}

// ActorOrder is the order of a list of actors. Ties in the key are broken
// by ID so that every order is total and pages are stable.
type ActorOrder string

// The actor orders.
const (
	ByName ActorOrder = "NAME" // name, then ID (the default)
	ByID   ActorOrder = "ID"
	ByKind ActorOrder = "KIND" // kind, then name, then ID
)

// Compare orders a and b by o; it is the one definition every store follows.
func (o ActorOrder) Compare(a, b *Actor) int {
	switch o {
	case ByID:
		return strings.Compare(a.ID, b.ID)
	case ByKind:
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
	}
	if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// CompareTies is the order of every list of ties: by ID.
func CompareTies(a, b *Tie) int { return strings.Compare(a.ID, b.ID) }
