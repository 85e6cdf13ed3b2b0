package graph

import "context"

// Cached exposes Analytics.cached to the tests of package graph_test, so
// they can run a computation of their own through the cache and the pool.
func (a *Analytics) Cached(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	return a.cached(ctx, key, fn)
}

// ErrBusy is errBusy for the tests.
var ErrBusy = errBusy
