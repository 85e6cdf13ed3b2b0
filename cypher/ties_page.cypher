// One page of the ties that match a filter (with no actor named), ordered by ID,
// and how many match in all. A null filter parameter selects everything.
// Parameters: $ids, $kinds (lists of strings or null), $activeFrom (first day
//   'YYYY-MM-DD' or null), $activeTo (last day 'YYYY-MM-DD' or null),
//   $among (list of actor IDs or null: both ends among them),
//   $offset (integer), $limit (integer, or null for no limit),
//   $tieSources, $tieDetails (booleans: return sources; funding and attributes).
// Columns: total (integer), ties (list of maps: the relationship's properties
//   plus from and to, the IDs of its start and end actors).
MATCH (f:Actor)-[t:TIE]->(o:Actor)
WHERE ($ids IS NULL OR t.id IN $ids)
  AND ($kinds IS NULL OR t.kind IN $kinds)
  AND ($activeFrom IS NULL OR t.untilLast = '' OR t.untilLast >= $activeFrom)
  AND ($activeTo IS NULL OR t.sinceFirst = '' OR t.sinceFirst <= $activeTo)
  AND ($among IS NULL OR (f.id IN $among AND o.id IN $among))
WITH f, t, o
ORDER BY t.id
WITH collect(t {.id, .kind, .since, .until, .description, .weight,
                funding: CASE WHEN $tieDetails THEN t.funding END,
                attributes: CASE WHEN $tieDetails THEN t.attributes END,
                sources: CASE WHEN $tieSources THEN t.sources END,
                from: f.id, to: o.id}) AS matched
RETURN size(matched) AS total,
       matched[$offset..coalesce($offset + $limit, size(matched))] AS ties
