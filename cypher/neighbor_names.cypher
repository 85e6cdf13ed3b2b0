// Some actors and, for each, the distinct actors at the other ends of its ties
// that match a filter, in one read; no tie is returned, and of the actors at the
// other ends only their id and name (for a selection that reads no more of them). An actor at the wrong
// end of a directed tie for the direction asked does not count it; symmetric
// kinds are at both ends. The costly parts of the actors (sources; identifiers
// and attributes) are returned only when asked.
// Parameters: $actorIds (list of strings), $ids, $kinds (lists of strings or null),
//   $direction ('BOTH', 'OUT' or 'IN'), $symmetricKinds (list of strings),
//   $activeFrom (first day 'YYYY-MM-DD' or null), $activeTo (last day or null),
//   $among (list of actor IDs or null: both ends among them),
//   $actorSources, $actorDetails (booleans: return actors' sources, actors'
//   identifiers and attributes).
// Columns: actor (map of the asked actor's properties; no row for an unknown ID),
//   ends (list of maps {id, name}: the distinct actors at the other ends, in no order).
UNWIND $actorIds AS actorId
MATCH (a:Actor {id: actorId})
OPTIONAL MATCH (a)-[t:TIE]-(o:Actor)
  WHERE ($ids IS NULL OR t.id IN $ids)
    AND ($kinds IS NULL OR t.kind IN $kinds)
    AND ($activeFrom IS NULL OR t.untilLast = '' OR t.untilLast >= $activeFrom)
    AND ($activeTo IS NULL OR t.sinceFirst = '' OR t.sinceFirst <= $activeTo)
    AND ($among IS NULL OR (a.id IN $among AND o.id IN $among))
    AND ($direction = 'BOTH' OR t.kind IN $symmetricKinds
         OR ($direction = 'OUT' AND startNode(t) = a)
         OR ($direction = 'IN' AND endNode(t) = a))
WITH a, collect(DISTINCT o) AS others
RETURN a {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN a.identifiers END,
          attributes: CASE WHEN $actorDetails THEN a.attributes END,
          sources: CASE WHEN $actorSources THEN a.sources END} AS actor,
       [o IN others | o {.id, .name}] AS ends
