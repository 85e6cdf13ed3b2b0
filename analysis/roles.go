package analysis

import (
	"slices"
	"strings"
)

// BrokerRoles counts the open two-paths a -> v -> b (a != b, no arc
// a -> b) that actor v brokers, by Gould and Fernandez's roles over actor
// kinds.
type BrokerRoles struct {
	ID string
	// Coordinator: a, v and b of one kind.
	Coordinator int
	// Itinerant (consultant): a and b of one kind, v of another.
	Itinerant int
	// Representative: a of v's kind, b of another.
	Representative int
	// Gatekeeper: b of v's kind, a of another.
	Gatekeeper int
	// Liaison: a, v and b of three kinds.
	Liaison int
}

// Total is the number of open two-paths v brokers.
func (r BrokerRoles) Total() int {
	return r.Coordinator + r.Itinerant + r.Representative + r.Gatekeeper + r.Liaison
}

// Brokerage returns Gould-Fernandez brokerage roles by actor kind for
// every actor that brokers at least one open two-path, most brokerage
// first, then by ID. In the undirected view each tie runs both ways, so a
// pair {a, b} counts once in each direction.
func Brokerage(p *Projection) ([]BrokerRoles, Method) {
	var out []BrokerRoles
	for v := int32(0); v < int32(p.N()); v++ {
		r := BrokerRoles{ID: p.ids[v]}
		kv := p.kinds[v]
		ins, _ := p.in.row(v)
		outs, _ := p.out.row(v)
		for _, a := range ins {
			aOut, _ := p.out.row(a)
			ka := p.kinds[a]
			for _, b := range outs {
				if a == b {
					continue
				}
				if _, tied := slices.BinarySearch(aOut, b); tied {
					continue
				}
				kb := p.kinds[b]
				switch {
				case ka == kv && kv == kb:
					r.Coordinator++
				case ka == kb:
					r.Itinerant++
				case ka == kv:
					r.Representative++
				case kv == kb:
					r.Gatekeeper++
				default:
					r.Liaison++
				}
			}
		}
		if r.Total() > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y BrokerRoles) int {
		if x.Total() != y.Total() {
			return y.Total() - x.Total()
		}
		return strings.Compare(x.ID, y.ID)
	})
	m := Method{Algorithm: "Gould-Fernandez brokerage by actor kind", Normalization: "raw counts of open two-paths",
		Exact: true, Weight: p.sel.Weight, Directed: p.sel.Directed, Engine: Engine, Workers: 1}
	return out, m
}
