package graph

import (
	"context"
	"slices"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// networkData returns the actors of the selection and the selected ties
// between them, from one snapshot, by ID, in columns.
func (r *Resolver) networkData(ctx context.Context, ns *model.NetworkSelection) (*model.NetworkData, error) {
	_, vw, err := r.selectionView(ctx, ns)
	if err != nil {
		return nil, err
	}
	n := vw.proj.N()
	out := &model.NetworkData{
		ActorIds: make([]string, 0, n), ActorNames: make([]string, 0, n), ActorAcronyms: make([]string, 0, n),
		ActorKinds: make([]network.ActorKind, 0, n), ActorRegions: make([][]string, 0, n),
		TieIds: []string{}, TieKinds: []network.TieKind{}, TieFrom: []int{}, TieTo: []int{},
		TieSince: []string{}, TieUntil: []string{}, TieWeights: []float64{},
	}
	pos := make(map[string]int, n)
	for _, a := range vw.snap.Actors {
		if a == nil || vw.proj.Index(a.ID) < 0 {
			continue
		}
		pos[a.ID] = len(out.ActorIds)
		out.ActorIds = append(out.ActorIds, a.ID)
		out.ActorNames = append(out.ActorNames, a.Name)
		out.ActorAcronyms = append(out.ActorAcronyms, a.Acronym)
		out.ActorKinds = append(out.ActorKinds, a.Kind)
		out.ActorRegions = append(out.ActorRegions, append([]string{}, a.Regions...))
	}
	for _, t := range vw.snap.Ties {
		if t == nil || len(vw.sel.TieKinds) > 0 && !slices.Contains(vw.sel.TieKinds, t.Kind) || !t.ActiveAt(vw.sel.AsOf) {
			continue
		}
		from, okFrom := pos[t.From]
		to, okTo := pos[t.To]
		if !okFrom || !okTo {
			continue
		}
		out.TieIds = append(out.TieIds, t.ID)
		out.TieKinds = append(out.TieKinds, t.Kind)
		out.TieFrom = append(out.TieFrom, from)
		out.TieTo = append(out.TieTo, to)
		out.TieSince = append(out.TieSince, string(t.Since))
		out.TieUntil = append(out.TieUntil, string(t.Until))
		out.TieWeights = append(out.TieWeights, t.Weight)
	}
	return out, nil
}
