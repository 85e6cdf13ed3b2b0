// Text index on searchLower, the lowercased name, acronym and aliases of an actor
// one a line, for counting the actors a text filter matches from the index.
// Parameters: none. Columns: none.
CREATE TEXT INDEX actor_search_lower IF NOT EXISTS FOR (a:Actor) ON (a.searchLower)
