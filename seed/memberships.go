package seed

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// organizations maps the Correlates of War IGO short names of the regional
// organizations the note names to their actor IDs in actors.json.
var organizations = map[string]string{
	"AU":      "au",
	"ECOWAS":  "ecowas",
	"OAS":     "oas",
	"ASEAN":   "asean",
	"PIF":     "pif",
	"CARICOM": "caricom",
}

// fullMember is the COW IGO status code of a full member. Associates (2) and
// observers (3) are not members and get no MEMBERSHIP tie.
const fullMember = "1"

// state is one row of cow_iso3166.csv: a state of the Correlates of War state
// list and its ISO 3166-1 code and name.
type state struct {
	abb, ccode, cowName string
	iso, name           string
}

// record is the state's row in the COW state list, as a Source record.
func (s *state) record() string {
	return s.abb + "," + s.ccode + "," + s.cowName
}

// membership is one row of the COW IGO membership copy.
type membership struct {
	ioname, orgname, year, ccode, abb, status string
}

// record is the row as a Source record, e.g. "ECOWAS,2014,ccode=439,BFO".
func (m *membership) record() string {
	return fmt.Sprintf("%s,%s,ccode=%s,%s", m.ioname, m.year, m.ccode, m.abb)
}

// readCSV reads the embedded CSV file name, checks that its header is want,
// and returns the rows after it.
func readCSV(name string, want ...string) ([][]string, error) {
	b, err := data.ReadFile(name)
	if err != nil {
		return nil, network.Errorf(network.EINTERNAL, "seed: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(want)
	header, err := r.Read()
	if err != nil {
		return nil, network.Errorf(network.EINVALID, "seed: %s: %v", name, err)
	}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, network.Errorf(network.EINVALID, "seed: %s: header %q, want %q", name, header, want)
	}
	var rows [][]string
	for {
		row, err := r.Read()
		if err == io.EOF {
			return rows, nil
		} else if err != nil {
			return nil, network.Errorf(network.EINVALID, "seed: %s: %v", name, err)
		}
		rows = append(rows, row)
	}
}

// readStates reads the COW -> ISO 3166 mapping, keyed by COW state abbreviation.
func readStates() (map[string]*state, error) {
	rows, err := readCSV("data/cow_iso3166.csv", "stateabb", "ccode", "statenme", "iso3166_alpha2", "name")
	if err != nil {
		return nil, err
	}
	states := make(map[string]*state, len(rows))
	isos := make(map[string]bool, len(rows))
	for i, row := range rows {
		s := &state{abb: row[0], ccode: row[1], cowName: row[2], iso: row[3], name: row[4]}
		if states[s.abb] != nil || isos[s.iso] {
			return nil, network.Errorf(network.EINVALID, "seed: cow_iso3166.csv row %d: %s or %s appears twice", i+2, s.abb, s.iso)
		}
		if len(s.iso) != 2 || strings.ToUpper(s.iso) != s.iso {
			return nil, network.Errorf(network.EINVALID, "seed: cow_iso3166.csv row %d: %q is not an ISO 3166-1 alpha-2 code", i+2, s.iso)
		}
		states[s.abb] = s
		isos[s.iso] = true
	}
	return states, nil
}

// readMemberships reads the rows of the COW IGO membership copy.
func readMemberships() ([]*membership, error) {
	rows, err := readCSV("data/cow_igo_v3_memberships_2014.csv",
		"ioname", "orgname", "year", "ccode", "stateabb", "statenme", "state", "status", "status_label")
	if err != nil {
		return nil, err
	}
	ms := make([]*membership, 0, len(rows))
	for _, row := range rows {
		ms = append(ms, &membership{ioname: row[0], orgname: row[1], year: row[2], ccode: row[3], abb: row[4], status: row[7]})
	}
	return ms, nil
}

// addStates completes c with the states: every full member in rows becomes a
// GOVERNMENT actor (unless actors.json already has it, as it has the states
// the note names) with a MEMBERSHIP tie to its organization; every state gets
// its COW_STATE and ISO3166 identifiers, the state list as a source and a
// COUNTRY place.
func addStates(c *network.Change, states map[string]*state, rows []*membership) error {
	byISO := make(map[string]*state, len(states))
	for _, s := range states {
		byISO[s.iso] = s
	}
	actors := make(map[string]*network.Actor, len(c.Actors))
	for _, a := range c.Actors {
		actors[a.ID] = a
	}
	names := make(map[string]string, len(organizations))
	for ioname, id := range organizations {
		if a := actors[id]; a != nil {
			names[ioname] = a.Name
		}
	}

	for _, m := range rows {
		org, ok := organizations[m.ioname]
		if !ok || m.status != fullMember {
			continue
		}
		if names[m.ioname] == "" {
			return network.Errorf(network.EINVALID, "seed: organization %s (actor %q) is not in actors.json", m.ioname, org)
		}
		s := states[m.abb]
		if s == nil || s.ccode != m.ccode {
			return network.Errorf(network.EINVALID, "seed: membership %s: state %s (ccode %s) has no ISO 3166 code in cow_iso3166.csv", m.record(), m.abb, m.ccode)
		}
		id := stateID(s.iso)
		if actors[id] == nil {
			a := &network.Actor{ID: id, Name: s.name, Kind: network.Government, Scope: network.National, Countries: []string{s.iso}}
			if s.cowName != s.name {
				a.Aliases = []string{s.cowName}
			}
			actors[id] = a
			c.Actors = append(c.Actors, a)
		}
		c.Ties = append(c.Ties, &network.Tie{
			ID:          fmt.Sprintf("membership-%s-%s", id, org),
			Kind:        network.Membership,
			From:        id,
			To:          org,
			Description: fmt.Sprintf("%s was a full member of the %s in %s (Correlates of War IGO data, %s snapshot).", s.name, names[m.ioname], m.year, m.year),
			Weight:      1,
			Attributes:  []network.Attribute{{Name: network.ObservedAttribute, Value: m.year}},
			Sources:     []network.Source{{Title: MembershipTitle, URL: MembershipURL, Record: m.record()}},
		})
	}

	for _, a := range c.Actors {
		if a.Kind != network.Government {
			continue
		}
		if len(a.Countries) != 1 {
			return network.Errorf(network.EINVALID, "seed: state %q must name exactly one country", a.ID)
		}
		iso := a.Countries[0]
		if a.ID != stateID(iso) {
			return network.Errorf(network.EINVALID, "seed: state %q should have ID %q", a.ID, stateID(iso))
		}
		s := byISO[iso]
		if s == nil {
			return network.Errorf(network.EINVALID, "seed: state %q: %s is not in cow_iso3166.csv", a.ID, iso)
		}
		if a.Identifier(network.SchemeCOWState) == "" {
			a.Identifiers = append(a.Identifiers, network.Identifier{Scheme: network.SchemeCOWState, Value: s.abb})
		}
		if a.Identifier(network.SchemeISO3166) == "" {
			a.Identifiers = append(a.Identifiers, network.Identifier{Scheme: network.SchemeISO3166, Value: s.iso})
		}
		a.Sources = append(a.Sources, network.Source{Title: StateListTitle, URL: StateListURL, Record: s.record()})
		c.Places = append(c.Places, &network.Place{
			ID:      iso,
			Name:    a.Name,
			Kind:    network.Country,
			Sources: append([]network.Source(nil), a.Sources...),
		})
	}
	return nil
}
