package neo4j

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// The properties written for actors, ties and places, and how they are read
// back. A value read back equals the value written after the normalization
// the embedded store also applies: empty slices become nil.

// actorProps returns the node properties of a.
func actorProps(a *network.Actor) (map[string]any, error) {
	identifiers, err := jsonList(a.Identifiers)
	if err != nil {
		return nil, err
	}
	attributes, err := jsonList(a.Attributes)
	if err != nil {
		return nil, err
	}
	sources, err := jsonList(a.Sources)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"id":           a.ID,
		"idLower":      strings.ToLower(a.ID),
		"name":         a.Name,
		"nameLower":    strings.ToLower(a.Name),
		"acronym":      a.Acronym,
		"acronymLower": strings.ToLower(a.Acronym),
		"aliases":      list(a.Aliases),
		"aliasesLower": lowerList(a.Aliases),
		"searchLower":  searchLower(a),
		"kind":         string(a.Kind),
		"scope":        string(a.Scope),
		"regions":      list(a.Regions),
		"countries":    list(a.Countries),
		"themes":       list(a.Themes),
		"identifiers":  identifiers,
		"attributes":   attributes,
		"imported":     a.Imported,
		"sources":      sources,
	}, nil
}

// tieRow returns the row ties_create.cypher takes for t.
func tieRow(t *network.Tie) (map[string]any, error) {
	var funding any
	if t.Funding != nil {
		b, err := json.Marshal(t.Funding)
		if err != nil {
			return nil, err
		}
		funding = string(b)
	}
	attributes, err := jsonList(t.Attributes)
	if err != nil {
		return nil, err
	}
	sources, err := jsonList(t.Sources)
	if err != nil {
		return nil, err
	}
	sinceFirst, untilLast := "", ""
	if t.Since != "" {
		sinceFirst = t.Since.First()
	}
	if t.Until != "" {
		untilLast = t.Until.Last()
	}
	return map[string]any{
		"from": t.From,
		"to":   t.To,
		"props": map[string]any{
			"id":          t.ID,
			"kind":        string(t.Kind),
			"since":       string(t.Since),
			"until":       string(t.Until),
			"sinceFirst":  sinceFirst,
			"untilLast":   untilLast,
			"description": t.Description,
			"weight":      t.Weight,
			"funding":     funding,
			"attributes":  attributes,
			"sources":     sources,
		},
	}, nil
}

// searchLower returns the lowercased name, acronym and aliases of a, one a
// line: a text without a line break is in one of them exactly when
// searchLower contains it.
func searchLower(a *network.Actor) string {
	parts := append([]string{a.Name, a.Acronym}, a.Aliases...)
	return strings.ToLower(strings.Join(parts, "\n"))
}

// placeProps returns the node properties of p.
func placeProps(p *network.Place) (map[string]any, error) {
	sources, err := jsonList(p.Sources)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"id":      p.ID,
		"name":    p.Name,
		"kind":    string(p.Kind),
		"iso3":    nonEmpty(p.ISO3),
		"lat":     floatOrNil(p.Latitude),
		"lon":     floatOrNil(p.Longitude),
		"parent":  nonEmpty(p.Parent),
		"regions": list(p.Regions),
		"sources": sources,
	}, nil
}

// nonEmpty returns s, or nil (no property) when it is empty.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// floatOrNil returns *f, or nil (no property) when f is nil.
func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// getter reads one property or column by name; nil when it is absent.
type getter func(key string) any

// mapGetter reads from a map of properties.
func mapGetter(m map[string]any) getter { return func(k string) any { return m[k] } }

