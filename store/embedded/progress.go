package embedded

import "context"

// progressEvery is how many items a write stores between two checks of its
// context and two progress reports.
const progressEvery = 4096

type progressKey struct{}

// WithProgress returns ctx carrying report, which Apply calls while it
// stores a change, with how many of its items are stored so far and how
// many there are.
func WithProgress(ctx context.Context, report func(done, total int)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// progress counts the items of one write, checks its context and reports.
type progress struct {
	ctx         context.Context
	report      func(done, total int)
	done, total int
}

func newProgress(ctx context.Context, total int) *progress {
	report, _ := ctx.Value(progressKey{}).(func(done, total int))
	return &progress{ctx: ctx, report: report, total: total}
}

// step counts one item; every progressEvery items it reports and returns
// the context's error when it has ended.
func (p *progress) step() error {
	p.done++
	if p.done%progressEvery != 0 && p.done != p.total {
		return nil
	}
	if p.report != nil {
		p.report(p.done, p.total)
	}
	return p.ctx.Err()
}
