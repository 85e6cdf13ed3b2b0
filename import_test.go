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
		for _, w := range []string{want, "  8 skipped END_UNKNOWN (GBP 75729197)\n", "  1 skipped ZERO_VALUE (GBP 0)\n",
			"  30 negative values kept (corrections) (GBP -17689242)\n", "  199 receivers inferred from participating-org role 4 (Implementing)\n"} {
			if !strings.Contains(got, w) {
				t.Errorf("import %d: output lacks %q:\n%s", i+1, w, got)
			}
		}
	}
}
