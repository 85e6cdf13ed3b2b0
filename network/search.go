package network

import (
	"slices"
	"strings"
)

// SearchHit is an actor found by a text search, with how well it matched.
type SearchHit struct {
	Actor *Actor
	// Score is the match quality: 100 exact name, acronym or alias (or ID);
	// 80 prefix; 60 prefix of a word; 40 substring. Higher is better.
	Score int
}

// MatchScore scores how well query matches a (0: no match). Every store
// ranks search results by it.
func MatchScore(a *Actor, query string) int {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return 0
	}
	best := 0
	if strings.ToLower(a.ID) == q {
		best = 100
	}
	for _, field := range append([]string{a.Name, a.Acronym}, a.Aliases...) {
		f := strings.ToLower(field)
		switch {
		case f == "":
		case f == q:
			best = max(best, 100)
		case strings.HasPrefix(f, q):
			best = max(best, 80)
		case wordPrefix(f, q):
			best = max(best, 60)
		case strings.Contains(f, q):
			best = max(best, 40)
		}
	}
	return best
}

func wordPrefix(field, q string) bool {
	for i := 1; i < len(field); i++ {
		if !isWordRune(field[i-1]) && strings.HasPrefix(field[i:], q) {
			return true
		}
	}
	return false
}

func isWordRune(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// RankHits sorts hits best first, then by name and ID, and keeps at most
// limit of them (all when limit <= 0).
func RankHits(hits []SearchHit, limit int) []SearchHit {
	slices.SortFunc(hits, func(x, y SearchHit) int {
		if x.Score != y.Score {
			return y.Score - x.Score
		}
		return ByName.Compare(x.Actor, y.Actor)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}
