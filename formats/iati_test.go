package formats_test

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

// MustReadIATI reads testdata/iati/<file> with formats.ReadIATI.
func MustReadIATI(tb testing.TB, file string, known []*network.Actor) *network.Change {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "iati", file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	c, err := formats.ReadIATI(f, file, known)
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

// expectedTotals walks an IATI file token by token, without the reader,
// and totals the transactions that the documented rules turn into ties: a
// provider and a receiver both named (the reporting org standing in as
// provider of outgoing types 2, 3, 4, 7 and receiver of incoming types 1,
// 11), and not the same organisation.
func expectedTotals(tb testing.TB, file string) flowTotals {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "iati", file))
	if err != nil {
		tb.Fatal(err)
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToUpper(r)
			}
			return -1
		}, s)
	}
	tot := flowTotals{sums: map[string]float64{}}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	var (
		defCurrency, reporting   string
		path                     []string
		typ, value, cur          string
		provider, receiver       string
		providerSet, receiverSet bool
		text                     strings.Builder
	)
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
			case "iati-activity":
				defCurrency = attr("default-currency")
			case "reporting-org":
				reporting = norm(attr("ref"))
			case "transaction":
				typ, value, cur, provider, receiver = "", "", "", "", ""
				providerSet, receiverSet = false, false
			case "transaction-type":
				typ = attr("code")
			case "value":
				cur = attr("currency")
			case "provider-org":
				provider, providerSet = norm(attr("ref")), attr("ref") != ""
			case "receiver-org":
				receiver, receiverSet = norm(attr("ref")), attr("ref") != ""
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			parent := ""
			if len(path) > 1 {
				parent = path[len(path)-2]
			}
			switch {
			case tok.Name.Local == "value" && parent == "transaction":
				value = strings.TrimSpace(text.String())
			case tok.Name.Local == "narrative" && parent == "provider-org" && strings.TrimSpace(text.String()) != "":
				providerSet = true
				if provider == "" {
					provider = "name:" + strings.TrimSpace(text.String())
				}
			case tok.Name.Local == "narrative" && parent == "receiver-org" && strings.TrimSpace(text.String()) != "":
				receiverSet = true
				if receiver == "" {
					receiver = "name:" + strings.TrimSpace(text.String())
				}
			case tok.Name.Local == "transaction":
				switch typ {
				case "1", "11":
					if !receiverSet {
						receiver, receiverSet = reporting, true
					}
				case "2", "3", "4", "7":
					if !providerSet {
						provider, providerSet = reporting, true
					}
				default:
					providerSet = false
				}
				if providerSet && receiverSet && provider != receiver {
					if cur == "" {
						cur = defCurrency
					}
					v, err := strconv.ParseFloat(value, 64)
					if err != nil {
						tb.Fatalf("value %q: %v", value, err)
					}
					tot.count++
					tot.sums[typ+" "+cur] += v
				}
			}
			path = path[:len(path)-1]
		}
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
		"fcdo-activity.xml", "unops-at-activity.xml", "worldbank-activity.xml"}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			c := MustReadIATI(t, file, nil)
			if got, want := totalsOf(c), expectedTotals(t, file); !reflect.DeepEqual(got, want) {
				t.Errorf("totals: got %+v, want %+v", got, want)
			}
			for _, tie := range c.Ties {
				if tie.Kind != network.Funding || tie.Funding == nil || tie.Funding.ActivityID == "" {
					t.Errorf("tie %s: got %+v", tie.ID, tie)
				}
				if !strings.HasPrefix(tie.ID, "iati:"+tie.Funding.ActivityID+"#") {
					t.Errorf("tie id %q does not derive from activity %q", tie.ID, tie.Funding.ActivityID)
				}
				if got, want := tie.Sources[0].Title, "IATI activity file "+file; got != want {
					t.Errorf("source title: got %q, want %q", got, want)
				}
			}
			// A re-import gives the same ties, so that it upserts them.
			again := MustReadIATI(t, file, nil)
			_, t1 := facts(c)
			_, t2 := facts(again)
			if !reflect.DeepEqual(t1, t2) {
				t.Errorf("a re-import gives other ties")
			}
		})
	}

	t.Run("Canada", func(t *testing.T) {
		c := MustReadIATI(t, "canada-activity.xml", nil)
		if got, want := len(c.Ties), expectedTotals(t, "canada-activity.xml").count; got != want || got == 0 {
			t.Fatalf("ties: got %d, want %d", got, want)
		}
		tie := tieByID(c, "iati:CA-3-D002451001#1")
		if tie == nil {
			t.Fatal("no tie for transaction 1")
		}
		want := &network.FundingFlow{Amount: 1664612, Currency: "CAD", Date: "2016-03-02", TransactionType: "3",
			Sectors: []network.SectorShare{{Code: "15112", Percentage: 48.48}, {Code: "15150", Percentage: 5},
				{Code: "25010", Percentage: 40}, {Code: "32130", Percentage: 5}, {Code: "41010", Percentage: 1.52}},
			ActivityID: "CA-3-D002451001"}
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
		if got, want := len(c.Ties), 1+expectedTotals(t, "canada-activity.xml").count; got != want {
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
	tests := []struct {
		name, file, content, want string
	}{
		{"Legacy", "legacy-undp-sample.xml", string(legacy), `legacy-undp-sample.xml: <iati-activities version=""> (line 2): version "" is not IATI 2.0x`},
		{"Version1", "v1.xml", `<iati-activities version="1.05"><iati-activity/></iati-activities>`, `v1.xml: <iati-activities version="1.05"> (line 1): version "1.05" is not IATI 2.0x`},
		{"Malformed", "cut.xml", string(canada[:len(canada)/2]), `cut.xml line `},
		{"BadValue", "bad.xml", strings.Replace(string(canada), ">1664612</value>", ">lots</value>", 1), `transaction 1: value "lots" is not a number`},
		{"NoCurrency", "nocur.xml", `<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier><reporting-org ref="X"><narrative>X</narrative></reporting-org><transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/><value>5</value><receiver-org ref="Y"/></transaction></iati-activity></iati-activities>`, `nocur.xml: <iati-activity> X-1 (line 1) transaction 1: value has no currency`},
		{"Empty", "empty.xml", "", `empty.xml: empty file`},
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
