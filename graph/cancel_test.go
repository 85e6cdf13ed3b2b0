package graph_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// spin is a computation that works until its context ends, checking it
// as a kernel does, and reports when it returned on stopped.
func spin(started chan<- struct{}, stopped chan<- time.Time) func(context.Context) (any, error) {
	return func(ctx context.Context) (any, error) {
		started <- struct{}{}
		x := 0
		for ctx.Err() == nil {
			for range 10000 {
				x++
			}
		}
		stopped <- time.Now()
		return x, ctx.Err()
	}
}

func TestCancellation(t *testing.T) {
	store := MustFixtureStore(t)
	t.Run("OK/LastWaiterLeaves", func(t *testing.T) {
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		started, stopped := make(chan struct{}, 1), make(chan time.Time, 1)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := a.Cached(ctx, "result|1|spin", spin(started, stopped))
		left := time.Now()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
		select {
		case at := <-stopped:
			if d := at.Sub(left); d > 500*time.Millisecond { // generous: the machine may be loaded
				t.Errorf("the computation stopped %v after its only waiter left", d)
			}
		case <-time.After(time.Second):
			t.Fatal("the computation kept running after its only waiter left")
		}
		// The computation counts itself cancelled as it returns, just after
		// it said it stopped, and then stops counting itself running: wait
		// for both, a second at most (Stats reads its counters one by one,
		// so one read can see the second change and not the first).
		st := a.Stats()
		for deadline := time.Now().Add(time.Second); (st.Running != 0 || st.Cancelled != 1) && time.Now().Before(deadline); st = a.Stats() {
			runtime.Gosched()
		}
		if st.Running != 0 || st.Cancelled != 1 || st.Entries != 0 {
			t.Errorf("stats %+v, want nothing running, one cancelled and nothing cached", st)
		}
	})
	t.Run("OK/OtherWaiterStays", func(t *testing.T) {
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
		release := make(chan struct{})
		fn := func(ctx context.Context) (any, error) {
			select {
			case <-release:
				return "done", nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		short, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		var wg sync.WaitGroup
		var got any
		var gotErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, gotErr = a.Cached(t.Context(), "result|1|shared", fn)
		}()
		time.Sleep(5 * time.Millisecond) // the long waiter joins first
		if _, err := a.Cached(short, "result|1|shared", fn); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("short waiter: %v", err)
		}
		close(release)
		wg.Wait()
		if gotErr != nil || got != "done" {
			t.Errorf("the waiter that stayed got %v, %v", got, gotErr)
		}
	})
	t.Run("OK/Shutdown", func(t *testing.T) {
		done, shutdown := context.WithCancel(t.Context())
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{Done: done})
		started, stopped := make(chan struct{}, 1), make(chan time.Time, 1)
		errc := make(chan error, 1)
		go func() { _, err := a.Cached(t.Context(), "result|1|spin", spin(started, stopped)); errc <- err }()
		<-started
		shutdown()
		select {
		case <-stopped:
		case <-time.After(time.Second):
			t.Fatal("shutdown did not stop the computation")
		}
		if err := <-errc; err == nil {
			t.Error("a request whose computation was stopped got no error")
		}
	})
	t.Run("ErrBusy", func(t *testing.T) {
		// One worker and a queue of one: the third computation is refused.
		a := graph.NewAnalytics(store, graph.AnalyticsOptions{Workers: 1, Queue: 1})
		ctx, cancel := context.WithCancel(t.Context())
		started, stopped := make(chan struct{}, 2), make(chan time.Time, 2)
		var wg sync.WaitGroup
		for _, key := range []string{"result|1|a", "result|1|b"} {
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = a.Cached(ctx, key, spin(started, stopped)) }()
		}
		<-started // one runs; the other waits in the queue
		deadline := time.Now().Add(5 * time.Second)
		st := a.Stats()
		for (st.Running != 1 || st.Queued != 1) && time.Now().Before(deadline) {
			runtime.Gosched()
			st = a.Stats()
		}
		if st.Running != 1 || st.Queued != 1 {
			cancel()
			wg.Wait()
			t.Fatalf("stats %+v, want one running and one queued", st)
		}
		// A regression must fail, not wait for a worker for ever.
		third, stop := context.WithTimeout(ctx, 5*time.Second)
		defer stop()
		_, err := a.Cached(third, "result|1|c", spin(started, stopped))
		if !errors.Is(err, graph.ErrBusy) {
			t.Errorf("third computation: %v, want busy", err)
		}
		cancel()
		wg.Wait()
	})
}

// slowPreparation is a handler extension that holds every operation until
// its request's time is up, as a slow cost check or a loaded machine can.
type slowPreparation struct{}

func (slowPreparation) ExtensionName() string                   { return "slowPreparation" }
func (slowPreparation) Validate(graphql.ExecutableSchema) error { return nil }
func (slowPreparation) MutateOperationContext(ctx context.Context, _ *graphql.OperationContext) *gqlerror.Error {
	<-ctx.Done()
	return nil
}

