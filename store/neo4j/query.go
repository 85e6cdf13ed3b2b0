package neo4j

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/peacegraph/peacegraph/cypher"
	"github.com/peacegraph/peacegraph/network"
)

// Actor returns the actor with the given ID. ENOTFOUND if there is none.
func (s *Store) Actor(ctx context.Context, id string) (*network.Actor, error) {
	var a *network.Actor
	recs, err := s.readOne(ctx, cypher.ActorByID, map[string]any{"id": id})
	if err == nil && len(recs) > 0 {
		a, err = decodeActor(mapGetter(asMap(recs[0].Values[0])), true)
	}
	if err != nil {
		return nil, classify(err, "actor")
	}
	if a == nil {
		return nil, network.Errorf(network.ENOTFOUND, "actor %q not found", id)
	}
	return a, nil
}

// ActorsByID returns the actors with the given IDs in the order asked, with
// nil where an ID is unknown, without the parts omit names. It is one round
// trip.
func (s *Store) ActorsByID(ctx context.Context, ids []string, omit network.Omit) ([]*network.Actor, error) {
	out := make([]*network.Actor, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	unique := uniq(ids)
	byID := make(map[string]*network.Actor, len(unique))
	err := func() error {
		recs, err := s.readOne(ctx, cypher.ActorsByIDs, map[string]any{"ids": unique})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), !omit.ActorSources)
			if err != nil {
				return err
			}
			byID[a.ID] = omit.Actor(a)
		}
		return nil
	}()
	if err != nil {
		return nil, classify(err, "actors by id")
	}
	seen := make(map[string]bool, len(unique))
	for i, id := range ids {
		a := byID[id]
		if a != nil && seen[id] {
			a = cloneActor(a) // a repeated ID gets its own copy
		}
		seen[id] = true
		out[i] = a
	}
	return out, nil
}

// Actors returns one page of the actors that match q.Filter in q.Order, and
// how many match in all (-1 with q.NoTotal). EINVALID for a negative offset
// or limit. The page is read in index order up to its end; the total is a
// second statement in the same read transaction, run only when asked for. A
// text filter (by name, without a line break) is first counted from the text
// index: when its matches are few against what reading the name index in
// order would read to fill the page, the page is read from the text index and
// sorted instead.
func (s *Store) Actors(ctx context.Context, q network.ActorQuery) ([]*network.Actor, int, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, 0, err
	}
	stmt := cypher.ActorsPageByName
	switch q.Order {
	case network.ByID:
		stmt = cypher.ActorsPageByID
	case network.ByKind:
		stmt = cypher.ActorsPageByKind
	}
	params, pageParams, indexedText := actorPageParams(q)
	var (
		page  []*network.Actor
		total = -1
	)
	readPage := func(recs []*neo4j.Record) error {
		page = make([]*network.Actor, 0, len(recs))
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), !q.Omit.ActorSources)
			if err != nil {
				return err
			}
			page = append(page, a)
		}
		return nil
	}
	if q.NoTotal && !indexedText {
		// One statement: one round trip.
		recs, err := s.readOne(ctx, stmt, pageParams)
		if err == nil {
			err = readPage(recs)
		}
		if err != nil {
			return nil, 0, classify(err, "actors")
		}
		return page, -1, nil
	}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		total = -1
		pageStmt := stmt
		if indexedText {
			probe := maps.Clone(params)
			probe["cap"] = int64(textProbeCap)
			if !q.NoTotal {
				probe["cap"] = int64(math.MaxInt64)
			}
			recs, err := run(ctx, tx, cypher.ActorsTextProbe, probe)
			if err != nil {
				return err
			}
			if len(recs) != 1 {
				return errRows(cypher.ActorsTextProbe, len(recs))
			}
			matches, actors := integer(recs[0].Values[0]), integer(recs[0].Values[1])
			if !q.NoTotal {
				total = matches
			}
			if stmt == cypher.ActorsPageByName && fewMatches(matches, actors, q.Offset, q.Limit) {
				pageStmt = cypher.ActorsPageText
			}
		}
		recs, err := run(ctx, tx, pageStmt, pageParams)
		if err != nil {
			return err
		}
		if err := readPage(recs); err != nil {
			return err
		}
		if q.NoTotal || indexedText {
			return nil
		}
		recs, err = run(ctx, tx, cypher.ActorsCount, params)
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return errRows(cypher.ActorsCount, len(recs))
		}
		total = integer(recs[0].Values[0])
		return nil
	})
	if err != nil {
		return nil, 0, classify(err, "actors")
	}
	return page, total, nil
}

