// Package cypher holds every Cypher statement the Neo4j store runs, one
// statement per .cypher file. Each file starts with a comment naming its
// parameters and the columns it returns. The files are embedded in the binary
// and loaded when the package initializes, so a missing or empty file stops
// the program at start rather than failing a request. Values always go in as
// $parameters, never by formatting them into the text.
package cypher

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Schema: constraints and indexes, each idempotent (IF NOT EXISTS).
var (
	// ConstraintActorID makes Actor.id unique.
	ConstraintActorID = mustLoad("constraint_actor_id.cypher")
	// ConstraintTieID makes the id of a TIE relationship unique.
	ConstraintTieID = mustLoad("constraint_tie_id.cypher")
	// ConstraintPlaceID makes Place.id unique.
	ConstraintPlaceID = mustLoad("constraint_place_id.cypher")
	// ConstraintMetaID makes Meta.id unique.
	ConstraintMetaID = mustLoad("constraint_meta_id.cypher")
	// IndexActorNameLower is a text index on Actor.nameLower.
	IndexActorNameLower = mustLoad("index_actor_name_lower.cypher")
	// IndexActorAcronymLower is a text index on Actor.acronymLower.
	IndexActorAcronymLower = mustLoad("index_actor_acronym_lower.cypher")
	// IndexActorNameOrder is a range index on Actor.nameLower, for pages by name.
	IndexActorNameOrder = mustLoad("index_actor_name_order.cypher")
	// IndexActorSearchLower is a text index on Actor.searchLower, for text counts.
	IndexActorSearchLower = mustLoad("index_actor_search_lower.cypher")
	// IndexActorIDLower is a range index on Actor.idLower.
	IndexActorIDLower = mustLoad("index_actor_id_lower.cypher")
	// IndexActorKind is a range index on Actor.kind.
	IndexActorKind = mustLoad("index_actor_kind.cypher")
	// IndexTieKind is a range index on TIE.kind.
	IndexTieKind = mustLoad("index_tie_kind.cypher")
)

// Schema lists the schema statements in the order they are applied.
var Schema = []string{
	ConstraintActorID, ConstraintTieID, ConstraintPlaceID, ConstraintMetaID,
	IndexActorNameLower, IndexActorNameOrder, IndexActorSearchLower, IndexActorAcronymLower, IndexActorIDLower, IndexActorKind, IndexTieKind,
}

// Reads.
var (
	// Ping is a cheap round trip.
	Ping = mustLoad("ping.cypher")
	// Version reads the data version.
	Version = mustLoad("version.cypher")
	// ActorByID reads one actor.
	ActorByID = mustLoad("actor_by_id.cypher")
	// ActorsByIDs reads the actors with the given IDs.
	ActorsByIDs = mustLoad("actors_by_ids.cypher")
	// ActorsPageByName reads one filtered page of actors by name.
	ActorsPageByName = mustLoad("actors_page_by_name.cypher")
	// ActorsPageByID reads one filtered page of actors by ID.
	ActorsPageByID = mustLoad("actors_page_by_id.cypher")
	// ActorsPageByKind reads one filtered page of actors by kind, then name.
	ActorsPageByKind = mustLoad("actors_page_by_kind.cypher")
	// ActorsCount counts the actors that match a filter.
	ActorsCount = mustLoad("actors_count.cypher")
	// ActorsPageText reads one page of the actors a text filter matches,
	// by name, from the text index.
	ActorsPageText = mustLoad("actors_page_text.cypher")
	// ActorsTextProbe counts the actors a text filter matches, up to a cap,
	// and every actor.
	ActorsTextProbe = mustLoad("actors_text_probe.cypher")
	// ActorsNeighborsByName reads one filtered page of actors by name and
	// the distinct actors at the other ends of their filtered ties.
	ActorsNeighborsByName = mustLoad("actors_neighbors_by_name.cypher")
	// ActorsNeighborsByID is ActorsNeighborsByName for a page by ID.
	ActorsNeighborsByID = mustLoad("actors_neighbors_by_id.cypher")
	// ActorsNeighborsByKind is ActorsNeighborsByName for a page by kind,
	// then name.
	ActorsNeighborsByKind = mustLoad("actors_neighbors_by_kind.cypher")
	// ActorsNeighborsOfKindsByName is ActorsNeighborsByName for a tie
	// filter of kinds alone, in either direction.
	ActorsNeighborsOfKindsByName = mustLoad("actors_neighbors_of_kinds_by_name.cypher")
	// ActorsNeighborsOfKindsByID is ActorsNeighborsByID for a tie filter of
	// kinds alone, in either direction.
	ActorsNeighborsOfKindsByID = mustLoad("actors_neighbors_of_kinds_by_id.cypher")
	// ActorsNeighborsOfKindsByKind is ActorsNeighborsByKind for a tie
	// filter of kinds alone, in either direction.
	ActorsNeighborsOfKindsByKind = mustLoad("actors_neighbors_of_kinds_by_kind.cypher")
	// TiesPage reads one filtered page of ties ordered by ID and the total.
	TiesPage = mustLoad("ties_page.cypher")
	// TiesOf reads the filtered ties at each of some actors.
	TiesOf = mustLoad("ties_of.cypher")
	// Neighborhood reads some actors, a window of their filtered ties (and
	// how many match) and the actors at the other ends.
	Neighborhood = mustLoad("neighborhood.cypher")
	// Neighbors reads some actors and the distinct actors at the other ends
	// of their filtered ties, without the ties.
	Neighbors = mustLoad("neighbors.cypher")
	// NeighborNames is Neighbors with the ID and name of the actors at the
	// other ends only.
	NeighborNames = mustLoad("neighbor_names.cypher")
	// SearchCandidates reads the actors a text search may match.
	SearchCandidates = mustLoad("search_candidates.cypher")
	// Places reads every place.
	Places = mustLoad("places.cypher")
	// Stats counts actors, ties and places.
	Stats = mustLoad("stats.cypher")
	// SnapshotActors streams every actor.
	SnapshotActors = mustLoad("snapshot_actors.cypher")
	// SnapshotTies streams every tie.
	SnapshotTies = mustLoad("snapshot_ties.cypher")
	// TiesByIDs reads the stored ties with the given IDs.
	TiesByIDs = mustLoad("ties_by_ids.cypher")
	// Imports reads the recorded imports, newest first.
	Imports = mustLoad("imports.cypher")
)

