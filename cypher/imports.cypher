// The recorded imports, newest first.
// Parameters: $limit (integer, or null for all). Columns: record (string: the
//   ImportRecord as JSON).
MATCH (i:Import)
RETURN i.record AS record
ORDER BY i.version DESC
LIMIT coalesce($limit, 9223372036854775807)
