package formats

import (
	_ "embed"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/peacegraph/peacegraph/network"
)

// The IATI activity XML structures ReadIATI reads: standard 2.01-2.03, and
// 1.0x, whose names are element text rather than narratives (upgrade turns
// a 1.0x activity into the 2.0x shape).
type (
	iatiNarrative struct {
		Text string `xml:",chardata"`
	}
	iatiOrg struct {
		Ref              string          `xml:"ref,attr"`
		Type             string          `xml:"type,attr"`
		Role             string          `xml:"role,attr"`
		ProviderActivity string          `xml:"provider-activity-id,attr"`
		ReceiverActivity string          `xml:"receiver-activity-id,attr"`
		Narratives       []iatiNarrative `xml:"narrative"`
		Text             string          `xml:",chardata"` // the name, in 1.0x
	}
	iatiCode struct {
		Code       string `xml:"code,attr"`
		Vocabulary string `xml:"vocabulary,attr"`
		Percentage string `xml:"percentage,attr"`
	}
	iatiTransaction struct {
		Ref  string `xml:"ref,attr"`
		Type struct {
			Code string `xml:"code,attr"`
			Text string `xml:",chardata"`
		} `xml:"transaction-type"`
		Date struct {
			ISO string `xml:"iso-date,attr"`
		} `xml:"transaction-date"`
		Value struct {
			Currency  string `xml:"currency,attr"`
			ValueDate string `xml:"value-date,attr"`
			Text      string `xml:",chardata"`
		} `xml:"value"`
		Provider  *iatiOrg   `xml:"provider-org"`
		Receiver  *iatiOrg   `xml:"receiver-org"`
		Sectors   []iatiCode `xml:"sector"`
		Countries []iatiCode `xml:"recipient-country"`
		Regions   []iatiCode `xml:"recipient-region"`
	}
	iatiActivity struct {
		DefaultCurrency string     `xml:"default-currency,attr"`
		Attrs           []xml.Attr `xml:",any,attr"`
		Identifier      string     `xml:"iati-identifier"`
		Reporting       iatiOrg    `xml:"reporting-org"`
		Title           struct {
			Narratives []iatiNarrative `xml:"narrative"`
			Text       string          `xml:",chardata"`
		} `xml:"title"`
		Participating []iatiOrg         `xml:"participating-org"`
		Sectors       []iatiCode        `xml:"sector"`
		Countries     []iatiCode        `xml:"recipient-country"`
		Regions       []iatiCode        `xml:"recipient-region"`
		Transactions  []iatiTransaction `xml:"transaction"`

		version string // the IATI version that applies, e.g. "2.03"
		major   int    // its major version, 1 or 2
		dataset string // the Registry dataset the activity names (dstore:dataset)
	}
)

func firstNarrative(ns []iatiNarrative) string {
	for _, n := range ns {
		if s := strings.Join(strings.Fields(n.Text), " "); s != "" {
			return s
		}
	}
	return ""
}

// iatiCodes1to2.csv maps the codes of IATI 1.0x code lists to those of
// 2.0x: TransactionType, OrganisationRole and SectorVocabulary.
//
//go:embed iati_codes_1to2.csv
var iatiCodes1to2CSV string

// iatiUpgrade maps "<codelist> <1.0x code or name, upper case>" to the 2.0x code.
var iatiUpgrade = func() map[string]string {
	rows, err := csv.NewReader(strings.NewReader(iatiCodes1to2CSV)).ReadAll()
	if err != nil {
		panic("formats: iati_codes_1to2.csv: " + err.Error())
	}
	m := map[string]string{}
	for _, r := range rows[1:] {
		m[r[0]+" "+strings.ToUpper(r[1])] = r[3]
		m[r[0]+" "+strings.ToUpper(r[2])] = r[3]
	}
	return m
}()

