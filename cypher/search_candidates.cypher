// The actors a text search may match: the lowercased query is the lowercased
// ID or occurs in the lowercased name, acronym or an alias. Ranking is done by
// the caller.
// Parameters: $q (lowercased, trimmed string). Columns: actor (map of node properties).
MATCH (a:Actor)
WHERE a.idLower = $q
   OR a.nameLower CONTAINS $q
   OR a.acronymLower CONTAINS $q
   OR any(x IN coalesce(a.aliasesLower, []) WHERE x CONTAINS $q)
RETURN a {.*} AS actor
