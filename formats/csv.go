package formats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/peacegraph/peacegraph/network"
)

// csvTable is a CSV file read whole: its header and its rows with their
// line numbers.
type csvTable struct {
	name   string
	header []string
	rows   [][]string
	lines  []int
}

// readCSVTable reads a CSV file with a header row. Column names that are
// standard attribute names are matched case-insensitively.
func readCSVTable(r io.Reader, name string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	t := &csvTable{name: name}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, network.Errorf(network.EINVALID, "%s line %d: malformed CSV: %v", name, pe.Line, pe.Err)
			}
			return nil, network.Errorf(network.EINVALID, "%s: cannot read: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		if t.header == nil {
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			seen := map[string]bool{}
			for i, h := range rec {
				h = strings.TrimSpace(h)
				if l := strings.ToLower(h); slices.Contains(actorFields, l) || slices.Contains(tieFields, l) ||
					l == "label" || l == "from" || l == "to" {
					h = l
				}
				if h == "" {
					return nil, network.Errorf(network.EINVALID, "%s line %d: column %d has no name", name, line, i+1)
				}
				if seen[h] {
					return nil, network.Errorf(network.EINVALID, "%s line %d: column %q appears twice", name, line, h)
				}
				seen[h] = true
				rec[i] = h
			}
			t.header = rec
			continue
		}
		if len(rec) != len(t.header) {
			return nil, network.Errorf(network.EINVALID, "%s line %d: %d fields, but the header has %d", name, line, len(rec), len(t.header))
		}
		for i, v := range rec {
			rec[i] = unneutralize(v)
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if t.header == nil {
		return nil, network.Errorf(network.EINVALID, "%s: empty file: no header row", name)
	}
	return t, nil
}

// attrs returns the non-empty cells of row i as attributes.
func (t *csvTable) attrs(i int) []attr {
	var out []attr
	for j, v := range t.rows[i] {
		if v != "" {
			out = append(out, attr{t.header[j], v})
		}
	}
	return out
}

