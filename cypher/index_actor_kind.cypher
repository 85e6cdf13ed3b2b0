// Range index on the actor kind, for kind filters.
// Parameters: none. Columns: none.
CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)
