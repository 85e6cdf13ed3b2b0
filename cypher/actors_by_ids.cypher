// The actors with the given IDs (unknown IDs give no row).
// Parameters: $ids (list of strings). Columns: actor (map of the node's properties).
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a {.*} AS actor
