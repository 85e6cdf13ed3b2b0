// How many actors, ties and places are stored (from the count store).
// Parameters: none. Columns: actors, ties, places (integers).
CALL { MATCH (a:Actor) RETURN count(a) AS actors }
CALL { MATCH ()-[t:TIE]->() RETURN count(t) AS ties }
CALL { MATCH (p:Place) RETURN count(p) AS places }
RETURN actors, ties, places
