package funding

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
)

// Source IDs of Sources.
const (
	SourcePBF   = "oecd-crs-pbf"
	SourcePeace = "oecd-crs-peace-sector"
	SourceIATI  = "iati-dportal-covid-2021-06"
	SourceRates = "imf-exchange-rates"
)

// absentPublishers are the note's actors for which no IATI file was found:
// for them "no data" is the truth, not "no funding".
var absentPublishers = []string{"African Union (AU)", "ECOWAS", "Organization of American States (OAS)", "ASEAN",
	"Pacific Islands Forum (PIF)", "CARICOM", "WANEP", "GNWP", "FemWise-Africa"}

// Sources returns the data sources of the funding layer (and the exchange
// rates), with what each covers and lacks. The CRS tables report every
// flow of their donor to every CRS recipient country in their years, so
// they carry complete scopes; the IATI selection does not. EINVALID if the
// embedded data are inconsistent.
func Sources() ([]network.DataSource, error) {
	sourcesOnce.Do(func() { sources, sourcesErr = buildSources() })
	return slices.Clone(sources), sourcesErr
}

var (
	sourcesOnce sync.Once
	sources     []network.DataSource
	sourcesErr  error
)

func buildSources() ([]network.DataSource, error) {
	base, err := seed.Change()
	if err != nil {
		return nil, err
	}
	b := newBuilder(base)
	if err := b.funders(); err != nil {
		return nil, err
	}
	countries, err := crsCountries()
	if err != nil {
		return nil, err
	}
	var isos []string
	for _, iso := range countries {
		if !slices.Contains(isos, iso) {
			isos = append(isos, iso)
		}
	}
	slices.Sort(isos)
	names, usd, err := Skipped(base)
	if err != nil {
		return nil, err
	}
	skipped := func(table string) string {
		return fmt.Sprintf("rows with no recipient country (%s: USD %.2f in all) are not loaded", strings.Join(names[table], ", "), usd[table])
	}
	crsLicence := "OECD statistics, reused with attribution to the OECD (CC BY 4.0); the D-Portal repository is MIT (Development Initiatives)"
	crsAttribution := "Source: OECD Creditor Reporting System, as prepared by D-Portal (github.com/IATI/D-Portal, dstore/csv)"
	pbf := b.donor["923"]
	// The IATI records name their Registry datasets (dstore:dataset on each
	// activity): the source holds the flows of those datasets, since a
	// snapshot for analysis carries no sources. A scan of the attribute is
	// enough; ReadIATI need not run at every start.
	iatiTitle := "IATI activity file " + IATIFile
	iatiDatasets, err := datasetsOf(IATIFile)
	if err != nil {
		return nil, err
	}
	slices.Sort(iatiDatasets)
	return []network.DataSource{
		{
			ID: SourcePBF, Title: "OECD CRS: UN Peacebuilding Fund (CRS donor 923) gross disbursements by recipient, 2012-2019",
			URL: crsURL, Licence: crsLicence, Attribution: crsAttribution,
			Datasets: []string{PBFTable}, From: "2012", To: "2019", Publishers: []string{"UN Peacebuilding Fund, reporting to the OECD CRS"},
			Coverage: "every recipient country's gross disbursements from the PBF per year, current USD (one flow per country and year, transaction type 3)",
			Bias:     "country totals, not projects: the agency that spent the money (UNDP, UN Women, IOM, ...) is not named",
			Absent:   []string{skipped(PBFTable), "PBF money to non-country recipients and the donors' contributions to the PBF"},
			Complete: []network.CoverageScope{{Donors: []string{pbf}, Countries: isos, From: "2012", To: "2019"}},
		},
		{
			ID: SourcePeace, Title: "OECD CRS: peace-sector (DAC 152) gross disbursements of all donors by recipient, 2013-2019",
			URL: crsURL, Licence: crsLicence, Attribution: crsAttribution,
			Datasets: []string{PeaceTable}, From: "2013", To: "2019", Publishers: []string{"every donor reporting to the OECD CRS"},
			Coverage: "per recipient country, year and DAC purpose code: 15210-15261 for 2013-2017, 152 for 2018-2019, current USD; loaded as flows from " + AllDonors + " marked aggregate, counted only when donors names " + AllDonors,
			Bias:     "a statistical total over every donor: it contains the PBF's and every other donor's peace-sector money, so it is never added to them",
			Absent: []string{skipped(PeaceTable), "the 152 rows of 2013-2017, which hold only the part not split into 5-digit codes",
				"which donor gave what: the sector tables sum all donors"},
			Complete: []network.CoverageScope{{Donors: []string{AllDonors}, Countries: isos, From: "2013", To: "2019"}},
		},
		{
			ID: SourceIATI, Title: "IATI activities from d-portal's COVID-19 query (June 2021), peace-sector and seed-actor subset",
			URL:         iatiURL,
			Licence:     "each record under the licence its publisher declares for its dataset on the IATI Registry: UNDP CC BY, EC CC BY 4.0, FCDO Open Government Licence, US government public domain; the repository it came from is MIT (code)",
			Attribution: "Source: IATI, the publisher named on each record (reporting-org) and its IATI Registry dataset (dstore:dataset); via d-portal and github.com/OCHA-DAP/hdx-scraper-iati-viz",
			Datasets:    iatiDatasets, Titles: []string{iatiTitle},
			From: "2013", To: "2021",
			Publishers: []string{"UNDP (XM-DAC-41114, 170 activities)", "European Commission FPI (XI-IATI-EC_FPI, 138)", "Sida (SE-0, 73)", "AfDB (46002, 66)",
				"US government (US-USAGOV, 51)", "WHO (XM-DAC-928, 50)", "EC INTPA (29)", "IOM (XM-DAC-47066, 29)", "FCDO (GB-GOV-1, 28)", "EC NEAR (20)", "UN Women (XM-DAC-41146, 13)", "others below 7"},
			Coverage: "746 activities, 4,760 transactions, every activity d-portal returned for COVID-19 in June 2021 that has a DAC 152xx sector or names a seed actor; transactions dated 2013-2021, most in 2020-2021",
			Bias:     "COVID-19-tagged activities only, so 2020-2021 dominate and an actor's other work is absent: no flow here never means no funding",
			Absent: []string{"no IATI file published by " + strings.Join(absentPublishers, ", ") + " was found: for them no data is the truth, not no funding",
				"UNDP's full country files (PBF and MPTF pass-through per project) are not included"},
		},
		{
			ID: SourceRates, Title: RatesTitle, URL: ratesURL,
			Licence:     "IMF data, reused under the IMF's terms with attribution to the IMF; the codeforIATI repository is MIT",
			Attribution: "Source: International Monetary Fund, International Financial Statistics, Exchange Rates; compiled by Code for IATI (codeforIATI/imf-exchangerates)",
			From:        "2000", To: "2024", Publishers: []string{"International Monetary Fund"},
			Coverage: fmt.Sprintf("yearly average national currency per US dollar, 2000-2024, %d currencies including XDR (IMF Special Drawing Rights), EUR (euro area) and GBP", len(mustRates().Currencies())-1),
			Bias:     "one rate per currency: the row of the currency's own country (EUR of the euro area, XDR of the IMF, XOF of Senegal, XAF of Cameroon)",
			Absent:   []string{"currencies whose code does not start with their country's code (other than EUR, XDR, XOF, XAF) are left out"},
		},
	}, nil
}

func mustRates() *network.RateTable {
	r, err := Rates()
	if err != nil {
		return nil
	}
	return r
}

// datasetsOf returns the distinct dstore:dataset values of the embedded
// IATI file name.
func datasetsOf(name string) ([]string, error) {
	f, err := data.Open("data/" + name + ".gz")
	if err != nil {
		return nil, network.Errorf(network.EINTERNAL, "funding: %v", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, network.Errorf(network.EINVALID, "funding: %s: %v", name, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		return nil, network.Errorf(network.EINVALID, "funding: %s: %v", name, err)
	}
	const attr = ` dstore:dataset="`
	var out []string
	for {
		i := bytes.Index(b, []byte(attr))
		if i < 0 {
			break
		}
		b = b[i+len(attr):]
		j := bytes.IndexByte(b, '"')
		if j < 0 {
			break
		}
		if d := string(b[:j]); !slices.Contains(out, d) {
			out = append(out, d)
		}
		b = b[j:]
	}
	return out, nil
}
