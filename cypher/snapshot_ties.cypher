// Every tie, streamed, for a snapshot; sources only when asked.
// Parameters: $withSources (boolean).
// Columns: id, from, to, kind, since, until, description, weight, funding,
//   attributes, sources (null unless $withSources).
MATCH (f:Actor)-[t:TIE]->(o:Actor)
RETURN t.id AS id, f.id AS from, o.id AS to, t.kind AS kind,
       t.since AS since, t.until AS until, t.description AS description,
       t.weight AS weight, t.funding AS funding, t.attributes AS attributes,
       CASE WHEN $withSources THEN t.sources END AS sources
