// Text index on the lowercased actor name, for CONTAINS in filters and search.
// Parameters: none. Columns: none.
CREATE TEXT INDEX actor_name_lower IF NOT EXISTS FOR (a:Actor) ON (a.nameLower)