func TestTimeoutNeverNull(t *testing.T) {
	// Seen: with a 50 ms limit, a centrality request on 5,000 actors was
	// answered HTTP 200 with the body null: the time ran out after the
	// operation was prepared and before the executor made its answer, and
	// the executor ended the response with nothing.
	store := MustFixtureStore(t)
	h := graph.NewHandler(store, graph.Options{Timeout: 20 * time.Millisecond, ClientCostPerSecond: -1,
		Extensions: []graphql.HandlerExtension{slowPreparation{}}})
	for _, q := range []string{`{ centrality(metric: DEGREE) { count } }`, `{ actors(first: 5) { totalCount } }`} {
		resp := MustPost(t, h, q, nil)
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeTimeout {
			t.Errorf("%s prepared past its 20 ms limit: %s, want one TIMEOUT", q, resp.Body)
		}
	}
}

func TestRequestTimeout(t *testing.T) {
	// Seen: with --timeout 3s, one networkStatistics (diameter) answered
	// after 33 s. Here the limit is 100 ms and the exact betweenness and
	// diameter of the generated network take seconds.
	store := MustHostileStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	h := graph.NewHandler(store, graph.Options{Engine: a, Timeout: 100 * time.Millisecond, ClientCostPerSecond: -1})
	// Read the snapshot and the projection first, so that the time limit
	// falls inside the kernel.
	warm := graph.NewHandler(store, graph.Options{Engine: a, ClientCostPerSecond: -1})
	// Weighted paths (Dijkstra), since the unweighted kernels now finish
	// the generated network within 100 ms.
	if resp := MustPost(t, warm, `{ centrality(metric: DEGREE, network: {weight: STRENGTH}) { count } }`, nil); len(resp.Errors) > 0 {
		t.Fatalf("warm-up: %s", resp.Body)
	}
	for _, q := range []string{
		`{ centrality(metric: BETWEENNESS, network: {weight: STRENGTH}) { count } }`,
		`{ networkStatistics(network: {weight: STRENGTH}) { diameter } }`,
	} {
		start := time.Now()
		resp := MustPost(t, h, q, nil)
		took := time.Since(start)
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != graph.CodeTimeout {
			t.Errorf("%s: %s, want one TIMEOUT", q, resp.Body)
		}
		if took > time.Second {
			t.Errorf("%s: answered after %v with a 100 ms limit", q, took)
		}
		// The kernel stops soon after the deadline (or the answer, when a
		// loaded machine answers late): 500 ms of slack, since at a load of
		// 15 on two cores it took 110 ms; the kernels alone run for seconds,
		// and Cancelled below shows that they were stopped, not finished.
		deadline := start.Add(max(100*time.Millisecond, took)).Add(500 * time.Millisecond)
		for a.Stats().Running > 0 && time.Now().Before(deadline.Add(time.Second)) {
			time.Sleep(time.Millisecond)
		}
		if st := a.Stats(); st.Running > 0 || time.Now().After(deadline) {
			t.Errorf("%s: the computation ran until %v after the request started (%d running)", q, time.Since(start), st.Running)
		}
	}
	if st := a.Stats(); st.Cancelled < 2 {
		t.Errorf("stats %+v, want the two computations cancelled", st)
	}
}

func TestCacheDropsOldVersions(t *testing.T) {
	// Seen: 90 empty upsertActors (each raises the data version), each
	// followed by a DEGREE query, grew RSS from 125 MB to 3.1 GB, as the
	// results of every old version stayed cached.
	store := MustHostileStore(t)
	a := graph.NewAnalytics(store, graph.AnalyticsOptions{})
	h := graph.NewHandler(store, graph.Options{Engine: a, ClientCostPerSecond: -1})
	var first int64
	v0, err := store.Version(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if v, _ := store.Version(t.Context()); v != v0+5 {
			t.Errorf("data version %d after 5 writes from %d", v, v0)
		}
	}()
	for i := range 5 {
		if resp := MustPost(t, h, `{ centrality(metric: DEGREE) { count } }`, nil); len(resp.Errors) > 0 {
			t.Fatalf("query %d: %s", i, resp.Body)
		}
		st := a.Stats()
		if i == 0 {
			first = st.Bytes
		}
		// size, snapshot, projection and result of the current version.
		if st.Entries > 4 || st.Bytes > first+first/10 {
			t.Errorf("after %d writes the cache holds %d entries of %d bytes (one version: %d bytes)", i, st.Entries, st.Bytes, first)
		}
		MustApply(t, store, &network.Change{})
	}
}

func TestQueryCacheBytes(t *testing.T) {
	// Seen: 40 distinct 850 KB alias queries kept 935 MB in the parsed-query
	// cache. Queries are now at most 64 KB; 40 distinct ones of 60 KB stay
	// within the cache's bytes.
	const max = 1 << 20
	c := graph.NewQueryCache[string](max, 30)
	for i := range 40 {
		q := fmt.Sprintf("%d%s", i, strings.Repeat("x", 60_000))
		c.Add(t.Context(), q, "")
		if _, ok := c.Get(t.Context(), q); !ok && 30*len(q) <= max {
			t.Errorf("query %d was not kept", i)
		}
		if c.Bytes() > max {
			t.Fatalf("after %d queries the cache holds %d bytes, bound %d", i+1, c.Bytes(), max)
		}
	}
}
