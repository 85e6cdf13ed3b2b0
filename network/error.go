package network

import (
	"errors"
	"fmt"
)

// Error codes. Every error a Store, an importer or the analysis returns to a
// caller carries one of them; the GraphQL layer maps each to
// extensions.code in one place.
const (
	EINVALID      = "invalid"      // bad user input: names the row, field or argument
	ENOTFOUND     = "not_found"    // no such actor, tie or place
	ECONFLICT     = "conflict"     // the write clashes with what is stored
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // credentials lack the role
	ETOOLARGE     = "too_large"    // request exceeds a cost or size limit
	EUNAVAILABLE  = "unavailable"  // the database cannot be reached now
	EINTERNAL     = "internal"     // anything else; details are logged, not shown
)

// Error is an error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("peacegraph error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil
// and EINTERNAL for an error that carries none.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of its
// *Error, or "internal error" for an error that carries none.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
