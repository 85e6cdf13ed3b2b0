package network_test

import (
	"slices"
	"testing"

	"github.com/peacegraph/peacegraph/network"
)

func TestCheckPage(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, p := range [][2]int{{0, 0}, {3, 0}, {0, 5}, {100, 100}} {
			if err := network.CheckPage(p[0], p[1]); err != nil {
				t.Errorf("CheckPage(%d, %d) = %v", p[0], p[1], err)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct {
			offset, limit int
			want          string
		}{
			{-1, 0, "offset -1 is negative"},
			{0, -2, "limit -2 is negative"},
			{-1, -2, "offset -1 is negative"},
		} {
			err := network.CheckPage(tt.offset, tt.limit)
			if got, want := network.ErrorCode(err), network.EINVALID; got != want {
				t.Errorf("CheckPage(%d, %d) code = %q, want %q", tt.offset, tt.limit, got, want)
			}
			if got, want := network.ErrorMessage(err), tt.want; got != want {
				t.Errorf("CheckPage(%d, %d) message = %q, want %q", tt.offset, tt.limit, got, want)
			}
		}
	})
}

func TestPage(t *testing.T) {
	items := []int{0, 1, 2, 3, 4}
	for _, tt := range []struct {
		offset, limit int
		want          []int
	}{
		{0, 0, []int{0, 1, 2, 3, 4}},
		{0, 2, []int{0, 1}},
		{2, 2, []int{2, 3}},
		{3, 0, []int{3, 4}},
		{4, 10, []int{4}},
		{5, 1, nil},
		{9, 0, nil},
	} {
		if got := network.Page(items, tt.offset, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("Page(%d, %d) = %v, want %v", tt.offset, tt.limit, got, tt.want)
		}
	}
}
