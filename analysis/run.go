package analysis

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
)

// Every kernel whose work grows faster than the size of the graph takes a
// context: it checks it at a fine grain (per source, per pass, every few
// thousand nodes) and returns ctx.Err() soon after the context ends, with
// no partial result. A context may also carry a Progress hook (see
// WithProgress). Neither changes a result: a kernel that runs to the end
// returns the same values with or without them.

// Progress receives the fraction of a kernel's work done, from 0 to 1. A
// kernel calls it at most about a thousand times, never from two
// goroutines at once, with nondecreasing values, and with 1 when it
// finishes.
type Progress func(done float64)

type progressKey struct{}

// WithProgress returns a copy of ctx whose kernels report their progress
// to fn. A kernel that calls another passes its progress on as part of its
// own.
func WithProgress(ctx context.Context, fn Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// tracker is one kernel's view of its context: the cancellation check and
// the progress count over a known amount of work.
type tracker struct {
	ctx   context.Context
	done  <-chan struct{}
	fn    Progress
	total float64
	work  atomic.Int64

	mu   sync.Mutex
	last atomic.Uint64 // bits of the last fraction reported
}

// progressStep is the smallest rise in the fraction that is reported.
const progressStep = 0.001

// newTracker returns the tracker of a kernel doing total units of work
// under ctx.
func newTracker(ctx context.Context, total int64) *tracker {
	fn, _ := ctx.Value(progressKey{}).(Progress)
	return &tracker{ctx: ctx, done: ctx.Done(), fn: fn, total: float64(max(total, 1))}
}

// err returns the context's error once it has ended, nil before.
func (t *tracker) err() error {
	select {
	case <-t.done:
		return t.ctx.Err()
	default:
		return nil
	}
}

// step records k units of work done and returns the context's error once
// it has ended. It is safe for concurrent use.
func (t *tracker) step(k int64) error {
	if t.fn != nil && k > 0 {
		t.report(float64(t.work.Add(k)) / t.total)
	}
	return t.err()
}

// finish reports the whole work done.
func (t *tracker) finish() {
	if t.fn != nil {
		t.report(1)
	}
}

func (t *tracker) report(f float64) {
	f = min(f, 1)
	due := func() bool {
		last := math.Float64frombits(t.last.Load())
		return f > last && (f-last >= progressStep || f == 1)
	}
	if !due() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if due() {
		t.last.Store(math.Float64bits(f))
		t.fn(f)
	}
}

// checkWork is about how many inner steps (arcs scanned, pairs compared) a
// kernel makes between two checks of its context: well under a
// millisecond of work.
const checkWork = 1 << 16

// ticker counts one goroutine's inner steps and checks its tracker's
// context every checkWork of them, for kernels whose work per node is
// uneven (a hub's neighbourhood can be most of the graph's).
type ticker struct {
	t *tracker
	n int
}

// tick records work inner steps and returns the context's error once it
// has ended (checked every checkWork steps).
func (k *ticker) tick(work int) error {
	k.n += work
	if k.n < checkWork {
		return nil
	}
	k.n = 0
	return k.t.err()
}
