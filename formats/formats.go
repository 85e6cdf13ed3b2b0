// Package formats reads and writes the network in the file formats analysts
// and other tools use: GraphML (Gephi, yEd, NetworkX, igraph), GEXF (Gephi),
// CSV node and edge lists, NetworkX node-link JSON, and IATI activity XML
// (read only).
//
// Every reader returns one *network.Change that passes Change.Validate, or an
// EINVALID *network.Error naming the file and the line (CSV, GraphML, GEXF)
// or the element (node-link JSON) of the first bad record; nothing is
// returned with an error, so an import is all or nothing.
//
// # Attributes
//
// IDs are kept as given. Node attributes map to Actor fields:
//
//	name, label   Name (name wins when both are given; the id when neither is)
//	kind          Kind, case-insensitive ("un_entity", "UN entity"); absent: OTHER
//	acronym       Acronym
//	aliases       Aliases, ";"-separated
//	scope         Scope, case-insensitive
//	regions       Regions, ";"-separated
//	countries     Countries, ";"-separated
//	themes        Themes, ";"-separated
//	identifiers   Identifiers, ";"-separated SCHEME:value pairs
//
// Edge attributes map to Tie fields:
//
//	id            ID (GraphML or GEXF edge id, CSV id column, node-link "id" or "key");
//	              absent: "<source>-><target>#k" for the k-th edge between the
//	              pair in file order, so a re-import upserts the same ties
//	kind          Kind, case-insensitive; absent: network.DefaultTieKind
//	weight        Weight, a positive number; absent: 1
//	since, until  Since, Until (YYYY, YYYY-MM or YYYY-MM-DD)
//	description   Description
//	funding_*     the FundingFlow of a FUNDING tie: funding_amount,
//	              funding_currency, funding_date, funding_transaction_type,
//	              funding_sectors (";"-separated code:percentage),
//	              funding_recipient_country, funding_recipient_region,
//	              funding_activity_id, funding_transaction_ref
//
// Every other attribute is kept, as a string, in Actor.Attributes or
// Tie.Attributes (sorted by name), and an export writes it back. An edge
// without a kind in a directed file (GraphML edgedefault="directed" or an
// edge with directed="true", GEXF defaultedgetype="directed" or an edge with
// type="directed", node-link "directed": true) becomes an OTHER tie
// with the attribute directed=true, so that analysis can still read its
// direction From -> To; an edge without a kind in an undirected file is a
// plain OTHER tie, which is symmetric.
//
// Imported actors carry Imported=true, and every imported actor and tie one
// Source whose Title is the base name of the file and whose Record is
// "node <id>" / "edge <id>" (GraphML, GEXF, node-link JSON) or "line N" (CSV).
//
// # Export
//
// Export and ExportCSV write what the readers read: importing an export gives
// back the same actors and ties (IDs, kinds, names, weights, dates, funding
// and attributes). Sources are not written; an import records its file. A
// file is written as directed when any tie is of a directed kind or carries
// directed=true, and as undirected otherwise.
package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// ImportFiles reads every file in paths and returns their content as one
// validated change. The format of each file is found from its extension and
// content: ".graphml", or ".xml" with a <graphml> root, is GraphML; ".gexf",
// or ".xml" with a <gexf> root, is GEXF; ".xml" with an <iati-activities>
// root (or a Datastore <result> root) is IATI activity XML; ".json" is node-link
// JSON; ".csv" is a CSV nodes file when its header has an id column and no
// source/target (or from/to) columns, and an edges file when it has them. At
// most one CSV nodes file and one CSV edges file may be given; an edges file
// alone creates its actors from the ids. An actor or tie ID that two files
// both define is an error. EINVALID for any bad file.
func ImportFiles(paths []string) (*network.Change, error) {
	return ImportFilesKnown(paths, nil)
}

