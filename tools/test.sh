#!/usr/bin/env bash
# test.sh runs every check and test of peacegraph on a fresh machine: it
# installs what the tests need (Debian's Chromium and docker-compose, the npm
# packages of web/, the Python packages of the quickstart, the Maven-built
# Neo4j launcher, golangci-lint), runs the static checks (gofmt, go vet,
# go mod tidy, golangci-lint), starts a real Neo4j on 127.0.0.1, runs
# `go test ./...` and the race detector on the concurrent packages against
# it, and stops Neo4j by its process id, whatever happened.
#
# Each step is one function below, run in the order of the list at the end;
# a new step is a function and a line there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== %s\n' "$*"; }

# golangci-lint's version, installed through the Go module proxy.
LINT_VERSION=v2.15.0

# Debian packages: Chromium for the page tests (never a browser download),
# docker-compose to validate docker-compose.yml, Java 17 and Maven for the
# Neo4j launcher, gcc for the race detector, when the machine lacks them.
install_debian() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  command -v gcc >/dev/null 2>&1 || need+=(gcc)
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# playwright-core and friends for the page tests.
install_npm() {
  say "installing npm packages of web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
}

# The Python quickstart (docs/python.md) runs against a served instance:
# requests, pandas and NetworkX from PyPI, pinned.
install_python() {
  say "installing the Python packages of docs/python.md"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    requests==2.32.5 pandas==2.3.3 networkx==3.6.1
}

# golangci-lint at LINT_VERSION, built once into GOPATH/bin.
install_lint() {
  LINT="$(go env GOPATH)/bin/golangci-lint"
  if ! "$LINT" version 2>/dev/null | grep -q "version ${LINT_VERSION#v} "; then
    say "installing golangci-lint $LINT_VERSION (a few minutes the first time)"
    go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$LINT_VERSION"
  fi
}

# Static checks, before anything starts: formatting, vet, a tidy go.mod and
# the linters of .golangci.yml.
static_checks() {
  say "gofmt"
  local unformatted
  unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*'))
  if [ -n "$unformatted" ]; then
    echo "gofmt -l lists files that are not formatted:" >&2
    echo "$unformatted" >&2
    return 1
  fi
  say "go vet"
  go vet ./...
  say "go mod tidy"
  if ! go mod tidy -diff; then
    echo "go.mod or go.sum is not tidy: run go mod tidy" >&2
    return 1
  fi
  say "golangci-lint"
  "$LINT" run ./...
}

# A real Neo4j 5 with GDS and APOC, started by the launcher in tools/neo4j,
# and the environment that points the tests at it.
start_neo4j() {
  port=${NEO4J_TEST_PORT:-7687}
  say "starting Neo4j on 127.0.0.1:$port"
  tools/neo4j/neo4j.sh start "$port"
  trap 'tools/neo4j/neo4j.sh stop "$port"' EXIT
  export NEO4J_URI="bolt://127.0.0.1:$port"
  export NEO4J_USERNAME=neo4j
  export NEO4J_PASSWORD="${NEO4J_PASSWORD:-peacegraph-dev}"
  export NEO4J_DATABASE=neo4j
}

go_test() {
  say "go test"
  go test -count=1 -timeout 30m ./...
}

# The race detector on the packages whose code runs concurrently: the store
# wrappers and the embedded store's locks, the HTTP limits, the telemetry,
# the analytics cache, pool and loaders, and serve's shutdown. Only those
# tests, to keep CI's time in bounds.
race() {
  say "go test -race"
  go test -race -count=1 -timeout 20m ./store/resilient ./store/instrumented ./store/embedded ./httplimit ./telemetry
  go test -race -count=1 -timeout 20m -run 'TestAnalyticsCache|TestAnalyticsTimeout|TestLoadersBoundStoreCalls|Cancel' ./graph
  go test -race -count=1 -timeout 20m -run 'TestServeTelemetry|TestServeShutdown|TestServeTracing|TestServeSeed' .
}

# Fuzz targets (go test -fuzz), each for a few seconds: every importer and
# the GraphQL request path. go test above ran their seed corpora already.
fuzz() {
  say "fuzz"
  local fuzztime=${FUZZTIME:-3s} target
  for target in FuzzReadGraphML FuzzReadGEXF FuzzReadNodeLink FuzzReadCSV FuzzReadIATI; do
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" ./formats
  done
  go test -run '^$' -fuzz '^FuzzRequest$' -fuzztime "$fuzztime" ./graph
}

steps=(install_debian install_npm install_python install_lint static_checks start_neo4j go_test fuzz race)
for step in "${steps[@]}"; do
  "$step"
done
