package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// countingStore is a real store that counts the calls of each method.
type countingStore struct {
	network.Store
	mu      sync.Mutex
	calls   map[string]int
	omits   []network.Omit      // what each Neighborhood or Neighbors call left out
	windows []network.TieWindow // the window of each Neighborhood call
}

func (s *countingStore) count(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
}

// Calls returns the counts so far and resets them.
func (s *countingStore) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := s.calls
	s.calls = map[string]int{}
	return calls
}

func (s *countingStore) Actor(ctx context.Context, id string) (*network.Actor, error) {
	s.count("Actor")
	return s.Store.Actor(ctx, id)
}

func (s *countingStore) ActorsByID(ctx context.Context, ids []string, omit network.Omit) ([]*network.Actor, error) {
	s.count("ActorsByID")
	return s.Store.ActorsByID(ctx, ids, omit)
}

func (s *countingStore) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	s.count("Actors")
	return s.Store.Actors(ctx, q)
}

func (s *countingStore) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	s.count("Ties")
	return s.Store.Ties(ctx, q)
}

func (s *countingStore) TiesOf(ctx context.Context, ids []string, f network.TieFilter, omit network.Omit) (map[string][]*network.Tie, error) {
	s.count("TiesOf")
	return s.Store.TiesOf(ctx, ids, f, omit)
}

func (s *countingStore) Neighborhood(ctx context.Context, ids []string, f network.TieFilter, omit network.Omit, window network.TieWindow) (*network.Neighborhood, error) {
	s.count("Neighborhood")
	s.mu.Lock()
	s.omits = append(s.omits, omit)
	s.windows = append(s.windows, window)
	s.mu.Unlock()
	return s.Store.Neighborhood(ctx, ids, f, omit, window)
}

func (s *countingStore) ActorsNeighbors(ctx context.Context, q network.ActorQuery, f network.TieFilter) (*network.NeighborPage, error) {
	s.count("ActorsNeighbors")
	s.mu.Lock()
	s.omits = append(s.omits, q.Omit)
	s.mu.Unlock()
	return s.Store.ActorsNeighbors(ctx, q, f)
}

func (s *countingStore) Neighbors(ctx context.Context, ids []string, f network.TieFilter, omit network.Omit) (*network.Adjacency, error) {
	s.count("Neighbors")
	s.mu.Lock()
	s.omits = append(s.omits, omit)
	s.mu.Unlock()
	return s.Store.Neighbors(ctx, ids, f, omit)
}

func (s *countingStore) Places(ctx context.Context) ([]*network.Place, error) {
	s.count("Places")
	return s.Store.Places(ctx)
}

// ringNetwork returns n actors, each tied to the next three around a ring.
func ringNetwork(n int) *network.Change {
	src := []network.Source{{Title: "ring network", Record: "generated"}}
	c := &network.Change{}
	for i := range n {
		c.Actors = append(c.Actors, &network.Actor{ID: fmt.Sprintf("a%03d", i), Name: fmt.Sprintf("Actor %03d", i),
			Kind: network.ActorKinds[i%len(network.ActorKinds)], Sources: src})
	}
	kinds := []network.TieKind{network.Partnership, network.Funding, network.Support}
	for i := range n {
		for d := 1; d <= 3; d++ {
			t := &network.Tie{ID: fmt.Sprintf("t%03d-%d", i, d), Kind: kinds[d-1], From: c.Actors[i].ID,
				To: c.Actors[(i+d)%n].ID, Weight: 1, Sources: src}
			if t.Kind == network.Funding {
				t.Funding = &network.FundingFlow{Amount: 1, Currency: "USD"}
			}
			c.Ties = append(c.Ties, t)
		}
	}
	return c
}

func TestLoadersBoundStoreCalls(t *testing.T) { forEachStore(t, testLoadersBoundStoreCalls) }

func testLoadersBoundStoreCalls(t *testing.T, open openFunc) {
	s := open(t)
	MustApply(t, s, ringNetwork(120))
	cs := &countingStore{Store: s, calls: map[string]int{}}
	c := client.New(graph.NewHandler(cs, graph.Options{}))
	query := `query($first: Int) { actors(first: $first) { nodes {
		ties { nodes { from { name } to { name } } }
		neighbors { name } } } }`

	// A page costs one Actors call and one Neighborhood call for all
	// actors' ties, their ends and the neighbors, however long the page
	// (the plan reads them ahead, plan.go). Without the plan the loaders
	// make one TiesOf and one ActorsByID batch (or two, when goroutines
	// start slowly); without the loaders a page of 50 would make 50 TiesOf
	// and hundreds of Actor calls.
	bound := map[string]int{"Actors": 1, "Neighborhood": 1}
	for _, first := range []int{5, 50} {
		var resp struct {
			Actors struct {
				Nodes []struct {
					Ties struct {
						Nodes []struct{ From, To struct{ Name string } }
					}
					Neighbors []struct{ Name string }
				}
			}
		}
		MustQuery(t, c, &resp, query, map[string]any{"first": first})
		if got := len(resp.Actors.Nodes); got != first {
			t.Fatalf("first %d: %d actors", first, got)
		}
		for _, n := range resp.Actors.Nodes {
			if len(n.Ties.Nodes) != 6 || len(n.Neighbors) != 6 {
				t.Fatalf("first %d: an actor has %d ties and %d neighbors, want 6 and 6", first, len(n.Ties.Nodes), len(n.Neighbors))
			}
			for _, tie := range n.Ties.Nodes {
				if tie.From.Name == "" || tie.To.Name == "" {
					t.Fatalf("first %d: a tie end has no name", first)
				}
			}
		}
		calls := cs.Calls()
		total := 0
		for _, n := range calls {
			total += n
		}
		for method, n := range calls {
			if n > bound[method] {
				t.Errorf("first %d: %d %s calls, want at most %d (all calls: %v)", first, n, method, bound[method], calls)
			}
		}
		t.Logf("first %d: %d store calls %v", first, total, calls)
	}
}
