// One page of the actors that match a filter with a text that holds no line
// break, by name (lowercased) then ID, found from the text index on searchLower
// (name, acronym and aliases, lowercased, one a line) and sorted: for a text that
// few actors match, where reading the name index in order would read most
// actors to fill the page. Other null filter parameters select everything; list
// parameters are alternatives.
// Parameters: $text (lowercased, trimmed string without a line break), $ids,
//   $kinds, $regions, $countries, $themes (lists of strings or null),
//   $afterId, $afterName (lowercased), $afterKind (strings or null: the page starts
//   just after the actor with this key in the order, a keyset),
//   $offset (integer), $limit (integer, or null for no limit: 2^62), $actorSources,
//   $actorDetails (booleans: return sources; identifiers and attributes).
// Columns: actor (map of node properties), one row per actor, in page order.
MATCH (a:Actor)
WHERE a.searchLower CONTAINS $text
  AND ($ids IS NULL OR a.id IN $ids)
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($regions IS NULL OR any(r IN coalesce(a.regions, []) WHERE r IN $regions))
  AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  AND ($themes IS NULL OR any(t IN coalesce(a.themes, []) WHERE t IN $themes))
  AND ($afterName IS NULL OR a.nameLower > $afterName
       OR (a.nameLower = $afterName AND a.id > $afterId))
WITH a
ORDER BY a.nameLower, a.id
RETURN a {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
          identifiers: CASE WHEN $actorDetails THEN a.identifiers END,
          attributes: CASE WHEN $actorDetails THEN a.attributes END,
          sources: CASE WHEN $actorSources THEN a.sources END} AS actor
SKIP $offset
LIMIT coalesce($limit, 4611686018427387904)
