// Unique Meta.id, so that concurrent writers share one version node.
// Parameters: none. Columns: none.
CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE
