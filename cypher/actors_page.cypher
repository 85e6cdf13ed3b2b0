// One page of the actors that match a filter, and how many match in all.
// A null filter parameter selects everything; list parameters are alternatives.
// Parameters: $ids, $kinds, $regions, $countries, $themes (lists of strings or null),
//   $text (lowercased, trimmed string or null), $order ('NAME', 'ID' or 'KIND'),
//   $offset (integer), $limit (integer, or null for no limit),
//   $actorSources, $actorDetails (booleans: return sources; identifiers and attributes).
// Columns: total (integer), actors (list of maps of node properties, in page order).
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
WITH a
ORDER BY CASE WHEN $order = 'KIND' THEN a.kind ELSE '' END,
         CASE WHEN $order = 'ID' THEN '' ELSE a.nameLower END,
         a.id
WITH collect(a) AS matched
RETURN size(matched) AS total,
       [x IN matched[$offset..coalesce($offset + $limit, size(matched))] |
         x {.id, .name, .acronym, .aliases, .kind, .scope, .regions, .countries, .themes, .imported,
            identifiers: CASE WHEN $actorDetails THEN x.identifiers END,
            attributes: CASE WHEN $actorDetails THEN x.attributes END,
            sources: CASE WHEN $actorSources THEN x.sources END}] AS actors
