// Every actor, streamed, for a snapshot; sources only when asked.
// Parameters: $withSources (boolean).
// Columns: id, name, acronym, aliases, kind, scope, regions, countries, themes,
//   identifiers, attributes, imported, sources (null unless $withSources).
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.acronym AS acronym, a.aliases AS aliases,
       a.kind AS kind, a.scope AS scope, a.regions AS regions,
       a.countries AS countries, a.themes AS themes,
       a.identifiers AS identifiers, a.attributes AS attributes,
       a.imported AS imported,
       CASE WHEN $withSources THEN a.sources END AS sources
