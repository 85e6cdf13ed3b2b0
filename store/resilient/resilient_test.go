package resilient_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/resilient"
)

// switchable is a real embedded store behind a switch that takes its
// "database" away: while off, Init and Ping fail with EUNAVAILABLE and
// Actors hangs until its context ends, as a driver retrying a dead server
// does.
type switchable struct {
	*embedded.Store
	mu  sync.Mutex
	off bool
}

func (s *switchable) set(off bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.off = off
}

func (s *switchable) isOff() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.off
}

var errGone = network.Errorf(network.EUNAVAILABLE, "connection refused")

func (s *switchable) Init(ctx context.Context) error {
	if s.isOff() {
		return errGone
	}
	return nil
}

func (s *switchable) Ping(ctx context.Context) error {
	if s.isOff() {
		return errGone
	}
	return s.Store.Ping(ctx)
}

func (s *switchable) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	if s.isOff() {
		<-ctx.Done()
		return nil, 0, ctx.Err()
	}
	return s.Store.Actors(ctx, q)
}

// MustOpenSwitchable opens an empty embedded store in a temporary file,
// switched off or on.
func MustOpenSwitchable(tb testing.TB, off bool) *switchable {
	tb.Helper()
	s, err := embedded.Open(filepath.Join(tb.TempDir(), "r.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return &switchable{Store: s, off: off}
}

// fast are options that make a test's outages short.
func fast(onConnect func(context.Context, network.Store) (bool, error)) resilient.Options {
	return resilient.Options{
		Name:             "Test",
		OnConnect:        onConnect,
		Log:              slog.New(slog.NewTextHandler(io.Discard, nil)),
		WatchInterval:    20 * time.Millisecond,
		FirstRetry:       10 * time.Millisecond,
		LastRetry:        40 * time.Millisecond,
		FirstAttemptWait: time.Second,
	}
}

// MustBecome waits until Ping gives an error with code want ("" for
// none), at most 5 seconds.
func MustBecome(tb testing.TB, s network.Store, want string) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.Ping(context.Background())
		got := ""
		if err != nil {
			got = network.ErrorCode(err)
		}
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("Ping = %v after 5s, want code %q", err, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStore(t *testing.T) {
	b := MustOpenSwitchable(t, true)
	var connects atomic.Int32
	onConnect := func(ctx context.Context, s network.Store) (bool, error) {
		connects.Add(1)
		return seed.LoadIfEmpty(ctx, s)
	}
	r := resilient.Start(b, fast(onConnect))
	defer func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	}()

	t.Run("DownAtStart", func(t *testing.T) {
		start := time.Now()
		_, _, err := r.Actors(context.Background(), network.ActorQuery{Limit: 5})
		if took := time.Since(start); took > time.Second {
			t.Errorf("a call while down took %v", took)
		}
		if got := network.ErrorCode(err); got != network.EUNAVAILABLE {
			t.Errorf("code = %q (%v), want %s", got, err, network.EUNAVAILABLE)
		}
		// An EUNAVAILABLE reason of the backend is kept; anything else
		// would be replaced by one that names the database.
		if got, want := network.ErrorMessage(r.Ping(context.Background())), network.ErrorMessage(errGone); got != want {
			t.Errorf("Ping while down says %q, want %q", got, want)
		}
	})

	t.Run("Up", func(t *testing.T) {
		b.set(false)
		MustBecome(t, r, "")
		actors, total, err := r.Actors(context.Background(), network.ActorQuery{Limit: 5})
		if err != nil || len(actors) != 5 || total == 0 {
			t.Fatalf("Actors = %d of %d, %v; want 5 of the seed", len(actors), total, err)
		}
		if got := connects.Load(); got != 1 {
			t.Errorf("OnConnect ran %d times, want 1", got)
		}
	})

	t.Run("GoesDownInFlight", func(t *testing.T) {
		b.set(true)
		start := time.Now()
		_, _, err := r.Actors(context.Background(), network.ActorQuery{Limit: 5})
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("a call in flight took %v to end after the database went away", took)
		}
		if got := network.ErrorCode(err); got != network.EUNAVAILABLE {
			t.Errorf("code = %q (%v), want %s", got, err, network.EUNAVAILABLE)
		}
		if errors.Is(err, context.Canceled) {
			t.Errorf("the caller sees the internal cancellation: %v", err)
		}
		MustBecome(t, r, network.EUNAVAILABLE)
	})

	t.Run("Recovered", func(t *testing.T) {
		b.set(false)
		MustBecome(t, r, "")
		if got := connects.Load(); got != 2 {
			t.Errorf("OnConnect ran %d times after one outage, want 2", got)
		}
		if _, err := r.Actor(context.Background(), "wanep"); err != nil {
			t.Errorf("Actor(wanep) after recovery: %v", err)
		}
	})
}

func TestStoreClose(t *testing.T) {
	b := MustOpenSwitchable(t, false)
	r := resilient.Start(b, fast(nil))
	MustBecome(t, r, "")
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := network.ErrorCode(r.Ping(context.Background())); got != network.EUNAVAILABLE {
		t.Errorf("Ping after Close: code %q, want %s", got, network.EUNAVAILABLE)
	}
}

// broken is a backend whose Init fails with an internal error.
type broken struct{ *switchable }

func (broken) Init(context.Context) error { return errors.New("bolt: handshake: EOF") }

func TestStoreHidesInternalReasons(t *testing.T) {
	r := resilient.Start(broken{MustOpenSwitchable(t, false)}, fast(nil))
	defer func() { _ = r.Close() }()
	err := r.Ping(context.Background())
	if got := network.ErrorCode(err); got != network.EUNAVAILABLE {
		t.Fatalf("code = %q (%v), want %s", got, err, network.EUNAVAILABLE)
	}
	if got, want := network.ErrorMessage(err), "the Test database is not ready"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
}
