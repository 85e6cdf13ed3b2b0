package seed

import (
	"slices"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// Source titles and file names of the place tables.
const (
	// M49Title is the title of the table of UN M49 regions and ISO 3166
	// codes.
	M49Title = "UN M49 standard area codes with ISO 3166-1 codes (datasets/country-codes, ODC-PDDL 1.0)"
	// M49URL is that table's file name.
	M49URL = "m49_iso3166.csv"
	// CentroidTitle is the title of the table of country centroids.
	CentroidTitle = "Country centroids of the largest polygon, 360info from geoBoundaries ADM0 (CC BY 4.0)"
	// CentroidURL is that table's file name.
	CentroidURL = "centroids_largest_polygon.csv"
	// FactbookTitle is the title of the membership rows of the Economic
	// Community of the Great Lakes Countries.
	FactbookTitle = "CIA World Factbook, Appendix B: International Organizations and Groups, via dieghernan/Country-Codes-and-International-Organizations (public domain; MIT)"
	// FactbookURL is that table's file name.
	FactbookURL = "factbook_cepgl.csv"
)

// memberRegions are the note's regions whose countries are the full
// members of one organization in the COW 2014 data: the organization's own
// name for its region (ECOWAS's West Africa, ASEAN's Southeast Asia, the
// Pacific Islands Forum's Pacific, CARICOM's Caribbean) or the region of the
// IGAD, whose full name in the COW data places it at the Horn of Africa's
// drought and whose member states are the Horn of Africa's.
var memberRegions = map[string]string{
	"ECOWAS":  "west-africa",
	"IGAD":    "horn-of-africa",
	"ASEAN":   "southeast-asia",
	"PIF":     "pacific",
	"CARICOM": "caribbean",
}

// factbookRegions are the note's regions whose countries are the members of
// an organization in the Factbook rows: the Great Lakes Region is the
// Economic Community of the Great Lakes Countries (Burundi, DR Congo,
// Rwanda).
var factbookRegions = map[string]string{"CEPGL": "great-lakes-region"}

// m49Row is one country of the M49 table with its three levels of region,
// top first: region, sub-region, intermediate region (each code and name,
// empty when the country has no such level).
type m49Row struct {
	iso2, iso3, code string
	levels           [3][2]string
}

// placeTables are the embedded place tables, keyed by ISO 3166 code.
type placeTables struct {
	m49       map[string]*m49Row   // by alpha-2
	centroids map[string][2]string // by alpha-3: latitude, longitude
	factbook  map[string][]string  // alpha-2 -> organization IDs it is a member of
}

func readPlaceTables() (*placeTables, error) {
	t := &placeTables{m49: map[string]*m49Row{}, centroids: map[string][2]string{}, factbook: map[string][]string{}}
	rows, err := readCSV("data/"+M49URL, "ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3", "M49", "Region Code", "Region Name",
		"Sub-region Code", "Sub-region Name", "Intermediate Region Code", "Intermediate Region Name")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		t.m49[r[0]] = &m49Row{iso2: r[0], iso3: r[1], code: r[2], levels: [3][2]string{{r[3], r[4]}, {r[5], r[6]}, {r[7], r[8]}}}
	}
	rows, err = readCSV("data/"+CentroidURL, "iso3", "name", "lat", "lon")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		t.centroids[r[0]] = [2]string{r[2], r[3]}
	}
	rows, err = readCSV("data/"+FactbookURL, "ISO_3166_2", "ISO_3166_3", "NAME.EN", "source", "org_name", "org_id", "org_member")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r[6] == "member" {
			t.factbook[r[0]] = append(t.factbook[r[0]], r[5])
		}
	}
	return t, nil
}