// upgrade1 returns the 2.0x code of a 1.0x code or name in codelist, and
// whether the table has it.
func upgrade1(codelist, v string) (string, bool) {
	c, ok := iatiUpgrade[codelist+" "+strings.ToUpper(strings.Join(strings.Fields(v), " "))]
	return c, ok
}

// upgrade turns a 1.0x activity into the 2.0x shape the reader reads:
// names given as element text become narratives; transaction types given
// as letters (or only as a name), organisation roles given as names and
// sector vocabularies given as 1.0x codes become 2.0x codes. Codes the
// table does not know are kept as given.
func (act *iatiActivity) upgrade() {
	if act.major != 1 {
		return
	}
	org := func(o *iatiOrg) {
		if o == nil {
			return
		}
		if firstNarrative(o.Narratives) == "" && strings.TrimSpace(o.Text) != "" {
			o.Narratives = []iatiNarrative{{Text: o.Text}}
		}
		if c, ok := upgrade1("OrganisationRole", o.Role); ok {
			o.Role = c
		}
	}
	sectors := func(cs []iatiCode) {
		for i := range cs {
			if c, ok := upgrade1("SectorVocabulary", cs[i].Vocabulary); ok {
				cs[i].Vocabulary = c
			}
		}
	}
	if firstNarrative(act.Title.Narratives) == "" {
		act.Title.Narratives = []iatiNarrative{{Text: act.Title.Text}}
	}
	org(&act.Reporting)
	for i := range act.Participating {
		org(&act.Participating[i])
	}
	sectors(act.Sectors)
	for i := range act.Transactions {
		tx := &act.Transactions[i]
		org(tx.Provider)
		org(tx.Receiver)
		sectors(tx.Sectors)
		code := strings.TrimSpace(tx.Type.Code)
		if code == "" {
			code = tx.Type.Text
		}
		if c, ok := upgrade1("TransactionType", code); ok {
			tx.Type.Code = c
		}
	}
}

