// Package analysis computes network metrics over a compact projection of a
// network.Snapshot: centrality, structure, paths and brokerage. Every function
// is pure and deterministic: the same projection and options give the same
// result, sorted the same way, whatever the number of cores. Values follow
// NetworkX's defaults so that analysts can check them with NetworkX.
package analysis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// WeightMode says how tie weights are read.
type WeightMode string

// The weight modes. In every path metric a weight is a distance: NONE counts
// hops, STRENGTH uses 1/w, DISTANCE uses w. In metrics that sum strengths
// (degree strength, eigenvector, PageRank, constraint) NONE counts 1 per
// edge, STRENGTH uses w and DISTANCE uses 1/w.
const (
	WeightNone     WeightMode = "NONE"
	WeightStrength WeightMode = "STRENGTH"
	WeightDistance WeightMode = "DISTANCE"
)

// Valid reports whether m is a known mode or empty (NONE).
func (m WeightMode) Valid() bool {
	switch m {
	case "", WeightNone, WeightStrength, WeightDistance:
		return true
	}
	return false
}

// Selection says which part of a network to analyse and how to read it.
// Empty fields select everything.
type Selection struct {
	TieKinds   []network.TieKind
	ActorKinds []network.ActorKind
	Regions    []string // Place IDs
	AsOf       network.Date
	Directed   bool
	Weight     WeightMode
	// OrgansWithParent counts organs and sub-units with the regional
	// organization they are PART_OF (FoldOrgans) before anything else is
	// selected.
	OrgansWithParent bool
	// CoOrganizing replaces events by their organizers' co-organizing ties
	// (ProjectEvents) before anything else is selected.
	CoOrganizing bool
}

// csr is one compressed sparse row adjacency: the neighbours of node i are
// adj[off[i]:off[i+1]], sorted, with the summed tie weights in w.
type csr struct {
	off []int32
	adj []int32
	w   []float64
}

func (c *csr) row(i int32) ([]int32, []float64) {
	lo, hi := c.off[i], c.off[i+1]
	return c.adj[lo:hi], c.w[lo:hi]
}

// Projection is a network reduced to what the algorithms need: nodes
// numbered 0..N-1 in actor ID order and compressed sparse row adjacency in
// contiguous int32 and float64 arrays. Parallel ties between one pair
// collapse into one edge whose weight is the sum of theirs.
type Projection struct {
	sel   Selection
	notes []string
	read  *network.Snapshot // the snapshot as read, when a reading changed it
	ids   []string
	kinds []uint8 // index into network.ActorKinds
	ties  int
	out   csr
	in    csr // the same arrays as out when undirected
}

