package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/storetest"
)

// The keys of the access-control tests.
const (
	writerKey = "w-0123456789abcdef"
	readerKey = "r-fedcba9876543210"
)

// MustKeys parses text with graph.ParseKeys.
func MustKeys(tb testing.TB, text string) *graph.Keys {
	tb.Helper()
	k, err := graph.ParseKeys(text)
	if err != nil {
		tb.Fatalf("ParseKeys: %v", err)
	}
	return k
}

// MustWriteHandler returns the GraphQL handler over s with a writer and a
// reader key.
func MustWriteHandler(tb testing.TB, s network.Store) http.Handler {
	tb.Helper()
	return graph.NewHandler(s, graph.Options{Keys: MustKeys(tb, "writer:"+writerKey+",reader:"+readerKey)})
}

// MustPostAs sends query with vars to h as a POST with header and returns
// the HTTP status and the decoded response.
func MustPostAs(tb testing.TB, h http.Handler, header http.Header, query string, vars map[string]any) (int, rawResponse) {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	if header != nil {
		req.Header = header.Clone()
	}
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var resp rawResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		tb.Fatalf("response is not JSON: %v\n%s", err, w.Body.String())
	}
	resp.Body = w.Body.String()
	return w.Code, resp
}

// bearer returns the header that sends key as a Bearer token.
func bearer(key string) http.Header {
	return http.Header{"Authorization": {"Bearer " + key}}
}

// asWriter returns a client of h that sends the writer key.
func asWriter(h http.Handler) *client.Client {
	return client.New(h, client.AddHeader("Authorization", "Bearer "+writerKey))
}

// MustStats returns what s holds and its data version.
func MustStats(tb testing.TB, s network.Store) (network.Stats, uint64) {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	v, err := s.Version(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st, v
}

// MustReadTestdata returns the text of ../formats/testdata/<name>.
func MustReadTestdata(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "formats", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// importResult is the ImportResult payload as sent.
type importResult struct {
	Actors      int    `json:"actors"`
	Ties        int    `json:"ties"`
	Places      int    `json:"places"`
	DataVersion uint64 `json:"dataVersion"`
}

const importMutation = `mutation($format: ImportFormat!, $data: String!, $name: String) {
  importData(format: $format, data: $data, name: $name) { actors ties places dataVersion }
}`

const upsertActorsMutation = `mutation($actors: [ActorInput!]!) {
  upsertActors(actors: $actors) { actors ties places dataVersion }
}`

const upsertTiesMutation = `mutation($ties: [TieInput!]!) {
  upsertTies(ties: $ties) { actors ties places dataVersion }
}`

// newActor is an ActorInput with one source.
func newActor(id string) map[string]any {
	return map[string]any{"id": id, "name": "Actor " + id, "kind": "CIVIL_SOCIETY",
		"sources": []any{map[string]any{"title": "test", "record": "actor/" + id}}}
}

func TestParseKeys(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		k := MustKeys(t, "writer:w1, reader:r1\n# a comment, writer:nope\n\nreader:r2,")
		for _, tt := range []struct {
			key  string
			role graph.Role
			ok   bool
		}{
			{"w1", graph.RoleWriter, true},
			{"r1", graph.RoleReader, true},
			{"r2", graph.RoleReader, true},
			{"nope", graph.RoleNone, false},
			{"w", graph.RoleNone, false},
			{"w1 ", graph.RoleNone, false},
			{"", graph.RoleNone, false},
		} {
			role, ok := k.Lookup(tt.key)
			if got, want := fmt.Sprint(role, ok), fmt.Sprint(tt.role, tt.ok); got != want {
				t.Errorf("Lookup(%q) = %s, want %s", tt.key, got, want)
			}
		}
		if got, want := k.Len(), 3; got != want {
			t.Errorf("Len = %d, want %d", got, want)
		}
		if !k.Allows(graph.RoleWriter) || !k.Allows(graph.RoleReader) {
			t.Errorf("Allows: a writer key allows writes and reads")
		}
		if r := MustKeys(t, "reader:r1"); r.Allows(graph.RoleWriter) || !r.Allows(graph.RoleReader) {
			t.Errorf("Allows: a reader key allows reads only")
		}
		var none *graph.Keys
		if _, ok := none.Lookup(""); ok || none.Allows(graph.RoleReader) || none.Len() != 0 {
			t.Errorf("nil Keys holds a key")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct{ name, text, want string }{
			{"NoRole", "s3cret-one", "API key 1: want role:key"},
			{"UnknownRole", "reader:a,admin:s3cret-two", `API key 2: role "admin" is not reader or writer`},
			{"EmptyKey", "writer: ", "API key 1: the key is empty"},
			{"Twice", "writer:s3cret-3\nreader:s3cret-3", "API key 2: the same key is given twice"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := graph.ParseKeys(tt.text)
				if got, want := network.ErrorCode(err), network.EINVALID; got != want {
					t.Fatalf("code = %q, want %q (%v)", got, want, err)
				}
				msg := network.ErrorMessage(err)
				if !strings.Contains(msg, tt.want) {
					t.Errorf("message %q lacks %q", msg, tt.want)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("message %q shows the key", msg)
				}
			})
		}
	})
}

