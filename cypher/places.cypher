// Every place, ordered by ID.
// Parameters: none. Columns: place (map of node properties).
MATCH (p:Place)
RETURN p {.*} AS place
ORDER BY p.id
