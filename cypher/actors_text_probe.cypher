// How many actors match a filter with a text that holds no line break, counted
// from the text index on searchLower (name, acronym and aliases, lowercased, one
// a line) up to a cap, and how many actors there are (from the count store): what
// a page of a text filter needs to choose between reading the few matches from
// the text index and sorting them, and reading the name index in order until
// the page is full. Other null filter parameters select everything; list
// parameters are alternatives.
// Parameters: $text (lowercased, trimmed string without a line break), $ids,
//   $kinds, $regions, $countries, $themes (lists of strings or null), $cap
//   (integer: count no further).
// Columns: matches (integer, at most $cap), actors (integer).
CALL {
  MATCH (a:Actor)
  WHERE a.searchLower CONTAINS $text
    AND ($ids IS NULL OR a.id IN $ids)
    AND ($kinds IS NULL OR a.kind IN $kinds)
    AND ($regions IS NULL OR any(r IN coalesce(a.regions, []) WHERE r IN $regions))
    AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
    AND ($themes IS NULL OR any(t IN coalesce(a.themes, []) WHERE t IN $themes))
  WITH a LIMIT $cap
  RETURN count(a) AS matches
}
CALL { MATCH (n:Actor) RETURN count(n) AS actors }
RETURN matches, actors
