package formats_test

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

// MustIATIFile returns the content of testdata/iati/<file>, uncompressed
// when its name ends in ".gz".
func MustIATIFile(tb testing.TB, file string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "iati", file))
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.HasSuffix(file, ".gz") {
		return data
	}
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	if data, err = io.ReadAll(z); err != nil {
		tb.Fatal(err)
	}
	return data
}

// MustReadIATI reads testdata/iati/<file> with formats.ReadIATI; the file
// name it gives the reader has no ".gz".
func MustReadIATI(tb testing.TB, file string, known []*network.Actor) *network.Change {
	tb.Helper()
	c, err := formats.ReadIATI(bytes.NewReader(MustIATIFile(tb, file)), strings.TrimSuffix(file, ".gz"), known)
	if err != nil {
		tb.Fatalf("ReadIATI(%s): %v", file, err)
	}
	return c
}

// flowTotals is the money of a set of FUNDING ties: count and sum by
// "type currency".
type flowTotals struct {
	count int
	sums  map[string]float64
}

// iatiExpectation is what the documented rules make of an IATI file,
// worked out without the reader.
type iatiExpectation struct {
	totals flowTotals
	// inferred maps the ID of each tie to its inferred end as
	// "<end>_inferred_from=<value>", or "" when both ends are given.
	inferred map[string]string
	// read totals every transaction of the file; notFlow, zero and
	// negative count those of a type that is not a flow, those of value 0,
	// and the ties of negative value.
	read                    flowTotals
	notFlow, zero, negative int
}

// testOrg is an organisation as the test walk sees it: ref and first name,
// both upper case without spaces or punctuation.
type testOrg struct{ ref, name string }

func (o testOrg) empty() bool { return o.ref == "" && o.name == "" }

// same: one ref, or one name.
func (o testOrg) same(p testOrg) bool {
	return o.ref != "" && o.ref == p.ref || o.name != "" && o.name == p.name
}

