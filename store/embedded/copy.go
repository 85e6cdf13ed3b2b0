package embedded

import (
	"slices"

	"github.com/peacegraph/peacegraph/network"
)

// The store keeps private, normalized copies of what it is given and hands
// out fresh copies of them, so that no caller shares memory with the indexes.
// Normalized means that an empty slice is nil: the value in memory is the
// value a JSON round trip through the file gives back, so a reopened store
// serves exactly what it served before.

// strs copies s, returning nil for an empty slice.
func strs(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// clip copies s, returning nil for an empty slice.
func clip[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// copyActor returns a deep copy of a.
func copyActor(a *network.Actor) *network.Actor {
	c := new(network.Actor)
	copyActorInto(c, a)
	return c
}

// copyActorInto makes c a deep copy of a. An actor of the store's state
// holds no sources, so neither does its copy (sourceFill reads them).
func copyActorInto(c, a *network.Actor) {
	*c = *a
	c.Aliases = strs(a.Aliases)
	c.Regions = strs(a.Regions)
	c.Countries = strs(a.Countries)
	c.Themes = strs(a.Themes)
	c.Identifiers = clip(a.Identifiers)
	c.Attributes = clip(a.Attributes)
	c.Sources = clip(a.Sources)
}

// copyTie returns a deep copy of t.
func copyTie(t *network.Tie) *network.Tie {
	c := new(network.Tie)
	copyTieInto(c, t)
	return c
}

// copyTieInto makes c a deep copy of t. A tie of the store's state holds
// no sources, so neither does its copy (sourceFill reads them).
func copyTieInto(c, t *network.Tie) {
	*c = *t
	if t.Funding != nil {
		f := *t.Funding
		f.Sectors = clip(t.Funding.Sectors)
		c.Funding = &f
	}
	c.Attributes = clip(t.Attributes)
	c.Sources = clip(t.Sources)
}

// copyPlace returns a deep copy of p.
func copyPlace(p *network.Place) *network.Place {
	c := *p
	c.Regions = strs(p.Regions)
	c.Sources = clip(p.Sources)
	c.Latitude, c.Longitude = copyFloat(p.Latitude), copyFloat(p.Longitude)
	return &c
}

// copyActorOmit returns a deep copy of a without the parts omit names; its
// sources, unless omitted, are asked of fill.
func copyActorOmit(a *network.Actor, omit network.Omit, fill *sourceFill) *network.Actor {
	c := *a
	c.Aliases = strs(a.Aliases)
	c.Regions = strs(a.Regions)
	c.Countries = strs(a.Countries)
	c.Themes = strs(a.Themes)
	c.Identifiers, c.Attributes, c.Sources = nil, nil, nil
	if !omit.ActorDetails {
		c.Identifiers = clip(a.Identifiers)
		c.Attributes = clip(a.Attributes)
	}
	if !omit.ActorSources {
		fill.actor(&c)
	}
	return &c
}

// copyTieOmit returns a deep copy of t without the parts omit names; its
// sources, unless omitted, are asked of fill.
func copyTieOmit(t *network.Tie, omit network.Omit, fill *sourceFill) *network.Tie {
	c := *t
	c.Funding, c.Attributes, c.Sources = nil, nil, nil
	if !omit.TieDetails {
		if t.Funding != nil {
			f := *t.Funding
			f.Sectors = clip(t.Funding.Sectors)
			c.Funding = &f
		}
		c.Attributes = clip(t.Attributes)
	}
	if !omit.TieSources {
		fill.tie(&c)
	}
	return &c
}

// copyFloat returns a copy of *f, or nil.
func copyFloat(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := *f
	return &v
}

// nilIfEmpty returns s, or nil when s is empty.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// normalizeActor makes a's empty slices nil, as copyActor does for a copy.
func normalizeActor(a *network.Actor) {
	a.Aliases, a.Regions = nilIfEmpty(a.Aliases), nilIfEmpty(a.Regions)
	a.Countries, a.Themes = nilIfEmpty(a.Countries), nilIfEmpty(a.Themes)
	a.Identifiers, a.Attributes = nilIfEmpty(a.Identifiers), nilIfEmpty(a.Attributes)
	a.Sources = nilIfEmpty(a.Sources)
}

// normalizeTie makes t's empty slices nil, as copyTie does for a copy.
func normalizeTie(t *network.Tie) {
	if t.Funding != nil {
		t.Funding.Sectors = nilIfEmpty(t.Funding.Sectors)
	}
	t.Attributes, t.Sources = nilIfEmpty(t.Attributes), nilIfEmpty(t.Sources)
}

// normalizePlace makes p's empty slices nil, as copyPlace does for a copy.
func normalizePlace(p *network.Place) {
	p.Regions, p.Sources = nilIfEmpty(p.Regions), nilIfEmpty(p.Sources)
}
