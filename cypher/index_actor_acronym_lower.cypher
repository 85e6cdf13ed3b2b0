// Text index on the lowercased actor acronym, for CONTAINS in filters and search.
// Parameters: none. Columns: none.
CREATE TEXT INDEX actor_acronym_lower IF NOT EXISTS FOR (a:Actor) ON (a.acronymLower)