// actorPageParams returns the parameters of the filter of q (for a count)
// and of its page (filter, keyset, page and omit), and whether its text
// filter can be counted from the text index.
func actorPageParams(q network.ActorQuery) (filter, page map[string]any, indexedText bool) {
	f := q.Filter
	filter = map[string]any{
		"ids":       nilIfEmpty(f.IDs),
		"kinds":     nilIfEmpty(stringsOf(f.Kinds)),
		"regions":   nilIfEmpty(f.Regions),
		"countries": nilIfEmpty(f.Countries),
		"themes":    nilIfEmpty(f.Themes),
		"text":      nil,
	}
	text := ""
	if f.Text != "" {
		text = strings.ToLower(strings.TrimSpace(f.Text))
		filter["text"] = text
	}
	page = maps.Clone(filter)
	setPage(page, q.Offset, q.Limit)
	page["afterId"], page["afterName"], page["afterKind"] = nil, nil, nil
	if q.After != nil {
		page["afterId"] = q.After.ID
		page["afterName"] = strings.ToLower(q.After.Name)
		page["afterKind"] = string(q.After.Kind)
	}
	setOmit(page, q.Omit)
	return filter, page, text != "" && !strings.Contains(text, "\n")
}

// ActorsNeighbors returns the page of actors q asks for, as Actors does, and
// the neighbors of every actor of the page, as Neighbors does. A page that
// Actors reads in one statement (no total, no text filter counted from the
// text index) is read with its neighbors in one statement
// (actors_neighbors_by_*.cypher); another is read as Actors reads it, then
// its neighbors.
func (s *Store) ActorsNeighbors(ctx context.Context, q network.ActorQuery, filter network.TieFilter) (*network.NeighborPage, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, err
	}
	_, params, indexedText := actorPageParams(q)
	if !q.NoTotal || indexedText {
		page, total, err := s.Actors(ctx, q)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(page))
		for i, a := range page {
			ids[i] = a.ID
		}
		adj, err := s.Neighbors(ctx, ids, filter, q.Omit)
		if err != nil {
			return nil, err
		}
		return &network.NeighborPage{Actors: page, Total: total, Neighbors: adj}, nil
	}
	stmt := cypher.ActorsNeighborsByName
	switch q.Order {
	case network.ByID:
		stmt = cypher.ActorsNeighborsByID
	case network.ByKind:
		stmt = cypher.ActorsNeighborsByKind
	}
	if onlyKinds(filter) {
		// No per-tie test but the kind.
		stmt = cypher.ActorsNeighborsOfKindsByName
		switch q.Order {
		case network.ByID:
			stmt = cypher.ActorsNeighborsOfKindsByID
		case network.ByKind:
			stmt = cypher.ActorsNeighborsOfKindsByKind
		}
		params["tieKinds"] = nilIfEmpty(stringsOf(filter.Kinds))
	} else {
		tie := tiesOfParams(nil, filter)
		delete(tie, "actorIds")
		tie["tieIds"], tie["tieKinds"] = tie["ids"], tie["kinds"]
		delete(tie, "ids")
		delete(tie, "kinds")
		maps.Copy(params, tie)
	}
	params["neighborNames"] = q.Omit.NeighborNames
	out := &network.NeighborPage{Total: -1, Neighbors: &network.Adjacency{Actors: map[string]*network.Actor{}, Neighbors: map[string][]string{}}}
	err := func() error {
		recs, err := s.readOne(ctx, stmt, params)
		if err != nil {
			return err
		}
		out.Actors = make([]*network.Actor, 0, len(recs))
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), !q.Omit.ActorSources)
			if err != nil {
				return err
			}
			out.Actors = append(out.Actors, a)
			if err := addNeighbors(out.Neighbors, a, rec.Values[1], q.Omit); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return nil, classify(err, "actors")
	}
	out.Neighbors.SortNeighbors()
	return out, nil
}

// onlyKinds reports whether filter selects ties by their kinds alone, in
// either direction (its Actor aside).
func onlyKinds(f network.TieFilter) bool {
	return len(f.IDs) == 0 && len(f.Among) == 0 && f.ActiveFrom == "" && f.ActiveTo == "" &&
		f.Direction != network.Outgoing && f.Direction != network.Incoming
}

