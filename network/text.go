package network

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The longest texts a change may hold, in bytes.
const (
	// MaxIDLength bounds actor, tie and place IDs and tie ends.
	MaxIDLength = 256
	// MaxNameLength bounds names, acronyms and aliases.
	MaxNameLength = 1000
	// MaxTextLength bounds descriptions and source passages.
	MaxTextLength = 100_000
)

// checkID says what is wrong with id as an ID, "" when nothing is: empty,
// longer than MaxIDLength, not UTF-8, with a control character (NUL
// included), an invisible format character (zero-width, bidi control,
// byte order mark) or a combining mark (an ID is written precomposed, in
// NFC), or with space at either end. Such IDs look like others that they
// are not.
func checkID(id string) string {
	if id == "" {
		return "is empty"
	}
	if len(id) > MaxIDLength {
		return fmt.Sprintf("is %d bytes long, above the limit of %d", len(id), MaxIDLength)
	}
	if msg := checkText(id); msg != "" {
		return msg
	}
	for _, r := range id {
		switch {
		case unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("contains the invisible character U+%04X (zero-width or bidi control)", r)
		case unicode.Is(unicode.Mn, r):
			return fmt.Sprintf("contains the combining mark U+%04X: write the ID precomposed (NFC)", r)
		}
	}
	return checkEnds(id)
}

// checkName says what is wrong with a name, "" when nothing is: longer
// than MaxNameLength, not UTF-8, with a control character or a bidi
// override (which reorders what a reader sees), or with space at either
// end.
func checkName(name string) string {
	if len(name) > MaxNameLength {
		return fmt.Sprintf("is %d bytes long, above the limit of %d", len(name), MaxNameLength)
	}
	if msg := checkText(name); msg != "" {
		return msg
	}
	for _, r := range name {
		if isBidiControl(r) {
			return fmt.Sprintf("contains the bidi control U+%04X", r)
		}
	}
	return checkEnds(name)
}

// checkLongText says what is wrong with a description or a passage, ""
// when nothing is: longer than MaxTextLength, not UTF-8, or with a NUL.
func checkLongText(s string) string {
	if len(s) > MaxTextLength {
		return fmt.Sprintf("is %d bytes long, above the limit of %d", len(s), MaxTextLength)
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if r == 0 {
			return "contains a NUL character"
		}
	}
	return ""
}

// checkText refuses invalid UTF-8 and control characters.
func checkText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "contains a NUL character"
		case unicode.IsControl(r):
			return fmt.Sprintf("contains the control character U+%04X", r)
		}
	}
	return ""
}

// checkEnds refuses space at either end of s.
func checkEnds(s string) string {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return fmt.Sprintf("%q has space at its start or end", s)
	}
	return ""
}

// isBidiControl reports whether r is one of Unicode's explicit
// directional formatting characters.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// shortQuote quotes s for a message, cut to its first 64 bytes (and their
// length said) when longer, so that a message never echoes a huge input.
func shortQuote(s string) string {
	const keep = 64
	if len(s) <= keep {
		return fmt.Sprintf("%q", s)
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q... (%d bytes)", s[:cut], len(s))
}

// MaxSearchLength is the longest search text, in characters: search and
// the actors' text filter scan every actor, so their work grows with it.
const MaxSearchLength = 200

// CheckSearch returns an EINVALID *Error naming field when text is longer
// than MaxSearchLength characters, or nil.
func CheckSearch(field, text string) error {
	if n := utf8.RuneCountInString(text); n > MaxSearchLength {
		return Errorf(EINVALID, "%s is %d characters long, above the limit of %d", field, n, MaxSearchLength)
	}
	return nil
}
