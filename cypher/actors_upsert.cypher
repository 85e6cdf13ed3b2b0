// Creates or replaces actors by ID: every property is set from the row.
// Parameters: $rows (list of maps of node properties, each with id).
// Columns: none.
UNWIND $rows AS row
MERGE (a:Actor {id: row.id})
SET a = row
