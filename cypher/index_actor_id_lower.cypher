// Range index on the lowercased actor ID, for exact ID matches in search.
// Parameters: none. Columns: none.
CREATE INDEX actor_id_lower IF NOT EXISTS FOR (a:Actor) ON (a.idLower)
