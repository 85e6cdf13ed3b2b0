// Increments the data version inside a write transaction and returns it. It runs
// first in every write, so it also takes the write lock that serializes writers.
// Parameters: none. Columns: version (integer).
MERGE (m:Meta {id: 'version'})
  ON CREATE SET m.value = 0
SET m.value = m.value + 1
RETURN m.value AS version
