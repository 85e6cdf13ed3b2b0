// Which of the given actor IDs are not stored.
// Parameters: $ids (list of strings). Columns: id (string).
UNWIND $ids AS id
OPTIONAL MATCH (a:Actor {id: id})
WITH id, a
WHERE a IS NULL
RETURN id