func TestAPIKey(t *testing.T) {
	for _, tt := range []struct {
		name   string
		header http.Header
		key    string
		ok     bool
	}{
		{"Bearer", http.Header{"Authorization": {"Bearer abc"}}, "abc", true},
		{"BearerAnyCase", http.Header{"Authorization": {"bearer  abc "}}, "abc", true},
		{"XAPIKey", http.Header{"X-Api-Key": {"abc"}}, "abc", true},
		{"BearerWins", http.Header{"Authorization": {"Bearer abc"}, "X-Api-Key": {"def"}}, "abc", true},
		{"None", http.Header{}, "", true},
		{"Basic", http.Header{"Authorization": {"Basic YTpi"}}, "", false},
		{"EmptyBearer", http.Header{"Authorization": {"Bearer "}}, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			r.Header = tt.header
			key, ok := graph.APIKey(r)
			if got, want := fmt.Sprint(key, ok), fmt.Sprint(tt.key, tt.ok); got != want {
				t.Errorf("APIKey = %s, want %s", got, want)
			}
		})
	}
}

// TestLookupConstantTime checks the source of Keys.Lookup's comparison:
// every configured key is compared with subtle.ConstantTimeCompare, and the
// loop never returns or breaks early, so the time does not depend on which
// key matched.
func TestLookupConstantTime(t *testing.T) {
	body := MustFuncSource(t, "auth.go", "lookup")
	if !strings.Contains(body, "subtle.ConstantTimeCompare(") {
		t.Errorf("lookup does not compare with subtle.ConstantTimeCompare:\n%s", body)
	}
	loop := body[strings.Index(body, "for "):]
	loop = loop[:strings.Index(loop, "\n\t}\n")]
	for _, bad := range []string{"return", "break", "==", "bytes.Equal"} {
		if strings.Contains(loop, bad) {
			t.Errorf("lookup's loop contains %q, which ends or compares early:\n%s", bad, loop)
		}
	}
}

// MustFuncSource returns the text of the function or method name declared
// in file of package graph.
func MustFuncSource(tb testing.TB, file, name string) string {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	src := string(b)
	for _, prefix := range []string{"func " + name + "(", ") " + name + "("} {
		if i := strings.Index(src, prefix); i >= 0 {
			start := strings.LastIndex(src[:i+1], "\nfunc ") + 1
			end := strings.Index(src[start:], "\n}\n")
			return src[start : start+end+3]
		}
	}
	tb.Fatalf("%s declares no %s", file, name)
	return ""
}

