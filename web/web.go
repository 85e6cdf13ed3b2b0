// Package web serves the pages of peacegraph: GraphiQL at /graphiql and the
// network explorer at /, from assets embedded in the binary.
//
// The pages are bundled from graphiql/ and explorer/ into dist/ by
// `npm run build` (see package.json); dist/ is committed, so building the
// binary needs no npm. The pages load nothing from any other host: their
// scripts, styles and fonts are in dist/, and they talk only to the service's
// own /graphql endpoint.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed all:dist
var dist embed.FS

// ContentSecurityPolicy is sent with every page: the browser may load
// scripts, styles, fonts and images, and connect, only to the page's own
// origin (fonts and icons may also be inline data: URLs).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data: blob:; " +
	"connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// Assets returns the built pages: index.html, explorer.js and explorer.css of
// the explorer at the root, and GraphiQL under graphiql/.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path; fs.Sub fails only on invalid ones
	}
	return sub
}

// Handler serves the pages; the server mounts it at "/". It serves the
// explorer at /, GraphiQL at /graphiql and /graphiql/, and their assets.
func Handler() http.Handler {
	assets := Assets()
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServerFS(assets))
	// /graphiql without the slash serves the page itself rather than a
	// redirect; its asset URLs are absolute paths, so both forms work.
	mux.HandleFunc("/graphiql", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, assets, "graphiql/index.html")
	})
	return secure(mux)
}

// secure adds the security headers every page carries.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}
