// Every actor for a snapshot, in chunks: one row per chunk of about $chunk
// actors, each column a list with one entry per actor of the chunk, so the
// server sends a few large records rather than one per actor. Absent
// properties come as empty values (collect drops nulls, which would shift the
// lists); sources only when asked.
// Parameters: $withSources (boolean), $chunk (integer, actors per chunk).
// Columns: id, name, acronym, aliases, kind, scope, regions, countries,
//   themes, identifiers, attributes, imported, sources (null unless
//   $withSources); each a list, all of one length.
MATCH (a:Actor)
WITH id(a) / $chunk AS chunk, a
WITH chunk,
     collect(a.id) AS id, collect(coalesce(a.name, '')) AS name,
     collect(coalesce(a.acronym, '')) AS acronym, collect(coalesce(a.aliases, [])) AS aliases,
     collect(coalesce(a.kind, '')) AS kind, collect(coalesce(a.scope, '')) AS scope,
     collect(coalesce(a.regions, [])) AS regions, collect(coalesce(a.countries, [])) AS countries,
     collect(coalesce(a.themes, [])) AS themes,
     collect(coalesce(a.identifiers, '')) AS identifiers,
     collect(coalesce(a.attributes, '')) AS attributes,
     collect(coalesce(a.imported, false)) AS imported,
     CASE WHEN $withSources THEN collect(coalesce(a.sources, '')) END AS sources
RETURN id, name, acronym, aliases, kind, scope, regions, countries, themes,
       identifiers, attributes, imported, sources