// expectedIATI walks an IATI file token by token, without the reader, and
// works out the transactions that the documented rules turn into ties: a
// provider and a receiver, each named by the transaction, else by the
// reporting org (provider of outgoing types 2, 3, 4, 7; receiver of incoming
// types 1, 11), else by the one participating-org other than the known end
// with role 4 or, if there is none, role 2 (a receiver) or with role 1 (a
// provider); and not the same organisation.
func expectedIATI(tb testing.TB, file string) iatiExpectation {
	tb.Helper()
	data := MustIATIFile(tb, file)
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToUpper(r)
			}
			return -1
		}, s)
	}
	roleNames := map[string]string{"1": "Funding", "2": "Accountable", "4": "Implementing"}
	type participant struct {
		role string
		org  testOrg
	}
	want := iatiExpectation{totals: flowTotals{sums: map[string]float64{}}, inferred: map[string]string{}, read: flowTotals{sums: map[string]float64{}}}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	var (
		identifier, defCurrency string
		reporting               testOrg
		participants            []participant
		n                       int
		path                    []string
		typ, value, cur         string
		provider, receiver      testOrg
		text                    strings.Builder
		rootVersion             string
		v1                      bool // the activity is IATI 1.0x
	)
	// IATI's 1.0x to 2.01 code tables (IATI-Guidance, "2.01 Changes").
	types1 := map[string]string{"IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5", "LR": "6", "R": "7", "QP": "8", "QS": "9", "CG": "10"}
	roles1 := map[string]string{"Funding": "1", "Accountable": "2", "Extending": "3", "Implementing": "4"}
	// pick is the one participating-org other than known with the first
	// role that has any; several with that role give none.
	pick := func(known testOrg, roles ...string) (testOrg, string) {
		for _, role := range roles {
			var found []testOrg
			for _, p := range participants {
				if p.role != role || p.org.empty() || p.org.same(known) || slices.ContainsFunc(found, p.org.same) {
					continue
				}
				found = append(found, p.org)
			}
			if len(found) == 1 {
				return found[0], role
			} else if len(found) > 1 {
				return testOrg{}, ""
			}
		}
		return testOrg{}, ""
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			tb.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			path = append(path, tok.Name.Local)
			attr := func(n string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			text.Reset()
			switch tok.Name.Local {
			case "iati-activities":
				rootVersion = attr("version")
			case "iati-activity":
				defCurrency, participants, n = attr("default-currency"), nil, 0
				version := attr("version")
				if version == "" {
					version = rootVersion
				}
				v1 = strings.HasPrefix(version, "1.")
			case "reporting-org":
				reporting = testOrg{ref: norm(attr("ref"))}
			case "participating-org":
				role := attr("role")
				if v1 {
					role = roles1[role]
				}
				participants = append(participants, participant{role: role, org: testOrg{ref: norm(attr("ref"))}})
			case "transaction":
				n++
				typ, value, cur, provider, receiver = "", "", "", testOrg{}, testOrg{}
			case "transaction-type":
				typ = attr("code")
				if v1 {
					typ = types1[typ]
				}
			case "value":
				cur = attr("currency")
			case "provider-org":
				provider.ref = norm(attr("ref"))
			case "receiver-org":
				receiver.ref = norm(attr("ref"))
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			parent := ""
			if len(path) > 1 {
				parent = path[len(path)-2]
			}
			name := norm(text.String())
			switch {
			case tok.Name.Local == "iati-identifier":
				identifier = strings.TrimSpace(text.String())
			case tok.Name.Local == "value" && parent == "transaction":
				value = strings.TrimSpace(text.String())
			case name == "":
			// IATI 1.0x names organisations by the element's text.
			case v1 && tok.Name.Local == "reporting-org" && reporting.name == "":
				reporting.name = name
			case v1 && tok.Name.Local == "participating-org" && participants[len(participants)-1].org.name == "":
				participants[len(participants)-1].org.name = name
			case v1 && tok.Name.Local == "provider-org" && provider.name == "":
				provider.name = name
			case v1 && tok.Name.Local == "receiver-org" && receiver.name == "":
				receiver.name = name
			case tok.Name.Local != "narrative":
			case parent == "reporting-org" && reporting.name == "":
				reporting.name = name
			case parent == "participating-org" && participants[len(participants)-1].org.name == "":
				participants[len(participants)-1].org.name = name
			case parent == "provider-org" && provider.name == "":
				provider.name = name
			case parent == "receiver-org" && receiver.name == "":
				receiver.name = name
			}
			if tok.Name.Local != "transaction" {
				path = path[:len(path)-1]
				continue
			}
			inferred := ""
			switch typ {
			case "1", "11":
				if receiver.empty() {
					receiver = reporting
				}
				if provider.empty() && !receiver.empty() {
					var role string
					if provider, role = pick(receiver, "1"); role != "" {
						inferred = "provider_inferred_from=participating-org role " + role + " (" + roleNames[role] + ")"
					}
				}
			case "2", "3", "4", "7":
				if provider.empty() {
					provider = reporting
				}
				if receiver.empty() && !provider.empty() {
					var role string
					if receiver, role = pick(provider, "4", "2"); role != "" {
						inferred = "receiver_inferred_from=participating-org role " + role + " (" + roleNames[role] + ")"
					}
				}
			default:
				provider = testOrg{}
			}
			if cur == "" {
				cur = defCurrency
			}
			cur = strings.ToUpper(cur)
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				tb.Fatalf("value %q: %v", value, err)
			}
			want.read.count++
			want.read.sums[typ+" "+cur] += v
			switch {
			case typ != "1" && typ != "2" && typ != "3" && typ != "4" && typ != "7" && typ != "11":
				want.notFlow++
			case v == 0:
				want.zero++
			case v < 0 && !provider.empty() && !receiver.empty() && !provider.same(receiver):
				want.negative++
			}
			if !provider.empty() && !receiver.empty() && !provider.same(receiver) && v != 0 && cur != "" {
				want.totals.count++
				want.totals.sums[typ+" "+cur] += v
				want.inferred["iati:"+identifier+"#"+strconv.Itoa(n)] = inferred
			}
			path = path[:len(path)-1]
		}
	}
	return want
}

// inferredOf gives, for each tie of c, its inferred end in the form of
// iatiExpectation.inferred.
func inferredOf(c *network.Change) map[string]string {
	out := map[string]string{}
	for _, t := range c.Ties {
		out[t.ID] = ""
		for _, a := range t.Attributes {
			if strings.HasSuffix(a.Name, "_inferred_from") {
				out[t.ID] = a.Name + "=" + a.Value
			}
		}
	}
	return out
}

// reportTotals turns a report's FlowTotals into flowTotals.
func reportTotals(ts []network.FlowTotal) flowTotals {
	tot := flowTotals{sums: map[string]float64{}}
	for _, t := range ts {
		tot.count += t.Count
		tot.sums[t.TransactionType+" "+t.Currency] += t.Value
	}
	return tot
}

func totalsOf(c *network.Change) flowTotals {
	tot := flowTotals{sums: map[string]float64{}}
	for _, t := range c.Ties {
		if t.Funding != nil {
			tot.count++
			tot.sums[t.Funding.TransactionType+" "+t.Funding.Currency] += t.Funding.Amount
		}
	}
	return tot
}

