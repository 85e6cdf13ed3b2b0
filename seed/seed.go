// Package seed is peacegraph's built-in network: the actors, ties and places
// named in the meeting note "Building Strategic Partnerships for Sustaining
// Peace at the Regional Level" (UNGA74 expert discussion, 24 September 2019),
// the 2014 memberships of the regional organizations it names from the
// Correlates of War IGO data, and the IATI organisation refs and CRS channel
// codes of its actors. Every actor and tie carries the passage of the note or
// the dataset record that states it.
//
// The data files live in seed/data and are embedded in the binary; see
// seed/README.md for what is in them and how each kind of tie was derived.
package seed

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Source titles and file names used in the seed network's provenance.
const (
	// NoteTitle is the title of the meeting note the seed network is read from.
	NoteTitle = "Building Strategic Partnerships for Sustaining Peace at the Regional Level: Meeting Note from the UNGA74 Expert Discussion"
	// NoteURL is the meeting note's file in the project's reference documents.
	NoteURL = "seed-documents/000_dab8d0deeea55232.txt"
	// MembershipTitle is the title of the membership dataset.
	MembershipTitle = "Correlates of War International Governmental Organizations Data, v3 (Pevehouse et al. 2020), 2014 snapshot"
	// MembershipURL is the membership dataset's file name.
	MembershipURL = "cow_igo_v3_regional_memberships_2014.csv"
	// StateListTitle is the title of the state list that gives each state's
	// Correlates of War code.
	StateListTitle = "Correlates of War State System Membership List, v2016"
	// StateListURL is the state list's file name.
	StateListURL = "cow_states2016.csv"
	// IdentifierTitle is the title of the dataset of IATI organisation refs
	// and CRS channel codes.
	IdentifierTitle = "Peacebuilding actor identifiers: IATI organisation refs and OECD CRS channel codes"
	// IdentifierURL is that dataset's file name.
	IdentifierURL = "peacebuilding_actor_identifiers.csv"
)

//go:embed data/actors.json data/ties.json data/places.json data/cow_iso3166.csv data/cow_igo_v3_memberships_2014.csv
//go:embed data/m49_iso3166.csv data/centroids_largest_polygon.csv data/factbook_cepgl.csv
var data embed.FS

// Change returns the whole seed network (curated actors, ties and places,
// the states and MEMBERSHIP ties derived from the membership data, a
// COUNTRY place for every state with its ISO 3166 alpha-3 code, centroid and
// regions, and the M49 regions) as one validated change. Each call returns
// a fresh copy. The error is EINVALID if the embedded data are inconsistent:
// a bad file, an actor ID used twice, a tie naming an unknown actor, or an
// item that fails Change.Validate.
func Change() (*network.Change, error) {
	var c network.Change
	if err := decode("data/actors.json", &c.Actors); err != nil {
		return nil, err
	}
	if err := decode("data/ties.json", &c.Ties); err != nil {
		return nil, err
	}
	if err := decode("data/places.json", &c.Places); err != nil {
		return nil, err
	}
	states, err := readStates()
	if err != nil {
		return nil, err
	}
	rows, err := readMemberships()
	if err != nil {
		return nil, err
	}
	if err := addStates(&c, states, rows); err != nil {
		return nil, err
	}
	if err := placeCountries(&c, states, rows); err != nil {
		return nil, err
	}

	slices.SortStableFunc(c.Ties, network.CompareTies)
	slices.SortStableFunc(c.Places, func(a, b *network.Place) int { return strings.Compare(a.ID, b.ID) })
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := checkEnds(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// LoadIfEmpty applies the seed network to s when s holds no actors, and
// reports whether it did. A store that already holds actors is left alone.
func LoadIfEmpty(ctx context.Context, s network.Store) (loaded bool, err error) {
	stats, err := s.Stats(ctx)
	if err != nil {
		return false, err
	}
	if stats.Actors > 0 {
		return false, nil
	}
	c, err := Change()
	if err != nil {
		return false, err
	}
	if err := s.Apply(ctx, c); err != nil {
		return false, err
	}
	return true, nil
}

// decode reads the embedded JSON file name into v, refusing unknown fields so
// that a misspelt field in a hand-edited file is an error, not a lost fact.
func decode(name string, v any) error {
	b, err := data.ReadFile(name)
	if err != nil {
		return network.Errorf(network.EINTERNAL, "seed: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return network.Errorf(network.EINVALID, "seed: %s: %v", name, err)
	}
	return nil
}

// checkEnds reports actor IDs used twice and ties whose ends are not actors
// of c, and places named by actors that c does not hold.
func checkEnds(c *network.Change) error {
	actors := make(map[string]bool, len(c.Actors))
	for _, a := range c.Actors {
		if actors[a.ID] {
			return network.Errorf(network.EINVALID, "seed: actor %q appears twice", a.ID)
		}
		actors[a.ID] = true
	}
	for _, t := range c.Ties {
		for _, end := range []string{t.From, t.To} {
			if !actors[end] {
				return network.Errorf(network.EINVALID, "seed: tie %q names unknown actor %q", t.ID, end)
			}
		}
	}
	places := make(map[string]network.PlaceKind, len(c.Places))
	for _, p := range c.Places {
		places[p.ID] = p.Kind
	}
	for _, a := range c.Actors {
		for _, r := range a.Regions {
			if places[r] != network.Region {
				return network.Errorf(network.EINVALID, "seed: actor %q names unknown region %q", a.ID, r)
			}
		}
		for _, cc := range a.Countries {
			if places[cc] != network.Country {
				return network.Errorf(network.EINVALID, "seed: actor %q names unknown country %q", a.ID, cc)
			}
		}
	}
	return nil
}

// stateID is the actor ID of the state with ISO 3166-1 alpha-2 code iso.
func stateID(iso string) string {
	return fmt.Sprintf("state-%s", strings.ToLower(iso))
}
