package network

import (
	"strings"
	"testing"
)

// TestContainsLower checks the ASCII scan against strings.ToLower and
// strings.Contains, on ASCII and non-ASCII fields.
func TestContainsLower(t *testing.T) {
	fields := []string{"", "ECOWAS", "Economic Community of West African States", "Côte d'Ivoire",
		"CÔTE D'IVOIRE", "Mano River Union", "İstanbul", "ΑΘΗΝΑ", "a", "Aa"}
	queries := []string{"", "a", "ecowas", "west african", "côte", "cote", "ivoire", "union ", "river u",
		"i̇stanbul", "αθηνα", "aa", "aaa", "states!", "ECOWAS"}
	for _, f := range fields {
		for _, q := range queries {
			want := strings.Contains(strings.ToLower(f), q)
			if got := containsLower(f, q); got != want {
				t.Errorf("containsLower(%q, %q) = %v, want %v", f, q, got, want)
			}
		}
	}
}