func TestReadIATI(t *testing.T) {
	files := []string{"3fi-activity.xml", "beis-activity.xml", "canada-activity.xml",
		"fcdo-activity.xml", "unops-at-activity.xml", "worldbank-activity.xml",
		"participating-roles.xml", "dportal-covid-2021-06.xml.gz", "dfid-cd-1.01.xml.gz"}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			c := MustReadIATI(t, file, nil)
			want := expectedIATI(t, file)
			if got := totalsOf(c); !reflect.DeepEqual(got, want.totals) {
				t.Errorf("totals: got %+v, want %+v", got, want.totals)
			}
			// The report accounts for every transaction, against the
			// independent walk: read = ties + skipped, totals by type and
			// currency of all transactions read and of those written.
			rep := c.Import.Report
			if err := rep.Check(); err != nil {
				t.Error(err)
			}
			if got := reportTotals(rep.Read); rep.Transactions != want.read.count || !reflect.DeepEqual(got, want.read) {
				t.Errorf("read: got %d %+v, want %+v", rep.Transactions, got, want.read)
			}
			if got := reportTotals(rep.Written); rep.Ties != len(c.Ties) || !reflect.DeepEqual(got, totalsOf(c)) {
				t.Errorf("written: got %d %+v, want %d %+v", rep.Ties, got, len(c.Ties), totalsOf(c))
			}
			if got, want := rep.Transactions, rep.Ties+rep.SkippedCount(); got != want {
				t.Errorf("transactions %d, ties + skipped %d", got, want)
			}
			skipped := map[network.SkipReason]int{}
			for _, s := range rep.Skipped {
				skipped[s.Reason] = s.Count
			}
			if skipped[network.SkipNotFlow] != want.notFlow || skipped[network.SkipZeroValue] != want.zero || rep.Negative != want.negative {
				t.Errorf("not a flow %d, zero %d, negative %d; want %d, %d, %d", skipped[network.SkipNotFlow], skipped[network.SkipZeroValue], rep.Negative, want.notFlow, want.zero, want.negative)
			}
			if got, want := c.Import.Files, []string{strings.TrimSuffix(file, ".gz")}; !reflect.DeepEqual(got, want) || c.Import.Format != "iati" {
				t.Errorf("import record: files %v format %q", got, c.Import.Format)
			}
			// The same transactions become ties, with the same ends inferred.
			if got := inferredOf(c); !reflect.DeepEqual(got, want.inferred) {
				t.Errorf("ties and inferred ends:\n got %v\nwant %v", got, want.inferred)
			}
			for _, tie := range c.Ties {
				if tie.Kind != network.Funding || tie.Funding == nil || tie.Funding.ActivityID == "" {
					t.Errorf("tie %s: got %+v", tie.ID, tie)
				}
				if !strings.HasPrefix(tie.ID, "iati:"+tie.Funding.ActivityID+"#") {
					t.Errorf("tie id %q does not derive from activity %q", tie.ID, tie.Funding.ActivityID)
				}
				if got, want := tie.Sources[0].Title, "IATI activity file "+strings.TrimSuffix(file, ".gz"); got != want {
					t.Errorf("source title: got %q, want %q", got, want)
				}
				// The source says so when an end is inferred, and only then.
				if got, want := strings.Contains(tie.Sources[0].Passage, "inferred from participating-org"), want.inferred[tie.ID] != ""; got != want {
					t.Errorf("tie %s: source passage %q, inferred %v", tie.ID, tie.Sources[0].Passage, want)
				}
				if tie.From == tie.To {
					t.Errorf("tie %s: %s funds itself", tie.ID, tie.From)
				}
			}
			// A re-import gives the same actors and ties, so that it upserts them.
			again := MustReadIATI(t, file, nil)
			a1, t1 := facts(c)
			a2, t2 := facts(again)
			if !reflect.DeepEqual(t1, t2) || !reflect.DeepEqual(a1, a2) {
				t.Errorf("a re-import gives other actors or ties")
			}
		})
	}

	t.Run("Canada", func(t *testing.T) {
		c := MustReadIATI(t, "canada-activity.xml", nil)
		if got, want := len(c.Ties), expectedIATI(t, "canada-activity.xml").totals.count; got != want || got == 0 {
			t.Fatalf("ties: got %d, want %d", got, want)
		}
		tie := tieByID(c, "iati:CA-3-D002451001#1")
		if tie == nil {
			t.Fatal("no tie for transaction 1")
		}
		want := &network.FundingFlow{Amount: 1664612, Currency: "CAD", Date: "2016-03-02", TransactionType: "3",
			Sectors: []network.SectorShare{{Code: "15112", Percentage: 48.48}, {Code: "15150", Percentage: 5},
				{Code: "25010", Percentage: 40}, {Code: "32130", Percentage: 5}, {Code: "41010", Percentage: 1.52}},
			ActivityID: "CA-3-D002451001", ReportingOrg: "CA-3", Dataset: "gac-amc-act_2_3"}
		if !reflect.DeepEqual(tie.Funding, want) {
			t.Errorf("funding:\n got %+v\nwant %+v", tie.Funding, want)
		}
		// No provider-org: the reporting org provides this disbursement.
		from := actorByID(c, tie.From)
		if from == nil || from.Identifier(network.SchemeIATIOrgRef) != "CA-3" || from.Kind != network.Government || !from.Imported {
			t.Errorf("provider: got %+v", from)
		}
		// The receiver-org gives only a ref; the participating-org gives its name.
		to := actorByID(c, tie.To)
		if to == nil || to.Name != "Federation of Canadian Municipalities" {
			t.Errorf("receiver: got %+v", to)
		}
	})

	t.Run("WorldBank", func(t *testing.T) {
		// Commitments and disbursements from IBRD name no receiver; the one
		// implementing org, the Ministry of Planning, receives them.
		c := MustReadIATI(t, "worldbank-activity.xml", nil)
		if got, want := len(c.Ties), expectedIATI(t, "worldbank-activity.xml").totals.count; got != want || got == 0 {
			t.Fatalf("ties: got %d, want %d", got, want)
		}
		ministry := "iati-org-name:ministry-of-planning-and-international-cooperation"
		for _, tie := range c.Ties {
			if got, want := tie.From, "iati-org:44001"; got != want {
				t.Errorf("tie %s from: got %s, want %s", tie.ID, got, want)
			}
			if got, want := tie.To, ministry; got != want {
				t.Errorf("tie %s to: got %s, want %s", tie.ID, got, want)
			}
			got, _ := attribute(tie.Attributes, "receiver_inferred_from")
			if want := "participating-org role 4 (Implementing)"; got != want {
				t.Errorf("tie %s receiver_inferred_from: got %q, want %q", tie.ID, got, want)
			}
			if _, ok := attribute(tie.Attributes, "provider_inferred_from"); ok {
				t.Errorf("tie %s: the provider is given, not inferred", tie.ID)
			}
			if got, want := tie.Sources[0].Record, tie.Funding.ActivityID+" transaction "+strings.TrimPrefix(tie.ID, "iati:"+tie.Funding.ActivityID+"#"); got != want {
				t.Errorf("tie %s source record: got %q, want %q", tie.ID, got, want)
			}
			if got := tie.Sources[0].Passage; !strings.Contains(got, "Ministry of Planning and International Cooperation") {
				t.Errorf("tie %s source passage %q does not quote the participating-org", tie.ID, got)
			}
			if tie.Funding.TransactionType != network.OutgoingCommitment && tie.Funding.TransactionType != network.Disbursement {
				t.Errorf("tie %s: type %s (interest repayments give no tie)", tie.ID, tie.Funding.TransactionType)
			}
		}
		m := actorByID(c, ministry)
		if m == nil {
			t.Fatalf("no actor %s in %v", ministry, c.Actors)
		}
		if m.Name != "Ministry of Planning and International Cooperation" || m.Kind != network.OtherActor || !m.Imported || len(m.Identifiers) != 0 {
			t.Errorf("ministry: got %+v", m)
		}
		if got, want := m.Sources[0].Record, "44000-P175662 participating-org role 4"; got != want {
			t.Errorf("ministry source record: got %q, want %q", got, want)
		}
		// The accountable org is not needed: the implementing org answers.
		if a := actorByID(c, "iati-org-name:hashemite-kingdom-of-jordan"); a != nil {
			t.Errorf("got an actor for the accountable org: %+v", a)
		}
	})

	t.Run("WorldBankKnownByAlias", func(t *testing.T) {
		src := []network.Source{{Title: "seed", Record: "r"}}
		mopic := &network.Actor{ID: "jordan-mopic", Name: "Jordan Ministry of Planning", Acronym: "MOPIC", Kind: network.Government,
			Aliases: []string{"Ministry of Planning and International Cooperation"}, Sources: src}
		c := MustReadIATI(t, "worldbank-activity.xml", []*network.Actor{mopic})
		if len(c.Ties) == 0 {
			t.Fatal("no ties")
		}
		for _, tie := range c.Ties {
			if got, want := tie.To, "jordan-mopic"; got != want {
				t.Errorf("tie %s to: got %s, want %s", tie.ID, got, want)
			}
		}
		for _, a := range c.Actors {
			if a.Name == mopic.Aliases[0] {
				t.Errorf("the ministry is known, got a new actor %+v", a)
			}
		}
	})

	t.Run("UNOPS", func(t *testing.T) {
		// UNOPS's expenditures name no receiver, and its only participating
		// orgs are UNOPS itself: money it spends itself, no tie.
		c := MustReadIATI(t, "unops-at-activity.xml", nil)
		if got := len(c.Ties); got != 0 {
			t.Errorf("ties: got %d, want 0", got)
		}
		if got := len(c.Actors); got != 0 {
			t.Errorf("actors: got %d (%v), want 0", got, c.Actors)
		}
	})

	t.Run("BEIS", func(t *testing.T) {
		// BEIS names itself as the implementing org, so its disbursements
		// and commitments go to the one accountable org, BEIS FINANCE.
		data, err := os.ReadFile(filepath.Join("testdata", "iati", "beis-activity.xml"))
		if err != nil {
			t.Fatal(err)
		}
		c := MustReadIATI(t, "beis-activity.xml", nil)
		want := expectedIATI(t, "beis-activity.xml").totals
		// Every transaction in the file is a 2 or 3 without receiver-org.
		if got, all := want.count, strings.Count(string(data), "<transaction>"); got != all || all == 0 {
			t.Errorf("expected ties: got %d, want every transaction (%d)", got, all)
		}
		if got := totalsOf(c); !reflect.DeepEqual(got, want) {
			t.Errorf("totals: got %+v, want %+v", got, want)
		}
		for _, tie := range c.Ties {
			if tie.From != "iati-org:GB-GOV-13" || tie.To != "iati-org:GB-GOV-13-OPERATIONS" {
				t.Errorf("tie %s: got %s -> %s", tie.ID, tie.From, tie.To)
			}
			got, _ := attribute(tie.Attributes, "receiver_inferred_from")
			if want := "participating-org role 2 (Accountable)"; got != want {
				t.Errorf("tie %s receiver_inferred_from: got %q, want %q", tie.ID, got, want)
			}
		}
		fin := actorByID(c, "iati-org:GB-GOV-13-OPERATIONS")
		if fin == nil || fin.Name != "BEIS FINANCE" || fin.Kind != network.Government {
			t.Errorf("receiver: got %+v", fin)
		}
	})

	t.Run("ParticipatingRoles", func(t *testing.T) {
		c := MustReadIATI(t, "participating-roles.xml", nil)
		want := map[string]string{
			// Two implementing orgs: transaction 1 gives no tie.
			"iati:XX-1-A#2": "",
			// One funding org, listed twice: the provider of incoming funds.
			"iati:XX-NGO-1-B#1": "provider_inferred_from=participating-org role 1 (Funding)",
			// Two funding orgs: transaction 1 gives no tie; no implementer
			// but the provider: the accountable org receives.
			"iati:XX-NGO-2-C#2": "receiver_inferred_from=participating-org role 2 (Accountable)",
		}
		if got := inferredOf(c); !reflect.DeepEqual(got, want) {
			t.Errorf("ties:\n got %v\nwant %v", got, want)
		}
		tests := []struct{ id, from, to string }{
			{"iati:XX-1-A#2", "iati-org:XX-1", "iati-org:XX-NGO-1"},
			{"iati:XX-NGO-1-B#1", "iati-org:XX-1", "iati-org:XX-NGO-1"},
			{"iati:XX-NGO-2-C#2", "iati-org:XX-NGO-2", "iati-org-name:regional-authority"},
		}
		for _, tt := range tests {
			tie := tieByID(c, tt.id)
			if tie == nil {
				t.Errorf("no tie %s", tt.id)
				continue
			}
			if tie.From != tt.from || tie.To != tt.to {
				t.Errorf("tie %s: got %s -> %s, want %s -> %s", tt.id, tie.From, tie.To, tt.from, tt.to)
			}
		}
		// A participating-org without a ref takes its kind from its type.
		if a := actorByID(c, "iati-org-name:regional-authority"); a == nil || a.Kind != network.Government || a.Name != "Regional Authority" {
			t.Errorf("regional authority: got %+v", a)
		}
		for _, id := range []string{"iati-org-name:ministry-of-finance", "iati-org:XX-3"} {
			if a := actorByID(c, id); a != nil {
				t.Errorf("got an actor for %s, which no tie needs: %+v", id, a)
			}
		}
	})

	t.Run("SkipReasons", func(t *testing.T) {
		// participating-roles.xml: two transactions with two candidates for
		// the missing end, one whose only implementer is its provider.
		c := MustReadIATI(t, "participating-roles.xml", nil)
		want := []network.SkipCount{
			{Reason: network.SkipEndUnknown, Count: 1, Values: []network.Amount{{Currency: "EUR", Value: 400}}},
			{Reason: network.SkipSeveralEnds, Count: 2, Values: []network.Amount{{Currency: "EUR", Value: 1000}, {Currency: "USD", Value: 5000}}},
		}
		if got := c.Import.Report.Skipped; !reflect.DeepEqual(got, want) {
			t.Errorf("skipped:\n got %+v\nwant %+v", got, want)
		}
		// UNOPS's expenditures name no receiver and no participating-org
		// other than UNOPS: the receiver is unknown.
		u := MustReadIATI(t, "unops-at-activity.xml", nil).Import.Report
		if len(u.Skipped) != 1 || u.Skipped[0].Reason != network.SkipEndUnknown || u.Skipped[0].Count != u.Transactions || u.Transactions == 0 {
			t.Errorf("UNOPS skipped: %+v of %d", u.Skipped, u.Transactions)
		}
		// A value with no currency anywhere is skipped, not guessed.
		nocur := `<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier><reporting-org ref="X"><narrative>X</narrative></reporting-org><transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/><value>5</value><receiver-org ref="Y"/></transaction></iati-activity></iati-activities>`
		nc, err := formats.ReadIATI(strings.NewReader(nocur), "nocur.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		same := strings.Replace(nocur, `<value>5</value><receiver-org ref="Y"/>`, `<value currency="EUR">5</value><receiver-org ref="X"/>`, 1)
		sc, err := formats.ReadIATI(strings.NewReader(same), "same.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.Import.Report.Skipped; len(got) != 1 || got[0].Reason != network.SkipSameOrganisation {
			t.Errorf("provider is receiver: skipped %+v", got)
		}
		if got, want := nc.Import.Report.Skipped, []network.SkipCount{{Reason: network.SkipUnknownCurrency, Count: 1, Values: []network.Amount{{Currency: "", Value: 5}}}}; !reflect.DeepEqual(got, want) || len(nc.Ties) != 0 {
			t.Errorf("no currency: got %+v and %d ties, want %+v", got, len(nc.Ties), want)
		}
	})

	t.Run("KnownActors", func(t *testing.T) {
		src := []network.Source{{Title: "seed", Record: "r"}}
		gac := &network.Actor{ID: "global-affairs-canada", Name: "Global Affairs Canada", Kind: network.Donor,
			Identifiers: []network.Identifier{{Scheme: network.SchemeIATIOrgRef, Value: "ca-3"}}, Sources: src}
		fcm := &network.Actor{ID: "fcm", Name: "FCM", Kind: network.CivilSociety,
			Aliases: []string{"Federation of Canadian Municipalities"}, Sources: src}
		c := MustReadIATI(t, "canada-activity.xml", []*network.Actor{gac, fcm})
		if got := len(c.Actors); got != 0 {
			t.Errorf("new actors: got %d (%v), want 0: both organisations are known", got, c.Actors)
		}
		for _, tie := range c.Ties {
			if tie.From != "global-affairs-canada" || tie.To != "fcm" {
				t.Errorf("tie %s: got %s -> %s, want global-affairs-canada -> fcm", tie.ID, tie.From, tie.To)
			}
		}
	})

	t.Run("IncomingFunds", func(t *testing.T) {
		// 3F reports two incoming transactions from the Danish Trade Union
		// Development Agency, spelling its own ref in two ways.
		c := MustReadIATI(t, "3fi-activity.xml", nil)
		if got, want := len(c.Actors), 2; got != want {
			t.Fatalf("actors: got %d, want %d (%v)", got, want, c.Actors)
		}
		for _, tie := range c.Ties {
			if tie.Funding.TransactionType != network.IncomingFunds {
				t.Errorf("tie %s: type %s", tie.ID, tie.Funding.TransactionType)
			}
			if got := actorByID(c, tie.To).Identifier(network.SchemeIATIOrgRef); got != "DKCVR31378028" && got != "DK-CVR-31378028" {
				t.Errorf("tie %s: receiver ref %q, want 3F", tie.ID, got)
			}
		}
	})

	t.Run("DPortal", func(t *testing.T) {
		// The d-portal export: every tie says which publisher reported it
		// and in which Registry dataset (dstore:dataset on its activity).
		data := MustIATIFile(t, "dportal-covid-2021-06.xml.gz")
		c := MustReadIATI(t, "dportal-covid-2021-06.xml.gz", nil)
		type activity struct{ reporting, dataset string }
		acts := map[string]activity{}
		d := xml.NewDecoder(bytes.NewReader(data))
		var id, reporting, dataset string
		var inID bool
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				for _, a := range tok.Attr {
					switch {
					case tok.Name.Local == "iati-activity" && a.Name.Space == "http://d-portal.org/xmlns/dstore" && a.Name.Local == "dataset":
						dataset = a.Value
					case tok.Name.Local == "reporting-org" && a.Name.Local == "ref":
						reporting = a.Value
					}
				}
				inID = tok.Name.Local == "iati-identifier"
			case xml.CharData:
				if inID {
					id = strings.TrimSpace(string(tok))
				}
			case xml.EndElement:
				inID = false
				if tok.Name.Local == "iati-activity" {
					acts[id] = activity{reporting, dataset}
				}
			}
		}
		if got, want := len(acts), 746; got != want {
			t.Fatalf("activities in the file: got %d, want %d", got, want)
		}
		links := 0
		for _, tie := range c.Ties {
			a, ok := acts[tie.Funding.ActivityID]
			if !ok {
				t.Fatalf("tie %s: activity %q is not in the file", tie.ID, tie.Funding.ActivityID)
			}
			if tie.Funding.ReportingOrg != a.reporting || tie.Funding.Dataset != a.dataset || a.dataset == "" {
				t.Errorf("tie %s: reporting org %q dataset %q, want %q %q", tie.ID, tie.Funding.ReportingOrg, tie.Funding.Dataset, a.reporting, a.dataset)
			}
			if tie.Funding.ProviderActivityID != "" || tie.Funding.ReceiverActivityID != "" {
				links++
			}
		}
		if links == 0 {
			t.Errorf("no tie carries a provider-activity-id or receiver-activity-id")
		}
	})

	t.Run("IATI1", func(t *testing.T) {
		// DFID's 1.01 file for DR Congo: types as letters, roles as names,
		// organisations named by element text.
		c := MustReadIATI(t, "dfid-cd-1.01.xml.gz", nil)
		tie := tieByID(c, "iati:GB-1-105838-101#1")
		if tie == nil {
			t.Fatal("no tie for GB-1-105838-101 transaction 1")
		}
		want := &network.FundingFlow{Amount: 1067912, Currency: "GBP", Date: "2004-01-01", TransactionType: network.OutgoingCommitment,
			Sectors:          []network.SectorShare{{Code: "15110", Percentage: 40}, {Code: "16010", Percentage: 30}, {Code: "15111", Percentage: 20}, {Code: "16062", Percentage: 10}},
			RecipientCountry: "CD", ActivityID: "GB-1-105838-101", ReportingOrg: "GB-1", Dataset: "dfid-cd-1.01"}
		if !reflect.DeepEqual(tie.Funding, want) {
			t.Errorf("funding:\n got %+v\nwant %+v", tie.Funding, want)
		}
		// The provider is the reporting org, named by its text; the
		// receiver the one Implementing participating-org.
		if from := actorByID(c, tie.From); from == nil || from.Name != "Department for International Development" || from.Kind != network.Government {
			t.Errorf("provider: got %+v", from)
		}
		if got, _ := attribute(tie.Attributes, "receiver_inferred_from"); got != "participating-org role 4 (Implementing)" {
			t.Errorf("receiver_inferred_from: got %q", got)
		}
		for _, tie := range c.Ties {
			switch tie.Funding.TransactionType {
			case network.OutgoingCommitment, network.Disbursement, network.Expenditure:
			default:
				t.Errorf("tie %s: type %q, want 2, 3 or 4 (C, D, E)", tie.ID, tie.Funding.TransactionType)
			}
		}
	})

	t.Run("Datastore", func(t *testing.T) {
		// The IATI Datastore's XML export, as its serializer writes it
		// (iati_datastore/iatilib/frontend/serialize): <result> around an
		// <iati-activities> without version, iati-extra:version on each
		// activity. Here with DFID's 1.01 activities.
		data := string(MustIATIFile(t, "dfid-cd-1.01.xml.gz"))
		start := strings.Index(data, "<iati-activity ")
		end := strings.LastIndex(data, "</iati-activities>")
		if start < 0 || end < 0 {
			t.Fatal("no activities")
		}
		activities := strings.ReplaceAll(data[start:end], "<iati-activity ", `<iati-activity iati-extra:version="1.01" `)
		export := `<result xmlns:iati-extra="http://datastore.iatistandard.org/ns"><ok>True</ok>` +
			`<iati-activities generated-datetime="2013-05-01T12:00:00"><query><total-count>205</total-count><start>0</start><limit>500</limit></query>` +
			activities + `</iati-activities></result>`
		c, err := formats.ReadIATI(strings.NewReader(export), "dfid-cd-1.01.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		direct := MustReadIATI(t, "dfid-cd-1.01.xml.gz", nil)
		if got, want := totalsOf(c), totalsOf(direct); !reflect.DeepEqual(got, want) || got.count == 0 {
			t.Errorf("totals: got %+v, want %+v", got, want)
		}
		if got, want := c.Import.Report, direct.Import.Report; !reflect.DeepEqual(got, want) {
			t.Errorf("report:\n got %+v\nwant %+v", got, want)
		}
	})

	t.Run("NoRootVersion", func(t *testing.T) {
		// Datastore and d-portal exports may give the version only on each
		// activity: Canada's activity carries iati-activities:version.
		data := string(MustIATIFile(t, "canada-activity.xml"))
		bare := strings.Replace(data, `<iati-activities version="2.03">`, `<iati-activities>`, 1)
		if bare == data {
			t.Fatal("the root has no version to remove")
		}
		c, err := formats.ReadIATI(strings.NewReader(bare), "canada-activity.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := totalsOf(c), totalsOf(MustReadIATI(t, "canada-activity.xml", nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("totals: got %+v, want %+v", got, want)
		}
	})

	t.Run("ImportFilesKnown", func(t *testing.T) {
		src := []network.Source{{Title: "store", Record: "r"}}
		gac := &network.Actor{ID: "gac", Name: "Global Affairs Canada", Kind: network.Donor,
			Identifiers: []network.Identifier{{Scheme: network.SchemeIATIOrgRef, Value: "CA-3"}}, Sources: src}
		c, err := formats.ImportFilesKnown([]string{filepath.Join("testdata", "iati", "canada-activity.xml")}, []*network.Actor{gac})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(c.Actors), 1; got != want {
			t.Errorf("actors: got %d, want %d (only the receiver is new)", got, want)
		}
		for _, tie := range c.Ties {
			if tie.From != "gac" {
				t.Errorf("tie %s: from %s, want gac", tie.ID, tie.From)
			}
		}
	})

	t.Run("ImportFilesWithKnownActors", func(t *testing.T) {
		dir := t.TempDir()
		nodes := MustWrite(t, filepath.Join(dir, "nodes.csv"), []byte("id,name,kind,identifiers\ngac,Global Affairs Canada,DONOR,IATI_ORG_REF:CA-3\nfcm,Federation of Canadian Municipalities,CIVIL_SOCIETY,\n"))
		edges := MustWrite(t, filepath.Join(dir, "edges.csv"), []byte("source,target,kind\ngac,fcm,PARTNERSHIP\n"))
		c := MustImport(t, nodes, edges, filepath.Join("testdata", "iati", "canada-activity.xml"))
		if got, want := len(c.Actors), 2; got != want {
			t.Errorf("actors: got %d, want %d", got, want)
		}
		if got, want := len(c.Ties), 1+expectedIATI(t, "canada-activity.xml").totals.count; got != want {
			t.Errorf("ties: got %d, want %d", got, want)
		}
	})
}