// ImportFilesKnown is ImportFiles with the actors already stored: IATI
// organisations are matched to known as well as to the actors of the other
// files. Actors of known are not returned unless a file defines them. The
// import report flags the actors that look like known ones or like each
// other (FlagLookalikes).
func ImportFilesKnown(paths []string, known []*network.Actor) (*network.Change, error) {
	if len(paths) == 0 {
		return nil, network.Errorf(network.EINVALID, "no files to import")
	}
	stored := known
	var (
		parts                []*network.Change
		partFormats          []string // the format of each part
		nodes, edges         []byte
		nodesName, edgesName string
		iati                 [][2]string // name and path of each IATI file
		names                []string
	)
	add := func(c *network.Change, format string) {
		parts = append(parts, c)
		partFormats = append(partFormats, format)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		names = append(names, name)
		ext := strings.ToLower(filepath.Ext(path))
		if ext == ".graphml" || ext == ".gexf" || ext == ".xml" {
			// XML files are read as streams, never whole.
			root, err := readXMLFile(path, name, xmlRoot)
			if err != nil {
				return nil, err
			}
			switch {
			case root == "graphml" && ext != ".gexf":
				c, err := readXMLFile(path, name, ReadGraphML)
				if err != nil {
					return nil, err
				}
				add(c, "graphml")
			case root == "gexf" && ext != ".graphml":
				c, err := readXMLFile(path, name, ReadGEXF)
				if err != nil {
					return nil, err
				}
				add(c, "gexf")
			case (root == "iati-activities" || root == "result") && ext == ".xml":
				iati = append(iati, [2]string{name, path})
			case ext == ".xml":
				return nil, network.Errorf(network.EINVALID, "%s: root element <%s> is not <graphml>, <gexf> or <iati-activities>", name, root)
			default:
				return nil, network.Errorf(network.EINVALID, "%s: root element <%s> is not <%s>", name, root, ext[1:])
			}
			continue
		}
		if ext == ".json" {
			// Read as a stream: a large file is never held whole.
			c, err := readXMLFile(path, name, ReadNodeLink) // any streaming reader
			if err != nil {
				return nil, err
			}
			add(c, "node-link-json")
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, network.Errorf(network.EINVALID, "%s: cannot read: %v", name, unwrapPathError(err))
		}
		switch ext {
		case ".csv":
			header, err := csvHeader(data, name)
			if err != nil {
				return nil, err
			}
			if _, _, ok := edgeColumns(header); ok {
				if edges != nil {
					return nil, network.Errorf(network.EINVALID, "%s: a second CSV edges file (the first is %s)", name, edgesName)
				}
				edges, edgesName = data, name
			} else if slices.Contains(header, "id") {
				if nodes != nil {
					return nil, network.Errorf(network.EINVALID, "%s: a second CSV nodes file (the first is %s)", name, nodesName)
				}
				nodes, nodesName = data, name
			} else {
				return nil, network.Errorf(network.EINVALID, "%s line 1: header has neither source/target (or from/to) columns nor an id column", name)
			}
		default:
			return nil, network.Errorf(network.EINVALID, "%s: unknown format %q (want .graphml, .gexf, .xml, .json or .csv)", name, ext)
		}
	}
	if nodes != nil || edges != nil {
		if edges == nil {
			return nil, network.Errorf(network.EINVALID, "%s: a CSV nodes file needs an edges file (a header with source and target columns)", nodesName)
		}
		var nr io.Reader
		if nodes != nil {
			nr = bytes.NewReader(nodes)
		}
		c, err := ReadCSV(nr, nodesName, bytes.NewReader(edges), edgesName)
		if err != nil {
			return nil, err
		}
		add(c, "csv")
	}
	if len(iati) > 0 {
		// IATI files resolve organisations against the actors already read,
		// and against each other, so that one organisation is one actor.
		known := slices.Clone(known)
		for _, p := range parts {
			known = append(known, p.Actors...)
		}
		for _, f := range iati {
			c, err := readXMLFile(f[1], f[0], func(r io.Reader, name string) (*network.Change, error) {
				return ReadIATI(r, name, known)
			})
			if err != nil {
				return nil, err
			}
			known = append(known, c.Actors...)
			add(c, "iati")
		}
	}
	out, err := merge(parts)
	if err != nil {
		return nil, err
	}
	out.Import = combine(out, parts, partFormats, names)
	if err := out.Import.Report.Check(); err != nil {
		return nil, fmt.Errorf("formats: %w", err)
	}
	FlagLookalikes(out, stored)
	return out, nil
}

// readXMLFile reads the file at path, named name, with read, through a
// buffer: the file is streamed, never held whole.
func readXMLFile[T any](path, name string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, network.Errorf(network.EINVALID, "%s: cannot read: %v", name, unwrapPathError(err))
	}
	defer func() { _ = f.Close() }() // read only: closing loses nothing
	return read(bufio.NewReaderSize(f, 1<<16), name)
}

// ImportRecord returns the import record of c, read from the file name in
// format ("graphml", "gexf", "csv", "node-link-json"), when its reader made
// none: every tie is an edge read.
func ImportRecord(format, name string, c *network.Change) *network.ImportRecord {
	return &network.ImportRecord{Files: []string{name}, Format: format,
		Report: network.ImportReport{Edges: len(c.Ties), Ties: len(c.Ties), Actors: len(c.Actors)}}
}

