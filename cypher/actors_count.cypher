// How many actors match a filter. A null filter parameter selects everything;
// list parameters are alternatives.
// Parameters: $ids, $kinds, $regions, $countries, $themes (lists of strings or null),
//   $text (lowercased, trimmed string or null).
// Columns: total (integer).
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
RETURN count(a) AS total
