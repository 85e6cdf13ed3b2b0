// Some actors, their ties that match a filter and the actors at the other ends,
// in one read. Of each actor's ties, in ID order, only those from $offset on, at
// most $limit of them, are returned with their ends; with $count, how many
// match in all too. An actor at the wrong end of a directed tie for the
// direction asked does not get it; symmetric kinds are at both ends. The costly
// parts (sources; identifiers, attributes and funding) are returned only when
// asked.
// Parameters: $actorIds (list of strings), $ids, $kinds (lists of strings or null),
//   $direction ('BOTH', 'OUT' or 'IN'), $symmetricKinds (list of strings),
//   $activeFrom (first day 'YYYY-MM-DD' or null), $activeTo (last day or null),
//   $among (list of actor IDs or null: both ends among them),
//   $offset (integer), $limit (integer, or null for no limit: 2^62),
//   $count (boolean: count every matching tie),
//   $actorSources, $actorDetails, $tieSources, $tieDetails (booleans: return
//   actors' sources, actors' identifiers and attributes, ties' sources, ties'
//   funding and attributes).
// Columns: actor (map of the asked actor's properties; no row for an unknown ID),
//   ties (list of maps: the relationship's properties plus from and to, the IDs
//   of its start and end actors, in ID order), ends (list of maps: the distinct
//   actors at the other ends of those ties), total (integer: every matching
//   tie of the actor, or null without $count).
UNWIND $actorIds AS actorId
MATCH (a:Actor {id: actorId})
CALL (a) {
  MATCH (a)-[t:TIE]-(o:Actor)
  WHERE ($ids IS NULL OR t.id IN $ids)
    AND ($kinds IS NULL OR t.kind IN $kinds)
    AND ($activeFrom IS NULL OR t.untilLast = '' OR t.untilLast >= $activeFrom)
    AND ($activeTo IS NULL OR t.sinceFirst = '' OR t.sinceFirst <= $activeTo)
    AND ($among IS NULL OR (a.id IN $among AND o.id IN $among))
    AND ($direction = 'BOTH' OR t.kind IN $symmetricKinds
         OR ($direction = 'OUT' AND startNode(t) = a)
         OR ($direction = 'IN' AND endNode(t) = a))
  WITH t, o
  ORDER BY t.id
  SKIP $offset
  LIMIT coalesce($limit, 4611686018427387904)
  RETURN collect(t {.id, .kind, .since, .until, .description, .weight,
                    funding: CASE WHEN $tieDetails THEN t.funding END,
                    attributes: CASE WHEN $tieDetails THEN t.attributes END,
                    sources: CASE WHEN $tieSources THEN t.sources END,
                    from: CASE WHEN startNode(t) = a THEN a.id ELSE o.id END,
                    to: CASE WHEN endNode(t) = a THEN a.id ELSE o.id END}) AS ties,
         collect(DISTINCT o) AS others
}
RETURN a {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN a.identifiers END,
          attributes: CASE WHEN $actorDetails THEN a.attributes END,
          sources: CASE WHEN $actorSources THEN a.sources END} AS actor,
       ties,
       [o IN others | o {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN o.identifiers END,
          attributes: CASE WHEN $actorDetails THEN o.attributes END,
          sources: CASE WHEN $actorSources THEN o.sources END}] AS ends,
       CASE WHEN $count THEN COUNT {
         MATCH (a)-[t:TIE]-(o:Actor)
         WHERE ($ids IS NULL OR t.id IN $ids)
           AND ($kinds IS NULL OR t.kind IN $kinds)
           AND ($activeFrom IS NULL OR t.untilLast = '' OR t.untilLast >= $activeFrom)
           AND ($activeTo IS NULL OR t.sinceFirst = '' OR t.sinceFirst <= $activeTo)
           AND ($among IS NULL OR (a.id IN $among AND o.id IN $among))
           AND ($direction = 'BOTH' OR t.kind IN $symmetricKinds
                OR ($direction = 'OUT' AND startNode(t) = a)
                OR ($direction = 'IN' AND endNode(t) = a))
       } END AS total
