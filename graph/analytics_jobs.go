package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// The defaults of the analysis jobs (AnalyticsOptions).
const (
	// DefaultJobBudget bounds one job: n·(n+m) for exact path metrics, as
	// ExactBudget does for a request. 1e11 is a few minutes of exact
	// betweenness on two cores (BA n=20,000, m=3 costs 2.8e9).
	DefaultJobBudget = 100_000_000_000
	// DefaultMaxJobs is how many jobs may run at once.
	DefaultMaxJobs = 4
	// JobRetention is how long a finished job is kept for analysisJob.
	JobRetention = time.Hour
	// maxFinishedJobs is how many finished jobs are kept at most.
	maxFinishedJobs = 64
)

// job is one computation started by startAnalysis or
// startCommunityAnalysis.
type job struct {
	id        string
	key       string // the result's cache key
	kind      model.AnalysisJobKind
	metric    model.CentralityMetric   // a CENTRALITY job's
	community model.CommunityAlgorithm // a COMMUNITIES job's
	reports   bool                     // whether the computation reports progress
	vw        *view
	start     time.Time
	cancel    context.CancelFunc

	progress atomic.Uint64 // bits of the fraction done

	mu       sync.Mutex
	state    model.AnalysisJobState
	finished time.Time
	value    any // *analysis.Scores or *analysis.Partition once DONE
	err      error
}

// jobs is the table of an Analytics' jobs.
type jobs struct {
	budget int64
	max    int

	mu      sync.Mutex
	byID    map[string]*job
	running map[string]*job // by result key
}

func newJobs(budget int64, max int) *jobs {
	if budget <= 0 {
		budget = DefaultJobBudget
	}
	if max <= 0 {
		max = DefaultMaxJobs
	}
	return &jobs{budget: budget, max: max, byID: map[string]*job{}, running: map[string]*job{}}
}

// errTooManyJobs is a job refused because the most jobs already run.
var errTooManyJobs = errors.New("too many analysis jobs running")

// startJob starts metric over vw as a job, or returns the job already
// computing it. EINVALID for a bad metric, ETOOLARGE above the job budget,
// errTooManyJobs when the most jobs already run.
func (a *Analytics) startJob(vw *view, metric model.CentralityMetric, c centralityOptions) (*job, error) {
	if !metric.IsValid() {
		return nil, network.Errorf(network.EINVALID, "metric %q is not a centrality metric", metric)
	}
	p := vw.proj
	if err := checkCostWithin(p, metric, c, a.jobs.budget, "pass options.samples or narrow the network selection (the service's --job-budget bounds jobs)"); err != nil {
		return nil, err
	}
	c.workBudget = a.jobs.budget
	j := &job{kind: model.AnalysisJobKindCentrality, metric: metric, reports: true}
	return a.runJob(vw, c.key(metric, p.N()), j, func(ctx context.Context) (any, error) {
		return computeScores(ctx, p, metric, c)
	})
}

// startCommunityJob starts the partition of vw by c as a job, or returns
// the job already computing it; errTooManyJobs when the most jobs already
// run. A partition is near-linear in the ties, so no budget bounds it.
func (a *Analytics) startCommunityJob(vw *view, c communityArgs) (*job, error) {
	j := &job{kind: model.AnalysisJobKindCommunities, community: c.algo, reports: c.reportsProgress(vw.proj)}
	return a.runJob(vw, c.key(), j, func(ctx context.Context) (any, error) { return c.partition(ctx, vw.proj) })
}

// runJob starts j, computing fn over vw in the background with the result
// cached under algo, unless a job with that key already runs, which it
// returns instead.
func (a *Analytics) runJob(vw *view, algo string, j *job, fn func(context.Context) (any, error)) (*job, error) {
	t := a.jobs
	key := fmt.Sprintf("%d|%s|%s", vw.version, vw.selKey, algo)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expire(time.Now())
	if running := t.running[key]; running != nil {
		return running, nil
	}
	if len(t.running) >= t.max {
		return nil, errTooManyJobs
	}
	id, err := newJobID()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(a.done)
	j.id, j.key, j.vw, j.start, j.cancel, j.state = id, key, vw, time.Now(), cancel, model.AnalysisJobStateRunning
	t.byID[id] = j
	t.running[key] = j
	go func() {
		defer cancel()
		v, err := a.result(ctx, vw, algo, func(work context.Context) (any, error) {
			return fn(analysis.WithProgress(work, j.report))
		})
		j.finish(v, err, ctx.Err() != nil)
		t.mu.Lock()
		if t.running[key] == j {
			delete(t.running, key)
		}
		t.mu.Unlock()
	}()
	return j, nil
}

// job returns the job id, nil when there is none.
func (a *Analytics) job(id string) *job {
	t := a.jobs
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expire(time.Now())
	return t.byID[id]
}

// expire drops finished jobs older than JobRetention, and the oldest
// finished ones beyond maxFinishedJobs. t.mu must be held.
func (t *jobs) expire(now time.Time) {
	var finished []*job
	for id, j := range t.byID {
		j.mu.Lock()
		done, at := j.state != model.AnalysisJobStateRunning, j.finished
		j.mu.Unlock()
		switch {
		case !done:
		case now.Sub(at) > JobRetention:
			delete(t.byID, id)
		default:
			finished = append(finished, j)
		}
	}
	for len(finished) > maxFinishedJobs {
		oldest := 0
		for i, j := range finished {
			if j.finished.Before(finished[oldest].finished) {
				oldest = i
			}
		}
		delete(t.byID, finished[oldest].id)
		finished = append(finished[:oldest], finished[oldest+1:]...)
	}
}