func TestMutationAccess(t *testing.T) {
	bothKeys := "writer:" + writerKey + ",reader:" + readerKey
	for _, tt := range []struct {
		name    string
		keys    string
		header  http.Header
		status  int
		code    string // "" when the write succeeds
		message string
	}{
		{"WriterBearer", bothKeys, bearer(writerKey), http.StatusOK, "", ""},
		{"WriterXAPIKey", bothKeys, http.Header{"X-Api-Key": {writerKey}}, http.StatusOK, "", ""},
		{"NoKey", bothKeys, http.Header{}, http.StatusOK, graph.CodeUnauthenticated, "upsertActors needs a writer API key"},
		{"ReaderKey", bothKeys, bearer(readerKey), http.StatusOK, graph.CodeForbidden, "this key has the reader role"},
		{"UnknownKey", bothKeys, bearer(writerKey + "x"), http.StatusUnauthorized, graph.CodeUnauthenticated, "the API key is not known"},
		{"BasicAuth", bothKeys, http.Header{"Authorization": {"Basic " + writerKey}}, http.StatusUnauthorized, graph.CodeUnauthenticated, "Bearer"},
		{"NoKeysConfigured", "", bearer(writerKey), http.StatusOK, graph.CodeForbidden, "the service has no writer API key"},
		{"NoKeysConfiguredNoKey", "", http.Header{}, http.StatusOK, graph.CodeForbidden, "--api-keys writer:KEY"},
		{"OnlyReaderKeys", "reader:" + readerKey, bearer(readerKey), http.StatusOK, graph.CodeForbidden, "the service has no writer API key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustFixtureStore(t)
			before, vBefore := MustStats(t, s)
			h := graph.NewHandler(s, graph.Options{Keys: MustKeys(t, tt.keys)})
			status, resp := MustPostAs(t, h, tt.header, upsertActorsMutation, map[string]any{"actors": []any{newActor("new-actor")}})
			if got, want := status, tt.status; got != want {
				t.Errorf("status = %d, want %d: %s", got, want, resp.Body)
			}
			after, vAfter := MustStats(t, s)
			if tt.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("errors: %s", resp.Body)
				}
				if got, want := after.Actors, before.Actors+1; got != want {
					t.Errorf("actors = %d after the write, want %d", got, want)
				}
				return
			}
			if len(resp.Errors) != 1 {
				t.Fatalf("want one error, got %s", resp.Body)
			}
			if got, want := resp.Errors[0].Code(), tt.code; got != want {
				t.Errorf("code = %q, want %q: %s", got, want, resp.Body)
			}
			if !strings.Contains(resp.Errors[0].Message, tt.message) {
				t.Errorf("message %q lacks %q", resp.Errors[0].Message, tt.message)
			}
			if after != before || vAfter != vBefore {
				t.Errorf("a refused write changed the store: %+v v%d -> %+v v%d", before, vBefore, after, vAfter)
			}
		})
	}
	t.Run("NoDirectiveNoWrite", func(t *testing.T) {
		// A schema built without the directive refuses every mutation.
		s := MustFixtureStore(t)
		c := client.New(graph.NewHandler(s, graph.Options{}), client.AddHeader("Authorization", "Bearer "+writerKey))
		var resp struct{}
		if err := c.Post(upsertActorsMutation, &resp, client.Var("actors", []any{newActor("x")})); err == nil {
			t.Errorf("a write went through a handler without keys")
		}
	})
}

func TestPrivate(t *testing.T) {
	const query = `{ networkStats { actors } }`
	for _, tt := range []struct {
		name    string
		private bool
		header  http.Header
		status  int
		code    string
	}{
		{"PublicNoKey", false, http.Header{}, http.StatusOK, ""},
		{"PublicReader", false, bearer(readerKey), http.StatusOK, ""},
		{"PrivateNoKey", true, http.Header{}, http.StatusUnauthorized, graph.CodeUnauthenticated},
		{"PrivateUnknownKey", true, bearer("nope"), http.StatusUnauthorized, graph.CodeUnauthenticated},
		{"PrivateReader", true, bearer(readerKey), http.StatusOK, ""},
		{"PrivateWriter", true, bearer(writerKey), http.StatusOK, ""},
		{"PrivateXAPIKey", true, http.Header{"X-Api-Key": {readerKey}}, http.StatusOK, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustFixtureStore(t)
			h := graph.NewHandler(s, graph.Options{Keys: MustKeys(t, "writer:"+writerKey+",reader:"+readerKey), Private: tt.private})
			status, resp := MustPostAs(t, h, tt.header, query, nil)
			if got, want := status, tt.status; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
			if tt.code == "" {
				var data struct{ NetworkStats struct{ Actors int } }
				if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil {
					t.Fatalf("read refused: %s", resp.Body)
				}
				if got, want := data.NetworkStats.Actors, len(storetest.Fixture().Actors); got != want {
					t.Errorf("actors = %d, want %d", got, want)
				}
				return
			}
			if len(resp.Errors) != 1 || resp.Errors[0].Code() != tt.code || len(resp.Data) > 0 && string(resp.Data) != "null" {
				t.Errorf("want only an error %s, got %s", tt.code, resp.Body)
			}
		})
	}
}

