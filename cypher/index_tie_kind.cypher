// Range index on the tie kind, for kind filters.
// Parameters: none. Columns: none.
CREATE INDEX tie_kind IF NOT EXISTS FOR ()-[t:TIE]-() ON (t.kind)
