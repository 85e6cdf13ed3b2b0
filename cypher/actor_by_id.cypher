// One actor by ID.
// Parameters: $id (string). Columns: actor (map of the node's properties).
MATCH (a:Actor {id: $id})
RETURN a {.*} AS actor
