package graph_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/network"
)

// TestStructure reads the seed network and TestStructureKarate the karate
// club: one Neo4j database holds one network at a time.
func TestStructure(t *testing.T) { forEachStore(t, testStructure) }

func testStructure(t *testing.T, open openFunc) {
	seedStore := MustSeedStore(t, open)
	sc := client.New(graph.NewHandler(seedStore, graph.Options{}))
	sp := MustProject(t, seedStore, analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone})

	t.Run("NetworkStatistics", func(t *testing.T) {
		var resp struct {
			NetworkStatistics struct {
				Actors, Ties, Edges, Components, Isolates, LargestComponent int
				Density, Transitivity, AverageClustering                    float64
				Diameter                                                    *float64
			} `json:"networkStatistics"`
		}
		MustQuery(t, sc, &resp, `{ networkStatistics { actors ties edges components isolates largestComponent density transitivity averageClustering diameter } }`, nil)
		want := Must(analysis.Statistics(context.Background(), sp))
		got := resp.NetworkStatistics
		if got.Actors != want.Actors || got.Ties != want.Ties || got.Edges != want.Edges || got.Components != want.Components ||
			got.Isolates != want.Isolates || got.LargestComponent != want.LargestComponent || got.Density != want.Density ||
			got.Transitivity != want.Transitivity || got.AverageClustering != want.AverageClustering || got.Diameter == nil || *got.Diameter != *want.Diameter {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})

	t.Run("Components", func(t *testing.T) {
		var resp struct {
			Components struct {
				Count      int `json:"count"`
				Components []struct {
					Size     int      `json:"size"`
					ActorIds []string `json:"actorIds"`
					Actors   []idNode `json:"actors"`
				} `json:"components"`
			} `json:"components"`
		}
		MustQuery(t, sc, &resp, `{ components(top: 1000) { count components { size actorIds actors(first: 3) { id } } } }`, nil)
		want := analysis.Components(sp)
		if resp.Components.Count != len(want) || len(resp.Components.Components) != len(want) {
			t.Fatalf("got %d components, want %d", resp.Components.Count, len(want))
		}
		for i, w := range want {
			g := resp.Components.Components[i]
			if g.Size != len(w) || !slices.Equal(g.ActorIds, w) || !slices.Equal(nodeIDs(g.Actors), w[:min(3, len(w))]) {
				t.Errorf("component %d: got %+v, want %v", i, g, w)
			}
		}
	})

	t.Run("ShortestPaths", func(t *testing.T) {
		var resp struct {
			ShortestPaths struct {
				Length *float64 `json:"length"`
				Paths  []struct {
					Actors []idNode `json:"actors"`
					Ties   []struct {
						ID   string `json:"id"`
						From idNode `json:"from"`
						To   idNode `json:"to"`
					} `json:"ties"`
				} `json:"paths"`
			} `json:"shortestPaths"`
		}
		MustQuery(t, sc, &resp, `{ shortestPaths(from: "wanep", to: "pbso", all: true) { length paths { actors { id } ties { id from { id } to { id } } } } }`, nil)
		want, err := analysis.ShortestPaths(context.Background(), sp, "wanep", "pbso", true)
		if err != nil {
			t.Fatal(err)
		}
		got := resp.ShortestPaths
		if len(want) == 0 || len(got.Paths) != len(want) || got.Length == nil || *got.Length != want[0].Length {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		for i, w := range want {
			p := got.Paths[i]
			if !slices.Equal(nodeIDs(p.Actors), w.Actors) {
				t.Errorf("path %d: got %v, want %v", i, nodeIDs(p.Actors), w.Actors)
			}
			if len(p.Ties) < len(w.Actors)-1 {
				t.Errorf("path %d has %d ties for %d steps", i, len(p.Ties), len(w.Actors)-1)
			}
			for _, tie := range p.Ties {
				if !slices.Contains(w.Actors, tie.From.ID) || !slices.Contains(w.Actors, tie.To.ID) {
					t.Errorf("tie %s (%s-%s) is not on path %v", tie.ID, tie.From.ID, tie.To.ID, w.Actors)
				}
			}
		}
	})

	t.Run("ShortestPaths/Unreachable", func(t *testing.T) {
		var resp struct {
			ShortestPaths struct {
				Length *float64 `json:"length"`
				Paths  []idNode `json:"paths"`
			} `json:"shortestPaths"`
		}
		// In the MEMBERSHIP-only selection WANEP has no ties.
		MustQuery(t, sc, &resp, `{ shortestPaths(from: "wanep", to: "ecowas", network: {tieKinds: [MEMBERSHIP]}) { length paths { __typename } } }`, nil)
		if resp.ShortestPaths.Length != nil || len(resp.ShortestPaths.Paths) != 0 {
			t.Errorf("got %+v, want no path", resp.ShortestPaths)
		}
	})

	t.Run("Neighbourhood", func(t *testing.T) {
		var resp struct {
			Neighbourhood struct {
				Actors []struct {
					Hops  int    `json:"hops"`
					Actor idNode `json:"actor"`
				} `json:"actors"`
			} `json:"neighbourhood"`
		}
		MustQuery(t, sc, &resp, `{ neighbourhood(ids: ["wanep"], hops: 2) { actors { hops actor { id } } } }`, nil)
		want, err := analysis.Neighbourhood(context.Background(), sp, []string{"wanep"}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 2 || len(resp.Neighbourhood.Actors) != len(want) {
			t.Fatalf("got %d actors, want %d", len(resp.Neighbourhood.Actors), len(want))
		}
		for i, w := range want {
			if g := resp.Neighbourhood.Actors[i]; g.Actor.ID != w.ID || g.Hops != w.Hops {
				t.Errorf("item %d: got %+v, want %+v", i, g, w)
			}
		}
	})

	t.Run("Brokerage", func(t *testing.T) {
		var resp struct {
			Brokerage struct {
				Items []struct {
					Actor                                                       idNode
					Coordinator, Itinerant, Representative, Gatekeeper, Liaison int
					Total                                                       int
				} `json:"items"`
			} `json:"brokerage"`
		}
		MustQuery(t, sc, &resp, `{ brokerage(network: {directed: true}, top: 1000) { items { actor { id } coordinator itinerant representative gatekeeper liaison total } } }`, nil)
		want, _, _ := analysis.Brokerage(context.Background(), MustProject(t, seedStore, analysis.Selection{OrgansWithParent: true, Directed: true, Weight: analysis.WeightNone}))
		if len(want) == 0 || len(resp.Brokerage.Items) != min(len(want), graph.MaxTop) {
			t.Fatalf("got %d brokers, want %d (> 0)", len(resp.Brokerage.Items), len(want))
		}
		for i, g := range resp.Brokerage.Items {
			w := want[i]
			if g.Actor.ID != w.ID || g.Coordinator != w.Coordinator || g.Itinerant != w.Itinerant || g.Representative != w.Representative ||
				g.Gatekeeper != w.Gatekeeper || g.Liaison != w.Liaison || g.Total != w.Total() {
				t.Errorf("broker %d: got %+v, want %+v", i, g, w)
			}
		}
	})

	t.Run("BrokerageByRegion", func(t *testing.T) {
		var resp struct {
			Brokerage struct {
				Items []struct {
					Actor idNode
					Total int
				} `json:"items"`
				Method struct{ Algorithm string } `json:"method"`
			} `json:"brokerage"`
		}
		MustQuery(t, sc, &resp, `{ brokerage(network: {directed: true}, top: 1000, groupBy: REGION) { items { actor { id } total } method { algorithm } } }`, nil)
		snap, err := seedStore.Snapshot(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		p := MustProject(t, seedStore, analysis.Selection{OrgansWithParent: true, Directed: true, Weight: analysis.WeightNone})
		want, _, err := analysis.BrokerageBy(context.Background(), p, analysis.RegionGroups(p, snap), analysis.BrokerByRegion)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || len(resp.Brokerage.Items) != len(want) {
			t.Fatalf("got %d brokers, want %d (> 0)", len(resp.Brokerage.Items), len(want))
		}
		for i, g := range resp.Brokerage.Items {
			if g.Actor.ID != want[i].ID || g.Total != want[i].Total() {
				t.Errorf("broker %d: got %+v, want %+v", i, g, want[i])
			}
		}
		if !strings.Contains(resp.Brokerage.Method.Algorithm, "region") {
			t.Errorf("method %q does not say it groups by region", resp.Brokerage.Method.Algorithm)
		}
	})
}

func TestStructureKarate(t *testing.T) { forEachStore(t, testStructureKarate) }

func testStructureKarate(t *testing.T, open openFunc) {
	karate := MustKarateStore(t, open)
	kc := client.New(graph.NewHandler(karate, graph.Options{}))
	kp := MustProject(t, karate, analysis.Selection{OrgansWithParent: true, Weight: analysis.WeightNone})

	t.Run("CutPoints", func(t *testing.T) {
		var resp struct {
			CutPoints struct {
				ArticulationPoints []idNode `json:"articulationPoints"`
				Bridges            []struct {
					Source idNode `json:"source"`
					Target idNode `json:"target"`
				} `json:"bridges"`
			} `json:"cutPoints"`
		}
		MustQuery(t, kc, &resp, `{ cutPoints { articulationPoints { id } bridges { source { id } target { id } } } }`, nil)
		// NetworkX: articulation_points ["0"], bridges [["0", "11"]].
		got := resp.CutPoints
		if !slices.Equal(nodeIDs(got.ArticulationPoints), []string{"0"}) || len(got.Bridges) != 1 ||
			got.Bridges[0].Source.ID != "0" || got.Bridges[0].Target.ID != "11" {
			t.Errorf("got %+v, want articulation point 0 and bridge 0-11", got)
		}
	})

	t.Run("Mixing", func(t *testing.T) {
		var resp struct {
			Mixing struct {
				Internal, External int
				EiIndex            float64  `json:"eiIndex"`
				Assortativity      *float64 `json:"assortativity"`
			} `json:"mixing"`
		}
		MustQuery(t, kc, &resp, `{ mixing { internal external eiIndex assortativity } }`, nil)
		want := analysis.KindMixing(kp)
		got := resp.Mixing
		// NetworkX: attribute_assortativity_coefficient by club 0.717530864197531.
		if got.Internal != want.Internal || got.External != want.External || got.EiIndex != want.EI ||
			got.Assortativity == nil || math.Abs(*got.Assortativity-0.717530864197531) > 1e-9 {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})

	t.Run("Communities", func(t *testing.T) {
		type comms struct {
			Communities struct {
				Count       int     `json:"count"`
				Modularity  float64 `json:"modularity"`
				Communities []struct {
					ActorIds []string `json:"actorIds"`
				} `json:"communities"`
			} `json:"communities"`
		}
		for _, tc := range []struct {
			algorithm string
			want      *analysis.Partition
		}{
			{"LOUVAIN", Must(analysis.Louvain(context.Background(), kp, analysis.LouvainOptions{Resolution: 1, Seed: 3}))},
			{"LABEL_PROPAGATION", Must(analysis.LabelPropagation(context.Background(), kp))},
			{"LEIDEN", Must(analysis.Leiden(context.Background(), kp, analysis.LouvainOptions{Resolution: 1, Seed: 3}))},
		} {
			var resp comms
			MustQuery(t, kc, &resp, `query($a: CommunityAlgorithm) { communities(algorithm: $a, seed: 3, top: 1000) { count modularity communities { actorIds } } }`, map[string]any{"a": tc.algorithm})
			got := resp.Communities
			if got.Count != len(tc.want.Communities) || got.Modularity != tc.want.Modularity || len(got.Communities) != got.Count {
				t.Fatalf("%s: got %d communities (modularity %v), want %d (%v)", tc.algorithm, got.Count, got.Modularity, len(tc.want.Communities), tc.want.Modularity)
			}
			for i, w := range tc.want.Communities {
				if !slices.Equal(got.Communities[i].ActorIds, w) {
					t.Errorf("%s community %d: got %v, want %v", tc.algorithm, i, got.Communities[i].ActorIds, w)
				}
			}
		}
	})

	t.Run("NetworkGraph", func(t *testing.T) {
		type graphResp struct {
			NetworkGraph struct {
				Nodes []struct {
					ID    string   `json:"id"`
					Score *float64 `json:"score"`
					X, Y  float64
				} `json:"nodes"`
				Edges []struct {
					Source, Target string
					Kinds          []network.TieKind
					Weight         float64
				} `json:"edges"`
			} `json:"networkGraph"`
		}
		const q = `{ networkGraph(metric: BETWEENNESS, top: 10) { nodes { id score x y } edges { source target kinds weight } } }`
		var first, second graphResp
		MustQuery(t, kc, &first, q, nil)
		MustQuery(t, client.New(graph.NewHandler(karate, graph.Options{})), &second, q, nil)
		want := Must(analysis.Betweenness(context.Background(), kp, analysis.BetweennessOptions{})).Ranked(10)
		g := first.NetworkGraph
		if len(g.Nodes) != 10 {
			t.Fatalf("got %d nodes, want 10", len(g.Nodes))
		}
		in := map[string]bool{}
		for i, n := range g.Nodes {
			in[n.ID] = true
			if n.ID != want[i].ID || n.Score == nil || *n.Score != want[i].Value {
				t.Errorf("node %d: got %s %v, want %s %v", i, n.ID, n.Score, want[i].ID, want[i].Value)
			}
			if math.Abs(n.X) > 1 || math.Abs(n.Y) > 1 {
				t.Errorf("node %s at (%v, %v), outside [-1, 1]²", n.ID, n.X, n.Y)
			}
			if m := second.NetworkGraph.Nodes[i]; m.X != n.X || m.Y != n.Y {
				t.Errorf("layout is not deterministic: %s at (%v, %v) then (%v, %v)", n.ID, n.X, n.Y, m.X, m.Y)
			}
		}
		// Every edge among the nodes, once, with the projection's weight.
		wantEdges := 0
		for _, n := range g.Nodes {
			adj, _ := kp.Out(kp.Index(n.ID))
			for _, v := range adj {
				if in[kp.ID(int(v))] && kp.ID(int(v)) > n.ID {
					wantEdges++
				}
			}
		}
		if len(g.Edges) != wantEdges || wantEdges == 0 {
			t.Errorf("got %d edges, want %d", len(g.Edges), wantEdges)
		}
		for _, e := range g.Edges {
			if !in[e.Source] || !in[e.Target] || e.Source >= e.Target || len(e.Kinds) == 0 || e.Weight <= 0 {
				t.Errorf("bad edge %+v", e)
			}
		}
	})
}
