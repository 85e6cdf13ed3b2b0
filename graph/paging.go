package graph

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Page sizes of every connection and list argument named first.
const (
	DefaultFirst = 20
	MaxFirst     = 100
)

// cursorPrefix marks a cursor as one of ours before it is encoded: the
// index of an item in its list.
const cursorPrefix = "offset:"

// actorCursorPrefix marks the cursor of an actor in a list of actors: the
// actor's key in every order (kind, name, ID), a keyset, so that the page
// after it stays the same when actors before it are written.
const actorCursorPrefix = "actor:"

// page is a validated first/after pair as an offset and a limit, and for a
// list of actors the actor the page starts after.
type page struct {
	offset int
	limit  int
	after  *network.Actor // nil: from the offset of the whole list
}

// pageArgs checks first (1..MaxFirst, DefaultFirst when nil) and after (a
// cursor of this service) and returns the page they ask for.
func pageArgs(first *int, after *string) (page, error) {
	limit, err := firstArg(first)
	if err != nil {
		return page{}, err
	}
	p := page{limit: limit}
	if after != nil && *after != "" {
		i, err := decodeCursor(*after)
		if err != nil {
			return page{}, err
		}
		p.offset = i + 1
	}
	return p, nil
}

// actorPageArgs is pageArgs for a list of actors, whose after may also be
// the cursor of an actor (actorCursor).
func actorPageArgs(first *int, after *string) (page, error) {
	if after != nil {
		if a, ok := decodeActorCursor(*after); ok {
			limit, err := firstArg(first)
			if err != nil {
				return page{}, err
			}
			return page{limit: limit, after: a}, nil
		}
	}
	return pageArgs(first, after)
}

// actorCursor returns the cursor of a in a list of actors: its key in every
// order.
func actorCursor(a *network.Actor) string {
	key, _ := json.Marshal([3]string{string(a.Kind), a.Name, a.ID}) // strings always encode
	return base64.RawURLEncoding.EncodeToString(append([]byte(actorCursorPrefix), key...))
}

// decodeActorCursor returns the key an actor cursor holds, as an actor with
// only its kind, name and ID, and whether cursor is one.
func decodeActorCursor(cursor string) (*network.Actor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(b, []byte(actorCursorPrefix))
	if !ok {
		return nil, false
	}
	var key [3]string
	if err := json.Unmarshal(rest, &key); err != nil || key[2] == "" {
		return nil, false
	}
	return &network.Actor{Kind: network.ActorKind(key[0]), Name: key[1], ID: key[2]}, true
}

// firstArg checks the argument first: DefaultFirst when nil, else 1..MaxFirst.
func firstArg(first *int) (int, error) {
	if first == nil {
		return DefaultFirst, nil
	}
	if *first < 1 || *first > MaxFirst {
		return 0, network.Errorf(network.EINVALID, "argument first must be between 1 and %d, got %d", MaxFirst, *first)
	}
	return *first, nil
}

// encodeCursor returns the opaque cursor of the item at index i of a list.
func encodeCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(i)))
}

// decodeCursor returns the index encoded in cursor, or an EINVALID error.
func decodeCursor(cursor string) (int, error) {
	bad := network.Errorf(network.EINVALID, "argument after: %q is not a cursor of this list", cursor)
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, bad
	}
	s, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, bad
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 {
		return 0, bad
	}
	return i, nil
}

// pageInfo describes a page of n items starting at offset of a list of total.
func pageInfo(offset, n, total int) *model.PageInfo {
	info := &model.PageInfo{
		HasPreviousPage: offset > 0 && total > 0,
		HasNextPage:     offset+n < total,
	}
	if n > 0 {
		start, end := encodeCursor(offset), encodeCursor(offset+n-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

// actorPageConnection wraps one page of actors read with p, each with its
// actor cursor; more says whether another page follows.
func actorPageConnection(actors []*network.Actor, p page, more bool, total int) *model.ActorConnection {
	c := &model.ActorConnection{
		Edges:      make([]*model.ActorEdge, len(actors)),
		Nodes:      actors,
		PageInfo:   &model.PageInfo{HasPreviousPage: (p.offset > 0 || p.after != nil) && total != 0, HasNextPage: more},
		TotalCount: total,
	}
	for i, a := range actors {
		c.Edges[i] = &model.ActorEdge{Cursor: actorCursor(a), Node: a}
	}
	if len(c.Edges) > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[len(c.Edges)-1].Cursor
	}
	return c
}

// tieConnection wraps one page of ties starting at offset.
func tieConnection(ties []*network.Tie, offset, total int) *model.TieConnection {
	c := &model.TieConnection{
		Edges:      make([]*model.TieEdge, len(ties)),
		Nodes:      ties,
		PageInfo:   pageInfo(offset, len(ties), total),
		TotalCount: total,
	}
	for i, t := range ties {
		c.Edges[i] = &model.TieEdge{Cursor: encodeCursor(offset + i), Node: t}
	}
	return c
}

// searchConnection wraps one page of search hits starting at offset.
func searchConnection(hits []network.SearchHit, offset, total int) *model.SearchConnection {
	c := &model.SearchConnection{
		Edges:      make([]*model.SearchEdge, len(hits)),
		Nodes:      make([]*network.SearchHit, len(hits)),
		PageInfo:   pageInfo(offset, len(hits), total),
		TotalCount: total,
	}
	for i := range hits {
		c.Nodes[i] = &hits[i]
		c.Edges[i] = &model.SearchEdge{Cursor: encodeCursor(offset + i), Node: &hits[i]}
	}
	return c
}

// slicePage returns the part of all that p selects.
func slicePage[T any](all []T, p page) []T {
	if p.offset >= len(all) {
		return []T{}
	}
	return all[p.offset:min(len(all), p.offset+p.limit)]
}
