#!/usr/bin/env bash
# rss.sh measures the resident memory of `peacegraph serve` over a store
# file: after it is ready (idle), after one analytics query and after ten
# different ones (centrality, communities, structure, gaps), each read from
# /proc/PID/status (VmRSS now, VmHWM the peak), with the load average and
# the time each query took.
#
#   tools/rss/rss.sh BINARY STORE [serve flags...]
#
# BINARY is a built peacegraph (go build -o /tmp/pg .), STORE a store file,
# e.g. one made by `peacegraph generate --actors 200000 --ties 1000000
# --seed 1 --data STORE`. The server listens on a free port of 127.0.0.1 and
# is stopped by its process id at the end.
set -euo pipefail
bin=$1 store=$2
shift 2
log=$(mktemp)
"$bin" serve --data "$store" --addr 127.0.0.1:0 --timeout 600s --max-cost 1000000000000 \
  --client-cost-rate -1 --no-seed "$@" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 600); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -1)
  if [ -n "$url" ] && curl -fs "$url/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "the server did not get ready" >&2; cat "$log"; exit 1; }

# report prints VmRSS (of which RssAnon is the heap and RssFile the store
# file's mapped pages) and VmHWM, the peak, in MB of 2^20 bytes.
report() {
  local f=/proc/$pid/status
  mb() { awk -v k="$1:" '$1 == k {printf "%d", $2 / 1024}' "$f"; }
  printf '%-18s VmRSS %5s (anon %5s, file %4s)  VmHWM %5s  load %s\n' "$1" "$(mb VmRSS)" "$(mb RssAnon)" \
    "$(mb RssFile)" "$(mb VmHWM)" "$(cut -d' ' -f1 /proc/loadavg)"
}

query() {
  local body out start
  body=$(printf '{"query":%s}' "$(printf '%s' "$1" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')")
  start=$(date +%s.%N)
  out=$(curl -fsS -H 'Content-Type: application/json' --data "$body" "$url/graphql")
  if printf '%s' "$out" | grep -q '"errors"'; then
    echo "query failed: $1: $(printf '%s' "$out" | head -c 400)" >&2
    exit 1
  fi
  printf '  %-26s %6.1f s\n' "$2" "$(echo "$(date +%s.%N) - $start" | bc)"
}

sleep 2
report idle
query '{ centrality(metric: DEGREE, top: 5) { items { score } } }' "degree"
report "after one query"
query '{ centrality(metric: PAGERANK, top: 5) { items { score } } }' "pagerank"
query '{ centrality(metric: BETWEENNESS, top: 5, options: {samples: 20}) { items { score } } }' "betweenness, 20 samples"
query '{ centrality(metric: HARMONIC, top: 5, options: {samples: 20}) { items { score } } }' "harmonic, 20 samples"
query '{ communities(top: 5) { modularity } }' "communities (Louvain)"
query '{ components(top: 5) { count } }' "components"
query '{ singlePointsOfFailure(top: 5) { actors { id cut } } }' "single points of failure"
query '{ fundingGaps(top: 5) { group name } }' "funding gaps"
query '{ triadCoverage(top: 5) { region coverage } }' "triad coverage"
query '{ suggestedPartnerships(top: 5) { score } }' "suggested partnerships"
report "after ten queries"
