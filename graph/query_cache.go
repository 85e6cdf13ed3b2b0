package graph

import (
	"context"
	"math"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// The defaults of the query caches.
const (
	// DefaultQueryCacheBytes bounds the parsed and validated queries kept.
	DefaultQueryCacheBytes = 32 << 20
	// DefaultPersistedQueryBytes bounds the persisted query texts kept.
	DefaultPersistedQueryBytes = 8 << 20
	// parsedBytesPerByte is what a parsed, validated query holds per byte
	// of its text: 40 alias queries of 850 KB held 935 MB, about 27 times.
	parsedBytesPerByte = 30
)

// QueryCache is a graphql.Cache bounded by bytes: each entry costs its
// key's length times perByte plus the text's own length, the least recently
// used dropped first. Safe for concurrent use.
type QueryCache[T any] struct {
	mu      sync.Mutex
	max     int64
	bytes   int64
	perByte int64
	lru     *simplelru.LRU[string, T]
}

var _ graphql.Cache[string] = (*QueryCache[string])(nil)

// NewQueryCache returns a cache of at most max bytes whose entries cost
// perByte bytes per byte of their key (the query text or its hash) and
// value.
func NewQueryCache[T any](max, perByte int64) *QueryCache[T] {
	c := &QueryCache[T]{max: max, perByte: perByte}
	c.lru, _ = simplelru.NewLRU[string, T](math.MaxInt, func(k string, v T) { c.bytes -= c.cost(k, v) })
	return c
}

// cost is what the entry k, v is charged.
func (c *QueryCache[T]) cost(k string, v T) int64 {
	n := int64(len(k)) * c.perByte
	if s, ok := any(v).(string); ok {
		n += int64(len(s)) * c.perByte
	}
	return n
}

// Get implements graphql.Cache.
func (c *QueryCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(key)
}

// Add implements graphql.Cache. An entry larger than the whole cache is
// not kept.
func (c *QueryCache[T]) Add(_ context.Context, key string, value T) {
	n := c.cost(key, value)
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(key) {
		c.lru.Remove(key)
	}
	c.lru.Add(key, value)
	c.bytes += n
	for c.bytes > c.max {
		c.lru.RemoveOldest()
	}
}

// Bytes returns the bytes the cache is charged for now.
func (c *QueryCache[T]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}
