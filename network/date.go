package network

import (
	"fmt"
	"time"
)

// Date is a calendar date at the precision a source gives it: "2019",
// "2019-09" or "2019-09-24". The empty Date means unknown.
type Date string

// ParseDate checks s and returns it as a Date.
func ParseDate(s string) (Date, error) {
	d := Date(s)
	if err := d.Validate(); err != nil {
		return "", err
	}
	return d, nil
}

// Validate reports whether d is empty or a date in one of the accepted forms.
func (d Date) Validate() error {
	if d == "" {
		return nil
	}
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(d) == len(layout) {
			if _, err := time.Parse(layout, string(d)); err == nil {
				return nil
			}
		}
	}
	return fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", string(d))
}

// First returns the first day d covers as YYYY-MM-DD ("2019" -> "2019-01-01").
func (d Date) First() string {
	switch len(d) {
	case 4:
		return string(d) + "-01-01"
	case 7:
		return string(d) + "-01"
	}
	return string(d)
}

// Last returns the last day d covers as YYYY-MM-DD ("2019-02" -> "2019-02-28").
func (d Date) Last() string {
	switch len(d) {
	case 4:
		return string(d) + "-12-31"
	case 7:
		t, err := time.Parse("2006-01", string(d))
		if err != nil {
			return string(d) + "-31"
		}
		return t.AddDate(0, 1, -1).Format("2006-01-02")
	}
	return string(d)
}

// Year returns the year of d, or 0 when d is empty.
func (d Date) Year() int {
	if len(d) < 4 {
		return 0
	}
	y := 0
	for _, c := range d[:4] {
		y = y*10 + int(c-'0')
	}
	return y
}
