package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPythonQuickstart runs the Python block of docs/python.md, as an
// analyst would paste it into a notebook, against the service serving the
// seed network on each store. The block fetches a CSV table, asks GraphQL,
// exports the analysis view and asserts that NetworkX on the exported file
// gives the service's betweenness. It needs python3 with requests, pandas
// and networkx (`make test` installs them): without them it fails under CI
// and skips elsewhere, naming what to install.
func TestPythonQuickstart(t *testing.T) {
	if out, err := exec.Command("python3", "-c", "import requests, pandas, networkx").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the quickstart needs python3 with requests, pandas and networkx: %v\n%s", err, out)
		}
		t.Skipf("the quickstart needs python3 with requests, pandas and networkx (pip install requests pandas networkx): %s", out)
	}
	code := MustPythonBlock(t, "docs/python.md")
	forEachStore(t, func(t *testing.T, env map[string]string) {
		s := MustServe(t, env)
		cmd := exec.Command("python3", "-")
		cmd.Stdin = strings.NewReader(code)
		cmd.Env = append(os.Environ(), "PEACEGRAPH_URL="+s.URL)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the quickstart failed: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "largest difference from NetworkX") {
			t.Errorf("the quickstart did not compare with NetworkX:\n%s", out)
		}
		t.Logf("%s", out)
	})
}

// MustPythonBlock returns the first ```python block of the Markdown file.
func MustPythonBlock(tb testing.TB, path string) string {
	tb.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(text), "```python\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		tb.Fatalf("%s has no ```python block", path)
	}
	return block
}
