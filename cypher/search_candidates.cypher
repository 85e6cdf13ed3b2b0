// The fields a text search matches, of every actor: search folds case,
// accents and apostrophes and matches words, which Cypher cannot do, so the
// caller scores these and reads the hits whole with actors_by_ids.
// Parameters: none. Columns: actor (map of id, name, acronym, aliases).
MATCH (a:Actor)
RETURN a {.id, .name, .acronym, .aliases} AS actor
