// Range index on the lowercased actor name: it gives pages of actors by name in
// index order, so that a page is read from the index up to its end instead of
// sorting every match (the text index on the same property serves CONTAINS).
// Parameters: none. Columns: none.
CREATE RANGE INDEX actor_name_order IF NOT EXISTS FOR (a:Actor) ON (a.nameLower)