// Writes.
var (
	// VersionBump increments the data version and locks out other writers.
	VersionBump = mustLoad("version_bump.cypher")
	// ActorsMissing returns the given actor IDs that are not stored.
	ActorsMissing = mustLoad("actors_missing.cypher")
	// ActorsSearchBackfill sets searchLower on actors written before it.
	ActorsSearchBackfill = mustLoad("actors_search_backfill.cypher")
	// ActorsUpsert creates or replaces actors.
	ActorsUpsert = mustLoad("actors_upsert.cypher")
	// TiesDelete deletes ties by ID.
	TiesDelete = mustLoad("ties_delete.cypher")
	// TiesCreate creates ties between stored actors.
	TiesCreate = mustLoad("ties_create.cypher")
	// PlacesUpsert creates or replaces places.
	PlacesUpsert = mustLoad("places_upsert.cypher")
	// ImportCreate records an import.
	ImportCreate = mustLoad("import_create.cypher")
	// Wipe deletes everything, in an auto-commit transaction.
	Wipe = mustLoad("wipe.cypher")
)

// loaded maps each file a package variable holds to its statement.
var loaded = map[string]string{}

// mustLoad returns the text of the embedded file name and panics if Load fails.
func mustLoad(name string) string {
	text, err := Load(name)
	if err != nil {
		panic(err)
	}
	loaded[name] = text
	return text
}

// Load returns the text of the embedded file name, header comment included,
// or an error if the file is missing, does not start with a header comment
// naming its parameters and columns, or holds no statement after it.
func Load(name string) (string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("cypher: %w", err)
	}
	text := strings.TrimSpace(string(b))
	header := Header(text)
	if !strings.HasPrefix(text, "//") || !strings.Contains(header, "Parameters:") || !strings.Contains(header, "Columns:") {
		return "", fmt.Errorf("cypher: %s does not start with a comment naming its parameters and columns (Parameters, Columns)", name)
	}
	if Statement(text) == "" {
		return "", fmt.Errorf("cypher: %s holds no statement", name)
	}
	return text, nil
}

// Header returns the leading comment lines of text.
func Header(text string) string {
	body := Statement(text)
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), body))
}

// Statement returns text without its leading comment lines.
func Statement(text string) string {
	lines := strings.Split(text, "\n")
	for len(lines) > 0 && (strings.HasPrefix(strings.TrimSpace(lines[0]), "//") || strings.TrimSpace(lines[0]) == "") {
		lines = lines[1:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Files returns the name of every embedded .cypher file, sorted.
func Files() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(fmt.Sprintf("cypher: %v", err))
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Loaded returns, for every file that a package variable holds, its name and
// text.
func Loaded() map[string]string {
	out := make(map[string]string, len(loaded))
	for k, v := range loaded {
		out[k] = v
	}
	return out
}
