// Package funding is the funding layer of peacegraph's built-in data: real
// money flows that touch the seed network's actors and places, so that the
// gap queries of a new install read real funding. It holds two OECD CRS
// tables (UN Peacebuilding Fund disbursements by recipient country,
// 2012-2019, and every donor's peace-sector disbursements by recipient
// country, 2013-2019), a d-portal selection of IATI activities (COVID-19
// tagged, 2021-06) read through formats.ReadIATI, and a table of yearly
// average exchange rates (IMF International Financial Statistics).
//
// Every record keeps its provenance: the CRS table, year, donor code and
// recipient, or the IATI publisher, Registry dataset, activity and
// transaction. The data files live in seed/funding/data and are embedded;
// seed/funding/data/README.md says where each comes from and under which
// licence.
package funding

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
)

//go:embed data/*.csv data/*.xml.gz
var data embed.FS

// File names of the embedded data, which FundingFlow.Dataset and the
// sources cite.
const (
	// PBFTable is the CRS table of UN Peacebuilding Fund disbursements by
	// recipient, 2012-2019.
	PBFTable = "crs_pbf_disbursements_by_recipient_2012_2019.csv"
	// PeaceTable is the CRS table of peace-sector (DAC 152) disbursements
	// of all donors by recipient, 2013-2019.
	PeaceTable = "crs_peace_sector_by_recipient_2013_2019.csv"
	// IATIFile is the d-portal selection of IATI activities.
	IATIFile = "iati-covid-query-2021-06_peace-and-seed-actors.xml"
	// RatesFile is the table of yearly average exchange rates.
	RatesFile = "imf_exchangerates_A_ENDA_USD_2000.csv"
)

// AllDonors is the ID of the actor that stands for every donor reporting
// to the OECD CRS, the donor of the peace-sector totals. Its ties are
// marked network.AggregateAttribute.
const AllDonors = "crs-all-donors"

// CRSTitle is the title of the CRS tables' sources.
const CRSTitle = "OECD Creditor Reporting System (CRS): gross disbursements, current USD millions, as prepared by D-Portal"

// crsURL is where the CRS tables' year files are published.
const crsURL = "https://github.com/IATI/D-Portal/blob/4ac3861d445f978fa82d06403d74c80c2b994751/dstore/csv/"

// iatiURL is where the IATI activities were copied from.
const iatiURL = "https://github.com/OCHA-DAP/hdx-scraper-iati-viz/tree/2c1137e3ddd812c642d00fe685b0ac732ebab6c1/saved_data"

// ratesURL is where the exchange rates were copied from.
const ratesURL = "https://github.com/codeforIATI/imf-exchangerates/blob/89e77b6b126e342527ce2d239917248f4493c4e2/imf_exchangerates_A_ENDA_USD.csv"

// Change returns the funding layer to load with base, the seed network (a
// change holding its actors and places): the FUNDING ties of the CRS
// tables and the IATI activities, the actors they need that base lacks
// (marked imported) and the COUNTRY places of CRS recipients that base
// lacks. Money lands on base's actors wherever an IATI ref, a CRS code or
// a name matches (data/funders.csv). Each call returns a fresh copy.
// EINVALID if the embedded data are inconsistent.
func Change(base *network.Change) (*network.Change, error) {
	return build(base)
}

// Default returns what a new install loads: the seed network (seed.Change)
// and its funding layer (Change) as one change. The layer is built once per
// process (reading the IATI file takes about a second); each call returns a
// fresh copy.
func Default() (*network.Change, error) {
	defaultOnce.Do(func() {
		c, err := seed.Change()
		if err != nil {
			defaultErr = err
			return
		}
		f, err := build(c)
		if err != nil {
			defaultErr = err
			return
		}
		c.Actors = append(c.Actors, f.Actors...)
		c.Places = append(c.Places, f.Places...)
		c.Ties = append(c.Ties, f.Ties...)
		defaultJSON, defaultErr = json.Marshal(c)
	})
	if defaultErr != nil {
		return nil, defaultErr
	}
	var c network.Change
	if err := json.Unmarshal(defaultJSON, &c); err != nil {
		return nil, network.Errorf(network.EINTERNAL, "funding: %v", err)
	}
	return &c, nil
}

var (
	defaultOnce sync.Once
	defaultJSON []byte
	defaultErr  error
)

