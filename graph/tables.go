package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

// Tables serves analytics results as CSV files, for pandas
// (pd.read_csv(url)), R (read.csv(url)) and spreadsheets:
//
//	GET /export/centrality.csv?metric=BETWEENNESS   rank, id, name, acronym, kind, score, then the method
//	GET /export/communities.csv?algorithm=LOUVAIN   community, size, id, then the method
//
// Both take the network selection as parameters (tieKinds, actorKinds and
// regions comma-separated; asOf; directed; weight) and top (1..1000, default
// 1000). centrality also takes samples, seed, normalized and endpoints;
// communities resolution, seed and restarts. Each request is answered by
// running the equivalent GraphQL query through api, so keys, limits,
// timeouts and the analytics cache are the endpoint's own. An error is the
// GraphQL error response (JSON) with the HTTP status of its code.
func Tables(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /export/centrality.csv", table{api: api, query: centralityTableQuery, build: centralityTable,
		params: map[string]string{"metric": "metric", "samples": "o.samples", "seed": "o.seed", "normalized": "o.normalized", "endpoints": "o.endpoints"}})
	mux.Handle("GET /export/communities.csv", table{api: api, query: communitiesTableQuery, build: communitiesTable,
		params: map[string]string{"algorithm": "algorithm", "resolution": "resolution", "seed": "seed", "restarts": "restarts"}})
	return mux
}

const centralityTableQuery = `query($metric: CentralityMetric!, $top: Int, $n: NetworkSelection, $o: CentralityOptions) {
  centrality(metric: $metric, top: $top, network: $n, options: $o) {
    items { rank score actor { id name acronym kind } }
    method { algorithm normalization weight directed exact samples seed dataVersion } } }`

const communitiesTableQuery = `query($algorithm: CommunityAlgorithm, $resolution: Float, $seed: Int, $restarts: Int, $top: Int, $n: NetworkSelection) {
  communities(algorithm: $algorithm, resolution: $resolution, seed: $seed, restarts: $restarts, top: $top, network: $n) {
    communities { size actorIds }
    method { algorithm normalization weight directed exact samples seed dataVersion } } }`

// tableMethod is the method part of a table's query, written as the last
// columns of every row.
type tableMethod struct {
	Algorithm, Normalization, Weight string
	Directed, Exact                  bool
	Samples, Seed                    int
	DataVersion                      uint64
}

var tableMethodColumns = []string{"algorithm", "normalization", "weight", "directed", "exact", "samples", "seed", "data_version"}

func (m tableMethod) cells() []string {
	return []string{m.Algorithm, m.Normalization, m.Weight, strconv.FormatBool(m.Directed), strconv.FormatBool(m.Exact),
		strconv.Itoa(m.Samples), strconv.Itoa(m.Seed), strconv.FormatUint(m.DataVersion, 10)}
}

