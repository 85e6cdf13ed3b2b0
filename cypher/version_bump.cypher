// Increments the data version inside a write transaction and returns it. It runs
// first in every write, so it also takes the write lock that serializes writers.
// A new database starts its version at $start (the writer's clock in
// microseconds), so a database that was wiped and written again never repeats a
// version that a running service may still have cached results for.
// Parameters: start (integer). Columns: version (integer).
MERGE (m:Meta {id: 'version'})
  ON CREATE SET m.value = $start
SET m.value = m.value + 1
RETURN m.value AS version