func build(base *network.Change) (*network.Change, error) {
	b := newBuilder(base)
	if err := b.funders(); err != nil {
		return nil, err
	}
	if err := b.crsPBF(); err != nil {
		return nil, err
	}
	if err := b.crsPeace(); err != nil {
		return nil, err
	}
	if err := b.iati(); err != nil {
		return nil, err
	}
	c := b.out
	slices.SortStableFunc(c.Ties, network.CompareTies)
	slices.SortStableFunc(c.Actors, func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(c.Places, func(a, b *network.Place) int { return strings.Compare(a.ID, b.ID) })
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// LoadIfEmpty applies the seed network to s when s holds no actors, with
// the funding layer in the same transaction when withFunding, and reports
// whether it did. A store that already holds actors is left alone.
func LoadIfEmpty(ctx context.Context, s network.Store, withFunding bool) (loaded bool, err error) {
	stats, err := s.Stats(ctx)
	if err != nil {
		return false, err
	}
	if stats.Actors > 0 {
		return false, nil
	}
	c, err := seed.Change()
	if withFunding {
		c, err = Default()
	}
	if err != nil {
		return false, err
	}
	if err := s.Apply(ctx, c); err != nil {
		return false, err
	}
	return true, nil
}

// builder accumulates the funding layer.
type builder struct {
	base    map[string]*network.Actor // base's actors by ID
	places  map[string]*network.Place // base's and new places by ID
	out     network.Change
	added   map[string]*network.Actor // actors of out by ID
	known   []*network.Actor          // what ReadIATI matches against
	donor   map[string]string         // CRS donor code -> actor ID
	skipped []skippedRow
}

// skippedRow is a CRS row left out, reported by Sources.
type skippedRow struct {
	table, recipient string
	usdMillions      float64
}

func newBuilder(base *network.Change) *builder {
	b := &builder{base: map[string]*network.Actor{}, places: map[string]*network.Place{},
		added: map[string]*network.Actor{}, donor: map[string]string{}}
	for _, a := range base.Actors {
		b.base[a.ID] = a
	}
	for _, p := range base.Places {
		b.places[p.ID] = p
	}
	return b
}

// actor returns the actor with id in base or out.
func (b *builder) actor(id string) *network.Actor {
	if a := b.base[id]; a != nil {
		return a
	}
	return b.added[id]
}

func (b *builder) add(a *network.Actor) {
	b.added[a.ID] = a
	b.out.Actors = append(b.out.Actors, a)
}

// funders reads data/funders.csv: each row names an actor of base that
// money must reach (its ID, with more refs and spellings to match) or a
// new actor to create.
func (b *builder) funders() error {
	rows, err := readCSV("funders.csv")
	if err != nil {
		return err
	}
	// known starts as copies of base's actors, so that added refs and
	// names serve matching only and base is never changed.
	copies := map[string]*network.Actor{}
	for _, a := range b.base {
		c := *a
		c.Identifiers = slices.Clone(a.Identifiers)
		c.Aliases = slices.Clone(a.Aliases)
		copies[a.ID] = &c
	}
	for i, r := range rows[1:] {
		line := i + 2
		if len(r) != 9 {
			return network.Errorf(network.EINVALID, "funding: funders.csv line %d: %d fields, want 9", line, len(r))
		}
		id, name, acronym, kind, refs, names, crsDonor, channel, evidence := r[0], r[1], r[2], r[3], splitList(r[4]), splitList(r[5]), r[6], r[7], r[8]
		target := b.match(id, refs, append([]string{name, acronym}, names...), channel)
		if target == "" {
			if name == "" || kind == "" {
				return network.Errorf(network.EINVALID, "funding: funders.csv line %d: actor %q is not in the seed and has no name and kind to create it", line, id)
			}
			a := &network.Actor{ID: id, Name: name, Acronym: acronym, Kind: network.ActorKind(kind), Imported: true,
				Sources: []network.Source{{Title: "peacegraph funding layer: funders.csv", URL: "seed/funding/data/funders.csv", Record: fmt.Sprintf("line %d: %s", line, evidence)}}}
			for _, ref := range refs {
				a.Identifiers = append(a.Identifiers, network.Identifier{Scheme: network.SchemeIATIOrgRef, Value: ref})
			}
			if channel != "" {
				a.Identifiers = append(a.Identifiers, network.Identifier{Scheme: network.SchemeCRSChannel, Value: channel})
			}
			a.Aliases = names
			if !a.Kind.Valid() {
				return network.Errorf(network.EINVALID, "funding: funders.csv line %d: kind %q is not an actor kind", line, kind)
			}
			b.add(a)
			c := *a
			copies[id] = &c
			target = id
		} else {
			c := copies[target]
			for _, ref := range refs {
				c.Identifiers = append(c.Identifiers, network.Identifier{Scheme: network.SchemeIATIOrgRef, Value: ref})
			}
			c.Aliases = append(c.Aliases, names...)
		}
		if crsDonor != "" {
			b.donor[crsDonor] = target
		}
	}
	all := &network.Actor{ID: AllDonors, Name: "All donors reporting to the OECD CRS", Kind: network.Donor, Imported: true,
		Sources: []network.Source{{Title: CRSTitle, URL: crsURL, Record: "the sector tables crs_YYYY_sectors.csv sum every donor's disbursements to a recipient"}}}
	b.add(all)
	copies[AllDonors] = all
	for _, id := range sortedKeys(copies) {
		b.known = append(b.known, copies[id])
	}
	return nil
}

// match returns the ID of base's actor that id, refs, names or channel
// name, or "".
func (b *builder) match(id string, refs, names []string, channel string) string {
	if b.base[id] != nil {
		return id
	}
	for _, a := range sortedActors(b.base) {
		for _, x := range a.Identifiers {
			if x.Scheme == network.SchemeIATIOrgRef && slices.Contains(refs, x.Value) ||
				x.Scheme == network.SchemeCRSChannel && channel != "" && x.Value == channel {
				return a.ID
			}
		}
	}
	for _, a := range sortedActors(b.base) {
		for _, label := range append([]string{a.Name, a.Acronym}, a.Aliases...) {
			for _, n := range names {
				if n != "" && label != "" && strings.EqualFold(label, n) {
					return a.ID
				}
			}
		}
	}
	return ""
}

// recipient returns the actor ID of CRS recipient country iso, creating
// the state actor and the COUNTRY place when base lacks them.
func (b *builder) recipient(iso, label string, src network.Source) string {
	if b.places[iso] == nil {
		p := &network.Place{ID: iso, Name: label, Kind: network.Country, Sources: []network.Source{src}}
		b.places[iso] = p
		b.out.Places = append(b.out.Places, p)
	}
	id := "state-" + strings.ToLower(iso)
	if b.actor(id) == nil {
		b.add(&network.Actor{ID: id, Name: b.places[iso].Name, Kind: network.Government, Scope: network.National,
			Countries: []string{iso}, Imported: true, Sources: []network.Source{src}})
	}
	return id
}

// crsRow is one row of a CRS long table.
type crsRow struct {
	line      int
	year      string
	recipient string
	iso       string
	code      string // donor text or DAC code
	usdM      float64
	file      string
}

// readCRS reads a long table: year, recipient_name, iso2, a code column,
// usd_millions_disbursed, source_file.
func readCRS(name string) ([]crsRow, error) {
	rows, err := readCSV(name)
	if err != nil {
		return nil, err
	}
	countries, err := crsCountries()
	if err != nil {
		return nil, err
	}
	var out []crsRow
	for i, r := range rows[1:] {
		line := i + 2
		if len(r) != 6 {
			return nil, network.Errorf(network.EINVALID, "funding: %s line %d: %d fields, want 6", name, line, len(r))
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			return nil, network.Errorf(network.EINVALID, "funding: %s line %d: usd_millions_disbursed %q: %v", name, line, r[4], err)
		}
		row := crsRow{line: line, year: r[0], recipient: r[1], iso: r[2], code: r[3], usdM: v, file: r[5]}
		if !isISO2(row.iso) {
			// A country whose code the table lost (a quote doubled,
			// a latin-1 name, a renamed state) is looked up by name.
			row.iso = countries[labelKey(row.recipient)]
		}
		out = append(out, row)
	}
	return out, nil
}

// crsCountries maps CRS recipient labels (labelKey) to ISO 3166 codes, from
// crs_countries.csv and the names the CRS took since.
func crsCountries() (map[string]string, error) {
	rows, err := readCSV("crs_countries.csv")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) >= 2 && isISO2(r[1]) {
			m[labelKey(r[0])] = r[1]
		}
	}
	// Renamed after crs_countries.csv was written: North Macedonia (2019,
	// formerly "Former Yugoslav Republic of Macedonia") and Eswatini (2018,
	// formerly "Swaziland").
	m[labelKey("North Macedonia")] = "MK"
	m[labelKey("Eswatini")] = "SZ"
	return m, nil
}

