package graph_test

import (
	"context"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
)

const startCommunityJobQuery = `mutation($network: NetworkSelection, $algorithm: CommunityAlgorithm, $restarts: Int) {
  startCommunityAnalysis(network: $network, algorithm: $algorithm, restarts: $restarts) {
    id kind metric algorithm state progress progressReported actors } }`

const communityJobQuery = `query($id: ID!) { analysisJob(id: $id) {
  id kind metric algorithm state progress progressReported estimatedSecondsLeft error errorCode
  result { count }
  communities(top: 3) { count modularity communities { size actorIds } method { algorithm } } } }`

const communitiesQuery = `query($algorithm: CommunityAlgorithm, $restarts: Int) {
  communities(algorithm: $algorithm, restarts: $restarts, top: 3) { count modularity communities { size actorIds } method { algorithm } } }`

type communitiesAnswer struct {
	Count       int     `json:"count"`
	Modularity  float64 `json:"modularity"`
	Communities []struct {
		Size     int      `json:"size"`
		ActorIds []string `json:"actorIds"`
	} `json:"communities"`
	Method struct {
		Algorithm string `json:"algorithm"`
	} `json:"method"`
}

type communityJobResp struct {
	ID                   string               `json:"id"`
	Kind                 string               `json:"kind"`
	Metric               *string              `json:"metric"`
	Algorithm            *string              `json:"algorithm"`
	State                string               `json:"state"`
	Progress             float64              `json:"progress"`
	ProgressReported     bool                 `json:"progressReported"`
	EstimatedSecondsLeft *float64             `json:"estimatedSecondsLeft"`
	Actors               int                  `json:"actors"`
	Error                *string              `json:"error"`
	ErrorCode            *string              `json:"errorCode"`
	Result               *struct{ Count int } `json:"result"`
	Communities          *communitiesAnswer   `json:"communities"`
}

// MustStartCommunityJob starts a communities job with vars.
func MustStartCommunityJob(tb testing.TB, c *client.Client, vars map[string]any) communityJobResp {
	tb.Helper()
	var resp struct{ StartCommunityAnalysis communityJobResp }
	MustQuery(tb, c, &resp, startCommunityJobQuery, vars)
	if resp.StartCommunityAnalysis.ID == "" {
		tb.Fatalf("startCommunityAnalysis = %+v", resp.StartCommunityAnalysis)
	}
	return resp.StartCommunityAnalysis
}

// MustPollCommunityJob asks for job id until done(job) or the deadline.
func MustPollCommunityJob(tb testing.TB, c *client.Client, id string, within time.Duration, done func(communityJobResp) bool) communityJobResp {
	tb.Helper()
	return pollJob(tb, c, communityJobQuery, map[string]any{"id": id}, within, done)
}

func finished(j communityJobResp) bool { return j.State != "RUNNING" }

func TestCommunityJob(t *testing.T) { forEachStore(t, testCommunityJob) }