// combine returns the import record of parts, read in formats (one a
// part) from files, merged into out.
func combine(out *network.Change, parts []*network.Change, formats, files []string) *network.ImportRecord {
	r := &network.ImportRecord{Files: files}
	var seen []string
	for i, p := range parts {
		if p.Import == nil {
			p.Import = ImportRecord(formats[i], "", p)
		}
		r.Report.Add(&p.Import.Report)
		if !slices.Contains(seen, p.Import.Format) {
			seen = append(seen, p.Import.Format)
		}
	}
	r.Format = strings.Join(seen, "+")
	r.Report.Actors = len(out.Actors)
	return r
}

// merge joins changes read from different files. An actor or tie ID defined
// twice is an error.
func merge(parts []*network.Change) (*network.Change, error) {
	out := &network.Change{}
	actors := map[string]*network.Actor{}
	ties := map[string]bool{}
	for _, p := range parts {
		for _, a := range p.Actors {
			if prev, ok := actors[a.ID]; ok {
				return nil, network.Errorf(network.EINVALID, "actor %q is defined in %s and in %s", a.ID, sourceTitle(prev.Sources), sourceTitle(a.Sources))
			}
			actors[a.ID] = a
			out.Actors = append(out.Actors, a)
		}
		for _, t := range p.Ties {
			if ties[t.ID] {
				return nil, network.Errorf(network.EINVALID, "tie %q is defined twice (again in %s)", t.ID, sourceTitle(t.Sources))
			}
			ties[t.ID] = true
			out.Ties = append(out.Ties, t)
		}
	}
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

func sourceTitle(s []network.Source) string {
	if len(s) == 0 {
		return "an earlier file"
	}
	return s[0].Title
}

func unwrapPathError(err error) error {
	// errors.As finds a *PathError inside wrapping errors too.
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// attr is one name/value pair read from a file, before it is mapped to a
// field or kept as an Attribute.
type attr struct{ name, value string }

// The standard attribute names, which map to fields and are never kept in
// Attributes.
var (
	actorFields = []string{"id", "name", "kind", "acronym", "aliases", "scope",
		"regions", "countries", "themes", "identifiers"}
	tieFields = []string{"id", "source", "target", "kind", "weight", "since", "until",
		"description", "funding_amount", "funding_currency", "funding_date",
		"funding_transaction_type", "funding_sectors", "funding_recipient_country",
		"funding_recipient_region", "funding_activity_id", "funding_transaction_ref"}
)

// newActor maps the attributes of node id to an actor. The error message
// names the attribute; the caller adds the file and line.
func newActor(id string, attrs []attr, src network.Source) (*network.Actor, error) {
	if strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("id is empty")
	}
	a := &network.Actor{ID: id, Kind: network.OtherActor, Imported: true, Sources: []network.Source{src}}
	var label string
	var hasName bool
	for _, at := range attrs {
		v := at.value
		switch at.name {
		case "id":
			// The id itself; kept as given.
		case "name":
			a.Name, hasName = v, true
		case "label":
			label = v
		case "kind":
			if strings.TrimSpace(v) == "" {
				continue
			}
			k := network.ActorKind(enumValue(v))
			if !k.Valid() {
				return nil, fmt.Errorf("kind %q is not an actor kind", v)
			}
			a.Kind = k
		case "acronym":
			a.Acronym = v
		case "aliases":
			a.Aliases = splitList(v)
		case "scope":
			s := network.Scope(enumValue(v))
			if !s.Valid() {
				return nil, fmt.Errorf("scope %q is not a scope", v)
			}
			a.Scope = s
		case "regions":
			a.Regions = splitList(v)
		case "countries":
			a.Countries = splitList(v)
		case "themes":
			a.Themes = splitList(v)
		case "identifiers":
			for _, p := range splitList(v) {
				scheme, value, ok := strings.Cut(p, ":")
				if !ok || strings.TrimSpace(scheme) == "" || strings.TrimSpace(value) == "" {
					return nil, fmt.Errorf("identifier %q is not SCHEME:value", p)
				}
				a.Identifiers = append(a.Identifiers, network.Identifier{Scheme: strings.TrimSpace(scheme), Value: strings.TrimSpace(value)})
			}
		default:
			a.Attributes = append(a.Attributes, network.Attribute{Name: at.name, Value: v})
		}
	}
	switch {
	case hasName && strings.TrimSpace(a.Name) != "":
		if label != "" {
			a.Attributes = append(a.Attributes, network.Attribute{Name: "label", Value: label})
		}
	case strings.TrimSpace(label) != "":
		a.Name = label
	default:
		a.Name = id
	}
	sortAttributes(a.Attributes)
	if err := checkOne(&network.Change{Actors: []*network.Actor{a}}); err != nil {
		return nil, err
	}
	return a, nil
}

// newTie maps the attributes of an edge to a tie. directed says whether the
// file (or the edge) is directed. The error message names the attribute.
func newTie(id, from, to string, directed bool, attrs []attr, src network.Source) (*network.Tie, error) {
	t := &network.Tie{ID: id, Kind: network.DefaultTieKind, From: from, To: to, Weight: 1, Sources: []network.Source{src}}
	if from == to {
		return nil, fmt.Errorf("source and target are the same actor %q", from)
	}
	var f network.FundingFlow
	var hasKind, hasFunding, hasDirected bool
	for _, at := range attrs {
		v := at.value
		var err error
		switch at.name {
		case "id", "source", "target":
		case "kind":
			if strings.TrimSpace(v) == "" {
				continue
			}
			k := network.TieKind(enumValue(v))
			if !k.Valid() {
				return nil, fmt.Errorf("kind %q is not a tie kind", v)
			}
			t.Kind, hasKind = k, true
		case "weight":
			if strings.TrimSpace(v) == "" {
				continue
			}
			w, perr := parseNumber(strings.TrimSpace(v))
			switch {
			case perr != nil:
				return nil, fmt.Errorf("weight %q is not a number", v)
			case w <= 0:
				return nil, fmt.Errorf("weight %q is not a positive number", v)
			}
			t.Weight = w
		case "since":
			t.Since, err = parseDate("since", v)
		case "until":
			t.Until, err = parseDate("until", v)
		case "description":
			t.Description = v
		case "funding_amount":
			hasFunding = true
			if f.Amount, err = parseNumber(strings.TrimSpace(v)); err != nil {
				return nil, fmt.Errorf("funding_amount %q is not a number", v)
			}
		case "funding_currency":
			hasFunding, f.Currency = true, strings.TrimSpace(v)
		case "funding_date":
			hasFunding = true
			f.Date, err = parseDate("funding_date", v)
		case "funding_transaction_type":
			hasFunding, f.TransactionType = true, v
		case "funding_sectors":
			hasFunding = true
			for _, p := range splitList(v) {
				code, pct, ok := strings.Cut(p, ":")
				x, perr := parseNumber(strings.TrimSpace(pct))
				if !ok || perr != nil || strings.TrimSpace(code) == "" {
					return nil, fmt.Errorf("funding_sectors item %q is not code:percentage", p)
				}
				f.Sectors = append(f.Sectors, network.SectorShare{Code: strings.TrimSpace(code), Percentage: x})
			}
		case "funding_recipient_country":
			hasFunding, f.RecipientCountry = true, v
		case "funding_recipient_region":
			hasFunding, f.RecipientRegion = true, v
		case "funding_activity_id":
			hasFunding, f.ActivityID = true, v
		case "funding_transaction_ref":
			hasFunding, f.TransactionRef = true, v
		default:
			if at.name == network.DirectedAttribute {
				hasDirected = true
			}
			t.Attributes = append(t.Attributes, network.Attribute{Name: at.name, Value: v})
		}
		if err != nil {
			return nil, err
		}
	}
	if hasFunding {
		if t.Kind != network.Funding {
			return nil, fmt.Errorf("funding_* attributes on a tie of kind %s (want FUNDING)", t.Kind)
		}
		t.Funding = &f
	}
	if directed && !hasKind && !hasDirected {
		t.Attributes = append(t.Attributes, network.Attribute{Name: network.DirectedAttribute, Value: "true"})
	}
	sortAttributes(t.Attributes)
	if err := checkOne(&network.Change{Ties: []*network.Tie{t}}); err != nil {
		return nil, err
	}
	return t, nil
}

// validateFile validates c, read from file name, and returns an EINVALID
// error that names the file before each problem, or nil.
func validateFile(name string, c *network.Change) error {
	Normalize(c)
	if err := c.Validate(); err != nil {
		return network.Errorf(network.EINVALID, "%s: %s", name, network.ErrorMessage(err))
	}
	return nil
}

// checkOne validates a change of one item and returns its problems without
// the item's index, for the caller to prefix with a file and line.
func checkOne(c *network.Change) error {
	Normalize(c)
	err := c.Validate()
	if err == nil {
		return nil
	}
	msg := network.ErrorMessage(err)
	if i := strings.Index(msg, "): "); i >= 0 {
		msg = msg[i+3:]
	}
	return fmt.Errorf("%s", msg)
}

func parseDate(field, v string) (network.Date, error) {
	d, err := network.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return "", fmt.Errorf("%s %q is not YYYY, YYYY-MM or YYYY-MM-DD", field, v)
	}
	return d, nil
}