// Project builds the projection of snap that sel selects: actors that pass
// sel.ActorKinds and sel.Regions, ties that pass sel.TieKinds, are active at
// sel.AsOf and join two kept actors, after the actors succeeded by then
// are dropped (DropSucceeded), events are projected
// (sel.CoOrganizing) and organs folded into their organizations
// (sel.OrgansWithParent). In the undirected view every tie goes
// both ways; in the directed view symmetric kinds go both ways and directed
// kinds from From to To. EINVALID for a bad selection, a duplicate actor ID
// or a tie weight that is not positive.
func Project(snap *network.Snapshot, sel Selection) (*Projection, error) {
	if !sel.Weight.Valid() {
		return nil, network.Errorf(network.EINVALID, "weight mode %q is not NONE, STRENGTH or DISTANCE", sel.Weight)
	}
	if sel.Weight == "" {
		sel.Weight = WeightNone
	}
	if err := sel.AsOf.Validate(); err != nil {
		return nil, network.Errorf(network.EINVALID, "asOf: %v", err)
	}
	given := snap
	snap, notes := readAs(snap, sel)
	actors := selectedActors(snap, sel)
	byID := func(a, b *network.Actor) int { return strings.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(actors, byID) {
		// A snapshot's actors are in ID order; a list that is not is sorted
		// as a copy, since it may be the snapshot's own.
		actors = slices.SortedFunc(slices.Values(actors), byID)
	}
	p := &Projection{sel: sel, notes: notes, ids: make([]string, len(actors)), kinds: make([]uint8, len(actors))}
	if snap != given {
		p.read = snap
	}
	for i, a := range actors {
		if i > 0 && a.ID == actors[i-1].ID {
			return nil, network.Errorf(network.EINVALID, "actor %q appears twice", a.ID)
		}
		p.ids[i] = a.ID
		p.kinds[i] = kindIndex(a.Kind)
	}

	// A temporary index finds tie ends faster than a binary search over IDs.
	index := newIDIndex(p.ids)
	// Two passes over the ties: the first checks them, finds their nodes
	// and counts each row's arcs, the second places the arcs. Between them
	// only each tie's two nodes are kept (8 bytes a tie), not every arc
	// with its weight (32 bytes a tie).
	const dropped = ^uint64(0)
	ends := make([]uint64, len(snap.Ties)) // u<<32 | v, or dropped
	out := newCSRBuilder(len(p.ids))
	in := out
	if sel.Directed {
		in = newCSRBuilder(len(p.ids))
	}
	observed := map[string]int{} // year -> kept ties observed then, when read at another date
	for k, t := range snap.Ties {
		ends[k] = dropped
		if t == nil || len(sel.TieKinds) > 0 && !slices.Contains(sel.TieKinds, t.Kind) || !t.ActiveAt(sel.AsOf) {
			continue
		}
		u, okU := index.find(t.From)
		v, okV := index.find(t.To)
		if !okU || !okV || u == v {
			continue
		}
		if !(t.Weight > 0) {
			return nil, network.Errorf(network.EINVALID, "tie %q: weight %v is not a positive number", t.ID, t.Weight)
		}
		p.ties++
		ends[k] = uint64(u)<<32 | uint64(v)
		if y := t.Observed(); y != "" && sel.AsOf != "" && !strings.HasPrefix(string(sel.AsOf), y) {
			observed[y]++
		}
		out.count(u)
		if sel.Directed {
			in.count(v)
		}
		if !sel.Directed || !t.Directed() {
			out.count(v)
			if sel.Directed {
				in.count(u)
			}
		}
	}
	if note := observedNote(sel.AsOf, observed); note != "" {
		p.notes = append(p.notes, note)
	}
	out.start()
	if sel.Directed {
		in.start()
	}
	for k, t := range snap.Ties {
		if ends[k] == dropped {
			continue
		}
		u, v := int32(ends[k]>>32), int32(uint32(ends[k]))
		out.put(u, v, t.Weight)
		if sel.Directed {
			in.put(v, u, t.Weight)
		}
		if !sel.Directed || !t.Directed() {
			out.put(v, u, t.Weight)
			if sel.Directed {
				in.put(u, v, t.Weight)
			}
		}
	}
	p.out = out.finish()
	p.in = p.out
	if sel.Directed {
		// When every arc has its reverse (all kinds symmetric) the two views
		// are the same arrays.
		if in := in.finish(); !in.equal(&p.out) {
			p.in = in
		}
	}
	return p, nil
}

// readAs reads snap as sel asks before anything is selected: actors
// succeeded by sel.AsOf dropped, events projected, organs folded; with
// the notes that say so.
func readAs(snap *network.Snapshot, sel Selection) (*network.Snapshot, []string) {
	var notes []string
	if s, note := DropSucceeded(snap, sel.AsOf); note != "" {
		snap, notes = s, append(notes, note)
	}
	if sel.CoOrganizing {
		var note string
		if snap, note = ProjectEvents(snap); note != "" {
			notes = append(notes, note)
		}
	}
	if sel.OrgansWithParent {
		var note string
		if snap, note = FoldOrgans(snap); note != "" {
			notes = append(notes, note)
		}
	}
	return snap, notes
}

// selectedActors returns the actors of snap that pass sel.ActorKinds and
// sel.Regions: the snapshot's own list when every actor passes, which the
// caller must not change.
func selectedActors(snap *network.Snapshot, sel Selection) []*network.Actor {
	filter := network.ActorFilter{Kinds: sel.ActorKinds, Regions: sel.Regions}
	if len(filter.Kinds) == 0 && len(filter.Regions) == 0 && !slices.Contains(snap.Actors, nil) {
		return snap.Actors // every actor: the snapshot's own list, not a copy
	}
	var actors []*network.Actor
	for _, a := range snap.Actors {
		if a != nil && filter.Matches(a) {
			actors = append(actors, a)
		}
	}
	return actors
}

// Size returns how many actors and ties the projection of snap by sel
// holds (N and Ties), counted without building it: one pass over the
// snapshot as sel reads it, with no adjacency arrays. A cost model reads
// it before deciding whether the work over the projection may run.
// EINVALID for a bad selection.
func Size(snap *network.Snapshot, sel Selection) (actors, ties int, err error) {
	if !sel.Weight.Valid() {
		return 0, 0, network.Errorf(network.EINVALID, "weight mode %q is not NONE, STRENGTH or DISTANCE", sel.Weight)
	}
	if err := sel.AsOf.Validate(); err != nil {
		return 0, 0, network.Errorf(network.EINVALID, "asOf: %v", err)
	}
	snap, _ = readAs(snap, sel)
	selected := selectedActors(snap, sel)
	kept := make(map[string]struct{}, len(selected))
	for _, a := range selected {
		kept[a.ID] = struct{}{}
	}
	for _, t := range snap.Ties {
		if t == nil || t.From == t.To || len(sel.TieKinds) > 0 && !slices.Contains(sel.TieKinds, t.Kind) || !t.ActiveAt(sel.AsOf) {
			continue
		}
		if _, ok := kept[t.From]; !ok {
			continue
		}
		if _, ok := kept[t.To]; ok {
			ties++
		}
	}
	return len(kept), ties, nil
}

func kindIndex(k network.ActorKind) uint8 {
	for i, v := range network.ActorKinds {
		if v == k {
			return uint8(i)
		}
	}
	return uint8(len(network.ActorKinds) - 1) // OTHER
}

// buildCSR puts the arcs src->dst into rows by source, in arc order, as a
// csrBuilder does.
func buildCSR(n int, src, dst []int32, wts []float64) csr {
	b := newCSRBuilder(n)
	for _, s := range src {
		b.count(s)
	}
	b.start()
	for k, s := range src {
		b.put(s, dst[k], wts[k])
	}
	return b.finish()
}

// csrBuilder builds a csr from arcs given twice in the same order: once to
// count (count each arc's source), then, after start, to place them (put).
// finish sorts each row by target keeping the arcs' order among equal
// targets, and sums the weights of repeated arcs in that order. Rows are
// sorted in place, so the build keeps no arrays over the arcs beside the
// ones it returns.
type csrBuilder struct {
	off, next []int32
	adj       []int32
	w         []float64
}

func newCSRBuilder(n int) *csrBuilder { return &csrBuilder{off: make([]int32, n+1)} }

// count counts one arc from s.
func (b *csrBuilder) count(s int32) { b.off[s+1]++ }

// start makes room for the arcs counted.
func (b *csrBuilder) start() {
	n := len(b.off) - 1
	for i := 0; i < n; i++ {
		b.off[i+1] += b.off[i]
	}
	b.adj = make([]int32, b.off[n])
	b.w = make([]float64, b.off[n])
	b.next = slices.Clone(b.off[:n])
}

// put places the arc s->t of weight w after the arcs from s placed before.
func (b *csrBuilder) put(s, t int32, w float64) {
	k := b.next[s]
	b.adj[k], b.w[k] = t, w
	b.next[s] = k + 1
}

// finish sorts the rows, collapses repeated arcs and returns the csr.
func (b *csrBuilder) finish() csr {
	off, adj, w := b.off, b.adj, b.w
	n := len(off) - 1
	b.next = nil
	var row []weightedArc
	for i := 0; i < n; i++ {
		lo, hi := off[i], off[i+1]
		if slices.IsSorted(adj[lo:hi]) {
			continue
		}
		row = row[:0]
		for k := lo; k < hi; k++ {
			row = append(row, weightedArc{adj[k], w[k]})
		}
		slices.SortStableFunc(row, func(a, b weightedArc) int { return cmp.Compare(a.to, b.to) })
		for j, a := range row {
			adj[lo+int32(j)], w[lo+int32(j)] = a.to, a.w
		}
	}
	// Collapse repeated arcs in place.
	out := int32(0)
	for i := 0; i < n; i++ {
		lo, hi := off[i], off[i+1]
		off[i] = out
		for k := lo; k < hi; k++ {
			if out > off[i] && adj[out-1] == adj[k] {
				w[out-1] += w[k]
				continue
			}
			adj[out], w[out] = adj[k], w[k]
			out++
		}
	}
	off[n] = out
	// A few repeats leave a little unused capacity rather than a copy.
	if int(out) >= len(adj)-len(adj)/8 {
		return csr{off: off, adj: adj[:out:out], w: w[:out:out]}
	}
	return csr{off: off, adj: slices.Clone(adj[:out]), w: slices.Clone(w[:out])}
}

// weightedArc is an arc to a target with its weight, while a row is sorted.
type weightedArc struct {
	to int32
	w  float64
}

// equal reports whether c and d hold the same arcs and weights.
func (c *csr) equal(d *csr) bool {
	return slices.Equal(c.off, d.off) && slices.Equal(c.adj, d.adj) && slices.Equal(c.w, d.w)
}

// Selection returns the selection p was built from (Weight never empty).
func (p *Projection) Selection() Selection { return p.sel }

// Notes returns what a reader of any result over p should know about how
// the network was read: organs folded, events projected, ties observed in
// another year than the one asked. The caller must not change the slice.
func (p *Projection) Notes() []string { return p.notes }

// Read returns the snapshot p was projected from as its selection read it
// (succeeded actors dropped, events projected, organs folded), given the
// snapshot snap it was built from: snap itself when no reading changed it.
// Whatever looks up p's actors or ties in a snapshot reads this one, so that
// a folded organ's tie is found between the organization and its partner.
func (p *Projection) Read(snap *network.Snapshot) *network.Snapshot {
	if p.read != nil {
		return p.read
	}
	return snap
}

// Directed reports whether p is the directed view.
func (p *Projection) Directed() bool { return p.sel.Directed }

// N returns the number of nodes (actors kept).
func (p *Projection) N() int { return len(p.ids) }

// Ties returns the number of ties kept, before parallel ties collapse.
func (p *Projection) Ties() int { return p.ties }

// Edges returns the number of edges after parallel ties collapse: arcs in
// the directed view, unordered pairs in the undirected view.
func (p *Projection) Edges() int {
	if p.sel.Directed {
		return len(p.out.adj)
	}
	return len(p.out.adj) / 2
}

// ID returns the actor ID of node i.
func (p *Projection) ID(i int) string { return p.ids[i] }

// IDs returns the actor IDs of the nodes in node order (sorted). The caller
// must not change the slice.
func (p *Projection) IDs() []string { return p.ids }

// Index returns the node of actor id, or -1 when the actor is not kept.
func (p *Projection) Index(id string) int {
	i, ok := slices.BinarySearch(p.ids, id)
	if !ok {
		return -1
	}
	return i
}

// Kind returns the actor kind of node i.
func (p *Projection) Kind(i int) network.ActorKind { return network.ActorKinds[p.kinds[i]] }

// Out returns the successors of node i (all neighbours when undirected) and
// the summed weights of the edges to them. The caller must not change them.
func (p *Projection) Out(i int) ([]int32, []float64) { return p.out.row(int32(i)) }

// In returns the predecessors of node i (all neighbours when undirected) and
// the summed weights of the edges from them.
func (p *Projection) In(i int) ([]int32, []float64) { return p.in.row(int32(i)) }

// weighted reports whether path metrics read weights.
func (p *Projection) weighted() bool { return p.sel.Weight != WeightNone }

// Distance is the length of an edge of (summed) weight w in path metrics:
// 1 in NONE mode, 1/w in STRENGTH, w in DISTANCE.
func (p *Projection) Distance(w float64) float64 { return p.cost(w) }

// cost is the length of an edge of weight w in path metrics.
func (p *Projection) cost(w float64) float64 {
	switch p.sel.Weight {
	case WeightStrength:
		return 1 / w
	case WeightDistance:
		return w
	}
	return 1
}

// costs returns the path length of every arc of c, in c's order.
func (p *Projection) costs(c *csr) []float64 {
	out := make([]float64, len(c.w))
	for j, w := range c.w {
		out[j] = p.cost(w)
	}
	return out
}

// strength is the strength of an edge of weight w in metrics that sum
// strengths.
func (p *Projection) strength(w float64) float64 {
	switch p.sel.Weight {
	case WeightStrength:
		return w
	case WeightDistance:
		return 1 / w
	}
	return 1
}

// undirected returns the undirected view of p's arcs: p.out itself when p
// is undirected, else the union of out and in rows with summed weights.
func (p *Projection) undirected() csr {
	if !p.sel.Directed {
		return p.out
	}
	return p.unionRows(func(w float64) float64 { return w })
}

// unionRows returns the union of p's out and in rows: each node's neighbours
// either way, in order, each arc's weight read through weight and the two
// arcs between a pair summed.
func (p *Projection) unionRows(weight func(float64) float64) csr {
	n := len(p.ids)
	off := make([]int32, n+1)
	adj := make([]int32, 0, len(p.out.adj)+len(p.in.adj))
	w := make([]float64, 0, cap(adj))
	for i := int32(0); i < int32(n); i++ {
		oa, ow := p.out.row(i)
		ia, iw := p.in.row(i)
		a, b := 0, 0
		for a < len(oa) || b < len(ia) {
			switch {
			case b == len(ia) || a < len(oa) && oa[a] < ia[b]:
				adj, w = append(adj, oa[a]), append(w, weight(ow[a]))
				a++
			case a == len(oa) || ia[b] < oa[a]:
				adj, w = append(adj, ia[b]), append(w, weight(iw[b]))
				b++
			default:
				adj, w = append(adj, oa[a]), append(w, weight(ow[a])+weight(iw[b]))
				a++
				b++
			}
		}
		off[i+1] = int32(len(adj))
	}
	return csr{off: off, adj: adj, w: w}
}
