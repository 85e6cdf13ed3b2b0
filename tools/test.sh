#!/usr/bin/env bash
# test.sh runs every test of peacegraph on a fresh machine: it installs what
# the tests need (Debian's Chromium, the npm packages of web/, the Maven-built
# Neo4j launcher), starts a real Neo4j on 127.0.0.1, runs `go test ./...`
# against it and stops Neo4j by its process id, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== %s\n' "$*"; }

# Debian packages: Chromium for the page tests (never a browser download),
# Java 17 and Maven for the Neo4j launcher when the machine lacks them.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# playwright-core and friends for the page tests.
say "installing npm packages of web/"
(cd web && npm ci --no-audit --no-fund --loglevel=error)

# The Python quickstart (docs/python.md) runs against a served instance:
# requests, pandas and NetworkX from PyPI, pinned.
say "installing the Python packages of docs/python.md"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  requests==2.32.5 pandas==2.3.3 networkx==3.6.1

# A real Neo4j 5 with GDS and APOC, started by the launcher in tools/neo4j.
port=${NEO4J_TEST_PORT:-7687}
say "starting Neo4j on 127.0.0.1:$port"
tools/neo4j/neo4j.sh start "$port"
trap 'tools/neo4j/neo4j.sh stop "$port"' EXIT

export NEO4J_URI="bolt://127.0.0.1:$port"
export NEO4J_USERNAME=neo4j
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-peacegraph-dev}"
export NEO4J_DATABASE=neo4j

say "go vet"
go vet ./...
say "go test"
go test -count=1 -timeout 30m ./...

# Fuzz targets (go test -fuzz), each for a few seconds: every importer and
# the GraphQL request path. go test above ran their seed corpora already.
say "fuzz"
fuzztime=${FUZZTIME:-3s}
for target in FuzzReadGraphML FuzzReadGEXF FuzzReadNodeLink FuzzReadCSV FuzzReadIATI; do
  go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" ./formats
done
go test -run '^$' -fuzz '^FuzzRequest$' -fuzztime "$fuzztime" ./graph
