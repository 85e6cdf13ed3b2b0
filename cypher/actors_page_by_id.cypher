// One page of the actors that match a filter, by ID. The index of the unique
// constraint on id yields the actors in ID order, so the page is read up to its
// end and never sorted whole. A null filter parameter selects everything; list
// parameters are alternatives.
// Parameters: $ids, $kinds, $regions, $countries, $themes (lists of strings or null),
//   $afterId, $afterName (lowercased), $afterKind (strings or null: the page starts
//   just after the actor with this key in the order, a keyset),
//   $text (lowercased, trimmed string or null), $offset (integer), $limit (integer,
//   or null for no limit: 2^62), $actorSources, $actorDetails (booleans: return sources;
//   identifiers and attributes).
// Columns: actor (map of node properties), one row per actor, in page order.
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
RETURN a {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN a.identifiers END,
          attributes: CASE WHEN $actorDetails THEN a.attributes END,
          sources: CASE WHEN $actorSources THEN a.sources END} AS actor
SKIP $offset
LIMIT coalesce($limit, 4611686018427387904)