// ReadIATI reads an IATI activity file and returns a FUNDING tie for each
// transaction of type 1, 2, 3, 4, 7 or 11 whose provider and receiver are
// both known, with its FundingFlow, and an actor for each organisation that
// matches none of known. name is the file name that sources and errors
// cite. The change's Import holds the file's ImportReport: every
// transaction read is a tie or is skipped for a counted reason
// (network.SkipReasons); negative values (corrections) are kept and
// counted.
//
// Shapes: IATI Registry files (root <iati-activities> with a version),
// d-portal exports (a version on each activity as iati-activities:version,
// dstore:* attributes) and IATI Datastore exports (root <result> holding
// <iati-activities> with no version, iati-extra:version on each activity).
// The version is decided per activity: its own version attribute in any
// namespace, else the root's. Versions 1.0x are read through IATI's mapping
// of their codes to 2.0x (iati_codes_1to2.csv): transaction types C, D, E,
// IF, IR, LR, R, QP, QS, CG; roles Funding, Accountable, Extending,
// Implementing; sector vocabularies DAC and DAC-3; names as element text.
// Files before 1.0 (no version, or one that is not 1.0x or 2.0x) and files
// that are not IATI are refused, naming the element.
//
// Roles: provider-org and receiver-org of the transaction. Where one is
// missing, the reporting organisation stands in as IATI defines it: it is the
// provider of outgoing transactions (2 outgoing commitment, 3 disbursement,
// 4 expenditure, 7 reimbursement) and the receiver of incoming ones
// (1 incoming funds, 11 incoming commitment). Where the other end is missing
// too, it is taken from the activity's participating-orgs by their IATI
// OrganisationRole, and only when exactly one organisation other than the
// known end plays that role: the receiver of an outgoing transaction is the
// Implementing org (role 4), or, when no org other than the provider has
// role 4, the Accountable org (role 2); the provider of an incoming
// transaction is the Funding org (role 1). Several candidates for a role
// mean no tie: the reader never chooses between them. An inferred end is
// marked on the tie by the attribute receiver_inferred_from (or
// provider_inferred_from) with a value such as "participating-org role 4
// (Implementing)", and the tie's Source quotes the participating-org in its
// Passage. A transaction whose other party stays unknown, or whose provider
// and receiver are one organisation, gives no tie. Other transaction types
// (interest, loan repayment, equity, guarantees, pledges) give no tie.
//
// Organisations are matched to known by IATI organisation ref first
// (network.SchemeIATIOrgRef, compared without case, spaces or punctuation),
// then by name, acronym or alias (compared the same way); unmatched ones
// become new actors with ID "iati-org:<ref>", or "iati-org-name:<name slug>"
// for an organisation without a ref, Imported=true, the ref as identifier,
// and a kind from the IATI OrganisationType code (OTHER without one). Tie
// IDs are "iati:<iati-identifier>#<n>" for the n-th transaction of the
// activity, so that a re-import upserts the same ties. Each FundingFlow
// carries the activity's reporting-org ref, its Registry dataset
// (dstore:dataset, else the file name without its extension) and the
// provider-activity-id / receiver-activity-id of its ends.
//
// The file is read activity by activity, so memory grows with the ties it
// gives, not with the file. EINVALID naming the element and line for any
// bad input.
func ReadIATI(r io.Reader, name string, known []*network.Actor) (*network.Change, error) {
	d := newXMLDecoder(r)
	rd := &iatiReader{name: name, dataset: strings.TrimSuffix(name, path.Ext(name)), index: newActorIndex(known)}
	rd.c.Import = &network.ImportRecord{Files: []string{name}, Format: "iati"}
	rd.report = &rd.c.Import.Report
	root := ""
	rootVersion, haveActivities := "", false
	seen := map[string]int{}
	for {
		se, line, ok, err := nextElement(d, name)
		if err != nil {
			return nil, err
		} else if !ok {
			break
		}
		if root == "" {
			// A Datastore export wraps <iati-activities> in <result>.
			if se.Name.Local != "result" {
				if err := checkRoot(name, se, line, "iati-activities"); err != nil {
					return nil, err
				}
			}
			root = se.Name.Local
			if root == "result" {
				continue // look inside
			}
		}
		switch se.Name.Local {
		case "iati-activities":
			if haveActivities {
				return nil, network.Errorf(network.EINVALID, "%s: <iati-activities> (line %d): a second <iati-activities>", name, line)
			}
			haveActivities = true
			// Registry files give the version on the root; d-portal and
			// Datastore exports may give none there, and one on each
			// activity instead.
			if v, given := attrLookup(se, "version"); given {
				if _, err := iatiVersion(v); err != nil {
					return nil, network.Errorf(network.EINVALID, "%s: <iati-activities version=%q> (line %d): %v", name, v, line, err)
				}
				rootVersion = strings.TrimSpace(v)
			}
			continue
		case "iati-activity":
			if !haveActivities {
				break
			}
			var act iatiActivity
			if err := d.DecodeElement(&act, &se); err != nil {
				return nil, xmlError(name, d, err)
			}
			act.Identifier = strings.TrimSpace(act.Identifier)
			where := fmt.Sprintf(": <iati-activity> %s (line %d)", act.Identifier, line)
			if act.Identifier == "" {
				where = fmt.Sprintf(": <iati-activity> (line %d)", line)
			}
			// The version first: a file from before IATI 1.0 has no
			// iati-identifier either, and its version is the reason.
			if err := act.decideVersion(rootVersion); err != nil {
				return nil, invalid(name, where, err)
			}
			if act.Identifier == "" {
				return nil, invalid(name, where, errors.New("no iati-identifier"))
			}
			if l, ok := seen[act.Identifier]; ok {
				return nil, invalid(name, where, fmt.Errorf("activity appears twice (first at line %d)", l))
			}
			seen[act.Identifier] = line
			act.upgrade()
			if err := rd.activity(&act, where); err != nil {
				return nil, err
			}
			continue
		}
		if err := d.Skip(); err != nil {
			return nil, xmlError(name, d, err)
		}
	}
	if !haveActivities {
		if root == "result" {
			return nil, network.Errorf(network.EINVALID, "%s: <result> holds no <iati-activities>", name)
		}
		return nil, network.Errorf(network.EINVALID, "%s: empty file: no <iati-activities> element", name)
	}
	if err := validateFile(name, &rd.c); err != nil {
		return nil, err
	}
	rd.report.Ties, rd.report.Actors = len(rd.c.Ties), len(rd.c.Actors)
	if err := rd.report.Check(); err != nil {
		return nil, fmt.Errorf("formats: %s: %w", name, err)
	}
	return &rd.c, nil
}