// labelKey compares CRS labels by their ASCII letters and digits only, so
// that "Côte d”Ivoire" and a latin-1 "C\xf4te d'Ivoire" both match
// "Côte d'Ivoire".
func labelKey(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func isISO2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func (b *builder) crsSource(table string, r crsRow, what string) network.Source {
	return network.Source{Title: CRSTitle, URL: crsURL + r.file,
		Record: fmt.Sprintf("%s line %d: %s, %s (%s), %s, USD %s million, from %s", table, r.line, r.year, r.recipient, r.iso, what, strconv.FormatFloat(r.usdM, 'f', -1, 64), r.file)}
}

// crsPBF adds a FUNDING tie from PBF (CRS donor 923) to each recipient
// country and year of the PBF table.
func (b *builder) crsPBF() error {
	rows, err := readCRS(PBFTable)
	if err != nil {
		return err
	}
	pbf := b.donor["923"]
	if pbf == "" {
		return network.Errorf(network.EINVALID, "funding: funders.csv maps no actor to CRS donor 923 (UN Peacebuilding Fund)")
	}
	for _, r := range rows {
		if !strings.Contains(r.code, "CRS donor 923") {
			return network.Errorf(network.EINVALID, "funding: %s line %d: donor %q is not CRS donor 923", PBFTable, r.line, r.code)
		}
		if r.iso == "" {
			b.skipped = append(b.skipped, skippedRow{PBFTable, r.recipient, r.usdM})
			continue
		}
		src := b.crsSource(PBFTable, r, "UN Peacebuilding Fund (CRS donor 923)")
		to := b.recipient(r.iso, r.recipient, src)
		b.out.Ties = append(b.out.Ties, &network.Tie{
			ID: fmt.Sprintf("crs:923:%s:%s", r.year, r.iso), Kind: network.Funding, From: pbf, To: to, Weight: 1,
			Description: fmt.Sprintf("UN Peacebuilding Fund gross disbursements to %s in %s, as reported to the OECD CRS (donor 923).", r.recipient, r.year),
			Funding: &network.FundingFlow{Amount: round2(r.usdM * 1e6), Currency: "USD", Date: network.Date(r.year),
				TransactionType: network.Disbursement, RecipientCountry: r.iso, Dataset: PBFTable},
			Sources: []network.Source{src},
		})
	}
	return nil
}

// crsPeace adds a FUNDING tie from AllDonors to each recipient country,
// year and peace-sector code of the peace table: the 5-digit codes
// (15210-15261) for 2013-2017 and code 152 for 2018-2019, as the CRS
// publishes them; the 152 rows before 2018 hold only the part not split
// into 5-digit codes and are left out.
func (b *builder) crsPeace() error {
	rows, err := readCRS(PeaceTable)
	if err != nil {
		return err
	}
	for _, r := range rows {
		y, err := strconv.Atoi(r.year)
		if err != nil {
			return network.Errorf(network.EINVALID, "funding: %s line %d: year %q", PeaceTable, r.line, r.year)
		}
		switch {
		case r.code == "152" && y < 2018, len(r.code) == 5 && y >= 2018:
			continue
		case r.code != "152" && (len(r.code) != 5 || !strings.HasPrefix(r.code, "152")):
			return network.Errorf(network.EINVALID, "funding: %s line %d: dac_code %q is not a peace-sector code", PeaceTable, r.line, r.code)
		}
		if r.iso == "" {
			b.skipped = append(b.skipped, skippedRow{PeaceTable, r.recipient, r.usdM})
			continue
		}
		src := b.crsSource(PeaceTable, r, "all donors, DAC purpose code "+r.code)
		to := b.recipient(r.iso, r.recipient, src)
		b.out.Ties = append(b.out.Ties, &network.Tie{
			ID: fmt.Sprintf("crs:all:%s:%s:%s", r.year, r.iso, r.code), Kind: network.Funding, From: AllDonors, To: to, Weight: 1,
			Description: fmt.Sprintf("All donors' gross disbursements to %s in %s in DAC sector %s, as reported to the OECD CRS: a statistical total, counted only when asked for.", r.recipient, r.year, r.code),
			Funding: &network.FundingFlow{Amount: round2(r.usdM * 1e6), Currency: "USD", Date: network.Date(r.year),
				TransactionType: network.Disbursement, RecipientCountry: r.iso, Dataset: PeaceTable,
				Sectors: []network.SectorShare{{Code: r.code, Percentage: 100}}},
			Attributes: []network.Attribute{{Name: network.AggregateAttribute, Value: "true"}},
			Sources:    []network.Source{src},
		})
	}
	return nil
}

// iati reads the IATI activities through formats.ReadIATI, matching their
// organisations against base's actors and the funders.
func (b *builder) iati() error {
	f, err := data.Open("data/" + IATIFile + ".gz")
	if err != nil {
		return network.Errorf(network.EINTERNAL, "funding: %v", err)
	}
	defer func() { _ = f.Close() }() // an embedded file: closing it cannot fail
	z, err := gzip.NewReader(f)
	if err != nil {
		return network.Errorf(network.EINVALID, "funding: %s: %v", IATIFile, err)
	}
	c, err := formats.ReadIATI(z, IATIFile, b.known)
	if err != nil {
		return err
	}
	for _, a := range c.Actors {
		if b.actor(a.ID) == nil {
			b.add(a)
		}
	}
	for _, t := range c.Ties {
		t.Sources = iatiSources(t)
		b.out.Ties = append(b.out.Ties, t)
	}
	return nil
}

// iatiSources adds to the reader's source of a tie the publisher and the
// Registry dataset it was published in, so that attribution travels with
// the record.
func iatiSources(t *network.Tie) []network.Source {
	out := slices.Clone(t.Sources)
	for i := range out {
		out[i].URL = iatiURL
		if f := t.Funding; f != nil && (f.ReportingOrg != "" || f.Dataset != "") {
			out[i].Record += fmt.Sprintf(" (publisher %s, IATI Registry dataset %s)", f.ReportingOrg, f.Dataset)
		}
	}
	return out
}

// Skipped returns, per CRS table, the rows left out because they name no
// country (regional and unspecified recipients) and their value in USD.
func Skipped(base *network.Change) (map[string][]string, map[string]float64, error) {
	b := newBuilder(base)
	if err := b.funders(); err != nil {
		return nil, nil, err
	}
	if err := b.crsPBF(); err != nil {
		return nil, nil, err
	}
	if err := b.crsPeace(); err != nil {
		return nil, nil, err
	}
	names := map[string][]string{}
	usd := map[string]float64{}
	for _, s := range b.skipped {
		if !slices.Contains(names[s.table], s.recipient) {
			names[s.table] = append(names[s.table], s.recipient)
		}
		usd[s.table] += s.usdMillions * 1e6
	}
	for k := range names {
		slices.Sort(names[k])
		usd[k] = round2(usd[k])
	}
	return names, usd, nil
}

// Rates returns the yearly average exchange rates against the US dollar
// (data/imf_exchangerates_A_ENDA_USD_2000.csv). EINVALID for a bad row.
func Rates() (*network.RateTable, error) {
	ratesOnce.Do(func() { rates, ratesErr = readRates() })
	return rates, ratesErr
}

var (
	ratesOnce sync.Once
	rates     *network.RateTable
	ratesErr  error
)

// RatesTitle names the exchange-rate source that every conversion cites.
const RatesTitle = "IMF International Financial Statistics, exchange rates (ER), national currency per US dollar, period average, annual; via codeforIATI/imf-exchangerates"

func readRates() (*network.RateTable, error) {
	rows, err := readCSV(RatesFile)
	if err != nil {
		return nil, err
	}
	var rs []network.ExchangeRate
	for i, r := range rows[1:] {
		if len(r) != 7 || len(r[0]) < 4 {
			return nil, network.Errorf(network.EINVALID, "funding: %s line %d: bad row", RatesFile, i+2)
		}
		y, err1 := strconv.Atoi(r[0][:4])
		v, err2 := strconv.ParseFloat(r[1], 64)
		if err1 != nil || err2 != nil || v <= 0 || len(r[2]) != 3 {
			return nil, network.Errorf(network.EINVALID, "funding: %s line %d: bad date, rate or currency", RatesFile, i+2)
		}
		rs = append(rs, network.ExchangeRate{Currency: r[2], Year: y, PerUSD: v})
	}
	return network.NewRateTable(RatesTitle+" ("+RatesFile+", "+ratesURL+")", rs), nil
}

func readCSV(name string) ([][]string, error) {
	b, err := data.ReadFile("data/" + name)
	if err != nil {
		return nil, network.Errorf(network.EINTERNAL, "funding: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, network.Errorf(network.EINVALID, "funding: %s: %v", name, err)
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		return nil, network.Errorf(network.EINVALID, "funding: %s is empty", name)
	}
	return rows, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func sortedActors(m map[string]*network.Actor) []*network.Actor {
	out := make([]*network.Actor, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// round2 rounds to cents, so that USD millions with many decimals read as
// the amounts they are.
func round2(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return v
}
