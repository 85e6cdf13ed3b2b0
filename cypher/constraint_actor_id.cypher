// Unique Actor.id (backs every lookup of an actor by ID).
// Parameters: none. Columns: none.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE
