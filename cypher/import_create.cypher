// Records one import, in the transaction that writes its data.
// Parameters: $id (string), $version (integer: the data version the import
//   wrote), $record (string: the ImportRecord as JSON). Columns: none.
CREATE (:Import {id: $id, version: $version, record: $record})