func centralityTable(data json.RawMessage) ([]string, [][]string, error) {
	var d struct {
		Centrality struct {
			Items []struct {
				Rank  int
				Score *float64
				Actor struct{ ID, Name, Acronym, Kind string }
			}
			Method tableMethod
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, nil, err
	}
	header := append([]string{"rank", "id", "name", "acronym", "kind", "score"}, tableMethodColumns...)
	var rows [][]string
	for _, it := range d.Centrality.Items {
		score := "" // null: the metric is not defined for the actor
		if it.Score != nil {
			score = strconv.FormatFloat(*it.Score, 'g', -1, 64)
		}
		rows = append(rows, append([]string{strconv.Itoa(it.Rank), it.Actor.ID, it.Actor.Name, it.Actor.Acronym, it.Actor.Kind, score}, d.Centrality.Method.cells()...))
	}
	return header, rows, nil
}

func communitiesTable(data json.RawMessage) ([]string, [][]string, error) {
	var d struct {
		Communities struct {
			Communities []struct {
				Size     int
				ActorIDs []string `json:"actorIds"`
			}
			Method tableMethod
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, nil, err
	}
	header := append([]string{"community", "size", "id"}, tableMethodColumns...)
	var rows [][]string
	for k, c := range d.Communities.Communities {
		for _, id := range c.ActorIDs {
			rows = append(rows, append([]string{strconv.Itoa(k), strconv.Itoa(c.Size), id}, d.Communities.Method.cells()...))
		}
	}
	return header, rows, nil
}

// table is one CSV route: its GraphQL query, the parameters it takes besides
// the selection and top (name -> variable, "o.x" for field x of $o), and how
// the answer becomes rows.
type table struct {
	api    http.Handler
	query  string
	params map[string]string
	build  func(data json.RawMessage) ([]string, [][]string, error)
}

func (t table) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	vars, err := t.variables(r.URL.Query())
	if err != nil {
		writeTableError(w, err)
		return
	}
	body, err := json.Marshal(map[string]any{"query": t.query, "variables": vars})
	if err != nil {
		writeTableError(w, err)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		writeTableError(w, err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	for _, h := range []string{"Authorization", "X-API-Key"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	resp := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	t.api.ServeHTTP(resp, req)
	var answer struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(resp.body.Bytes(), &answer); err != nil || len(answer.Errors) > 0 || resp.status != http.StatusOK {
		status := resp.status
		if status == http.StatusOK {
			status = http.StatusInternalServerError
			if len(answer.Errors) > 0 {
				status = HTTPStatus(answer.Errors[0].Extensions.Code)
			}
		}
		w.Header().Set("Content-Type", resp.header.Get("Content-Type"))
		for _, h := range []string{"Retry-After", "WWW-Authenticate"} {
			if v := resp.header.Get(h); v != "" {
				w.Header().Set(h, v)
			}
		}
		w.WriteHeader(status)
		_, _ = w.Write(resp.body.Bytes())
		return
	}
	header, rows, err := t.build(answer.Data)
	if err != nil {
		writeTableError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	_ = formats.WriteTable(w, header, rows) // a failed write is the client gone
}

// variables reads the query parameters of a table request into GraphQL
// variables. EINVALID naming an unknown parameter or a bad value.
func (t table) variables(q url.Values) (map[string]any, error) {
	vars := map[string]any{}
	sel := map[string]any{}
	opts := map[string]any{}
	for name, values := range q {
		if len(values) != 1 {
			return nil, network.Errorf(network.EINVALID, "parameter %s is given %d times", name, len(values))
		}
		v := values[0]
		switch name {
		case "tieKinds", "actorKinds", "regions":
			sel[name] = strings.Split(v, ",")
		case "asOf", "weight":
			sel[name] = v
		case "directed":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, network.Errorf(network.EINVALID, "parameter directed: %q is not true or false", v)
			}
			sel[name] = b
		case "top":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, network.Errorf(network.EINVALID, "parameter top: %q is not a whole number", v)
			}
			vars["top"] = n
		default:
			target, ok := t.params[name]
			if !ok {
				return nil, network.Errorf(network.EINVALID, "unknown parameter %q", name)
			}
			val := any(v)
			switch name {
			case "samples", "seed", "restarts":
				n, err := strconv.Atoi(v)
				if err != nil {
					return nil, network.Errorf(network.EINVALID, "parameter %s: %q is not a whole number", name, v)
				}
				val = n
			case "resolution":
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil, network.Errorf(network.EINVALID, "parameter %s: %q is not a number", name, v)
				}
				val = f
			case "normalized", "endpoints":
				b, err := strconv.ParseBool(v)
				if err != nil {
					return nil, network.Errorf(network.EINVALID, "parameter %s: %q is not true or false", name, v)
				}
				val = b
			}
			if field, ok := strings.CutPrefix(target, "o."); ok {
				opts[field] = val
			} else {
				vars[target] = val
			}
		}
	}
	if _, ok := vars["top"]; !ok {
		vars["top"] = MaxTop
	}
	if len(sel) > 0 {
		vars["n"] = sel
	}
	if len(opts) > 0 {
		vars["o"] = opts
	}
	return vars, nil
}

// writeTableError answers a table request that never reached the endpoint
// with the GraphQL error shape, as the endpoint would.
func writeTableError(w http.ResponseWriter, err error) {
	code, msg := ExtensionCode(network.ErrorCode(err)), network.ErrorMessage(err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(HTTPStatus(code))
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]string{"code": code}}}})
}

// bufferedResponse keeps what the endpoint writes for one table request.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
