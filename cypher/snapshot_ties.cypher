// One part of the ties for a snapshot, those whose internal ID is $part
// modulo $parts, so that parts read at once split the work; in chunks: one
// row per chunk of about $chunk ties, each column a list with one entry per
// tie of the chunk, so the server sends a few large records rather than one
// per tie. Absent properties come as empty values (collect drops nulls, which
// would shift the lists); sources only when asked.
// Parameters: $withSources (boolean), $chunk (integer, ties per chunk),
//   $parts (integer, how many parts), $part (integer, this part, 0..$parts-1).
// Columns: id, from, to, kind, since, until, description, weight, funding,
//   attributes, sources (null unless $withSources); each a list, all of one
//   length.
MATCH (f:Actor)-[t:TIE]->(o:Actor)
WHERE id(t) % $parts = $part
WITH id(t) / ($chunk * $parts) AS chunk, f, t, o
WITH chunk,
     collect(t.id) AS id, collect(f.id) AS from, collect(o.id) AS to,
     collect(coalesce(t.kind, '')) AS kind,
     collect(coalesce(t.since, '')) AS since, collect(coalesce(t.until, '')) AS until,
     collect(coalesce(t.description, '')) AS description,
     collect(coalesce(t.weight, 0.0)) AS weight,
     collect(coalesce(t.funding, '')) AS funding,
     collect(coalesce(t.attributes, '')) AS attributes,
     CASE WHEN $withSources THEN collect(coalesce(t.sources, '')) END AS sources
RETURN id, from, to, kind, since, until, description, weight, funding,
       attributes, sources
