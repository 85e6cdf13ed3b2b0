// The data version (no row when nothing was ever written).
// Parameters: none. Columns: version (integer).
MATCH (m:Meta {id: 'version'})
RETURN m.value AS version
