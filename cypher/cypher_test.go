package cypher_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/cypher"
)

func TestFiles(t *testing.T) {
	loaded := cypher.Loaded()
	files := cypher.Files()
	if len(files) == 0 {
		t.Fatal("no .cypher file is embedded")
	}
	t.Run("OK", func(t *testing.T) {
		for _, name := range files {
			text, ok := loaded[name]
			if !ok {
				t.Errorf("%s is embedded but no package variable loads it", name)
				continue
			}
			header := cypher.Header(text)
			for _, want := range []string{"Parameters:", "Columns:"} {
				if !strings.Contains(header, want) {
					t.Errorf("%s: header %q lacks %q", name, header, want)
				}
			}
			if cypher.Statement(text) == "" {
				t.Errorf("%s holds no statement", name)
			}
		}
		if got, want := len(loaded), len(files); got != want {
			t.Errorf("%d files loaded, %d embedded", got, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := cypher.Load("no_such_statement.cypher"); err == nil {
			t.Error("Load of a missing file succeeded")
		}
	})
}

// TestParameters checks that every $parameter a statement uses is named in
// its header, so the header is a true contract.
func TestParameters(t *testing.T) {
	param := regexp.MustCompile(`\$[A-Za-z_][A-Za-z0-9_]*`)
	for name, text := range cypher.Loaded() {
		header := cypher.Header(text)
		for _, p := range param.FindAllString(cypher.Statement(text), -1) {
			if !strings.Contains(header, p) {
				t.Errorf("%s uses %s but its header does not name it", name, p)
			}
		}
		if got := param.FindAllString(cypher.Statement(text), -1); len(got) == 0 && !strings.Contains(header, "Parameters: none") {
			t.Errorf("%s takes no parameter but its header does not say \"Parameters: none\"", name)
		}
	}
}

func TestSchemaIdempotent(t *testing.T) {
	for _, s := range cypher.Schema {
		if !strings.Contains(cypher.Statement(s), "IF NOT EXISTS") {
			t.Errorf("schema statement is not idempotent: %q", cypher.Statement(s))
		}
	}
}