func TestImportData(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		karate := MustReadTestdata(t, "karate.graphml")
		fixture := storetest.Fixture()
		t.Run("OK", func(t *testing.T) {
			s := MustFixture(t, open)
			_, vBefore := MustStats(t, s)
			c := asWriter(MustWriteHandler(t, s))
			var resp struct{ ImportData importResult }
			MustQuery(t, c, &resp, importMutation, map[string]any{"format": "GRAPHML", "data": karate, "name": "karate.graphml"})
			_, v := MustStats(t, s)
			if got, want := resp.ImportData, (importResult{Actors: 34, Ties: 78, DataVersion: v}); got != want {
				t.Errorf("importData = %+v, want %+v", got, want)
			}
			if v <= vBefore {
				t.Errorf("data version %d did not rise from %d", v, vBefore)
			}
			var count struct{ Actors struct{ TotalCount int } }
			MustQuery(t, c, &count, `{ actors { totalCount } }`, nil)
			if got, want := count.Actors.TotalCount, 34+len(fixture.Actors); got != want {
				t.Errorf("actors { totalCount } = %d, want %d", got, want)
			}
			// The sources cite the file name given.
			var actor struct {
				Actor struct {
					Sources []struct{ Title, Record string }
				}
			}
			MustQuery(t, c, &actor, `{ actor(id: "33") { sources { title record } } }`, nil)
			if got, want := fmt.Sprint(actor.Actor.Sources), "[{karate.graphml node 33}]"; got != want {
				t.Errorf("sources of actor 33 = %s, want %s", got, want)
			}
			// Importing the same file again upserts the same actors and ties.
			MustQuery(t, c, &resp, importMutation, map[string]any{"format": "GRAPHML", "data": karate})
			if st, _ := MustStats(t, s); st.Actors != 34+len(fixture.Actors) || st.Ties != 78+len(fixture.Ties) {
				t.Errorf("re-import changed the counts: %+v", st)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			// Break the weight of the 5th edge: the error names the line of
			// its <edge> element.
			lines := strings.Split(karate, "\n")
			edge, seen := 0, 0
			for i, l := range lines {
				if strings.Contains(l, "<edge ") {
					if seen++; seen == 5 {
						edge = i
						lines[i+1] = `      <data key="d2">-3</data>`
						break
					}
				}
			}
			edges := "source,target,kind\necowas,wanep,MOU\nwanep,ecowas,FRIENDSHIP\n"
			for _, tt := range []struct {
				name, format, data string
				want               []string
			}{
				{"GraphML", "GRAPHML", strings.Join(lines, "\n"), []string{"bad.graphml", fmt.Sprintf("(line %d)", edge+1), "weight"}},
				{"CSV", "CSV_EDGES", edges, []string{"bad.csv line 3", "kind", "FRIENDSHIP"}},
				{"NodeLink", "NODE_LINK_JSON", `{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"source":"a","target":"b","weight":0}]}`, []string{"bad.json", "edges[0]", "weight"}},
				{"NotXML", "IATI_XML", "<iati-activities version=\"2.03\">\n<iati-activity>\n", []string{"bad.xml"}},
				{"WrongRoot", "IATI_XML", karate, []string{"bad.xml", "graphml"}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					s := MustFixture(t, open)
					before, vBefore := MustStats(t, s)
					_, resp := MustPostAs(t, MustWriteHandler(t, s), bearer(writerKey), importMutation,
						map[string]any{"format": tt.format, "data": tt.data, "name": "dir/bad" + map[string]string{
							"GRAPHML": ".graphml", "CSV_EDGES": ".csv", "NODE_LINK_JSON": ".json", "IATI_XML": ".xml"}[tt.format]})
					if len(resp.Errors) != 1 {
						t.Fatalf("want one error, got %s", resp.Body)
					}
					if got, want := resp.Errors[0].Code(), graph.CodeBadUserInput; got != want {
						t.Errorf("code = %q, want %q: %s", got, want, resp.Body)
					}
					for _, w := range tt.want {
						if !strings.Contains(resp.Errors[0].Message, w) {
							t.Errorf("message %q lacks %q", resp.Errors[0].Message, w)
						}
					}
					if after, vAfter := MustStats(t, s); after != before || vAfter != vBefore {
						t.Errorf("a refused import changed the store: %+v v%d -> %+v v%d", before, vBefore, after, vAfter)
					}
				})
			}
		})
	})
}

