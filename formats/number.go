package formats

import (
	"errors"
	"math"
	"strconv"
)

// errNotNumber is a text that is not a plain decimal number.
var errNotNumber = errors.New("not a decimal number")

// parseNumber reads s as a plain decimal number: an optional sign, digits
// with at most one decimal point, and an optional exponent, as every tool
// that reads these files writes numbers. strconv.ParseFloat alone would take
// "1_000", "0x1p3", "Inf" and "NaN" too.
func parseNumber(s string) (float64, error) {
	if !plainNumber(s) {
		return 0, errNotNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, errNotNumber
	}
	return v, nil
}

// plainNumber reports whether s is [+-]digits[.digits][e[+-]digits], with
// digits on at least one side of the point.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
