package graph

import (
	"reflect"

	"github.com/peacegraph/peacegraph/network"
)

// sizeOf estimates the bytes v holds: its own size plus what its pointers,
// slices, maps and strings reach, each pointer, slice and map counted once
// and each string each time it is reached. It is
// what the caches are bounded by; it undercounts allocator slack and map
// buckets, which a factor covers. The network's actors, ties and places are
// counted only with the snapshot that holds them (a *network.Snapshot the
// store copied), not again in every projection and result that points to
// them; a sharedSnapshot holds the store's own, so only its lists count.
func sizeOf(v any) int64 {
	switch v := v.(type) {
	case nil:
		return 0
	case sharedSnapshot:
		return int64(8 * (len(v.snap.Actors) + len(v.snap.Ties) + len(v.snap.Places)))
	}
	_, items := v.(*network.Snapshot)
	s := sizer{seen: map[uintptr]bool{}, items: items}
	rv := reflect.ValueOf(v)
	return int64(float64(int64(rv.Type().Size())+s.reach(rv)) * 1.25)
}

type sizer struct {
	seen  map[uintptr]bool
	items bool // whether actors, ties and places are counted
}

// itemTypes are the network's items, counted only when sizer.items.
var itemTypes = map[reflect.Type]bool{
	reflect.TypeFor[network.Actor](): true,
	reflect.TypeFor[network.Tie]():   true,
	reflect.TypeFor[network.Place](): true,
}

// reach returns the bytes that v refers to, not counting v itself.
func (s sizer) reach(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || s.seen[v.Pointer()] || (!s.items && itemTypes[v.Type().Elem()]) {
			return 0
		}
		s.seen[v.Pointer()] = true
		e := v.Elem()
		return int64(e.Type().Size()) + s.reach(e)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + s.reach(e)
	case reflect.String:
		// Counted each time it is reached: most strings are IDs that the
		// store holds anyway, and remembering every one seen cost more than
		// the strings (a map of 18 MB for the 200,000 IDs of a projection).
		return int64(v.Len())
	case reflect.Slice:
		if v.IsNil() || s.seen[v.Pointer()] {
			return 0
		}
		s.seen[v.Pointer()] = true
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		if hasPointers(v.Type().Elem()) {
			for i := range v.Len() {
				n += s.reach(v.Index(i))
			}
		}
		return n
	case reflect.Array:
		var n int64
		if hasPointers(v.Type().Elem()) {
			for i := range v.Len() {
				n += s.reach(v.Index(i))
			}
		}
		return n
	case reflect.Map:
		if v.IsNil() || s.seen[v.Pointer()] {
			return 0
		}
		s.seen[v.Pointer()] = true
		kt, et := v.Type().Key(), v.Type().Elem()
		n := int64(v.Len()) * (int64(kt.Size()+et.Size()) + 8)
		it := v.MapRange()
		for it.Next() {
			n += s.reach(it.Key()) + s.reach(it.Value())
		}
		return n
	case reflect.Struct:
		var n int64
		for i := range v.NumField() {
			n += s.reach(v.Field(i))
		}
		return n
	}
	return 0
}

// hasPointers reports whether values of t can refer to other memory.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.String, reflect.Slice, reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
