package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestPages runs the page tests in web/e2e (GraphiQL and the explorer) in a
// real headless Chromium against the service serving the seed network. They
// also fail if the pages make any request to a host other than 127.0.0.1.
// Chromium is Debian's package and playwright-core comes from `npm ci` in
// web/; `make test` installs both. Without them the test fails under CI and
// skips elsewhere, naming what to install.
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
	s := MustServe(t, nil)
	cmd := exec.Command("node", "--test", "e2e/")
	cmd.Dir = "web"
	cmd.Env = append(os.Environ(), "PEACEGRAPH_URL="+s.URL, "PEACEGRAPH_SCREENSHOTS="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("page tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
