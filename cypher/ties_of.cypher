// The ties at each of some actors that match a filter. An actor at the wrong
// end of a directed tie for the direction asked does not get it; symmetric
// kinds are at both ends.
// Parameters: $actorIds (list of strings), $ids, $kinds (lists of strings or null),
//   $direction ('BOTH', 'OUT' or 'IN'), $symmetricKinds (list of strings),
//   $activeFrom (first day 'YYYY-MM-DD' or null), $activeTo (last day or null),
//   $among (list of actor IDs or null: both ends among them).
// Columns: actor (the asked ID), tie (map: the relationship's properties plus
//   from and to, the IDs of its start and end actors).
UNWIND $actorIds AS actorId
MATCH (a:Actor {id: actorId})-[t:TIE]-(:Actor)
WITH actorId, t, startNode(t) AS f, endNode(t) AS o
WHERE ($ids IS NULL OR t.id IN $ids)
  AND ($kinds IS NULL OR t.kind IN $kinds)
  AND ($activeFrom IS NULL OR t.untilLast = '' OR t.untilLast >= $activeFrom)
  AND ($activeTo IS NULL OR t.sinceFirst = '' OR t.sinceFirst <= $activeTo)
  AND ($among IS NULL OR (f.id IN $among AND o.id IN $among))
  AND ($direction = 'BOTH' OR t.kind IN $symmetricKinds
       OR ($direction = 'OUT' AND f.id = actorId)
       OR ($direction = 'IN' AND o.id = actorId))
RETURN actorId AS actor, t {.*, from: f.id, to: o.id} AS tie