func newJobID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// report records the fraction done (a kernel's Progress).
func (j *job) report(done float64) { j.progress.Store(math.Float64bits(done)) }

// finish records how the job ended; cancelled says its own context ended
// (cancelAnalysis or shutdown).
func (j *job) finish(v any, err error, cancelled bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.finished = time.Now()
	switch {
	case err == nil:
		j.state, j.value = model.AnalysisJobStateDone, v
		j.report(1)
	case cancelled:
		j.state = model.AnalysisJobStateCancelled
	default:
		j.state, j.err = model.AnalysisJobStateFailed, err
	}
}

// model converts the job as it is now.
func (j *job) model() *model.AnalysisJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := math.Float64frombits(j.progress.Load())
	end := time.Now()
	if j.state != model.AnalysisJobStateRunning {
		end = j.finished
	}
	elapsed := end.Sub(j.start).Seconds()
	out := &model.AnalysisJob{ID: j.id, Kind: j.kind, State: j.state, Progress: p, ProgressReported: j.reports,
		ElapsedSeconds: elapsed, DataVersion: j.vw.version, Actors: j.vw.proj.N()}
	if j.kind == model.AnalysisJobKindCentrality {
		out.Metric = &j.metric
	} else {
		out.Algorithm = &j.community
	}
	if j.state == model.AnalysisJobStateRunning && p > 0 {
		left := elapsed * (1 - p) / p
		out.EstimatedSecondsLeft = &left
	}
	if j.err != nil {
		msg, code := jobError(j.err)
		out.Error, out.ErrorCode = &msg, &code
	}
	return out
}

// jobError is what a failed job says: the message and code of a coded
// error, "internal error" otherwise (as the error presenter does).
func jobError(err error) (message, code string) {
	var nerr *network.Error
	if errors.As(err, &nerr) {
		return nerr.Message, ExtensionCode(nerr.Code)
	}
	if errors.Is(err, errBusy) {
		return "the analytics pool is full", CodeBusy
	}
	return "internal error", CodeInternal
}

// startAnalysis starts metric over the selection ns as a job.
func (r *Resolver) startAnalysis(ctx context.Context, metric model.CentralityMetric, ns *model.NetworkSelection, options *model.CentralityOptions) (*model.AnalysisJob, error) {
	opts, err := centralityOpts(options)
	if err != nil {
		return nil, err
	}
	a, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	j, err := a.startJob(vw, metric, opts)
	if errors.Is(err, errTooManyJobs) {
		return nil, tooManyJobs(a)
	}
	if err != nil {
		return nil, err
	}
	return j.model(), nil
}

// startCommunityAnalysis starts the partition of the selection ns into
// communities as a job.
func (r *Resolver) startCommunityAnalysis(ctx context.Context, ns *model.NetworkSelection, algorithm *model.CommunityAlgorithm, resolution *float64, seed, restarts *int) (*model.AnalysisJob, error) {
	c, err := communityOpts(algorithm, resolution, seed, restarts)
	if err != nil {
		return nil, err
	}
	a, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	j, err := a.startCommunityJob(vw, c)
	if errors.Is(err, errTooManyJobs) {
		return nil, tooManyJobs(a)
	}
	if err != nil {
		return nil, err
	}
	return j.model(), nil
}

// tooManyJobs is the error of a job refused because the most already run.
func tooManyJobs(a *Analytics) error {
	return network.Errorf(network.ETOOLARGE, "%d analysis jobs are running, the most this service runs at once: wait for one to finish or cancel one (cancelAnalysis)", a.jobs.max)
}

// analysisJob returns the job id, null when there is none.
func (r *Resolver) analysisJob(id string) *model.AnalysisJob {
	if j := r.analytics().job(id); j != nil {
		return j.model()
	}
	return nil
}

// cancelAnalysis stops the job id and returns it once it has stopped, null
// when there is none.
func (r *Resolver) cancelAnalysis(ctx context.Context, id string) (*model.AnalysisJob, error) {
	j := r.analytics().job(id)
	if j == nil {
		return nil, nil
	}
	j.cancel()
	// The kernel stops within milliseconds; wait for it so that the answer
	// says CANCELLED (or DONE, if it finished first).
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if m := j.model(); m.State != model.AnalysisJobStateRunning {
			return m, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// jobValue returns job obj's value once it is DONE, nil before or when
// there is no such job.
func (r *Resolver) jobValue(obj *model.AnalysisJob) (*job, any) {
	j := r.analytics().job(obj.ID)
	if j == nil {
		return nil, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j, j.value
}

// jobResult is the ranking of job obj once it is DONE, null before and for
// a communities job.
func (r *Resolver) jobResult(ctx context.Context, obj *model.AnalysisJob, top *int) (*model.CentralityResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	j, v := r.jobValue(obj)
	s, ok := v.(*analysis.Scores)
	if !ok {
		return nil, nil
	}
	return r.ranking(ctx, j.vw, j.metric, s, n)
}

// jobCommunities is the partition of job obj once it is DONE, null before
// and for a centrality job.
func (r *Resolver) jobCommunities(obj *model.AnalysisJob, top *int) (*model.CommunitiesResult, error) {
	n, err := topArg(top, DefaultTop)
	if err != nil {
		return nil, err
	}
	j, v := r.jobValue(obj)
	part, ok := v.(*analysis.Partition)
	if !ok {
		return nil, nil
	}
	return communitiesResult(j.vw, part, n), nil
}
