package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"runtime"
	"strings"
	"testing"
)

// runOut runs args with an empty environment and returns what it printed.
func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out)
	return out.String(), err
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		out, err := runOut(t, args...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "\n  "+c.name+" ") {
				t.Errorf("%q does not list %s:\n%s", args, c.name, out)
			}
		}
	}
	t.Run("Command", func(t *testing.T) {
		out, err := runOut(t, "help", "export")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("help export: %v, want flag.ErrHelp", err)
		}
		if !strings.Contains(out, "-format") {
			t.Errorf("help export does not show -format:\n%s", out)
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		if _, err := runOut(t, "help", "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Errorf("help nope: %v, want an error naming nope", err)
		}
		if _, err := runOut(t, "nope"); err == nil || !strings.Contains(err.Error(), "peacegraph help") {
			t.Errorf("nope: %v, want an error pointing to peacegraph help", err)
		}
	})
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := runOut(t, args...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !strings.HasPrefix(out, "peacegraph ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("%q printed %q, want peacegraph VERSION ... %s", args, out, runtime.Version())
		}
	}
	if _, err := runOut(t, "version", "extra"); err == nil {
		t.Error("version extra: no error")
	}
}
