package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// runHelp lists the commands, or, given a command's name, its flags with
// their built-in defaults.
func runHelp(ctx context.Context, cfg config, stdout io.Writer) error {
	switch len(cfg.files) {
	case 0:
	case 1:
		c, ok := lookup(cfg.files[0])
		if !ok {
			return fmt.Errorf("help: unknown command %q", cfg.files[0])
		}
		if c.name == "help" || c.name == "version" {
			fmt.Fprintf(stdout, "peacegraph %s: %s\n", c.name, c.summary)
			return nil
		}
		_, err := parseConfig([]string{c.name, "-h"}, func(string) string { return "" }, stdout)
		return err
	default:
		return fmt.Errorf("help: unexpected arguments %q", cfg.files[1:])
	}
	var b strings.Builder
	b.WriteString("peacegraph serves the network of actors that sustain peace at the regional level\nover GraphQL, and imports and exports it.\n\nUsage: peacegraph [COMMAND] [FLAGS]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nEvery flag can also be set in the environment (see peacegraph help COMMAND);\na flag wins over the environment.\n")
	_, err := io.WriteString(stdout, b.String())
	return err
}
