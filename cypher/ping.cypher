// A cheap round trip to check that the database answers.
// Parameters: none. Columns: ok (integer 1).
RETURN 1 AS ok
