package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// MustRead returns the text of the file at path.
func MustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// finalStage returns the Dockerfile's instructions after its last FROM, one
// a line, continuation lines joined.
func finalStage(dockerfile string) []string {
	var lines []string
	cur := ""
	for _, l := range strings.Split(dockerfile, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasSuffix(t, "\\") {
			cur += strings.TrimSuffix(t, "\\") + " "
			continue
		}
		cur += t
		if strings.HasPrefix(strings.ToUpper(cur), "FROM ") {
			lines = nil
		}
		lines = append(lines, cur)
		cur = ""
	}
	return lines
}

// TestDockerfile checks the image's rules: the nonroot user can write its
// default store (WORKDIR and a /data volume, --data in it), it has a
// health check, the version is set at build time, and .dockerignore keeps
// history, dependencies and stores out of the build.
func TestDockerfile(t *testing.T) {
	df := MustRead(t, "Dockerfile")
	final := strings.Join(finalStage(df), "\n")
	for _, rule := range []struct{ what, pattern string }{
		{"WORKDIR /data", `(?m)^WORKDIR /data$`},
		{"a /data volume", `(?m)^VOLUME \[?"?/data"?\]?$`},
		{"/data owned by the nonroot user", `(?m)^COPY .*--chown=(65532|nonroot)\S* \S+ /data$`},
		{"USER nonroot", `(?m)^USER nonroot$`},
		{"the store in the volume", `(?m)^CMD \[.*"--data", "/data/[^"]+\.db"`},
		{"a HEALTHCHECK with the binary's healthcheck", `(?m)^HEALTHCHECK .*CMD \["/peacegraph", "healthcheck"`},
	} {
		if !regexp.MustCompile(rule.pattern).MatchString(final) {
			t.Errorf("the Dockerfile's final stage lacks %s (%s):\n%s", rule.what, rule.pattern, final)
		}
	}
	if !regexp.MustCompile(`-ldflags "[^"]*-X main\.version=\$\{?VERSION`).MatchString(df) || !strings.Contains(df, "ARG VERSION") {
		t.Error("the Dockerfile does not set main.version from its VERSION argument")
	}
	ignore := strings.Fields(MustRead(t, ".dockerignore"))
	for _, want := range []string{".git", "**/node_modules", "*.db"} {
		found := false
		for _, p := range ignore {
			found = found || p == want
		}
		if !found {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}

	t.Run("VersionLdflags", func(t *testing.T) {
		// What the Dockerfile's -X does reaches peacegraph version.
		if testing.Short() {
			t.Skip("builds the binary")
		}
		bin := filepath.Join(t.TempDir(), "peacegraph")
		build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version=v0.0.0-dockertest", ".")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").CombinedOutput()
		if err != nil || !bytes.HasPrefix(out, []byte("peacegraph v0.0.0-dockertest ")) {
			t.Errorf("peacegraph version = %q, %v; want it to start with the -X version", out, err)
		}
	})
}

// TestCompose checks docker-compose.yml: Neo4j is the launcher's version,
// every port is bound to 127.0.0.1, every service restarts, readiness does
// not need GDS, the password comes from the environment (.env) with no
// default, and docker-compose accepts the file.
func TestCompose(t *testing.T) {
	compose := MustRead(t, "docker-compose.yml")
	pom := MustRead(t, filepath.Join("tools", "neo4j", "pom.xml"))
	m := regexp.MustCompile(`<neo4j.version>([^<]+)</neo4j.version>`).FindStringSubmatch(pom)
	if m == nil {
		t.Fatal("no neo4j.version in tools/neo4j/pom.xml")
	}
	if want := "image: neo4j:" + m[1] + "\n"; !strings.Contains(compose, want) {
		t.Errorf("docker-compose.yml does not pin %q, the launcher's version", strings.TrimSpace(want))
	}
	ports := regexp.MustCompile(`(?m)^\s+- "([^"]+)"$`).FindAllStringSubmatch(compose, -1)
	if len(ports) == 0 {
		t.Error("no port mappings found")
	}
	for _, p := range ports {
		if strings.Count(p[1], ":") == 2 && !strings.HasPrefix(p[1], "127.0.0.1:") {
			t.Errorf("port %s is not bound to 127.0.0.1", p[1])
		}
	}
	services := regexp.MustCompile(`(?m)^  ([a-z0-9-]+):$`).FindAllStringSubmatch(strings.Split(compose, "\nvolumes:")[0], -1)
	if got := strings.Count(compose, "\n    restart: unless-stopped\n"); got != len(services) || got == 0 {
		t.Errorf("%d of %d services have restart: unless-stopped", got, len(services))
	}
	for _, hc := range regexp.MustCompile(`(?m)^\s+test: .*$`).FindAllString(compose, -1) {
		if strings.Contains(hc, "gds") {
			t.Errorf("a health check needs GDS: %s", strings.TrimSpace(hc))
		}
	}
	if strings.Contains(compose, "peacegraph-dev") || strings.Contains(compose, "NEO4J_PASSWORD:-") {
		t.Error("docker-compose.yml has a default password")
	}

	t.Run("Config", func(t *testing.T) {
		if _, err := exec.LookPath("docker-compose"); err != nil {
			msg := "docker-compose is needed to validate docker-compose.yml (apt-get install docker-compose)"
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
		dir := t.TempDir() // no .env: the environment alone decides
		run := func(env ...string) ([]byte, error) {
			cmd := exec.Command("docker-compose", "--project-directory", dir, "-f", filepath.Join(mustGetwd(t), "docker-compose.yml"), "config")
			cmd.Env = append(os.Environ(), env...)
			return cmd.CombinedOutput()
		}
		out, err := run("NEO4J_PASSWORD=compose-test-secret")
		if err != nil {
			t.Fatalf("docker-compose config: %v\n%s", err, out)
		}
		if !bytes.Contains(out, []byte("neo4j/compose-test-secret")) {
			t.Errorf("the password from the environment does not reach NEO4J_AUTH:\n%s", out)
		}
		if out, err := run("NEO4J_PASSWORD="); err == nil || !bytes.Contains(out, []byte("NEO4J_PASSWORD")) {
			t.Errorf("docker-compose config without a password: %v, want an error naming NEO4J_PASSWORD:\n%s", err, out)
		}
	})
}

func mustGetwd(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	return wd
}
