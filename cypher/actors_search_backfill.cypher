// Sets searchLower on the actors written before it existed, from the lowercased
// copies they hold: the name, the acronym and each alias, one a line.
// Parameters: none. Columns: none.
MATCH (a:Actor)
WHERE a.searchLower IS NULL
SET a.searchLower = reduce(s = coalesce(a.nameLower, '') + '\n' + coalesce(a.acronymLower, ''),
                           x IN coalesce(a.aliasesLower, []) | s + '\n' + x)
