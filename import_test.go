package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportReportCommand(t *testing.T) { forEachStore(t, testImportReportCommand) }

// testImportReportCommand imports DFID's real IATI 1.01 file for DR Congo
// twice with the import command, and checks the report it prints: every
// transaction is a tie or skipped, the skips counted by reason.
func testImportReportCommand(t *testing.T, env map[string]string) {
	dir := t.TempDir()
	gz, err := os.ReadFile(filepath.Join("formats", "testdata", "iati", "dfid-cd-1.01.xml.gz"))
	if err != nil {
		t.Fatal(err)
	}
	z, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "dfid-cd.xml")
	MustWrite(t, file, string(xml))
	args := []string{"import", "--no-seed", file}
	if env == nil {
		args = append(args[:1], append([]string{"--data", filepath.Join(dir, "net.db")}, args[1:]...)...)
	}
	getenv := func(k string) string { return env[k] }
	for i, want := range []string{
		"read 205 activities, 815 transactions: 806 ties (806 new, 0 updated, 0 unchanged), 9 skipped\n",
		"read 205 activities, 815 transactions: 806 ties (0 new, 0 updated, 806 unchanged), 9 skipped\n",
	} {
		var out bytes.Buffer
		if err := run(context.Background(), args, getenv, &out); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		for _, w := range []string{want, "  8 skipped END_UNKNOWN (GBP 75729197.00)\n", "  1 skipped ZERO_VALUE (GBP 0.00)\n",
			"  30 negative values kept (corrections) (GBP -17689242.00)\n", "  199 receivers inferred from participating-org role 4 (Implementing)\n"} {
			if !strings.Contains(got, w) {
				t.Errorf("import %d: output lacks %q:\n%s", i+1, w, got)
			}
		}
	}
}

func TestImportLookalikes(t *testing.T) { forEachStore(t, testImportLookalikes) }

// testImportLookalikes imports, over the seed, an actor spelt with Cyrillic
// letters like ECOWAS, and checks that the import command prints it as a
// lookalike of the seed's ECOWAS and that the imports query would list it
// (the report is stored with the import).
func testImportLookalikes(t *testing.T, env map[string]string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "spoof.json")
	MustWrite(t, file, `{"directed": false, "nodes": [
		{"id": "ecow\u0430s", "name": "Economic Community of West \u0410frican States", "acronym": "ECOW\u0410S", "kind": "REGIONAL_ORGANIZATION"},
		{"id": "partner-x", "name": "Partner X", "kind": "CIVIL_SOCIETY"}],
		"edges": [{"source": "ecow\u0430s", "target": "partner-x", "kind": "PARTNERSHIP"}]}`)
	args := []string{"import", "--no-funding", file}
	if env == nil {
		args = append(args[:1], append([]string{"--data", filepath.Join(dir, "net.db")}, args[1:]...)...)
	}
	var out bytes.Buffer
	if err := run(context.Background(), args, func(k string) string { return env[k] }, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, w := range []string{
		"3 lookalikes",
		`actor "ecow\u0430s": acronym "ECOW\u0410S" looks like "ECOWAS" of actor "ecowas"`,
		`actor "ecow\u0430s": id "ecow\u0430s" looks like "ecowas" of actor "ecowas"`,
		`actor "ecow\u0430s": name "Economic Community of West \u0410frican States" looks like "Economic Community of West African States" of actor "ecowas"`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "partner-x\":") {
		t.Errorf("an actor like no other is flagged:\n%s", got)
	}
}
