package network

// CheckPage returns an EINVALID *Error for a negative offset or limit, the
// paging rule of ActorQuery and TieQuery, or nil.
func CheckPage(offset, limit int) error {
	if offset < 0 {
		return Errorf(EINVALID, "offset %d is negative", offset)
	}
	if limit < 0 {
		return Errorf(EINVALID, "limit %d is negative", limit)
	}
	return nil
}

// Page returns the items of one page as ActorQuery and TieQuery define it:
// those from offset on, at most limit of them (all when limit is 0). The
// result shares items' backing array.
func Page[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return nil
	}
	items = items[offset:]
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	return items
}