// addNeighbors adds to adj the actor a, asked, and the actors at the other
// ends of its ties (ends, a list of maps, each whole or its id and name with
// omit.NeighborNames). An asked actor is kept whole when it is another's
// neighbor too.
func addNeighbors(adj *network.Adjacency, a *network.Actor, ends any, omit network.Omit) error {
	adj.Actors[a.ID] = a
	list, _ := ends.([]any)
	ids := make([]string, 0, len(list))
	for _, v := range list {
		m := asMap(v)
		id := str(m["id"])
		ids = append(ids, id)
		if _, done := adj.Actors[id]; done {
			continue
		}
		if omit.NeighborNames {
			adj.Actors[id] = &network.Actor{ID: id, Name: str(m["name"])}
			continue
		}
		o, err := decodeActor(mapGetter(m), !omit.ActorSources)
		if err != nil {
			return err
		}
		adj.Actors[id] = o
	}
	adj.Neighbors[a.ID] = ids
	return nil
}

// textProbeCap is how far a text filter's matches are counted when the total
// is not asked: more than this many are never few (fewMatches).
const textProbeCap = 4096

// fewMatches reports whether a page at offset of limit actors (0: no
// limit) of the matches of a filter among actors is read faster from the
// text index and sorted than from the name index in order: sorting the
// matches costs about as many rows as there are matches; the name index
// reads about (offset+limit) * actors / matches rows to fill the page.
func fewMatches(matches, actors, offset, limit int) bool {
	if matches >= textProbeCap {
		return false
	}
	if limit <= 0 || matches == 0 {
		return true
	}
	return matches*matches <= (offset+limit)*actors
}

// Ties returns one page of the ties that match q.Filter ordered by ID, and
// how many match in all. EINVALID for a negative offset or limit.
func (s *Store) Ties(ctx context.Context, q network.TieQuery) ([]*network.Tie, int, error) {
	if err := network.CheckPage(q.Offset, q.Limit); err != nil {
		return nil, 0, err
	}
	if q.Filter.Actor != "" {
		// An actor's ties are few: read them all from the actor's node and
		// page here.
		m, err := s.TiesOf(ctx, []string{q.Filter.Actor}, q.Filter, q.Omit)
		if err != nil {
			return nil, 0, err
		}
		all := m[q.Filter.Actor]
		return slices.Clone(network.Page(all, q.Offset, q.Limit)), len(all), nil
	}
	params := tieFilterParams(q.Filter)
	setPage(params, q.Offset, q.Limit)
	setOmit(params, q.Omit)
	return readPage(ctx, s, "ties", cypher.TiesPage, params, !q.Omit.TieSources, decodeTie)
}

// TiesOf returns, for each actor ID asked, the ties that match filter with
// that actor at an end chosen by filter.Direction (filter.Actor is ignored),
// in ID order, without the parts omit names. Every ID asked is a key of the
// result, with no ties for an unknown actor. It is one round trip.
func (s *Store) TiesOf(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (map[string][]*network.Tie, error) {
	out := make(map[string][]*network.Tie, len(actorIDs))
	for _, id := range actorIDs {
		out[id] = nil
	}
	if len(actorIDs) == 0 {
		return out, nil
	}
	params := tiesOfParams(actorIDs, filter)
	err := func() error {
		recs, err := s.readOne(ctx, cypher.TiesOf, params)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			t, err := decodeTie(mapGetter(asMap(rec.Values[1])), !omit.TieSources)
			if err != nil {
				return err
			}
			id := str(rec.Values[0])
			out[id] = append(out[id], omit.Tie(t))
		}
		return nil
	}()
	if err != nil {
		return nil, classify(err, "ties of")
	}
	for _, ties := range out {
		slices.SortFunc(ties, network.CompareTies)
	}
	return out, nil
}

