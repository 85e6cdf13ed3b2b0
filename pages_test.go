package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestPages runs the page tests in web/e2e (GraphiQL and the explorer) in a
// real headless Chromium against the service serving the seed network, and
// the explorer's scale test against a second service serving a synthetic
// network of 5,000 actors and 20,000 ties (PEACEGRAPH_SCALE_TIES sets
// another number of ties, 50000 for the figures of docs/benchmarks.md). They
// also fail if the pages make any request to a host other than 127.0.0.1.
// Chromium is Debian's package
// and playwright-core comes from `npm ci` in web/; `make test` installs both.
// Without them the test fails under CI and skips elsewhere, naming what to
// install. Screenshots of the main views go to $PEACEGRAPH_SCREENSHOTS (a
// temporary folder when unset); the scale test's timings are logged.
func TestPages(t *testing.T) {
	missing := ""
	if _, err := exec.LookPath("chromium"); err != nil {
		missing = "chromium (apt-get install chromium)"
	} else if _, err := os.Stat("web/node_modules/playwright-core"); err != nil {
		missing = "playwright-core (cd web && npm ci)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("page tests need %s", missing)
		}
		t.Skipf("page tests need %s; `make test` installs it", missing)
	}
	shots := os.Getenv("PEACEGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	s := MustServe(t, nil)
	ties := 20000
	if v := os.Getenv("PEACEGRAPH_SCALE_TIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("PEACEGRAPH_SCALE_TIES=%q: want a positive number of ties", v)
		}
		ties = n
	}
	large := MustServe(t, nil, "--data", MustSyntheticStore(t, 5000, ties), "--no-seed")
	cmd := exec.Command("node", "--test", "--test-concurrency=1", "e2e/")
	cmd.Dir = "web"
	cmd.Env = append(os.Environ(), "PEACEGRAPH_URL="+s.URL, "PEACEGRAPH_LARGE_URL="+large.URL, "PEACEGRAPH_SCREENSHOTS="+shots)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("page tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// MustSyntheticStore generates a synthetic network of the given size with
// the generate command, imports it with the import command into a new store
// file, and returns the file's path.
func MustSyntheticStore(tb testing.TB, actors, ties int) string {
	tb.Helper()
	dir := tb.TempDir()
	file, db := filepath.Join(dir, "synthetic.json"), filepath.Join(dir, "synthetic.db")
	ctx := context.Background()
	getenv := func(string) string { return "" }
	if err := run(ctx, []string{"generate", "--actors", strconv.Itoa(actors), "--ties", strconv.Itoa(ties), "--seed", "1", "--out", file}, getenv, io.Discard); err != nil {
		tb.Fatalf("generate: %v", err)
	}
	if err := run(ctx, []string{"import", "--data", db, "--no-seed", file}, getenv, io.Discard); err != nil {
		tb.Fatalf("import: %v", err)
	}
	return db
}
