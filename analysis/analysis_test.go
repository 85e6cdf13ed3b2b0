package analysis_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/network"
)

// Must returns v, and panics if err is not nil: for kernels run under a
// context that never ends, which cannot fail.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func actor(id string, kind network.ActorKind, regions ...string) *network.Actor {
	return &network.Actor{ID: id, Name: id, Kind: kind, Regions: regions}
}

func tie(id string, kind network.TieKind, from, to string, w float64, since, until network.Date) *network.Tie {
	return &network.Tie{ID: id, Kind: kind, From: from, To: to, Weight: w, Since: since, Until: until}
}

// smallSnapshot: a UN entity, a regional organization and two CSOs, with
// parallel ties, a dated tie and a directed funding tie.
func smallSnapshot() *network.Snapshot {
	return &network.Snapshot{
		Actors: []*network.Actor{
			actor("wanep", network.CivilSociety, "west-africa"),
			actor("ecowas", network.RegionalOrganization, "west-africa"),
			actor("unowas", network.UNEntity, "west-africa"),
			actor("gppac", network.CivilSociety),
		},
		Ties: []*network.Tie{
			tie("t1", network.MOU, "ecowas", "wanep", 2, "2004", ""),
			tie("t2", network.Partnership, "wanep", "ecowas", 3, "", ""),
			tie("t3", network.Funding, "unowas", "ecowas", 5, "2015", "2016"),
			tie("t4", network.Dialogue, "gppac", "wanep", 1, "", ""),
		},
	}
}

func TestProject(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := MustProject(t, smallSnapshot(), analysis.Selection{Weight: analysis.WeightStrength})
		if got, want := p.IDs(), []string{"ecowas", "gppac", "unowas", "wanep"}; !slices.Equal(got, want) {
			t.Fatalf("IDs() = %v, want %v", got, want)
		}
		if got, want := p.Ties(), 4; got != want {
			t.Errorf("Ties() = %d, want %d", got, want)
		}
		if got, want := p.Edges(), 3; got != want { // t1 and t2 collapse
			t.Errorf("Edges() = %d, want %d", got, want)
		}
		adj, w := p.Out(p.Index("ecowas"))
		if got, want := len(adj), 2; got != want {
			t.Fatalf("ecowas has %d neighbours, want %d", got, want)
		}
		if got, want := w[slices.Index(adj, int32(p.Index("wanep")))], 5.0; got != want {
			t.Errorf("collapsed weight = %v, want %v", got, want)
		}
	})
	t.Run("Directed", func(t *testing.T) {
		p := MustProject(t, smallSnapshot(), analysis.Selection{Directed: true})
		if got, want := p.Edges(), 5; got != want { // ecowas<->wanep, gppac<->wanep, unowas->ecowas
			t.Errorf("Edges() = %d, want %d", got, want)
		}
		if adj, _ := p.Out(p.Index("ecowas")); slices.Contains(adj, int32(p.Index("unowas"))) {
			t.Error("funding tie runs both ways")
		}
		if adj, _ := p.In(p.Index("ecowas")); !slices.Contains(adj, int32(p.Index("unowas"))) {
			t.Error("funding tie missing from ecowas' predecessors")
		}
	})
	t.Run("Filters", func(t *testing.T) {
		p := MustProject(t, smallSnapshot(), analysis.Selection{AsOf: "2020", Regions: []string{"west-africa"}, TieKinds: []network.TieKind{network.MOU, network.Funding, network.Dialogue}})
		if got, want := p.IDs(), []string{"ecowas", "unowas", "wanep"}; !slices.Equal(got, want) {
			t.Errorf("IDs() = %v, want %v", got, want)
		}
		if got, want := p.Ties(), 1; got != want { // t3 ended, t2 wrong kind, t4 to gppac dropped
			t.Errorf("Ties() = %d, want %d", got, want)
		}
		if got, want := p.Index("gppac"), -1; got != want {
			t.Errorf("Index(gppac) = %d, want %d", got, want)
		}
		p = MustProject(t, smallSnapshot(), analysis.Selection{AsOf: "2000"})
		if got, want := p.Ties(), 2; got != want { // only the undated ones
			t.Errorf("Ties() as of 2000 = %d, want %d", got, want)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, sel := range []analysis.Selection{{Weight: "HEAVY"}, {AsOf: "May 2019"}} {
			_, err := analysis.Project(smallSnapshot(), sel)
			if got, want := network.ErrorCode(err), network.EINVALID; got != want {
				t.Errorf("Project(%+v) code = %q, want %q", sel, got, want)
			}
		}
		snap := smallSnapshot()
		snap.Ties[0].Weight = 0
		if _, err := analysis.Project(snap, analysis.Selection{}); network.ErrorCode(err) != network.EINVALID {
			t.Errorf("zero weight: err = %v", err)
		}
	})
}