// Neighborhood returns, in one read, the actors with the given IDs, their
// ties that match filter as TiesOf returns them, of those the ones in window
// (and with window.Count how many match), and the actors at the other ends
// of these, without the parts omit names (which are then not read either).
func (s *Store) Neighborhood(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit, window network.TieWindow) (*network.Neighborhood, error) {
	if err := network.CheckPage(window.Offset, window.Limit); err != nil {
		return nil, err
	}
	n := &network.Neighborhood{
		Actors: make(map[string]*network.Actor, len(actorIDs)),
		Ties:   make(map[string][]*network.Tie, len(actorIDs)),
	}
	if window.Count {
		n.Totals = make(map[string]int, len(actorIDs))
	}
	for _, id := range actorIDs {
		n.Ties[id] = nil
		if window.Count {
			n.Totals[id] = 0
		}
	}
	if len(actorIDs) == 0 {
		return n, nil
	}
	params := tiesOfParams(actorIDs, filter)
	setOmit(params, omit)
	setPage(params, window.Offset, window.Limit)
	params["count"] = window.Count
	err := func() error {
		recs, err := s.readOne(ctx, cypher.Neighborhood, params)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), !omit.ActorSources)
			if err != nil {
				return err
			}
			n.Actors[a.ID] = a
			ties, _ := rec.Values[1].([]any)
			list := make([]*network.Tie, 0, len(ties))
			for _, v := range ties {
				t, err := decodeTie(mapGetter(asMap(v)), !omit.TieSources)
				if err != nil {
					return err
				}
				list = append(list, t)
			}
			slices.SortFunc(list, network.CompareTies)
			n.Ties[a.ID] = list
			if window.Count {
				n.Totals[a.ID] = integer(rec.Values[3])
			}
			ends, _ := rec.Values[2].([]any)
			for _, v := range ends {
				m := asMap(v)
				if _, done := n.Actors[str(m["id"])]; done {
					continue
				}
				o, err := decodeActor(mapGetter(m), !omit.ActorSources)
				if err != nil {
					return err
				}
				n.Actors[o.ID] = o
			}
		}
		return nil
	}()
	if err != nil {
		return nil, classify(err, "neighborhood")
	}
	// An actor that is both asked and at an end of another's tie was
	// decoded once; the maps hold no shared values otherwise.
	return n, nil
}

// Neighbors returns, in one read, the actors with the given IDs and, for
// each, the distinct actors at the other ends of its ties that match filter,
// ordered by name, without the parts omit names; no tie is read back.
func (s *Store) Neighbors(ctx context.Context, actorIDs []string, filter network.TieFilter, omit network.Omit) (*network.Adjacency, error) {
	adj := &network.Adjacency{
		Actors:    make(map[string]*network.Actor, len(actorIDs)),
		Neighbors: make(map[string][]string, len(actorIDs)),
	}
	for _, id := range actorIDs {
		adj.Neighbors[id] = nil
	}
	if len(actorIDs) == 0 {
		return adj, nil
	}
	params := tiesOfParams(actorIDs, filter)
	setOmit(params, omit)
	stmt := cypher.Neighbors
	if omit.NeighborNames {
		stmt = cypher.NeighborNames
	}
	err := func() error {
		recs, err := s.readOne(ctx, stmt, params)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), !omit.ActorSources)
			if err != nil {
				return err
			}
			if err := addNeighbors(adj, a, rec.Values[1], omit); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return nil, classify(err, "neighbors")
	}
	adj.SortNeighbors()
	return adj, nil
}

// Search returns the actors whose name, acronym, aliases or ID match query,
// ranked by network.MatchScore and network.RankHits, at most limit of them
// (all when limit <= 0). Cypher reads the matched fields of every actor; the
// scoring is done here so that it is the one every store uses, and the hits
// are then read whole in the same transaction.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]network.SearchHit, error) {
	if network.FoldText(query) == "" {
		return nil, nil
	}
	var hits []network.SearchHit
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		hits = hits[:0]
		recs, err := run(ctx, tx, cypher.SearchCandidates, nil)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), false)
			if err != nil {
				return err
			}
			if score := network.MatchScore(a, query); score > 0 {
				hits = append(hits, network.SearchHit{Actor: a, Score: score})
			}
		}
		hits = network.RankHits(hits, limit)
		if len(hits) == 0 {
			return nil
		}
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.Actor.ID
		}
		recs, err = run(ctx, tx, cypher.ActorsByIDs, map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		whole := make(map[string]*network.Actor, len(recs))
		for _, rec := range recs {
			a, err := decodeActor(mapGetter(asMap(rec.Values[0])), true)
			if err != nil {
				return err
			}
			whole[a.ID] = a
		}
		for i := range hits {
			if a := whole[hits[i].Actor.ID]; a != nil {
				hits[i].Actor = a
			}
		}
		return nil
	})
	if err != nil {
		return nil, classify(err, "search")
	}
	if len(hits) == 0 {
		return nil, nil
	}
	return hits, nil
}

// Places returns every place, ordered by ID.
func (s *Store) Places(ctx context.Context) ([]*network.Place, error) {
	var places []*network.Place
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		var err error
		places, err = readPlaces(ctx, tx)
		return err
	})
	if err != nil {
		return nil, classify(err, "places")
	}
	return places, nil
}

// readPlaces reads every place in tx, ordered by ID.
func readPlaces(ctx context.Context, tx neo4j.ManagedTransaction) ([]*network.Place, error) {
	recs, err := run(ctx, tx, cypher.Places, nil)
	if err != nil {
		return nil, err
	}
	places := make([]*network.Place, 0, len(recs))
	for _, rec := range recs {
		p, err := decodePlace(mapGetter(asMap(rec.Values[0])))
		if err != nil {
			return nil, err
		}
		places = append(places, p)
	}
	slices.SortFunc(places, func(a, b *network.Place) int { return strings.Compare(a.ID, b.ID) })
	return places, nil
}

