package formats

import (
	"golang.org/x/text/unicode/norm"

	"github.com/peacegraph/peacegraph/network"
)

// Normalize rewrites the IDs, names and texts of c in Unicode NFC, in
// place, so that one name typed precomposed or decomposed is one name and
// one ID. Every reader does it before validating; writes through the API do
// it before storing.
func Normalize(c *network.Change) {
	if c == nil {
		return
	}
	nfc := func(s *string) {
		if !norm.NFC.IsNormalString(*s) {
			*s = norm.NFC.String(*s)
		}
	}
	for _, a := range c.Actors {
		if a == nil {
			continue
		}
		nfc(&a.ID)
		nfc(&a.Name)
		nfc(&a.Acronym)
		for i := range a.Aliases {
			nfc(&a.Aliases[i])
		}
	}
	for _, t := range c.Ties {
		if t == nil {
			continue
		}
		nfc(&t.ID)
		nfc(&t.From)
		nfc(&t.To)
		nfc(&t.Description)
	}
	for _, p := range c.Places {
		if p == nil {
			continue
		}
		nfc(&p.ID)
		nfc(&p.Name)
	}
}