// MustBarabasiAlbert returns a seeded Barabasi-Albert snapshot with n
// actors, each new one tied to m earlier ones (as NetworkX's generator).
func MustBarabasiAlbert(tb testing.TB, n, m int, seed uint64) *network.Snapshot {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	snap := &network.Snapshot{}
	id := func(i int) string { return fmt.Sprintf("a%07d", i) }
	for i := 0; i < n; i++ {
		snap.Actors = append(snap.Actors, actor(id(i), network.ActorKinds[i%3]))
	}
	var repeated []int
	targets := make([]int, m)
	for i := range targets {
		targets[i] = i
	}
	for src := m; src < n; src++ {
		for _, t := range targets {
			snap.Ties = append(snap.Ties, tie(fmt.Sprintf("t%08d", len(snap.Ties)), network.Partnership, id(src), id(t), float64(1+r.IntN(5)), "", ""))
		}
		repeated = append(repeated, targets...)
		for range m {
			repeated = append(repeated, src)
		}
		seen := map[int]bool{}
		targets = targets[:0]
		for len(targets) < m {
			x := repeated[r.IntN(len(repeated))]
			if !seen[x] {
				seen[x] = true
				targets = append(targets, x)
			}
		}
	}
	return snap
}

func TestBetweennessDeterministic(t *testing.T) {
	snap := MustBarabasiAlbert(t, 600, 3, 1)
	for _, tt := range []struct {
		sel analysis.Selection
		per int
	}{{analysis.Selection{}, 1}, {analysis.Selection{}, 64}, {analysis.Selection{Directed: true}, 64}, {analysis.Selection{Weight: analysis.WeightStrength}, 1}} {
		p := MustProject(t, snap, tt.sel)
		one := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: 1, SourcesPerPass: tt.per}))
		for _, w := range []int{2, 3, 7} {
			got := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Workers: w, SourcesPerPass: tt.per}))
			if !slices.Equal(got.Values, one.Values) {
				t.Errorf("%+v, %d per pass: %d workers differ from 1 worker", tt.sel, tt.per, w)
			}
		}
	}
}

// TestBetweennessWeightedKernel checks the Dijkstra kernel against the
// breadth-first one: with every tie of length 1 both count the same
// shortest paths, undirected and directed, with and without endpoints, on
// a graph with equal paths everywhere (the case exact equality decides).
func TestBetweennessWeightedKernel(t *testing.T) {
	snap := MustBarabasiAlbert(t, 700, 2, 5)
	for i, tie := range snap.Ties {
		tie.Weight = 1
		if i%3 == 0 {
			tie.Kind = network.Funding
		}
	}
	for _, directed := range []bool{false, true} {
		for _, opt := range []analysis.BetweennessOptions{{}, {Endpoints: true}, {Raw: true, Workers: 3}} {
			want := Must(analysis.Betweenness(context.Background(), MustProject(t, snap, analysis.Selection{Directed: directed}), opt))
			got := Must(analysis.Betweenness(context.Background(), MustProject(t, snap, analysis.Selection{Directed: directed, Weight: analysis.WeightDistance}), opt))
			if !strings.Contains(got.Method.Algorithm, "Dijkstra") {
				t.Fatalf("weighted run used %s", got.Method.Algorithm)
			}
			if i := scoreDifference(got, want); i >= 0 {
				t.Errorf("directed %v %+v: %s = %v by Dijkstra, %v by BFS", directed, opt, want.IDs[i], got.Values[i], want.Values[i])
			}
		}
	}
}

