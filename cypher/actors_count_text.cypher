// How many actors match a filter with a text that holds no line break: the text
// index on searchLower (name, acronym and aliases, lowercased, one a line) finds
// the actors whose name, acronym or an alias contains it. Other null filter
// parameters select everything; list parameters are alternatives.
// Parameters: $text (lowercased, trimmed string without a line break), $ids,
//   $kinds, $regions, $countries, $themes (lists of strings or null).
// Columns: total (integer).
MATCH (a:Actor)
WHERE a.searchLower CONTAINS $text
  AND ($ids IS NULL OR a.id IN $ids)
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($regions IS NULL OR any(r IN coalesce(a.regions, []) WHERE r IN $regions))
  AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  AND ($themes IS NULL OR any(t IN coalesce(a.themes, []) WHERE t IN $themes))
RETURN count(a) AS total