// enumValue turns "UN entity" or "un-entity" into "UN_ENTITY".
func enumValue(v string) string {
	v = strings.ToUpper(strings.TrimSpace(v))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(v)
}

// splitList splits a ";"-separated list, trimming items and dropping empty ones.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sortAttributes(as []network.Attribute) {
	slices.SortStableFunc(as, func(a, b network.Attribute) int { return strings.Compare(a.Name, b.Name) })
}

// invalid returns an EINVALID error for a record at where in file name.
func invalid(name, where string, err error) error {
	return network.Errorf(network.EINVALID, "%s%s: %v", name, where, err)
}

// pairIDs hands out the derived IDs "<source>-><target>#k" of edges that
// have no ID of their own.
type pairIDs map[[2]string]int

func (p pairIDs) next(from, to string) string {
	k := [2]string{from, to}
	p[k]++
	return fmt.Sprintf("%s->%s#%d", from, to, p[k])
}

// actorRecord returns the standard attributes of a that are not empty and
// then all its own, the form every writer starts from.
func actorRecord(a *network.Actor) []attr {
	rec := []attr{
		{"name", a.Name},
		{"kind", string(a.Kind)},
		{"acronym", a.Acronym},
		{"aliases", strings.Join(a.Aliases, ";")},
		{"scope", string(a.Scope)},
		{"regions", strings.Join(a.Regions, ";")},
		{"countries", strings.Join(a.Countries, ";")},
		{"themes", strings.Join(a.Themes, ";")},
	}
	var ids []string
	for _, id := range a.Identifiers {
		ids = append(ids, id.Scheme+":"+id.Value)
	}
	rec = append(rec, attr{"identifiers", strings.Join(ids, ";")})
	rec = slices.DeleteFunc(rec, func(at attr) bool { return at.value == "" })
	for _, at := range a.Attributes {
		if !slices.Contains(actorFields, at.Name) {
			rec = append(rec, attr{at.Name, at.Value})
		}
	}
	return rec
}

