// Deletes every node and relationship of the database in batches (tests and
// resets only). It must run in an auto-commit transaction (session.Run).
// Parameters: none. Columns: none.
MATCH (n)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
