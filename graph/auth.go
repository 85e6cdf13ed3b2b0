package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// Access control has two parts, each in one place:
//
//   - Auth, the HTTP middleware in front of /graphql, reads the API key of a
//     request, refuses an unknown key (and, on a private service, a request
//     without one) with 401 UNAUTHENTICATED, and puts the key's Role in the
//     request's context.
//   - The @hasRole(role: ...) schema directive, on every Mutation field,
//     compares that Role with the one the field needs: UNAUTHENTICATED
//     without a key, FORBIDDEN with a weaker one or when the service has no
//     key of that role at all (writes are never open by default).

// Role is what a caller may do. A stronger role can do everything a weaker
// one can: RoleWriter > RoleReader > RoleNone.
type Role int

// The roles.
const (
	RoleNone   Role = iota // no API key: public reads only
	RoleReader             // reads, also when the service is private
	RoleWriter             // reads and writes
)

// String returns the role's name in configuration: "none", "reader" or
// "writer".
func (r Role) String() string {
	switch r {
	case RoleReader:
		return "reader"
	case RoleWriter:
		return "writer"
	}
	return "none"
}

// ParseRole returns the role named s ("reader" or "writer", any case).
// EINVALID for any other name.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "reader":
		return RoleReader, nil
	case "writer":
		return RoleWriter, nil
	}
	return RoleNone, network.Errorf(network.EINVALID, "role %q is not reader or writer", s)
}

// apiKey is one configured key: the SHA-256 digest of its text, so that
// every comparison is of two 32-byte values, and its role.
type apiKey struct {
	digest [sha256.Size]byte
	role   Role
}

// Keys is the set of API keys a service accepts, each with its role. The
// zero value and nil hold no key.
type Keys struct {
	keys []apiKey
}

// ParseKeys reads API keys from text: items "role:key" separated by commas
// or new lines, role "reader" or "writer". Blank items and lines that start
// with "#" are skipped. EINVALID naming the item (by its position, never by
// the key) for an unknown role, an empty key or a key given twice.
func ParseKeys(text string) (*Keys, error) {
	k := &Keys{}
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, item := range strings.Split(line, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			n++
			name, key, ok := strings.Cut(item, ":")
			if !ok {
				return nil, network.Errorf(network.EINVALID, "API key %d: want role:key, e.g. writer:KEY", n)
			}
			role, err := ParseRole(name)
			if err != nil {
				return nil, network.Errorf(network.EINVALID, "API key %d: %s", n, network.ErrorMessage(err))
			}
			if key = strings.TrimSpace(key); key == "" {
				return nil, network.Errorf(network.EINVALID, "API key %d: the key is empty", n)
			}
			digest := sha256.Sum256([]byte(key))
			if _, found := k.lookup(digest); found {
				return nil, network.Errorf(network.EINVALID, "API key %d: the same key is given twice", n)
			}
			k.keys = append(k.keys, apiKey{digest: digest, role: role})
		}
	}
	return k, nil
}

// Len returns the number of keys.
func (k *Keys) Len() int {
	if k == nil {
		return 0
	}
	return len(k.keys)
}

// Allows reports whether some key has role or a stronger one.
func (k *Keys) Allows(role Role) bool {
	if k == nil {
		return false
	}
	for _, key := range k.keys {
		if key.role >= role {
			return true
		}
	}
	return false
}

// Lookup returns the role of key, and false when key is not one of k. It
// compares in constant time: the SHA-256 digest of key against every
// configured digest with subtle.ConstantTimeCompare, without stopping at a
// match, so the time taken says nothing of which key matched or how much of
// one did.
func (k *Keys) Lookup(key string) (Role, bool) {
	if k == nil {
		return RoleNone, false
	}
	return k.lookup(sha256.Sum256([]byte(key)))
}

func (k *Keys) lookup(digest [sha256.Size]byte) (Role, bool) {
	role, found := RoleNone, 0
	for _, key := range k.keys {
		eq := subtle.ConstantTimeCompare(key.digest[:], digest[:])
		role = Role(subtle.ConstantTimeSelect(eq, int(key.role), int(role)))
		found |= eq
	}
	return role, found == 1
}

