// Creates ties from the actor row.from to the actor row.to; both must exist.
// Parameters: $rows (list of maps {from, to, props}; props holds the
//   relationship's properties, with id). Columns: created (integer).
UNWIND $rows AS row
MATCH (f:Actor {id: row.from})
MATCH (o:Actor {id: row.to})
CREATE (f)-[t:TIE]->(o)
SET t = row.props
RETURN count(t) AS created
