package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release of this binary, set at build time with
// -ldflags "-X main.version=v1.2.3" (the Dockerfile does); when empty the
// module version of the build info is used.
var version string

// buildVersion describes this binary: its version, the commit it was built
// from when the build recorded one, and the Go toolchain.
func buildVersion() string {
	v := version
	commit, when, modified := "", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	out := "peacegraph " + v
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		out += " commit " + commit
		if when != "" {
			out += " " + when
		}
		if modified {
			out += " (modified)"
		}
	}
	return fmt.Sprintf("%s %s %s/%s", out, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// runVersion prints buildVersion.
func runVersion(ctx context.Context, cfg config, stdout io.Writer) error {
	_, err := fmt.Fprintln(stdout, buildVersion())
	return err
}
