// Unique Place.id.
// Parameters: none. Columns: none.
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (p:Place) REQUIRE p.id IS UNIQUE