// roleKey is the context key of the caller's Role.
type roleKey struct{}

// WithRole returns ctx carrying the caller's role.
func WithRole(ctx context.Context, role Role) context.Context {
	return context.WithValue(ctx, roleKey{}, role)
}

// RoleFrom returns the caller's role that Auth put in ctx, RoleNone when
// there is none.
func RoleFrom(ctx context.Context) Role {
	role, _ := ctx.Value(roleKey{}).(Role)
	return role
}

// APIKey returns the API key a request carries: the token of
// "Authorization: Bearer <key>", else the X-API-Key header. ok is false when
// an Authorization header is present but is not a Bearer token.
func APIKey(r *http.Request) (key string, ok bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return "", false
		}
		return strings.TrimSpace(token), true
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key")), true
}

// Auth returns next behind API-key authentication. A request with a key
// that is not one of keys, or with an Authorization header that is not a
// Bearer token, is refused with 401 and a GraphQL error of code
// UNAUTHENTICATED; so is a request without a key when private is true.
// Otherwise next serves the request with the key's role in its context
// (RoleFrom), RoleNone without a key. CORS preflights (OPTIONS) pass. When
// keys holds no key and reads are public, no credential is checked: every
// request is RoleNone, and @hasRole refuses every write with FORBIDDEN,
// saying how to configure a key.
func Auth(keys *Keys, private bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || keys.Len() == 0 && !private {
			next.ServeHTTP(w, r)
			return
		}
		key, ok := APIKey(r)
		role := RoleNone
		switch {
		case !ok:
			writeUnauthenticated(w, "the Authorization header must be \"Bearer KEY\"")
			return
		case key != "":
			if role, ok = keys.Lookup(key); !ok {
				writeUnauthenticated(w, "the API key is not known")
				return
			}
		case private:
			writeUnauthenticated(w, "this service is private: send an API key as \"Authorization: Bearer KEY\"")
			return
		}
		next.ServeHTTP(w, r.WithContext(WithRole(r.Context(), role)))
	})
}

// writeUnauthenticated answers 401 with one GraphQL error of code
// UNAUTHENTICATED.
func writeUnauthenticated(w http.ResponseWriter, message string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="peacegraph"`)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message":    message,
		"extensions": map[string]string{"code": CodeUnauthenticated},
	}}})
}

// roleOf maps the GraphQL Role to a Role.
func roleOf(r model.Role) Role {
	switch r {
	case model.RoleReader:
		return RoleReader
	case model.RoleWriter:
		return RoleWriter
	}
	// An unknown role in the schema is a programming error: demand more
	// than any key has.
	return RoleWriter + 1
}

// hasRole returns the @hasRole directive over keys: the field resolves only
// when the caller's role (RoleFrom) is at least the one it names. EFORBIDDEN
// when keys has no key of that role (the message says how to configure
// one), EUNAUTHORIZED when the caller sent no key, EFORBIDDEN when the key's
// role is weaker.
func hasRole(keys *Keys) func(ctx context.Context, obj any, next graphql.Resolver, role model.Role) (any, error) {
	return func(ctx context.Context, obj any, next graphql.Resolver, role model.Role) (any, error) {
		need := roleOf(role)
		got := RoleFrom(ctx)
		switch {
		case !keys.Allows(need):
			return nil, network.Errorf(network.EFORBIDDEN,
				"%s is closed: the service has no %s API key; start it with --api-keys %s:KEY (or PEACEGRAPH_API_KEYS, or --api-keys-file)",
				fieldName(ctx), need, need)
		case got == RoleNone:
			return nil, network.Errorf(network.EUNAUTHORIZED,
				"%s needs a %s API key: send it as \"Authorization: Bearer KEY\"", fieldName(ctx), need)
		case got < need:
			return nil, network.Errorf(network.EFORBIDDEN,
				"%s needs a %s API key; this key has the %s role", fieldName(ctx), need, got)
		}
		return next(ctx)
	}
}

// fieldName names the field being resolved, for messages.
func fieldName(ctx context.Context) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Field.Name
	}
	return "this field"
}
