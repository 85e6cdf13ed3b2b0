// Unique TIE relationship id (backs upsert and lookup of a tie by ID).
// Parameters: none. Columns: none.
CREATE CONSTRAINT tie_id IF NOT EXISTS FOR ()-[t:TIE]-() REQUIRE t.id IS UNIQUE
