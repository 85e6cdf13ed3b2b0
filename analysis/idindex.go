package analysis

import "hash/maphash"

// idIndex finds a string in a list by value: an open-addressing table of
// positions in the list, hashed by value, with 4 bytes a slot and at most
// half of the slots used. For the 200,000 actor IDs of a projection a
// map[string]int32 took 6 MB, this 2 MB.
type idIndex struct {
	ids   []string
	slots []int32 // position in ids, or -1
	seed  maphash.Seed
}

// newIDIndex indexes ids, which hold no value twice.
func newIDIndex(ids []string) *idIndex {
	size := 1
	for size < 2*len(ids) {
		size <<= 1
	}
	x := &idIndex{ids: ids, slots: make([]int32, size), seed: maphash.MakeSeed()}
	for i := range x.slots {
		x.slots[i] = -1
	}
	mask := uint64(size - 1)
	for i, id := range ids {
		h := maphash.String(x.seed, id) & mask
		for x.slots[h] >= 0 {
			h = (h + 1) & mask
		}
		x.slots[h] = int32(i)
	}
	return x
}

// find returns the position of id, and whether it is there.
func (x *idIndex) find(id string) (int32, bool) {
	mask := uint64(len(x.slots) - 1)
	for h := maphash.String(x.seed, id) & mask; ; h = (h + 1) & mask {
		switch i := x.slots[h]; {
		case i < 0:
			return -1, false
		case x.ids[i] == id:
			return i, true
		}
	}
}