// scoreDifference returns the first node whose score in got is more than
// 1e-12 relative (or absolute, below 1) from want's, or -1.
func scoreDifference(got, want *analysis.Scores) int {
	for i := range want.Values {
		if math.Abs(got.Values[i]-want.Values[i]) > 1e-12*max(1, math.Abs(want.Values[i])) {
			return i
		}
	}
	return -1
}

// TestBetweennessWholeLengths checks the weighted kernel's two queues
// against each other: lengths 1 to 10 take the ring of buckets, and the
// same lengths halved (0.5 to 5, not whole) take the radix heap; halving
// every length keeps every shortest path and every equality of sums, so
// the betweenness must not change.
func TestBetweennessWholeLengths(t *testing.T) {
	whole := MustBarabasiAlbert(t, 700, 2, 5)
	halved := MustBarabasiAlbert(t, 700, 2, 5)
	for i, tie := range whole.Ties {
		tie.Weight = float64(1 + (i*7919)%10)
		halved.Ties[i].Weight = tie.Weight / 2
		if i%3 == 0 {
			tie.Kind, halved.Ties[i].Kind = network.Funding, network.Funding
		}
	}
	for _, directed := range []bool{false, true} {
		for _, opt := range []analysis.BetweennessOptions{{}, {Endpoints: true}, {Raw: true, Workers: 3}} {
			sel := analysis.Selection{Directed: directed, Weight: analysis.WeightDistance}
			want := Must(analysis.Betweenness(context.Background(), MustProject(t, halved, sel), opt))
			got := Must(analysis.Betweenness(context.Background(), MustProject(t, whole, sel), opt))
			if i := scoreDifference(got, want); i >= 0 {
				t.Errorf("directed %v %+v: %s = %v with whole lengths, %v with halved ones", directed, opt, want.IDs[i], got.Values[i], want.Values[i])
			}
			positive := 0
			for _, v := range want.Values {
				if v > 0 {
					positive++
				}
			}
			if positive < 100 {
				t.Fatalf("directed %v %+v: only %d actors broker any path", directed, opt, positive)
			}
		}
	}
}

// TestBetweennessBatched checks the 64-source kernel against the
// one-source kernel on a graph large enough to use it by default, with
// directed ties and a sample that leaves a partial last batch.
func TestBetweennessBatched(t *testing.T) {
	snap := MustBarabasiAlbert(t, 1500, 2, 3)
	for i, tie := range snap.Ties {
		if i%3 == 0 {
			tie.Kind = network.Funding
		}
	}
	for _, tt := range []struct {
		sel analysis.Selection
		opt analysis.BetweennessOptions
	}{
		{analysis.Selection{}, analysis.BetweennessOptions{}},
		{analysis.Selection{Directed: true}, analysis.BetweennessOptions{}},
		{analysis.Selection{Directed: true}, analysis.BetweennessOptions{Endpoints: true}},
		{analysis.Selection{}, analysis.BetweennessOptions{Samples: 150, Seed: 4}},
	} {
		p := MustProject(t, snap, tt.sel)
		single := tt.opt
		single.SourcesPerPass = 1
		want := Must(analysis.Betweenness(context.Background(), p, single))
		got := Must(analysis.Betweenness(context.Background(), p, tt.opt))
		if got.Method.Algorithm == want.Method.Algorithm {
			t.Fatalf("%+v: default did not batch on %d nodes: %s", tt.sel, p.N(), got.Method.Algorithm)
		}
		for i := range want.Values {
			if math.Abs(got.Values[i]-want.Values[i]) > 1e-12 {
				t.Errorf("%+v %+v: %s = %v batched, %v one at a time", tt.sel, tt.opt, want.IDs[i], got.Values[i], want.Values[i])
				break
			}
		}
		// The lane groups change which rows a pass touches, not a sum.
		for _, lanes := range []int{8, 16, 32, 64} {
			grouped := tt.opt
			grouped.LaneGroup = lanes
			if g := Must(analysis.Betweenness(context.Background(), p, grouped)); !slices.Equal(g.Values, got.Values) {
				t.Errorf("%+v %+v: lane groups of %d give other values than the default", tt.sel, tt.opt, lanes)
			}
		}
	}
	bad := analysis.BetweennessOptions{LaneGroup: 12}
	if _, err := analysis.Betweenness(context.Background(), MustProject(t, snap, analysis.Selection{}), bad); network.ErrorCode(err) != network.EINVALID {
		t.Errorf("lane group of 12: err = %v, want %s", err, network.EINVALID)
	}
}