// slug is the place ID of a region name: "Sub-Saharan Africa" ->
// "sub-saharan-africa".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// placeCountries completes the COUNTRY places of c: each gets its ISO 3166
// alpha-3 code and its M49 regions from the M49 table (the regions become
// REGION places, each inside the next level up), its centroid from the
// centroid table, and the note's regions that the membership rows and the
// Factbook rows place it in. A note region without a parent gets the
// smallest M49 region that holds all its countries. Last, every actor's
// regions are completed with the regions of its countries and the regions
// those lie in, so that a regional filter finds the states of a region.
func placeCountries(c *network.Change, states map[string]*state, rows []*membership) error {
	t, err := readPlaceTables()
	if err != nil {
		return err
	}
	places := make(map[string]*network.Place, len(c.Places))
	for _, p := range c.Places {
		places[p.ID] = p
	}
	addSource := func(p *network.Place, s network.Source) {
		if !slices.Contains(p.Sources, s) {
			p.Sources = append(p.Sources, s)
		}
	}
	addRegion := func(p *network.Place, region string) {
		if !slices.Contains(p.Regions, region) {
			p.Regions = append(p.Regions, region)
		}
	}
	m49Regions := map[string]bool{}
	for _, p := range slices.Clone(c.Places) {
		if p.Kind != network.Country {
			continue
		}
		m := t.m49[p.ID]
		if m == nil {
			return network.Errorf(network.EINVALID, "seed: country %s is not in %s", p.ID, M49URL)
		}
		p.ISO3 = m.iso3
		addSource(p, network.Source{Title: M49Title, URL: M49URL, Record: "ISO3166-1-Alpha-2=" + m.iso2})
		parent := ""
		for _, lv := range m.levels {
			code, name := lv[0], lv[1]
			if name == "" {
				continue
			}
			id := slug(name)
			r := places[id]
			if r == nil {
				r = &network.Place{ID: id, Name: name, Kind: network.Region}
				places[id] = r
				c.Places = append(c.Places, r)
			}
			if r.Kind != network.Region {
				return network.Errorf(network.EINVALID, "seed: M49 region %q clashes with place %q", name, id)
			}
			addSource(r, network.Source{Title: M49Title, URL: M49URL, Record: "M49=" + code})
			if r.Parent == "" {
				r.Parent = parent
			}
			m49Regions[id] = true
			addRegion(p, id)
			parent = id
		}
		ll, ok := t.centroids[m.iso3]
		if !ok {
			return network.Errorf(network.EINVALID, "seed: country %s (%s) is not in %s", p.ID, m.iso3, CentroidURL)
		}
		lat, err1 := strconv.ParseFloat(ll[0], 64)
		lon, err2 := strconv.ParseFloat(ll[1], 64)
		if err1 != nil || err2 != nil {
			return network.Errorf(network.EINVALID, "seed: %s: bad centroid %q for %s", CentroidURL, ll, m.iso3)
		}
		p.Latitude, p.Longitude = &lat, &lon
		addSource(p, network.Source{Title: CentroidTitle, URL: CentroidURL, Record: "iso3=" + m.iso3})
	}

	// The note's regions from memberships.
	members := map[string][]string{} // region -> ISO codes
	place := func(iso, region string, s network.Source) error {
		p, r := places[iso], places[region]
		if p == nil || r == nil || r.Kind != network.Region {
			return network.Errorf(network.EINVALID, "seed: cannot place %s in region %q", iso, region)
		}
		addRegion(p, region)
		addSource(p, s)
		members[region] = append(members[region], iso)
		return nil
	}
	for _, m := range rows {
		region, ok := memberRegions[m.ioname]
		if !ok || m.status != fullMember {
			continue
		}
		s := states[m.abb]
		if s == nil {
			return network.Errorf(network.EINVALID, "seed: membership %s: state %s has no ISO 3166 code", m.record(), m.abb)
		}
		if err := place(s.iso, region, network.Source{Title: MembershipTitle, URL: MembershipURL, Record: m.record()}); err != nil {
			return err
		}
	}
	isos := make([]string, 0, len(t.factbook))
	for iso := range t.factbook {
		isos = append(isos, iso)
	}
	slices.Sort(isos)
	for _, iso := range isos {
		for _, org := range t.factbook[iso] {
			if region, ok := factbookRegions[org]; ok {
				if err := place(iso, region, network.Source{Title: FactbookTitle, URL: FactbookURL, Record: iso + "," + org}); err != nil {
					return err
				}
			}
		}
	}
	for region, isos := range members {
		r := places[region]
		if r.Parent != "" || m49Regions[region] {
			continue
		}
		r.Parent = commonM49(t, isos, region)
	}

	// Actors take the regions of their countries and of their regions'
	// parents.
	for _, a := range c.Actors {
		regions := slices.Clone(a.Regions)
		for _, iso := range a.Countries {
			if p := places[iso]; p != nil {
				regions = append(regions, p.Regions...)
			}
		}
		for i := 0; i < len(regions); i++ {
			if r := places[regions[i]]; r != nil && r.Parent != "" && !slices.Contains(regions, r.Parent) {
				regions = append(regions, r.Parent)
			}
		}
		var out []string
		for _, r := range regions {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
		a.Regions = out
	}
	for _, p := range c.Places {
		if p.Kind == network.Country {
			slices.Sort(p.Regions)
		}
	}
	return nil
}

// commonM49 returns the lowest M49 region that holds every country of
// isos, or "" when they share none; never region itself.
func commonM49(t *placeTables, isos []string, region string) string {
	for level := 2; level >= 0; level-- {
		name := ""
		for i, iso := range isos {
			m := t.m49[iso]
			if m == nil {
				return ""
			}
			n := m.levels[level][1]
			if i == 0 {
				name = n
			} else if n != name {
				name = ""
				break
			}
		}
		if name != "" && slug(name) != region {
			return slug(name)
		}
	}
	return ""
}
