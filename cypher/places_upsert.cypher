// Creates or replaces places by ID: every property is set from the row.
// Parameters: $rows (list of maps of node properties, each with id).
// Columns: none.
UNWIND $rows AS row
MERGE (p:Place {id: row.id})
SET p = row
