package graph_test

import (
	"math"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

const startJobQuery = `mutation($metric: CentralityMetric!, $network: NetworkSelection, $options: CentralityOptions) {
  startAnalysis(metric: $metric, network: $network, options: $options) { id state progress actors } }`

const jobQuery = `query($id: ID!, $top: Int) { analysisJob(id: $id) {
  id metric state progress elapsedSeconds estimatedSecondsLeft actors error errorCode
  result(top: $top) { count items { rank score actor { id } } method { algorithm exact } } } }`

type jobResp struct {
	ID                   string   `json:"id"`
	Metric               string   `json:"metric"`
	State                string   `json:"state"`
	Progress             float64  `json:"progress"`
	ElapsedSeconds       float64  `json:"elapsedSeconds"`
	EstimatedSecondsLeft *float64 `json:"estimatedSecondsLeft"`
	Actors               int      `json:"actors"`
	Error                *string  `json:"error"`
	ErrorCode            *string  `json:"errorCode"`
	Result               *struct {
		Count  int          `json:"count"`
		Items  []rankedItem `json:"items"`
		Method struct {
			Algorithm string `json:"algorithm"`
			Exact     bool   `json:"exact"`
		} `json:"method"`
	} `json:"result"`
}

// MustPollJob asks for job id until done(job) or the deadline.
func MustPollJob(tb testing.TB, c *client.Client, id string, within time.Duration, done func(jobResp) bool) jobResp {
	tb.Helper()
	return pollJob(tb, c, jobQuery, map[string]any{"id": id, "top": 5}, within, done)
}

// pollJob runs query (an analysisJob query with vars) until done(job) or
// the deadline.
func pollJob[J any](tb testing.TB, c *client.Client, query string, vars map[string]any, within time.Duration, done func(J) bool) J {
	tb.Helper()
	deadline := time.Now().Add(within)
	for {
		var resp struct{ AnalysisJob *J }
		MustQuery(tb, c, &resp, query, vars)
		if resp.AnalysisJob == nil {
			tb.Fatalf("job %v is gone", vars["id"])
		}
		if done(*resp.AnalysisJob) {
			return *resp.AnalysisJob
		}
		if time.Now().After(deadline) {
			tb.Fatalf("job %v after %v: %+v", vars["id"], within, *resp.AnalysisJob)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAnalysisJob(t *testing.T) { forEachStore(t, testAnalysisJob) }

func testAnalysisJob(t *testing.T, open openFunc) {
	store := MustKarateStore(t, open)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	c := client.New(MustAnalyticsHandler(store, a))

	t.Run("OK", func(t *testing.T) {
		var start struct{ StartAnalysis jobResp }
		MustQuery(t, c, &start, startJobQuery, map[string]any{"metric": "BETWEENNESS"})
		if start.StartAnalysis.ID == "" || start.StartAnalysis.Actors != 34 {
			t.Fatalf("startAnalysis = %+v", start.StartAnalysis)
		}
		j := MustPollJob(t, c, start.StartAnalysis.ID, 30*time.Second, func(j jobResp) bool { return j.State != "RUNNING" })
		if j.State != "DONE" || j.Progress != 1 || j.Result == nil || j.EstimatedSecondsLeft != nil {
			t.Fatalf("job = %+v, want DONE with progress 1 and a result", j)
		}
		var sync centralityResp
		MustQuery(t, c, &sync, centralityQuery, map[string]any{"metric": "BETWEENNESS", "top": 5})
		if got, want := itemIDs(j.Result.Items), itemIDs(sync.Centrality.Items); !equalStrings(got, want) {
			t.Errorf("job ranks %v, centrality %v", got, want)
		}
		for i := range j.Result.Items {
			if *j.Result.Items[i].Score != *sync.Centrality.Items[i].Score {
				t.Errorf("item %d: job %v, centrality %v", i, *j.Result.Items[i].Score, *sync.Centrality.Items[i].Score)
			}
		}
		// The same request again is answered from the cache: DONE at once.
		var again struct{ StartAnalysis jobResp }
		MustQuery(t, c, &again, startJobQuery, map[string]any{"metric": "BETWEENNESS"})
		j = MustPollJob(t, c, again.StartAnalysis.ID, 5*time.Second, func(j jobResp) bool { return j.State != "RUNNING" })
		if j.State != "DONE" {
			t.Errorf("second job = %+v", j)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		var resp struct{ AnalysisJob *jobResp }
		MustQuery(t, c, &resp, jobQuery, map[string]any{"id": "nothing"})
		if resp.AnalysisJob != nil {
			t.Errorf("analysisJob(nothing) = %+v, want null", resp.AnalysisJob)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		h := MustAnalyticsHandler(store, a)
		if got, want := MustErrorCode(t, h, startJobQuery, map[string]any{"metric": "BETWEENNESS", "options": map[string]any{"samples": -1}}), "BAD_USER_INPUT"; got != want {
			t.Errorf("negative samples: code %q, want %q", got, want)
		}
	})
}

// MustJobStore is a store of 20,000 generated actors and 60,000 ties: too
// large for exact betweenness in a request, long enough to run as a job that
// can be watched and cancelled.
func MustJobStore(tb testing.TB) network.Store {
	tb.Helper()
	ch, err := synthetic.Generate(synthetic.Options{Actors: 20_000, Ties: 60_000, Seed: 5})
	if err != nil {
		tb.Fatalf("synthetic.Generate: %v", err)
	}
	store := MustOpenStore(tb)
	MustApply(tb, store, ch)
	return store
}

// TestAnalysisJobCancel starts exact betweenness on 20,000 actors, which a
// request refuses as too costly, as a job: it shows progress and an
// estimate while it runs and stops when cancelled.
func TestAnalysisJobCancel(t *testing.T) {
	store := MustJobStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	h := MustAnalyticsHandler(store, a)
	c := client.New(h)

	if got, want := MustErrorCode(t, h, centralityQuery, map[string]any{"metric": "BETWEENNESS"}), "COMPLEXITY_LIMIT_EXCEEDED"; got != want {
		t.Fatalf("synchronous exact betweenness: code %q, want %q", got, want)
	}
	var start struct{ StartAnalysis jobResp }
	MustQuery(t, c, &start, startJobQuery, map[string]any{"metric": "BETWEENNESS"})
	if got := start.StartAnalysis.Actors; got != 20_000 {
		t.Fatalf("job over %d actors, want 20000", got)
	}
	id := start.StartAnalysis.ID
	running := MustPollJob(t, c, id, 60*time.Second, func(j jobResp) bool { return j.Progress > 0 })
	if running.State != "RUNNING" || running.EstimatedSecondsLeft == nil || !(running.Progress < 1) || math.IsNaN(*running.EstimatedSecondsLeft) {
		t.Fatalf("running job = %+v, want RUNNING with some progress and an estimate", running)
	}
	t.Logf("progress %.4f after %.2f s, estimate %.1f s left", running.Progress, running.ElapsedSeconds, *running.EstimatedSecondsLeft)

	var cancel struct{ CancelAnalysis *jobResp }
	at := time.Now()
	MustQuery(t, c, &cancel, `mutation($id: ID!) { cancelAnalysis(id: $id) { state progress } }`, map[string]any{"id": id})
	if cancel.CancelAnalysis == nil || cancel.CancelAnalysis.State != "CANCELLED" {
		t.Fatalf("cancelAnalysis = %+v, want CANCELLED", cancel.CancelAnalysis)
	}
	for a.Stats().Running > 0 {
		if time.Since(at) > 2*time.Second {
			t.Fatalf("%d computations still running %v after cancel", a.Stats().Running, time.Since(at))
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("stopped %v after cancel", time.Since(at))
	j := MustPollJob(t, c, id, time.Second, func(jobResp) bool { return true })
	if j.State != "CANCELLED" || j.Result != nil {
		t.Errorf("job after cancel = %+v", j)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