// attrLookup returns the value of the attribute of se with local name
// local, in any namespace, and whether se has one.
func attrLookup(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// iatiVersion reads an IATI version number such as "2.03" or "1.01" and
// returns its major version. Anything else (a version before 1.0, none, a
// future 3.x) is refused.
func iatiVersion(v string) (int, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	switch {
	case err == nil && f >= 2 && f < 3:
		return 2, nil
	case err == nil && f >= 1 && f < 2:
		return 1, nil
	}
	return 0, fmt.Errorf("version %q is not IATI 1.0x or 2.0x; files in other formats (such as drafts before 1.0) cannot be imported", v)
}

// decideVersion sets act.version: the activity's own version attribute
// (version, iati-extra:version in Datastore exports, iati-activities:version
// in d-portal's), else the root's. No version at all is an error.
func (act *iatiActivity) decideVersion(root string) error {
	v := ""
	for _, a := range act.Attrs {
		if a.Name.Local == "version" && strings.TrimSpace(a.Value) != "" {
			v = strings.TrimSpace(a.Value)
		}
		if a.Name.Local == "dataset" && a.Name.Space != "" {
			act.dataset = strings.TrimSpace(a.Value)
		}
	}
	if v == "" {
		v = root
	}
	if v == "" {
		return errors.New("no IATI version: neither the activity (version, iati-extra:version) nor <iati-activities> gives one")
	}
	major, err := iatiVersion(v)
	if err != nil {
		return err
	}
	act.version, act.major = v, major
	return nil
}

// iatiReader holds what ReadIATI has read so far.
type iatiReader struct {
	name    string
	dataset string // the file's own dataset: its name without ".xml"
	index   *actorIndex
	c       network.Change
	report  *network.ImportReport
}

func (rd *iatiReader) source(record string) network.Source {
	return network.Source{Title: "IATI activity file " + rd.name, Record: record}
}

// currencyCode returns c upper case when it has the shape of an ISO 4217
// code (three letters), else "".
func currencyCode(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if len(c) != 3 {
		return ""
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	return c
}

// activity adds the ties and new actors of one activity, and counts each
// of its transactions in the report.
func (rd *iatiReader) activity(act *iatiActivity, where string) error {
	rep := rd.report
	rep.Activities++
	title := firstNarrative(act.Title.Narratives)
	for i := range act.Transactions {
		tx := &act.Transactions[i]
		n := i + 1
		at := fmt.Sprintf("%s transaction %d", where, n)
		rep.Transactions++
		code := strings.TrimSpace(tx.Type.Code)
		if code == "" {
			return invalid(rd.name, at, errors.New("no transaction-type code"))
		}
		v := strings.TrimSpace(tx.Value.Text)
		amount, err := parseNumber(v)
		if err != nil {
			return invalid(rd.name, at, fmt.Errorf("value %q is not a number", v))
		}
		currency := currencyCode(tx.Value.Currency)
		if strings.TrimSpace(tx.Value.Currency) == "" {
			currency = currencyCode(act.DefaultCurrency)
		}
		rep.Read = network.AddTotal(rep.Read, code, currency, amount)
		var incoming bool
		switch code {
		case network.IncomingFunds, network.IncomingCommitment:
			incoming = true
		case network.OutgoingCommitment, network.Disbursement, network.Expenditure, "7":
		default:
			rep.Skip(network.SkipNotFlow, currency, amount, true)
			continue
		}
		if amount == 0 {
			rep.Skip(network.SkipZeroValue, currency, amount, true)
			continue
		}
		if currency == "" {
			rep.Skip(network.SkipUnknownCurrency, "", amount, true)
			continue
		}
		record := fmt.Sprintf("%s transaction %d", act.Identifier, n)
		provider, receiver := tx.Provider, tx.Receiver
		fromReporting := ""
		if incoming && orgEmpty(receiver) {
			receiver, fromReporting = &act.Reporting, "receiver"
		}
		if !incoming && orgEmpty(provider) {
			provider, fromReporting = &act.Reporting, "provider"
		}
		// The end still missing is inferred from the participating-orgs.
		var inferred *iatiInference
		several := false
		switch {
		case orgEmpty(provider) && orgEmpty(receiver):
		case !incoming && orgEmpty(receiver):
			inferred, several = rd.infer(act, provider, "receiver", roleImplementing, roleAccountable)
			if inferred != nil {
				receiver = inferred.org
			}
		case incoming && orgEmpty(provider):
			inferred, several = rd.infer(act, receiver, "provider", roleFunding)
			if inferred != nil {
				provider = inferred.org
			}
		}
		switch {
		case several:
			rep.Skip(network.SkipSeveralEnds, currency, amount, true)
			continue
		case orgEmpty(provider) || orgEmpty(receiver):
			rep.Skip(network.SkipEndUnknown, currency, amount, true)
			continue
		case rd.same(act, provider, receiver):
			rep.Skip(network.SkipSameOrganisation, currency, amount, true)
			continue
		}
		fromRecord, toRecord := record, record
		if inferred != nil && inferred.end == "provider" {
			fromRecord = inferred.record(act)
		} else if inferred != nil {
			toRecord = inferred.record(act)
		}
		from := rd.resolve(provider, act, fromRecord)
		to := rd.resolve(receiver, act, toRecord)
		if from == to {
			rep.Skip(network.SkipSameOrganisation, currency, amount, true)
			continue
		}
		flow, err := rd.flow(act, tx, code, amount, currency)
		if err != nil {
			return invalid(rd.name, at, err)
		}
		flow.ProviderActivityID = strings.TrimSpace(provider.ProviderActivity)
		flow.ReceiverActivityID = strings.TrimSpace(receiver.ReceiverActivity)
		t := &network.Tie{
			ID:          fmt.Sprintf("iati:%s#%d", act.Identifier, n),
			Kind:        network.Funding,
			From:        from,
			To:          to,
			Since:       flow.Date,
			Description: title,
			Weight:      1,
			Funding:     flow,
			Sources:     []network.Source{rd.source(record)},
		}
		if s := flow.ProviderActivityID; s != "" {
			t.Attributes = append(t.Attributes, network.Attribute{Name: "provider_activity_id", Value: s})
		}
		if s := flow.ReceiverActivityID; s != "" {
			t.Attributes = append(t.Attributes, network.Attribute{Name: "receiver_activity_id", Value: s})
		}
		if inferred != nil {
			t.Attributes = append(t.Attributes, network.Attribute{Name: inferred.end + "_inferred_from", Value: inferred.from()})
			t.Sources[0].Passage = inferred.passage()
			slices.SortFunc(t.Attributes, func(a, b network.Attribute) int { return strings.Compare(a.Name, b.Name) })
		}
		if err := checkOne(&network.Change{Ties: []*network.Tie{t}}); err != nil {
			return invalid(rd.name, at, err)
		}
		if fromReporting != "" {
			rep.AddInferred(fromReporting, "reporting-org")
		}
		if inferred != nil {
			rep.AddInferred(inferred.end, inferred.from())
		}
		if amount < 0 {
			rep.AddNegative(currency, amount)
		}
		rep.Written = network.AddTotal(rep.Written, code, currency, amount)
		rd.c.Ties = append(rd.c.Ties, t)
	}
	return nil
}

// flow reads the money of one transaction, whose value and currency the
// caller has read.
func (rd *iatiReader) flow(act *iatiActivity, tx *iatiTransaction, code string, amount float64, currency string) (*network.FundingFlow, error) {
	f := &network.FundingFlow{TransactionType: code, ActivityID: act.Identifier, TransactionRef: strings.TrimSpace(tx.Ref),
		Amount: amount, Currency: currency, ReportingOrg: strings.TrimSpace(act.Reporting.Ref), Dataset: act.dataset}
	if f.Dataset == "" {
		f.Dataset = rd.dataset
	}
	date := strings.TrimSpace(tx.Date.ISO)
	if date == "" {
		date = strings.TrimSpace(tx.Value.ValueDate)
	}
	if len(date) > 10 {
		date = date[:10] // a date-time: keep the day
	}
	var err error
	if f.Date, err = parseDate("transaction-date", date); err != nil {
		return nil, err
	}
	sectors := tx.Sectors
	if len(dacCodes(sectors)) == 0 {
		sectors = act.Sectors
	}
	if f.Sectors, err = sectorShares(dacCodes(sectors)); err != nil {
		return nil, err
	}
	f.RecipientCountry = single(tx.Countries, act.Countries)
	f.RecipientRegion = single(dacCodes(tx.Regions), dacCodes(act.Regions))
	return f, nil
}

// dacCodes keeps the codes in the OECD DAC vocabulary (1, the default):
// 5-digit sectors, recipient regions. A region in a publisher's own
// vocabulary (99) cannot be placed, so its flow counts for the recipient's
// places.
func dacCodes(cs []iatiCode) []iatiCode {
	var out []iatiCode
	for _, c := range cs {
		if v := strings.TrimSpace(c.Vocabulary); v == "" || v == "1" {
			out = append(out, c)
		}
	}
	return out
}

// sectorShares reads sector percentages; sectors without one share what
// the others leave evenly.
func sectorShares(cs []iatiCode) ([]network.SectorShare, error) {
	var out []network.SectorShare
	left, unset := 100.0, 0
	for _, c := range cs {
		s := network.SectorShare{Code: strings.TrimSpace(c.Code)}
		if p := strings.TrimSpace(c.Percentage); p != "" {
			x, err := parseNumber(p)
			if err != nil {
				return nil, fmt.Errorf("sector %s percentage %q is not a number", s.Code, p)
			}
			s.Percentage = x
			left -= x
		} else {
			s.Percentage = -1
			unset++
		}
		out = append(out, s)
	}
	for i := range out {
		if out[i].Percentage < 0 {
			out[i].Percentage = max(left, 0) / float64(unset)
		}
	}
	return out, nil
}

// single returns the one code of the transaction, or else the activity's
// only code, or "" when the activity names several.
func single(tx, act []iatiCode) string {
	if len(tx) > 0 {
		return strings.TrimSpace(tx[0].Code)
	}
	if len(act) == 1 {
		return strings.TrimSpace(act[0].Code)
	}
	return ""
}

func orgEmpty(o *iatiOrg) bool {
	return o == nil || strings.TrimSpace(o.Ref) == "" && firstNarrative(o.Narratives) == ""
}

// describe returns the ref, name and OrganisationType code of o. A
// transaction's org often names only its ref: the activity's
// participating-org or reporting-org with that ref gives the rest.
func describe(o *iatiOrg, act *iatiActivity) (ref, name, typ string) {
	ref = strings.TrimSpace(o.Ref)
	name, typ = firstNarrative(o.Narratives), strings.TrimSpace(o.Type)
	if ref != "" && (name == "" || typ == "") {
		key := normRef(ref)
		for i := -1; i < len(act.Participating); i++ {
			p := &act.Reporting
			if i >= 0 {
				p = &act.Participating[i]
			}
			if normRef(p.Ref) == key {
				if name == "" {
					name = firstNarrative(p.Narratives)
				}
				if typ == "" {
					typ = strings.TrimSpace(p.Type)
				}
			}
		}
	}
	return ref, name, typ
}

// newOrgID is the ID of a new actor for an organisation: "iati-org:<ref>",
// or "iati-org-name:<name slug>" when it has no ref, so that the two kinds
// of ID never meet.
func newOrgID(ref, name string) string {
	if ref != "" {
		return "iati-org:" + ref
	}
	return "iati-org-name:" + slug(name)
}

// same reports whether a and b are one organisation: the same ref, the same
// name, or the same actor that resolve would give, whichever is known.
func (rd *iatiReader) same(act *iatiActivity, a, b *iatiOrg) bool {
	refA, nameA, _ := describe(a, act)
	refB, nameB, _ := describe(b, act)
	switch {
	case refA != "" && refB != "" && normRef(refA) == normRef(refB):
		return true
	case nameA != "" && normName(nameA) == normName(nameB):
		return true
	}
	return rd.actorID(refA, nameA) == rd.actorID(refB, nameB)
}

// actorID returns the ID that resolve gives an organisation with ref and
// name, without adding anything.
func (rd *iatiReader) actorID(ref, name string) string {
	if a := rd.index.find(ref, name); a != nil {
		return a.ID
	}
	return newOrgID(ref, name)
}

// resolve returns the ID of the actor that o is: a known actor, one created
// earlier in this read, or a new one whose source cites record.
func (rd *iatiReader) resolve(o *iatiOrg, act *iatiActivity, record string) string {
	ref, orgName, orgType := describe(o, act)
	if a := rd.index.find(ref, orgName); a != nil {
		return a.ID
	}
	a := &network.Actor{
		ID:       newOrgID(ref, orgName),
		Name:     orgName,
		Kind:     iatiActorKind(orgType, ref),
		Imported: true,
		Sources:  []network.Source{rd.source(record)},
	}
	if ref != "" {
		a.Identifiers = []network.Identifier{{Scheme: network.SchemeIATIOrgRef, Value: ref}}
		if a.Name == "" {
			a.Name = ref
		}
	}
	if orgType != "" {
		a.Attributes = []network.Attribute{{Name: "iati_organisation_type", Value: orgType}}
	}
	rd.index.add(a)
	rd.c.Actors = append(rd.c.Actors, a)
	return a.ID
}

// The IATI OrganisationRole codes the inference reads.
const (
	roleFunding      = "1"
	roleAccountable  = "2"
	roleImplementing = "4"
)

// iatiRoleNames names the OrganisationRole codes.
var iatiRoleNames = map[string]string{"1": "Funding", "2": "Accountable", "3": "Extending", "4": "Implementing"}

// iatiInference is a transaction end taken from a participating-org.
type iatiInference struct {
	end  string // "provider" or "receiver"
	role string // OrganisationRole code
	org  *iatiOrg
}

// from is the value of the <end>_inferred_from attribute.
func (x *iatiInference) from() string {
	return fmt.Sprintf("participating-org role %s (%s)", x.role, iatiRoleNames[x.role])
}

// record is the record that a new actor for the inferred org cites.
func (x *iatiInference) record(act *iatiActivity) string {
	return fmt.Sprintf("%s participating-org role %s", act.Identifier, x.role)
}

// passage quotes the participating-org in the tie's source.
func (x *iatiInference) passage() string {
	label := firstNarrative(x.org.Narratives)
	if ref := strings.TrimSpace(x.org.Ref); ref != "" && label != "" {
		label = fmt.Sprintf("%s (ref %s)", label, ref)
	} else if label == "" {
		label = "ref " + ref
	}
	return fmt.Sprintf("%s-org not given; %s inferred from participating-org role %s (%s): %s",
		x.end, x.end, x.role, iatiRoleNames[x.role], label)
}

// infer finds the missing end of a transaction whose other end is known:
// for each role in turn, the participating-orgs with that role other than
// known. One such org is the answer; several mean no answer (the reader
// never chooses between candidates); none moves on to the next role.
func (rd *iatiReader) infer(act *iatiActivity, known *iatiOrg, end string, roles ...string) (inferred *iatiInference, several bool) {
	for _, role := range roles {
		var found []*iatiOrg
		for i := range act.Participating {
			p := &act.Participating[i]
			if strings.TrimSpace(p.Role) != role || orgEmpty(p) || rd.same(act, p, known) {
				continue
			}
			if !slices.ContainsFunc(found, func(q *iatiOrg) bool { return rd.same(act, p, q) }) {
				found = append(found, p)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return &iatiInference{end: end, role: role, org: found[0]}, false
		}
		return nil, true
	}
	return nil, false
}

// iatiActorKind maps an IATI OrganisationType code to an actor kind.
// Governments (10, 11, 15) are GOVERNMENT whether they give or receive: the
// FUNDING ties show who gives. Multilaterals (40) are UN_ENTITY for CRS
// channel codes 41xxx, FINANCIAL_INSTITUTION for 43xxx, 44xxx and 46xxx
// (IMF, World Bank, regional development banks), and OTHER otherwise.
func iatiActorKind(code, ref string) network.ActorKind {
	switch code {
	case "10", "11", "15":
		return network.Government
	case "21", "22", "23", "24":
		return network.CivilSociety
	case "60":
		return network.Donor
	case "80":
		return network.Research
	case "40":
		digits := strings.TrimPrefix(strings.ToUpper(ref), "XM-DAC-")
		switch {
		case strings.HasPrefix(digits, "41"):
			return network.UNEntity
		case strings.HasPrefix(digits, "43"), strings.HasPrefix(digits, "44"), strings.HasPrefix(digits, "46"):
			return network.FinancialInstitution
		}
	}
	return network.OtherActor
}

// actorIndex finds actors by IATI organisation ref and by normalized name,
// acronym or alias.
type actorIndex struct {
	ids    map[string]*network.Actor
	refs   map[string]*network.Actor
	labels map[string]*network.Actor
}

func newActorIndex(known []*network.Actor) *actorIndex {
	x := &actorIndex{ids: map[string]*network.Actor{}, refs: map[string]*network.Actor{}, labels: map[string]*network.Actor{}}
	for _, a := range known {
		if a != nil {
			x.add(a)
		}
	}
	return x
}

func (x *actorIndex) add(a *network.Actor) {
	x.ids[a.ID] = a
	for _, id := range a.Identifiers {
		if id.Scheme == network.SchemeIATIOrgRef {
			if k := normRef(id.Value); k != "" && x.refs[k] == nil {
				x.refs[k] = a
			}
		}
	}
	for _, label := range append([]string{a.Name, a.Acronym}, a.Aliases...) {
		if k := normName(label); k != "" && x.labels[k] == nil {
			x.labels[k] = a
		}
	}
}

func (x *actorIndex) find(ref, name string) *network.Actor {
	if a := x.refs[normRef(ref)]; ref != "" && a != nil {
		return a
	}
	if a := x.labels[normName(name)]; name != "" && a != nil {
		return a
	}
	return x.ids[newOrgID(ref, name)]
}

// normRef compares organisation refs without case, spaces or punctuation
// ("DKCVR31378028" is "DK-CVR-31378028").
func normRef(ref string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(ref) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normName compares names without case, punctuation or extra spaces.
func normName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func slug(s string) string { return strings.ReplaceAll(normName(s), " ", "-") }