// tieRecord returns the standard attributes of t that are not empty
// (without id, source and target) and then all its own.
func tieRecord(t *network.Tie) []attr {
	rec := []attr{
		{"kind", string(t.Kind)},
		{"weight", strconv.FormatFloat(t.Weight, 'g', -1, 64)},
		{"since", string(t.Since)},
		{"until", string(t.Until)},
		{"description", t.Description},
	}
	if f := t.Funding; f != nil {
		var sectors []string
		for _, s := range f.Sectors {
			sectors = append(sectors, s.Code+":"+strconv.FormatFloat(s.Percentage, 'g', -1, 64))
		}
		rec = append(rec,
			attr{"funding_amount", strconv.FormatFloat(f.Amount, 'f', -1, 64)},
			attr{"funding_currency", f.Currency},
			attr{"funding_date", string(f.Date)},
			attr{"funding_transaction_type", f.TransactionType},
			attr{"funding_sectors", strings.Join(sectors, ";")},
			attr{"funding_recipient_country", f.RecipientCountry},
			attr{"funding_recipient_region", f.RecipientRegion},
			attr{"funding_activity_id", f.ActivityID},
			attr{"funding_transaction_ref", f.TransactionRef},
		)
	}
	rec = slices.DeleteFunc(rec, func(at attr) bool { return at.value == "" })
	for _, at := range t.Attributes {
		if !slices.Contains(tieFields, at.Name) {
			rec = append(rec, attr{at.Name, at.Value})
		}
	}
	return rec
}

// directed reports whether a file holding ties must be written as directed.
func directed(ties []*network.Tie) bool {
	for _, t := range ties {
		if t.Directed() {
			return true
		}
	}
	return false
}

// columns returns the attribute names used in records: the standard ones in
// their order, then the others sorted.
func columns(records [][]attr, standard []string) []string {
	used := map[string]bool{}
	for _, rec := range records {
		for _, at := range rec {
			used[at.name] = true
		}
	}
	var cols, extra []string
	for _, name := range standard {
		if used[name] {
			cols = append(cols, name)
			delete(used, name)
		}
	}
	for name := range used {
		extra = append(extra, name)
	}
	slices.Sort(extra)
	return append(cols, extra...)
}

// numeric reports whether the standard attribute name holds a number.
func numeric(name string) bool { return name == "weight" || name == "funding_amount" }
