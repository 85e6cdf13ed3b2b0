// One page of the actors that match a filter, by ID, from the index of the unique constraint on id, as
// actors_page_by_id.cypher reads it, and for each actor of the page the distinct actors at
// the other ends of its ties of some kinds, in either direction, in one read: what a page
// that selects its actors' neighbours and not their ties needs. No tie is
// returned. It is actors_neighbors_by_id.cypher for a tie filter of kinds
// alone (in either direction), without the per-tie tests of the other filters. Of
// the actors at the
// other ends only their id and name are returned with $neighborNames; the
// costly parts of every actor (sources; identifiers and attributes) only when
// asked.
// Parameters: as actors_page_by_id.cypher: $ids, $kinds, $regions, $countries, $themes
//   (lists of strings or null), $afterId, $afterName (lowercased), $afterKind
//   (strings or null: the keyset), $text (lowercased, trimmed string or null),
//   $offset (integer), $limit (integer, or null for no limit: 2^62),
//   $actorSources, $actorDetails (booleans: return sources; identifiers and
//   attributes); $tieKinds (list of strings or null: the tie kinds);
//   $neighborNames (boolean: the other ends' id and name only).
// Columns: actor (map of node properties), ends (list of maps: the distinct
//   actors at the other ends, in no order), one row per actor, in page order.
MATCH (a:Actor)
WHERE ($ids IS NULL OR a.id IN $ids)
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($regions IS NULL OR any(r IN coalesce(a.regions, []) WHERE r IN $regions))
  AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  AND ($themes IS NULL OR any(t IN coalesce(a.themes, []) WHERE t IN $themes))
  AND ($text IS NULL
       OR a.nameLower CONTAINS $text
       OR a.acronymLower CONTAINS $text
       OR any(x IN coalesce(a.aliasesLower, []) WHERE x CONTAINS $text))
  AND a.id > coalesce($afterId, '')
WITH a
ORDER BY a.id
SKIP $offset
LIMIT coalesce($limit, 4611686018427387904)
RETURN a {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN a.identifiers END,
          attributes: CASE WHEN $actorDetails THEN a.attributes END,
          sources: CASE WHEN $actorSources THEN a.sources END} AS actor,
       COLLECT {
         MATCH (a)-[t:TIE]-(o:Actor)
         WHERE $tieKinds IS NULL OR t.kind IN $tieKinds
         WITH DISTINCT o
         RETURN CASE WHEN $neighborNames THEN o {.id, .name}
                ELSE o {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
                        identifiers: CASE WHEN $actorDetails THEN o.identifiers END,
                        attributes: CASE WHEN $actorDetails THEN o.attributes END,
                        sources: CASE WHEN $actorSources THEN o.sources END} END
       } AS ends
ORDER BY a.id
