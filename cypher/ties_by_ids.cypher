// The stored ties with the given IDs, for an import to count its ties as new,
// updated or unchanged.
// Parameters: $ids (list of strings). Columns: tie (map: the relationship's
//   properties plus from and to, the IDs of its start and end actors).
UNWIND $ids AS id
MATCH (f:Actor)-[t:TIE {id: id}]->(o:Actor)
RETURN t {.*, from: f.id, to: o.id} AS tie
