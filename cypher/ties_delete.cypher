// Deletes the ties with the given IDs, so that an upsert can recreate them
// (possibly between other actors).
// Parameters: $ids (list of strings). Columns: none.
UNWIND $ids AS id
MATCH ()-[t:TIE {id: id}]->()
DELETE t
