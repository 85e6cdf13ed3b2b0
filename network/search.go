package network

import (
	"slices"
	"strings"
	"unicode"
)

// SearchHit is an actor found by a text search, with how well it matched.
type SearchHit struct {
	Actor *Actor
	// Score is the match quality: 100 exact name, acronym or alias (or ID);
	// 80 prefix; 60 every word of the query begins a word; 40 substring; 20
	// every word of the query abbreviates a word ("ops" for "operations").
	// Higher is better. Case, accents and apostrophes are ignored.
	Score int
}

// MatchScore scores how well query matches a (0: no match). Every store
// ranks search results by it. Text is compared folded (FoldText): "cote
// divoire" matches "Côte d'Ivoire", and "peace ops" matches "Department of
// Peace Operations".
func MatchScore(a *Actor, query string) int {
	q := FoldText(query)
	if q == "" {
		return 0
	}
	qwords := strings.Fields(q)
	best := 0
	if FoldText(a.ID) == q {
		best = 100
	}
	for _, field := range append([]string{a.Name, a.Acronym}, a.Aliases...) {
		f := FoldText(field)
		fwords := strings.Fields(f)
		switch {
		case f == "":
		case f == q:
			best = max(best, 100)
		case strings.HasPrefix(f, q):
			best = max(best, 80)
		case everyWord(qwords, fwords, strings.HasPrefix):
			best = max(best, 60)
		case strings.Contains(f, q):
			best = max(best, 40)
		case everyWord(qwords, fwords, abbreviates):
			best = max(best, 20)
		}
	}
	return best
}

// everyWord reports whether each query word matches a different field word,
// in order.
func everyWord(qwords, fwords []string, match func(word, q string) bool) bool {
	i := 0
	for _, w := range qwords {
		for i < len(fwords) && !match(fwords[i], w) {
			i++
		}
		if i == len(fwords) {
			return false
		}
		i++
	}
	return true
}

// abbreviates reports whether q abbreviates word: the same first letter, and
// the rest of q's letters in word in order ("ops" for "operations").
func abbreviates(word, q string) bool {
	if len(q) < 2 || len(word) < len(q) || word[0] != q[0] {
		return false
	}
	j := 1
	for i := 1; i < len(word) && j < len(q); i++ {
		if word[i] == q[j] {
			j++
		}
	}
	return j == len(q)
}

// FoldText is text as search compares it: lower case, Latin letters without
// their accents (ô -> o, ß -> ss), apostrophes dropped ("d'Ivoire" ->
// "divoire"), every other run of punctuation or space one space.
func FoldText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ':
			continue
		case unicode.Is(unicode.Mn, r): // a combining accent
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return b.String()
}

// latinFold maps the accented Latin letters of Latin-1 and Latin Extended-A
// (lower case) to their base letters.
var latinFold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k", 'ŋ': "n"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥ",
		"i": "ìíîïĩīĭįǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľ", "n": "ñńņňŉ", "o": "òóôõöōŏőǒ",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťț", "u": "ùúûüũūŭůűųǔ", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

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