func TestReadIATIErrors(t *testing.T) {
	canada, err := os.ReadFile("testdata/iati/canada-activity.xml")
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := os.ReadFile("testdata/iati/legacy-undp-sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	worldbank, err := os.ReadFile("testdata/iati/worldbank-activity.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, content, want string
	}{
		{"Legacy", "legacy-undp-sample.xml", string(legacy), `legacy-undp-sample.xml: <iati-activities version=""> (line 2): version "" is not IATI 1.0x or 2.0x`},
		{"Version3", "v3.xml", `<iati-activities version="3.01"><iati-activity/></iati-activities>`, `v3.xml: <iati-activities version="3.01"> (line 1): version "3.01" is not IATI 1.0x or 2.0x`},
		{"ActivityVersion", "av.xml", `<iati-activities><iati-activity version="0.9"><iati-identifier>X-1</iati-identifier></iati-activity></iati-activities>`, `av.xml: <iati-activity> X-1 (line 1): version "0.9" is not IATI 1.0x or 2.0x`},
		{"TooDeep", "deep.xml", `<iati-activities version="2.03"><iati-activity>` + strings.Repeat("<x>", 200) + strings.Repeat("</x>", 200) + `</iati-activity></iati-activities>`, `deep.xml line 1: elements nest deeper than 100 levels`},
		{"DatastoreEmpty", "ds.xml", `<result><ok>True</ok></result>`, `ds.xml: <result> holds no <iati-activities>`},
		{"Malformed", "cut.xml", string(canada[:len(canada)/2]), `cut.xml line `},
		{"BadValue", "bad.xml", strings.Replace(string(canada), ">1664612</value>", ">lots</value>", 1), `transaction 1: value "lots" is not a number`},
		// A transaction whose receiver is inferred is checked like any other.
		{"BadInferredDate", "wb.xml", strings.Replace(string(worldbank), `iso-date="2022-06-30"></transaction-date>`, `iso-date="June 2022"></transaction-date>`, 1), `wb.xml: <iati-activity> 44000-P175662 (line 3) transaction 2: transaction-date "June 2022" is not`},
		{"Empty", "empty.xml", "", `empty.xml: empty file`},
		{"LegacyNoVersion", "legacy.xml", strings.Replace(string(legacy), `version="" `, "", 1), `legacy.xml: <iati-activity> (line 3): no IATI version`},
		{"NoVersion", "nov.xml", `<iati-activities><iati-activity><iati-identifier>X-1</iati-identifier></iati-activity></iati-activities>`, `nov.xml: <iati-activity> X-1 (line 1): no IATI version`},
		{"NotIATI", "rss.xml", `<rss version="2.0"><channel/></rss>`, `rss.xml: <rss> (line 1): root element is not <iati-activities>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := formats.ReadIATI(strings.NewReader(tt.content), tt.file, nil)
			if c != nil {
				t.Errorf("got a change with an error")
			}
			if got, want := network.ErrorCode(err), network.EINVALID; got != want {
				t.Fatalf("code: got %q, want %q (%v)", got, want, err)
			}
			if got := network.ErrorMessage(err); !strings.Contains(got, tt.want) {
				t.Errorf("message:\n got %s\nwant it to contain %s", got, tt.want)
			}
		})
	}
}