// iatiFile is an IATI activity file reported by the fixture's Peacebuilding
// Fund (IATI ref XM-FIXTURE-PBF): one disbursement to WANEP, named without
// a ref, and one to an organisation the store does not hold.
const iatiFile = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-FIXTURE-PBF-001</iati-identifier>
  <reporting-org ref="XM-FIXTURE-PBF" type="40"><narrative>Peacebuilding Fund</narrative></reporting-org>
  <title><narrative>Early warning in West Africa</narrative></title>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2023-05-02"/>
   <value>250000</value>
   <receiver-org><narrative>West Africa Network for Peacebuilding</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2023-06-10"/>
   <value>50000</value>
   <receiver-org ref="XM-NEW-1" type="22"><narrative>New Partner</narrative></receiver-org>
  </transaction>
 </iati-activity>
</iati-activities>
`

func TestImportIATI(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		s := MustFixture(t, open)
		c := asWriter(MustWriteHandler(t, s))
		var resp struct{ ImportData importResult }
		MustQuery(t, c, &resp, importMutation, map[string]any{"format": "IATI_XML", "data": iatiFile, "name": "pbf.xml"})
		if got, want := [2]int{resp.ImportData.Actors, resp.ImportData.Ties}, [2]int{1, 2}; got != want {
			t.Errorf("importData wrote %d actors and %d ties, want %d and %d", got[0], got[1], want[0], want[1])
		}
		var ties struct {
			Ties struct {
				Nodes []struct {
					ID, Kind string
					From, To struct{ ID string }
					Funding  struct {
						Amount   float64
						Currency string
					}
				}
			}
		}
		MustQuery(t, c, &ties, `{ ties(filter: {kinds: [FUNDING], actor: "pbf", direction: OUT}) {
		  nodes { id kind from { id } to { id } funding { amount currency } } } }`, nil)
		var got []string
		for _, n := range ties.Ties.Nodes {
			if strings.HasPrefix(n.ID, "iati:") {
				got = append(got, fmt.Sprintf("%s %s->%s %v %s", n.ID, n.From.ID, n.To.ID, n.Funding.Amount, n.Funding.Currency))
			}
		}
		slices.Sort(got)
		// WANEP is matched by name to the stored actor; the new partner is
		// a new actor named for its ref.
		want := []string{
			"iati:XM-FIXTURE-PBF-001#1 pbf->wanep 250000 USD",
			"iati:XM-FIXTURE-PBF-001#2 pbf->iati-org:XM-NEW-1 50000 USD",
		}
		if !slices.Equal(got, want) {
			t.Errorf("IATI ties =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if st, _ := MustStats(t, s); st.Actors != len(storetest.Fixture().Actors)+1 {
			t.Errorf("actors = %d, want the fixture's and one new", st.Actors)
		}
	})
}

func TestUpsert(t *testing.T) {
	forEachStore(t, func(t *testing.T, open openFunc) {
		t.Run("OK", func(t *testing.T) {
			s := MustFixture(t, open)
			c := asWriter(MustWriteHandler(t, s))
			a := newActor("new-actor")
			a["acronym"], a["scope"], a["countries"] = "NA", "LOCAL", []string{"ML"}
			a["identifiers"] = []any{map[string]any{"scheme": "IATI_ORG_REF", "value": "XM-NA"}}
			var ra struct{ UpsertActors importResult }
			MustQuery(t, c, &ra, upsertActorsMutation, map[string]any{"actors": []any{a}})
			if got, want := ra.UpsertActors.Actors, 1; got != want {
				t.Errorf("actors written = %d, want %d", got, want)
			}
			tie := map[string]any{"id": "new-funding", "kind": "FUNDING", "from": "sweden", "to": "new-actor",
				"since": "2024-02", "funding": map[string]any{"amount": 1000, "currency": "SEK", "transactionType": "3",
					"sectors": []any{map[string]any{"code": "15220", "percentage": 100}}},
				"sources": []any{map[string]any{"title": "test", "passage": "Sweden funds the new actor."}}}
			var rt struct{ UpsertTies importResult }
			MustQuery(t, c, &rt, upsertTiesMutation, map[string]any{"ties": []any{tie}})
			_, v := MustStats(t, s)
			if got, want := rt.UpsertTies, (importResult{Ties: 1, DataVersion: v}); got != want {
				t.Errorf("upsertTies = %+v, want %+v", got, want)
			}
			got, err := s.Actor(context.Background(), "new-actor")
			if err != nil {
				t.Fatal(err)
			}
			if got.Acronym != "NA" || got.Scope != network.Local || got.Identifier(network.SchemeIATIOrgRef) != "XM-NA" || got.Imported {
				t.Errorf("stored actor = %+v", got)
			}
			ties, _, err := s.Ties(context.Background(), network.TieQuery{Filter: network.TieFilter{IDs: []string{"new-funding"}}})
			if err != nil || len(ties) != 1 {
				t.Fatalf("Ties: %v %v", ties, err)
			}
			if tt := ties[0]; tt.Weight != 1 || tt.Since != "2024-02" || tt.Funding == nil || tt.Funding.Amount != 1000 || tt.Funding.Sectors[0].Code != "15220" {
				t.Errorf("stored tie = %+v %+v", tt, tt.Funding)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			noSource := newActor("no-source")
			noSource["sources"] = []any{}
			for _, tt := range []struct {
				name, query string
				vars        map[string]any
				want        string
			}{
				{"ActorWithoutSource", upsertActorsMutation, map[string]any{"actors": []any{newActor("fine"), noSource}},
					`actors[1] (id "no-source"): sources is empty`},
				{"SourceWithoutRecord", upsertActorsMutation, map[string]any{"actors": []any{newActor("fine"), map[string]any{"id": "x", "name": "X", "kind": "DONOR",
					"sources": []any{map[string]any{"title": "t"}}}}}, `actors[1] (id "x"): sources[0] has neither a passage nor a record`},
				{"TieUnknownActor", upsertTiesMutation, map[string]any{"ties": []any{map[string]any{"id": "t-new", "kind": "MOU", "from": "ecowas", "to": "nobody",
					"sources": []any{map[string]any{"title": "t", "record": "r"}}}}}, `ties[0] (id "t-new"): to "nobody" is not a known actor`},
				{"TieWithoutSource", upsertTiesMutation, map[string]any{"ties": []any{map[string]any{"id": "t-new", "kind": "MOU", "from": "ecowas", "to": "wanep",
					"sources": []any{}}}}, `ties[0] (id "t-new"): sources is empty`},
				{"TieBadWeight", upsertTiesMutation, map[string]any{"ties": []any{map[string]any{"id": "t-new", "kind": "MOU", "from": "ecowas", "to": "wanep",
					"weight": -1, "sources": []any{map[string]any{"title": "t", "record": "r"}}}}}, `ties[0] (id "t-new"): weight -1 is not a positive number`},
			} {
				t.Run(tt.name, func(t *testing.T) {
					s := MustFixture(t, open)
					before, vBefore := MustStats(t, s)
					_, resp := MustPostAs(t, MustWriteHandler(t, s), bearer(writerKey), tt.query, tt.vars)
					if len(resp.Errors) != 1 {
						t.Fatalf("want one error, got %s", resp.Body)
					}
					if got, want := resp.Errors[0].Code(), graph.CodeBadUserInput; got != want {
						t.Errorf("code = %q, want %q", got, want)
					}
					if !strings.Contains(resp.Errors[0].Message, tt.want) {
						t.Errorf("message %q lacks %q", resp.Errors[0].Message, tt.want)
					}
					if after, vAfter := MustStats(t, s); after != before || vAfter != vBefore {
						t.Errorf("a refused write changed the store: %+v v%d -> %+v v%d", before, vBefore, after, vAfter)
					}
				})
			}
		})
	})
}