// csvHeader returns the header of a CSV file, normalized as readCSVTable does.
func csvHeader(data []byte, name string) ([]string, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, network.Errorf(network.EINVALID, "%s: empty file: no header row", name)
	} else if err != nil {
		return nil, network.Errorf(network.EINVALID, "%s line 1: malformed CSV: %v", name, err)
	}
	for i, h := range rec {
		rec[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	return rec, nil
}

// edgeColumns returns the positions of the source and target columns of a
// header: "source" and "target", or else "from" and "to".
func edgeColumns(header []string) (src, dst int, ok bool) {
	for _, names := range [][2]string{{"source", "target"}, {"from", "to"}} {
		src, dst = slices.Index(header, names[0]), slices.Index(header, names[1])
		if src >= 0 && dst >= 0 {
			return src, dst, true
		}
	}
	return -1, -1, false
}

// ReadCSV reads a CSV nodes file (a header with an id column) and a CSV
// edges file (a header with source and target, or from and to, columns) and
// returns their actors and ties. nodes may be nil: the actors are then made
// from the ids the edges name, with the id as name. Empty cells are absent
// attributes. CSV says nothing of direction: an edge without a kind is an
// undirected OTHER tie unless a "directed" column says otherwise (kept as an
// attribute). EINVALID naming the file and line for any bad input.
func ReadCSV(nodes io.Reader, nodesName string, edges io.Reader, edgesName string) (*network.Change, error) {
	if edges == nil {
		return nil, network.Errorf(network.EINVALID, "no CSV edges file")
	}
	c := &network.Change{}
	nodeLine := map[string]int{}
	if nodes != nil {
		nt, err := readCSVTable(nodes, nodesName)
		if err != nil {
			return nil, err
		}
		idCol := slices.Index(nt.header, "id")
		if idCol < 0 {
			return nil, network.Errorf(network.EINVALID, "%s line 1: header has no id column", nodesName)
		}
		for i, row := range nt.rows {
			line := nt.lines[i]
			where := fmt.Sprintf(" line %d", line)
			id := row[idCol]
			if strings.TrimSpace(id) == "" {
				return nil, invalid(nodesName, where, errors.New("id is empty"))
			}
			if l, ok := nodeLine[id]; ok {
				return nil, invalid(nodesName, where, fmt.Errorf("id %q appears twice (first at line %d)", id, l))
			}
			nodeLine[id] = line
			a, err := newActor(id, nt.attrs(i), network.Source{Title: nodesName, Record: fmt.Sprintf("line %d", line)})
			if err != nil {
				return nil, invalid(nodesName, where, err)
			}
			c.Actors = append(c.Actors, a)
		}
	}
	et, err := readCSVTable(edges, edgesName)
	if err != nil {
		return nil, err
	}
	srcCol, dstCol, ok := edgeColumns(et.header)
	if !ok {
		return nil, network.Errorf(network.EINVALID, "%s line 1: header has no source and target (or from and to) columns", edgesName)
	}
	idCol := slices.Index(et.header, "id")
	ids := pairIDs{}
	tieLine := map[string]int{}
	for i, row := range et.rows {
		line := et.lines[i]
		where := fmt.Sprintf(" line %d", line)
		src := network.Source{Title: edgesName, Record: fmt.Sprintf("line %d", line)}
		from, to := row[srcCol], row[dstCol]
		for _, end := range [][2]string{{et.header[srcCol], from}, {et.header[dstCol], to}} {
			if strings.TrimSpace(end[1]) == "" {
				return nil, invalid(edgesName, where, fmt.Errorf("%s is empty", end[0]))
			}
			if _, ok := nodeLine[end[1]]; ok {
				continue
			}
			if nodes != nil {
				return nil, invalid(edgesName, where, fmt.Errorf("%s %q is not in %s", end[0], end[1], nodesName))
			}
			nodeLine[end[1]] = line
			c.Actors = append(c.Actors, &network.Actor{ID: end[1], Name: end[1], Kind: network.OtherActor, Imported: true, Sources: []network.Source{src}})
		}
		id := ""
		if idCol >= 0 {
			id = row[idCol]
		}
		if id == "" {
			id = ids.next(from, to)
		}
		if l, ok := tieLine[id]; ok {
			return nil, invalid(edgesName, where, fmt.Errorf("edge id %q is used twice (first at line %d)", id, l))
		}
		tieLine[id] = line
		attrs := et.attrs(i)
		attrs = slices.DeleteFunc(attrs, func(at attr) bool { return at.name == et.header[srcCol] || at.name == et.header[dstCol] })
		t, err := newTie(id, from, to, false, attrs, src)
		if err != nil {
			return nil, invalid(edgesName, where, err)
		}
		c.Ties = append(c.Ties, t)
	}
	if err := validateFile(edgesName, c); err != nil {
		return nil, err
	}
	return c, nil
}

// ExportCSV writes the actors of snap to nodes (columns id, name, kind, then
// the other fields and attributes that any actor has) and its ties to edges
// (columns id, source, target, kind, weight, then the rest), in the form
// ReadCSV reads.
func ExportCSV(nodes, edges io.Writer, snap *network.Snapshot) error {
	recs := make([][]attr, len(snap.Actors))
	for i, a := range snap.Actors {
		recs[i] = actorRecord(a)
	}
	cols := append([]string{"id"}, columns(recs, actorFields)...)
	rows := make([][]string, len(recs))
	for i, a := range snap.Actors {
		rows[i] = csvRow(cols, append([]attr{{"id", a.ID}}, recs[i]...))
	}
	if err := writeCSV(nodes, cols, rows); err != nil {
		return err
	}

	recs = make([][]attr, len(snap.Ties))
	for i, t := range snap.Ties {
		recs[i] = tieRecord(t)
	}
	cols = append([]string{"id", "source", "target"}, columns(recs, tieFields)...)
	rows = make([][]string, len(recs))
	for i, t := range snap.Ties {
		rows[i] = csvRow(cols, append([]attr{{"id", t.ID}, {"source", t.From}, {"target", t.To}}, recs[i]...))
	}
	return writeCSV(edges, cols, rows)
}

func csvRow(cols []string, rec []attr) []string {
	row := make([]string, len(cols))
	for _, at := range rec {
		if i := slices.Index(cols, at.name); i >= 0 {
			row[i] = at.value
		}
	}
	return row
}

// writeCSV writes a header and rows, every cell neutralized against
// formula injection.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(neutralizeRow(header)); err != nil {
		return err
	}
	for _, row := range rows {
		if err := cw.Write(neutralizeRow(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralizeRow returns row with each cell neutralized, copying it only
// when a cell changes.
func neutralizeRow(row []string) []string {
	out, copied := row, false
	for i, v := range row {
		if n := neutralize(v); n != v {
			if !copied {
				out, copied = slices.Clone(row), true
			}
			out[i] = n
		}
	}
	return out
}

// neutralize keeps a spreadsheet from reading a cell as a formula, as
// OWASP's CSV injection guidance says: a cell that begins with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe, unless it is a
// plain number ("-250"). A cell that already begins with an apostrophe
// before one of those gets a second one, so that reading undoes exactly
// what writing did.
func neutralize(v string) string {
	if v == "" || plainNumber(v) {
		return v
	}
	if formulaStart(v) || (v[0] == '\'' && formulaStart(v[1:])) {
		return "'" + v
	}
	return v
}

// unneutralize undoes neutralize.
func unneutralize(v string) string {
	if len(v) > 1 && v[0] == '\'' && (formulaStart(v[1:]) || v[1] == '\'' && formulaStart(v[2:])) {
		return v[1:]
	}
	return v
}

// formulaStart reports whether v begins with a character that makes a
// spreadsheet read it as a formula.
func formulaStart(v string) bool {
	return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// WriteTable writes a table (an analytics result) as CSV with a header row,
// the way ExportCSV writes its files.
func WriteTable(w io.Writer, header []string, rows [][]string) error {
	return writeCSV(w, header, rows)
}