// Version returns the data version: 0 before the first Apply.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	var v uint64
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		var err error
		v, err = readVersion(ctx, tx)
		return err
	})
	if err != nil {
		return 0, classify(err, "version")
	}
	return v, nil
}

// readVersion reads the data version in tx.
func readVersion(ctx context.Context, tx neo4j.ManagedTransaction) (uint64, error) {
	recs, err := run(ctx, tx, cypher.Version, nil)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return uint64(integer(recs[0].Values[0])), nil
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (network.Stats, error) {
	var st network.Stats
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Stats, nil)
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return errRows(cypher.Stats, len(recs))
		}
		v := recs[0].Values
		st = network.Stats{Actors: integer(v[0]), Ties: integer(v[1]), Places: integer(v[2])}
		return nil
	})
	if err != nil {
		return network.Stats{}, classify(err, "stats")
	}
	return st, nil
}

// tieFilterParams returns the parameters of a tie filter, Actor and
// Direction aside.
func tieFilterParams(f network.TieFilter) map[string]any {
	params := map[string]any{
		"ids":        nilIfEmpty(f.IDs),
		"kinds":      nilIfEmpty(stringsOf(f.Kinds)),
		"activeFrom": nil,
		"activeTo":   nil,
		"among":      nilIfEmpty(f.Among),
	}
	if f.ActiveFrom != "" {
		params["activeFrom"] = f.ActiveFrom.First()
	}
	if f.ActiveTo != "" {
		params["activeTo"] = f.ActiveTo.Last()
	}
	return params
}

// tiesOfParams returns the parameters of a statement that reads the ties of
// filter at each of actorIDs (ties_of.cypher, neighborhood.cypher).
func tiesOfParams(actorIDs []string, filter network.TieFilter) map[string]any {
	params := tieFilterParams(filter)
	params["actorIds"] = uniq(actorIDs)
	direction := network.Both
	if filter.Direction == network.Outgoing || filter.Direction == network.Incoming {
		direction = filter.Direction
	}
	params["direction"] = string(direction)
	params["symmetricKinds"] = symmetricKinds
	return params
}

// symmetricKinds lists the tie kinds that are at both ends of a tie.
var symmetricKinds = func() []string {
	var out []string
	for _, k := range network.TieKinds {
		if k.Symmetric() {
			out = append(out, string(k))
		}
	}
	return out
}()

// setOmit sets the parameters that say which costly parts a statement
// returns: all of them but those omit names.
func setOmit(params map[string]any, omit network.Omit) {
	params["actorSources"] = !omit.ActorSources
	params["actorDetails"] = !omit.ActorDetails
	params["tieSources"] = !omit.TieSources
	params["tieDetails"] = !omit.TieDetails
}

// setPage sets the offset and limit parameters of a page statement; a
// limit of 0 (no limit) goes in as null.
func setPage(params map[string]any, offset, limit int) {
	params["offset"] = int64(offset)
	params["limit"] = nil
	if limit > 0 {
		params["limit"] = int64(limit)
	}
}

// readPage runs a page statement in a read transaction of s: its one row
// holds how many match in all and the page as a list of maps, each decoded
// with its sources when withSources. what names the read in errors.
func readPage[T any](ctx context.Context, s *Store, what, stmt string, params map[string]any, withSources bool, decode func(getter, bool) (T, error)) ([]T, int, error) {
	var (
		page  []T
		total int
	)
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, stmt, params)
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return errRows(stmt, len(recs))
		}
		rows, _ := recs[0].Values[1].([]any)
		page = make([]T, 0, len(rows))
		for _, v := range rows {
			item, err := decode(mapGetter(asMap(v)), withSources)
			if err != nil {
				return err
			}
			page = append(page, item)
		}
		total = integer(recs[0].Values[0])
		return nil
	})
	if err != nil {
		return nil, 0, classify(err, what)
	}
	return page, total, nil
}

// uniq returns ids without repeats, in first-seen order.
func uniq(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// nilIfEmpty returns s, or nil (Cypher null: no filter) when it is empty.
func nilIfEmpty(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

// stringsOf converts a list of string-typed values to []string.
func stringsOf[T ~string](s []T) []string {
	if len(s) == 0 {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// asMap returns v as a map, nil if it is not one.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