func testCommunityJob(t *testing.T, open openFunc) {
	store := MustKarateStore(t, open)
	for _, algo := range []string{"LOUVAIN", "LEIDEN", "LABEL_PROPAGATION"} {
		t.Run("OK/"+algo, func(t *testing.T) {
			a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
			c := client.New(MustAnalyticsHandler(store, a))
			start := MustStartCommunityJob(t, c, map[string]any{"algorithm": algo})
			if start.Kind != "COMMUNITIES" || start.Metric != nil || start.Algorithm == nil || *start.Algorithm != algo || start.Actors != 34 {
				t.Fatalf("startCommunityAnalysis = %+v", start)
			}
			// Ten restarts on a small network report their progress; label
			// propagation reports none.
			if got, want := start.ProgressReported, algo != "LABEL_PROPAGATION"; got != want {
				t.Errorf("progressReported = %t, want %t", got, want)
			}
			j := MustPollCommunityJob(t, c, start.ID, 30*time.Second, finished)
			if j.State != "DONE" || j.Progress != 1 || j.Communities == nil || j.Result != nil || j.EstimatedSecondsLeft != nil {
				t.Fatalf("job = %+v, want DONE with progress 1, communities and no ranking", j)
			}
			computed := a.Stats().Computations
			var sync struct{ Communities communitiesAnswer }
			MustQuery(t, c, &sync, communitiesQuery, map[string]any{"algorithm": algo})
			if got := a.Stats().Computations; got != computed {
				t.Errorf("the communities query after the job computed again (%d computations, %d before)", got, computed)
			}
			got, want := *j.Communities, sync.Communities
			if got.Count != want.Count || got.Modularity != want.Modularity || got.Method.Algorithm != want.Method.Algorithm || len(got.Communities) != len(want.Communities) {
				t.Fatalf("job: %+v; communities query: %+v", got, want)
			}
			for i := range got.Communities {
				if !equalStrings(got.Communities[i].ActorIds, want.Communities[i].ActorIds) {
					t.Errorf("community %d: job %v, query %v", i, got.Communities[i].ActorIds, want.Communities[i].ActorIds)
				}
			}
			if want.Count < 2 || !(want.Modularity > 0.3) {
				t.Errorf("karate club: %d communities, modularity %v", want.Count, want.Modularity)
			}
		})
	}

	t.Run("OK/OneRunReportsNoProgress", func(t *testing.T) {
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		c := client.New(MustAnalyticsHandler(store, a))
		start := MustStartCommunityJob(t, c, map[string]any{"restarts": 1})
		if start.ProgressReported {
			t.Errorf("one Louvain run: progressReported true")
		}
		if j := MustPollCommunityJob(t, c, start.ID, 30*time.Second, finished); j.State != "DONE" || j.Progress != 1 {
			t.Errorf("job = %+v, want DONE with progress 1", j)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		h := MustAnalyticsHandler(store, a)
		if got, want := MustErrorCode(t, h, startCommunityJobQuery, map[string]any{"restarts": 0}), "BAD_USER_INPUT"; got != want {
			t.Errorf("restarts 0: code %q, want %q", got, want)
		}
	})
}

// TestCommunityJobCancel runs many Louvain restarts on 20,000 actors as a
// job: it shows progress while it runs, stops when cancelled, counts
// against the jobs that may run at once with the centrality jobs, and is
// cancelled when the service shuts down.
func TestCommunityJobCancel(t *testing.T) {
	store := MustJobStore(t)
	shutdown, stop := context.WithCancel(context.Background())
	defer stop()
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{MaxJobs: 1, Done: shutdown})
	h := MustAnalyticsHandler(store, a)
	c := client.New(h)
	many := map[string]any{"restarts": graph.MaxRestarts}

	start := MustStartCommunityJob(t, c, many)
	if !start.ProgressReported {
		t.Fatalf("%d restarts: progressReported false", graph.MaxRestarts)
	}
	running := MustPollCommunityJob(t, c, start.ID, 60*time.Second, func(j communityJobResp) bool { return j.Progress > 0 || j.State != "RUNNING" })
	if running.State != "RUNNING" || !(running.Progress < 1) || running.EstimatedSecondsLeft == nil {
		t.Fatalf("running job = %+v, want RUNNING with some progress and an estimate", running)
	}
	t.Logf("progress %.2f, estimate %.1f s left", running.Progress, *running.EstimatedSecondsLeft)

	t.Run("ErrTooManyJobs", func(t *testing.T) {
		if got, want := MustErrorCode(t, h, startJobQuery, map[string]any{"metric": "BETWEENNESS", "options": map[string]any{"samples": 10}}), "COMPLEXITY_LIMIT_EXCEEDED"; got != want {
			t.Errorf("a centrality job beside a running communities job with --max-jobs 1: code %q, want %q", got, want)
		}
	})

	var cancel struct{ CancelAnalysis *communityJobResp }
	MustQuery(t, c, &cancel, `mutation($id: ID!) { cancelAnalysis(id: $id) { state } }`, map[string]any{"id": start.ID})
	if cancel.CancelAnalysis == nil || cancel.CancelAnalysis.State != "CANCELLED" {
		t.Fatalf("cancelAnalysis = %+v, want CANCELLED", cancel.CancelAnalysis)
	}
	if j := MustPollCommunityJob(t, c, start.ID, time.Second, finished); j.Communities != nil {
		t.Errorf("cancelled job has communities: %+v", j)
	}

	t.Run("CancelledOnShutdown", func(t *testing.T) {
		// Another seed: the cancelled job's arguments are not cached.
		start := MustStartCommunityJob(t, c, map[string]any{"restarts": graph.MaxRestarts - 1})
		stop()
		j := MustPollCommunityJob(t, c, start.ID, 10*time.Second, finished)
		if j.State != "CANCELLED" {
			t.Errorf("job after shutdown = %+v, want CANCELLED", j)
		}
		deadline := time.Now().Add(5 * time.Second)
		for a.Stats().Running > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := a.Stats().Running; n > 0 {
			t.Errorf("%d computations running 5 s after shutdown", n)
		}
	})
}
