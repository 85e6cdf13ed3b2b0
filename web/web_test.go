package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/peacegraph/peacegraph/web"
)

// builtAssets are the files `npm run build` writes into dist/.
var builtAssets = []string{
	"index.html", "explorer.js", "explorer.css",
	"graphiql/index.html", "graphiql/graphiql.js", "graphiql/graphiql.css",
	"graphiql/editor.worker.js", "graphiql/json.worker.js", "graphiql/graphql.worker.js",
}

func TestAssets(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if err := fstest.TestFS(web.Assets(), builtAssets...); err != nil {
			t.Fatal(err)
		}
	})
}

// MustGet serves a GET of path through h and returns the response and body.
func MustGet(tb testing.TB, h http.Handler, path string) (*http.Response, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, string(body)
}

func TestHandler(t *testing.T) {
	h := web.Handler()
	t.Run("OK", func(t *testing.T) {
		for _, tt := range []struct {
			path, contentType, contains string
		}{
			{"/", "text/html", `<div id="graph"`},
			{"/graphiql", "text/html", `<div id="graphiql"`},
			{"/graphiql/", "text/html", `<div id="graphiql"`},
			{"/explorer.js", "text/javascript", "/graphql"},
			{"/explorer.css", "text/css", "#graph"},
			{"/graphiql/graphiql.js", "text/javascript", "/graphql"},
			{"/graphiql/graphiql.css", "text/css", ".graphiql-container"},
		} {
			t.Run(tt.path, func(t *testing.T) {
				res, body := MustGet(t, h, tt.path)
				if got, want := res.StatusCode, http.StatusOK; got != want {
					t.Fatalf("status = %d, want %d", got, want)
				}
				if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.contentType) {
					t.Errorf("Content-Type = %q, want %s", got, tt.contentType)
				}
				if got, want := res.Header.Get("Content-Security-Policy"), web.ContentSecurityPolicy; got != want {
					t.Errorf("Content-Security-Policy = %q, want %q", got, want)
				}
				if !strings.Contains(body, tt.contains) {
					t.Errorf("body does not contain %q", tt.contains)
				}
			})
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		res, _ := MustGet(t, h, "/no-such-page.js")
		if got, want := res.StatusCode, http.StatusNotFound; got != want {
			t.Errorf("status = %d, want %d", got, want)
		}
	})
}

var (
	// assetRefs finds the URLs a page loads: <script src> and <link href>.
	assetRefs = regexp.MustCompile(`<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]*)"`)
	// cssURLs finds the URLs a style sheet loads: url(...) and @import "...".
	cssURLs = regexp.MustCompile(`url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)
)

// checkSameOrigin fails unless ref is fetched from the page's own origin (a
// relative reference without scheme or host) or is inline data.
func checkSameOrigin(t *testing.T, from, ref string) {
	t.Helper()
	u, err := url.Parse(ref)
	if err != nil {
		t.Errorf("%s: bad URL %q: %v", from, ref, err)
		return
	}
	if u.Scheme == "data" {
		return
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "//") {
		t.Errorf("%s loads %q from another origin", from, ref)
	}
}

func TestPagesLoadOnlyOwnAssets(t *testing.T) {
	h := web.Handler()
	for _, page := range []string{"/", "/graphiql", "/graphiql/"} {
		t.Run("OK"+page, func(t *testing.T) {
			_, html := MustGet(t, h, page)
			refs := assetRefs.FindAllStringSubmatch(html, -1)
			if got, want := len(refs), 3; got < want {
				t.Fatalf("%s references %d assets, want at least %d (icon, style sheet, script)", page, got, want)
			}
			for _, m := range refs {
				ref := m[1]
				checkSameOrigin(t, page, ref)
				if strings.HasPrefix(ref, "data:") {
					continue
				}
				// Resolve as the browser does, then fetch from the handler.
				abs := (&url.URL{Path: page}).ResolveReference(&url.URL{Path: ref}).Path
				res, body := MustGet(t, h, abs)
				if res.StatusCode != http.StatusOK || body == "" {
					t.Errorf("%s references %s (%s), which serves status %d, %d bytes", page, ref, abs, res.StatusCode, len(body))
				}
			}
		})
	}
	for _, sheet := range []string{"/explorer.css", "/graphiql/graphiql.css"} {
		t.Run("OK"+sheet, func(t *testing.T) {
			_, css := MustGet(t, h, sheet)
			for _, m := range cssURLs.FindAllStringSubmatch(css, -1) {
				checkSameOrigin(t, sheet, m[1]+m[2])
			}
		})
	}
}