func TestBetweennessSampled(t *testing.T) {
	p := MustProject(t, MustBarabasiAlbert(t, 400, 3, 2), analysis.Selection{})
	exact := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{}))
	a := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Samples: 200, Seed: 9}))
	b := Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{Samples: 200, Seed: 9}))
	if !slices.Equal(a.Values, b.Values) {
		t.Error("same seed, different estimates")
	}
	if a.Method.Exact || a.Method.Samples != 200 {
		t.Errorf("method = %+v, want sampled with 200", a.Method)
	}
	// The estimate ranks the top broker of the exact result near the top.
	top := exact.Ranked(1)[0].ID
	rank := slices.IndexFunc(a.Ranked(0), func(s analysis.Score) bool { return s.ID == top })
	if rank > 5 {
		t.Errorf("exact top broker %s ranks %d in the estimate", top, rank)
	}
	// Estimates are unbiased: the sums agree within 10%.
	var se, sa float64
	for i := range exact.Values {
		se, sa = se+exact.Values[i], sa+a.Values[i]
	}
	if math.Abs(sa-se) > 0.1*se {
		t.Errorf("sum of estimates %v, exact %v", sa, se)
	}
}

func TestPageRankPersonalized(t *testing.T) {
	p := MustProject(t, smallSnapshot(), analysis.Selection{Directed: true})
	t.Run("OK", func(t *testing.T) {
		s, err := analysis.PageRank(context.Background(), p, analysis.PageRankOptions{Personalization: []string{"gppac"}})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range s.Values {
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("sum = %v, want 1", sum)
		}
		if got, _ := s.Of("unowas"); got != 0 {
			t.Errorf("unowas, unreachable from gppac, has %v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := analysis.PageRank(context.Background(), p, analysis.PageRankOptions{Personalization: []string{"nobody"}})
		if got, want := network.ErrorCode(err), network.ENOTFOUND; got != want {
			t.Errorf("code = %q, want %q", got, want)
		}
	})
}

func TestShortestPaths(t *testing.T) {
	// A diamond a-b-d, a-c-d plus a long way a-e-f-d.
	snap := &network.Snapshot{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		snap.Actors = append(snap.Actors, actor(id, network.OtherActor))
	}
	for i, e := range [][2]string{{"a", "b"}, {"b", "d"}, {"a", "c"}, {"c", "d"}, {"a", "e"}, {"e", "f"}, {"f", "d"}} {
		w := 1.0
		if e[0] == "a" && e[1] == "b" {
			w = 4 // strong tie: short in STRENGTH mode
		}
		snap.Ties = append(snap.Ties, tie(fmt.Sprint(i), network.MOU, e[0], e[1], w, "", ""))
	}
	t.Run("OK", func(t *testing.T) {
		p := MustProject(t, snap, analysis.Selection{})
		got, err := analysis.ShortestPaths(context.Background(), p, "a", "d", true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !slices.Equal(got[0].Actors, []string{"a", "b", "d"}) || !slices.Equal(got[1].Actors, []string{"a", "c", "d"}) || got[0].Length != 2 {
			t.Errorf("paths = %+v", got)
		}
		p = MustProject(t, snap, analysis.Selection{Weight: analysis.WeightStrength})
		got, err = analysis.ShortestPaths(context.Background(), p, "a", "d", true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !slices.Equal(got[0].Actors, []string{"a", "b", "d"}) || got[0].Length != 1.25 {
			t.Errorf("weighted paths = %+v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		p := MustProject(t, snap, analysis.Selection{})
		_, err := analysis.ShortestPaths(context.Background(), p, "a", "zz", false)
		if got, want := network.ErrorCode(err), network.ENOTFOUND; got != want {
			t.Errorf("code = %q, want %q", got, want)
		}
	})
	t.Run("Neighbourhood", func(t *testing.T) {
		p := MustProject(t, snap, analysis.Selection{})
		got, err := analysis.Neighbourhood(context.Background(), p, []string{"b"}, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := []analysis.Hop{{"b", 0}, {"a", 1}, {"d", 1}}
		if !slices.Equal(got, want) {
			t.Errorf("Neighbourhood = %v, want %v", got, want)
		}
	})
}

func TestKindMixing(t *testing.T) {
	p := MustProject(t, smallSnapshot(), analysis.Selection{})
	m := analysis.KindMixing(p)
	// ecowas-wanep, unowas-ecowas external; gppac-wanep internal.
	if m.Internal != 1 || m.External != 2 {
		t.Fatalf("internal, external = %d, %d; want 1, 2", m.Internal, m.External)
	}
	if got, want := m.EI, 1.0/3; math.Abs(got-want) > 1e-12 {
		t.Errorf("EI = %v, want %v", got, want)
	}
}

func TestStrongComponents(t *testing.T) {
	p := MustProject(t, smallSnapshot(), analysis.Selection{Directed: true})
	got := analysis.StrongComponents(p)
	want := [][]string{{"ecowas", "gppac", "wanep"}, {"unowas"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("StrongComponents = %v, want %v", got, want)
	}
}

func TestBrokerage(t *testing.T) {
	snap := &network.Snapshot{Actors: []*network.Actor{
		actor("c1", network.CivilSociety), actor("c2", network.CivilSociety), actor("c3", network.CivilSociety),
		actor("r1", network.RegionalOrganization), actor("u1", network.UNEntity), actor("u2", network.UNEntity),
		actor("d1", network.Donor),
	}}
	for i, e := range [][2]string{{"c1", "r1"}, {"r1", "u1"}, {"r1", "c2"}, {"u1", "u2"}, {"c2", "c1"}, {"c1", "u1"}, {"d1", "r1"}, {"c2", "c3"}, {"c3", "c2"}} {
		snap.Ties = append(snap.Ties, tie(fmt.Sprint(i), network.Support, e[0], e[1], 1, "", ""))
	}
	got, m, err := analysis.Brokerage(context.Background(), MustProject(t, snap, analysis.Selection{Directed: true}))
	if err != nil {
		t.Fatal(err)
	}
	want := []analysis.BrokerRoles{
		{ID: "c2", Coordinator: 1, Gatekeeper: 2},
		{ID: "r1", Itinerant: 1, Liaison: 2}, // c1 -> r1 -> u1 is closed by c1 -> u1
		{ID: "c1", Representative: 2},
		{ID: "u1", Gatekeeper: 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Brokerage = %+v, want %+v", got, want)
	}
	if !m.Directed || !m.Exact {
		t.Errorf("method = %+v", m)
	}
}

// TestBrokerageByRegion groups by region: an actor's own region first,
// then its country's, else Unplaced; the roles follow the groups given.
func TestBrokerageByRegion(t *testing.T) {
	placed := func(id string, regions, countries []string) *network.Actor {
		a := actor(id, network.CivilSociety)
		a.Regions, a.Countries = regions, countries
		return a
	}
	snap := &network.Snapshot{
		Actors: []*network.Actor{
			placed("a", []string{"sahel", "west-africa"}, nil), // own regions: the first in ID order
			placed("b", nil, []string{"ML"}),                   // its country's region
			placed("c", nil, []string{"FR"}),                   // a country with no region
			placed("d", []string{"west-africa"}, nil),
		},
		Places: []*network.Place{{ID: "ML", Name: "Mali", Kind: network.Country, Regions: []string{"west-africa", "sahel"}}},
	}
	for i, e := range [][2]string{{"c", "a"}, {"a", "b"}, {"d", "b"}, {"b", "c"}} {
		snap.Ties = append(snap.Ties, tie(fmt.Sprint(i), network.Support, e[0], e[1], 1, "", ""))
	}
	p := MustProject(t, snap, analysis.Selection{Directed: true})
	groups := analysis.RegionGroups(p, snap)
	if got, want := groups, []string{"sahel", "sahel", analysis.Unplaced, "west-africa"}; !slices.Equal(got, want) {
		t.Fatalf("RegionGroups = %v, want %v", got, want)
	}
	got, m, err := analysis.BrokerageBy(context.Background(), p, groups, analysis.BrokerByRegion)
	if err != nil {
		t.Fatal(err)
	}
	// c -> a -> b: the broker a shares b's group (sahel): gatekeeper.
	// a -> b -> c: b shares a's group: representative. d -> b -> c: three
	// groups: liaison. b -> c -> a: b and a share a group c is not in:
	// itinerant.
	want := []analysis.BrokerRoles{
		{ID: "b", Representative: 1, Liaison: 1},
		{ID: "a", Gatekeeper: 1},
		{ID: "c", Itinerant: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("BrokerageBy = %+v, want %+v", got, want)
	}
	if !strings.Contains(m.Algorithm, "region") {
		t.Errorf("method %q does not name the grouping", m.Algorithm)
	}
	if _, _, err := analysis.BrokerageBy(context.Background(), p, groups[:1], analysis.BrokerByRegion); network.ErrorCode(err) != network.EINVALID {
		t.Errorf("short groups: err = %v, want EINVALID", err)
	}
}

// TestTinyNetworks runs every algorithm on networks of 0, 1 and 2 actors:
// nothing panics and the values are NetworkX's.
func TestTinyNetworks(t *testing.T) {
	one := &network.Snapshot{Actors: []*network.Actor{actor("a", network.Donor)}}
	two := &network.Snapshot{Actors: []*network.Actor{actor("a", network.Donor), actor("b", network.CivilSociety)},
		Ties: []*network.Tie{tie("t", network.Funding, "a", "b", 2, "", "")}}
	for _, tt := range []struct {
		name   string
		snap   *network.Snapshot
		degree []float64
		pr     []float64
	}{
		{"Empty", &network.Snapshot{}, []float64{}, []float64{}},
		{"One", one, []float64{1}, []float64{1}},
		{"Two", two, []float64{1, 1}, []float64{0.5, 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, sel := range []analysis.Selection{{}, {Directed: true, Weight: analysis.WeightStrength}} {
				p := MustProject(t, tt.snap, sel)
				if got := analysis.Degree(p, analysis.DegreeTotal).Values; !slices.Equal(got, tt.degree) {
					t.Errorf("%+v: degree = %v, want %v", sel, got, tt.degree)
				}
				for _, s := range []*analysis.Scores{Must(analysis.Betweenness(context.Background(), p, analysis.BetweennessOptions{})), Must(analysis.Clustering(context.Background(), p))} {
					for _, v := range s.Values {
						if v != 0 {
							t.Errorf("%+v: %s = %v, want 0", sel, s.Method.Algorithm, s.Values)
						}
					}
				}
				pr, err := analysis.PageRank(context.Background(), p, analysis.PageRankOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if !sel.Directed {
					for i, v := range pr.Values {
						if math.Abs(v-tt.pr[i]) > 1e-9 {
							t.Errorf("pagerank = %v, want %v", pr.Values, tt.pr)
						}
					}
				}
				Must(analysis.Closeness(context.Background(), p))
				Must(analysis.Harmonic(context.Background(), p))
				Must(analysis.Eigenvector(context.Background(), p, analysis.PowerOptions{}))
				Must(analysis.Constraint(context.Background(), p))
				Must(analysis.EffectiveSize(context.Background(), p))
				analysis.CoreNumber(p)
				analysis.StrongComponents(p)
				analysis.ArticulationPoints(p)
				analysis.KindMixing(p)
				if _, _, err := analysis.Brokerage(context.Background(), p); err != nil {
					t.Fatal(err)
				}
				Must(analysis.Louvain(context.Background(), p, analysis.LouvainOptions{}))
				Must(analysis.Leiden(context.Background(), p, analysis.LouvainOptions{}))
				Must(analysis.LabelPropagation(context.Background(), p))
				st := Must(analysis.Statistics(context.Background(), p))
				if got, want := st.Actors, p.N(); got != want {
					t.Errorf("stats actors = %d, want %d", got, want)
				}
			}
		})
	}
}