// decodeActor reads an actor; its sources only when withSources.
func decodeActor(get getter, withSources bool) (*network.Actor, error) {
	a := &network.Actor{
		ID:        str(get("id")),
		Name:      str(get("name")),
		Acronym:   str(get("acronym")),
		Aliases:   strList(get("aliases")),
		Kind:      network.ActorKind(str(get("kind"))),
		Scope:     network.Scope(str(get("scope"))),
		Regions:   strList(get("regions")),
		Countries: strList(get("countries")),
		Themes:    strList(get("themes")),
	}
	a.Imported, _ = get("imported").(bool)
	if err := fromJSON(get("identifiers"), &a.Identifiers); err != nil {
		return nil, fmt.Errorf("actor %q identifiers: %w", a.ID, err)
	}
	if err := fromJSON(get("attributes"), &a.Attributes); err != nil {
		return nil, fmt.Errorf("actor %q attributes: %w", a.ID, err)
	}
	if withSources {
		if err := fromJSON(get("sources"), &a.Sources); err != nil {
			return nil, fmt.Errorf("actor %q sources: %w", a.ID, err)
		}
	}
	return a, nil
}

// decodeTie reads a tie; its sources only when withSources.
func decodeTie(get getter, withSources bool) (*network.Tie, error) {
	t := &network.Tie{
		ID:          str(get("id")),
		Kind:        network.TieKind(str(get("kind"))),
		From:        str(get("from")),
		To:          str(get("to")),
		Since:       network.Date(str(get("since"))),
		Until:       network.Date(str(get("until"))),
		Description: str(get("description")),
	}
	t.Weight, _ = get("weight").(float64)
	if s := str(get("funding")); s != "" {
		t.Funding = new(network.FundingFlow)
		if err := json.Unmarshal([]byte(s), t.Funding); err != nil {
			return nil, fmt.Errorf("tie %q funding: %w", t.ID, err)
		}
	}
	if err := fromJSON(get("attributes"), &t.Attributes); err != nil {
		return nil, fmt.Errorf("tie %q attributes: %w", t.ID, err)
	}
	if withSources {
		if err := fromJSON(get("sources"), &t.Sources); err != nil {
			return nil, fmt.Errorf("tie %q sources: %w", t.ID, err)
		}
	}
	return t, nil
}

// decodePlace reads a place.
func decodePlace(get getter) (*network.Place, error) {
	p := &network.Place{
		ID:      str(get("id")),
		Name:    str(get("name")),
		Kind:    network.PlaceKind(str(get("kind"))),
		ISO3:    str(get("iso3")),
		Parent:  str(get("parent")),
		Regions: strList(get("regions")),
	}
	if lat, ok := get("lat").(float64); ok {
		p.Latitude = &lat
	}
	if lon, ok := get("lon").(float64); ok {
		p.Longitude = &lon
	}
	if err := fromJSON(get("sources"), &p.Sources); err != nil {
		return nil, fmt.Errorf("place %q sources: %w", p.ID, err)
	}
	return p, nil
}

// list returns s, or nil (no property) when it is empty.
func list(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

// lowerList returns s lowercased, or nil when it is empty.
func lowerList(s []string) any {
	if len(s) == 0 {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToLower(v)
	}
	return out
}

// jsonList returns s as a JSON string, or nil (no property) when it is empty.
func jsonList[T any](s []T) (any, error) {
	if len(s) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// fromJSON decodes the JSON string v into dst; nothing when v is absent.
// An empty list decodes as nil.
func fromJSON[T any](v any, dst *[]T) error {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return err
	}
	if len(*dst) == 0 {
		*dst = nil
	}
	return nil
}

// str returns v as a string, "" if it is not one.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// strList returns the list of strings v, nil if it is absent or empty.
func strList(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// integer returns v as an int, 0 if it is not an integer.
func integer(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// cloneActor returns a deep copy of a.
func cloneActor(a *network.Actor) *network.Actor {
	c := *a
	c.Aliases = slices.Clone(a.Aliases)
	c.Regions = slices.Clone(a.Regions)
	c.Countries = slices.Clone(a.Countries)
	c.Themes = slices.Clone(a.Themes)
	c.Identifiers = slices.Clone(a.Identifiers)
	c.Attributes = slices.Clone(a.Attributes)
	c.Sources = slices.Clone(a.Sources)
	return &c
}
