package network_test

import (
	"strings"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

// actorChange is a change of one valid actor, changed by edit.
func actorChange(edit func(a *network.Actor)) *network.Change {
	a := &network.Actor{ID: "ecowas", Name: "Economic Community of West African States", Kind: network.RegionalOrganization,
		Scope: network.Regional, Sources: []network.Source{{Title: "test", Record: "1"}}}
	edit(a)
	return &network.Change{Actors: []*network.Actor{a}}
}

func TestInputHygiene(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(a *network.Actor)
		want string // in the message
	}{
		// Seen: ids with a NUL, zero-width or bidi-override character, or
		// a trailing space were accepted (a fake "ecowas " showed next to
		// the real one); 40-100 KB ids gave INTERNAL and "key too large".
		{"ErrTrailingSpace", func(a *network.Actor) { a.ID = "ecowas " }, "space at its start or end"},
		{"ErrLeadingSpace", func(a *network.Actor) { a.ID = " ecowas" }, "space at its start or end"},
		{"ErrNUL", func(a *network.Actor) { a.ID = "eco\x00was" }, "NUL"},
		{"ErrZeroWidth", func(a *network.Actor) { a.ID = "eco\u200bwas" }, "U+200B"},
		{"ErrBidiOverride", func(a *network.Actor) { a.ID = "eco\u202ewas" }, "U+202E"},
		{"ErrByteOrderMark", func(a *network.Actor) { a.ID = "\ufeffecowas" }, "U+FEFF"},
		{"ErrControl", func(a *network.Actor) { a.ID = "eco\x1bwas" }, "U+001B"},
		{"ErrCombining", func(a *network.Actor) { a.ID = "cote-d-ivoire\u0301" }, "NFC"},
		{"ErrInvalidUTF8", func(a *network.Actor) { a.ID = "eco\xffwas" }, "UTF-8"},
		{"ErrID40KB", func(a *network.Actor) { a.ID = strings.Repeat("x", 40<<10) }, "above the limit of 256"},
		{"ErrID100KB", func(a *network.Actor) { a.ID = strings.Repeat("x", 100<<10) }, "above the limit of 256"},
		{"ErrNameTrailingSpace", func(a *network.Actor) { a.Name = "ECOWAS " }, "space at its start or end"},
		{"ErrNameBidi", func(a *network.Actor) { a.Name = "ECOWAS\u202e" }, "bidi"},
		{"ErrNameNUL", func(a *network.Actor) { a.Name = "ECO\x00WAS" }, "NUL"},
		{"ErrNameLong", func(a *network.Actor) { a.Name = strings.Repeat("n", 2000) }, "above the limit of 1000"},
		{"ErrAlias", func(a *network.Actor) { a.Aliases = []string{"CEDEAO", "CEDEAO\t"} }, "aliases[1]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := actorChange(tt.edit).Validate()
			if network.ErrorCode(err) != network.EINVALID || !strings.Contains(network.ErrorMessage(err), tt.want) {
				t.Fatalf("Validate = %v, want EINVALID with %q", err, tt.want)
			}
			if len(network.ErrorMessage(err)) > 2000 {
				t.Errorf("message of %d bytes echoes the input", len(network.ErrorMessage(err)))
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		for _, id := range []string{"ecowas", "côte-d-ivoire", "iati:XM-DAC-41114-EXAMPLE-1#1", "0->1#1", "منظمة", strings.Repeat("x", 256)} {
			if err := actorChange(func(a *network.Actor) { a.ID = id; a.Name = "Name of " + id }).Validate(); err != nil {
				t.Errorf("%q: %v", id, err)
			}
		}
	})
	t.Run("ErrTie", func(t *testing.T) {
		c := actorChange(func(*network.Actor) {})
		c.Ties = []*network.Tie{{ID: "t\u200b1", Kind: network.MOU, From: "ecowas", To: "wanep ", Weight: 1,
			Sources: []network.Source{{Title: "test", Record: "1"}}}}
		msg := network.ErrorMessage(c.Validate())
		for _, want := range []string{"ties[0]", "id contains", "to \"wanep \" has space"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})
}
