#!/usr/bin/env bash
# run.sh: peacegraph (gqlgen over Neo4j) against @neo4j/graphql 7 on Apollo Server, on the same
# Neo4j database and data, with the embedded-store peacegraph as a third row. See README.md.
#
#   run.sh build                 build the load generator and peacegraph, install the peer (npm)
#   run.sh neo4j-start           start Neo4j on NEO4J_PORT with an empty database (neo4j.sh wipes it)
#   run.sh neo4j-stop            stop it
#   run.sh data seed|synthetic   load the data set into Neo4j (which must be empty) and into an embedded file
#   run.sh serve seed|synthetic  start peacegraph on Neo4j, the peer and peacegraph embedded
#   run.sh params seed|synthetic write the parameter file the queries draw from
#   run.sh check seed|synthetic  compare the answers of both peacegraphs with the peer's
#   run.sh bench seed|synthetic  the runs: per query and concurrency A B E A B (E: embedded)
#   run.sh side seed|synthetic   side runs: the query mix, and the peer's plain name filter (Q2n)
#   run.sh table seed|synthetic  markdown tables of a bench log
#   run.sh diag seed|synthetic   loader wait (--loader-wait) 5ms against 250us, peacegraph on Neo4j
#                                at PGD_PORT [18302]
#   run.sh stop                  stop the three servers (by their recorded pids)
#   run.sh all                   everything above for the seed, then for the synthetic network
#
# Environment (defaults in brackets):
#   PEACEGRAPH_SRC   a peacegraph checkout [the one this script is in]
#   PEACEGRAPH       the peacegraph binary [$WORK/peacegraph, built by build]
#   WORK             where binaries, data, pids, logs and results go [./work]
#   NEO4J_PORT [17702]  NEO4J_URI [bolt://127.0.0.1:$NEO4J_PORT]  NEO4J_USERNAME [neo4j]
#   NEO4J_PASSWORD [peacegraph-dev]  NEO4J_HEAP [3g]
#   PG_PORT [18300] (peacegraph on Neo4j)  PEER_PORT [18400]  PGE_PORT [18301] (peacegraph embedded)
#   DUR [20s] per run  WARMUP [3s] per server and query before the runs  CONCS ["1 8 32"]
#   QUERIES ["Q1 Q2 Q3 Q4"]  ACTORS [10000] TIES [100000] GEN_SEED [1] (the synthetic network)
#   PGD_PORT [18302], DIAG_DUR [10s] (diag only)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WORK:-$here/work}"
PEACEGRAPH_SRC="${PEACEGRAPH_SRC:-$(cd "$here/../.." && pwd)}"
PEACEGRAPH="${PEACEGRAPH:-$WORK/peacegraph}"
NEO4J_PORT="${NEO4J_PORT:-17702}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:$NEO4J_PORT}"
export NEO4J_USERNAME="${NEO4J_USERNAME:-neo4j}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-peacegraph-dev}"
export NEO4J_HEAP="${NEO4J_HEAP:-3g}"
PG_PORT="${PG_PORT:-18300}"
PEER_PORT="${PEER_PORT:-18400}"
PGE_PORT="${PGE_PORT:-18301}"
DUR="${DUR:-20s}"
WARMUP="${WARMUP:-3s}"
CONCS="${CONCS:-1 8 32}"
QUERIES="${QUERIES:-Q1 Q2 Q3 Q4}"
ACTORS="${ACTORS:-10000}"
TIES="${TIES:-100000}"
GEN_SEED="${GEN_SEED:-1}"
LOAD="$WORK/load"
PEER_DIR="$WORK/peer" # a writable copy of peer/, where npm installs (this folder may be read-only)

mkdir -p "$WORK"
die() { echo "run.sh: $*" >&2; exit 1; }
dataset() {
	case "${1:-}" in
	seed | synthetic) echo "$1" ;;
	*) die "name a data set: seed or synthetic" ;;
	esac
}
neo4j_sh() {
	[[ -n "$PEACEGRAPH_SRC" ]] || die "set PEACEGRAPH_SRC to a peacegraph checkout"
	"$PEACEGRAPH_SRC/tools/neo4j/neo4j.sh" "$@"
}
neo4j_pid() { cat "$PEACEGRAPH_SRC/tools/neo4j/run/$NEO4J_PORT.pid" 2>/dev/null || true; }

cmd_build() {
	[[ -n "$PEACEGRAPH_SRC" ]] || die "set PEACEGRAPH_SRC to a peacegraph checkout"
	(cd "$here/load" && go build -o "$LOAD" .)
	(cd "$PEACEGRAPH_SRC" && go build -o "$PEACEGRAPH" .)
	rm -rf "$PEER_DIR" && cp -r "$here/peer" "$PEER_DIR" && chmod -R u+w "$PEER_DIR"
	(cd "$PEER_DIR" && npm install --no-audit --no-fund)
}

# wait_http URL BODY: wait until a POST of BODY (or a GET when empty) answers 200.
wait_http() {
	local url="$1" body="$2" i
	for i in $(seq 1 240); do
		if [[ -z "$body" ]]; then
			curl -sf -o /dev/null "$url" && return 0
		else
			curl -sf -o /dev/null -H 'content-type: application/json' -d "$body" "$url" && return 0
		fi
		sleep 0.5
	done
	die "$url does not answer"
}

cmd_data() {
	local ds
	ds="$(dataset "${1:-}")"
	if [[ "$ds" == seed ]]; then
		# peacegraph loads the seed network into an empty store when it starts.
		# The logs are emptied first: the redirection of a background command
		# may truncate them after the first grep has read a previous run's.
		: >"$WORK/seed-load.log"
		: >"$WORK/seed-emb-load.log"
		"$PEACEGRAPH" serve --addr 127.0.0.1:0 >"$WORK/seed-load.log" 2>&1 &
		local pid=$!
		until grep -q "Neo4j is ready" "$WORK/seed-load.log"; do
			kill -0 "$pid" 2>/dev/null || die "peacegraph exited: $(cat "$WORK/seed-load.log")"
			sleep 0.5
		done
		kill "$pid" && wait "$pid" || true
		rm -f "$WORK/seed.db"
		env -u NEO4J_URI "$PEACEGRAPH" serve --addr 127.0.0.1:0 --data "$WORK/seed.db" >"$WORK/seed-emb-load.log" 2>&1 &
		pid=$!
		until grep -q "listening on" "$WORK/seed-emb-load.log"; do
			kill -0 "$pid" 2>/dev/null || die "peacegraph exited: $(cat "$WORK/seed-emb-load.log")"
			sleep 0.5
		done
		kill "$pid" && wait "$pid" || true
	else
		local file="$WORK/synthetic-$ACTORS-$TIES-$GEN_SEED.graphml"
		[[ -s "$file" ]] || "$PEACEGRAPH" generate --actors "$ACTORS" --ties "$TIES" --seed "$GEN_SEED" --out "$file"
		time "$PEACEGRAPH" import --no-seed "$file"
		rm -f "$WORK/synthetic.db"
		time env -u NEO4J_URI "$PEACEGRAPH" import --no-seed --data "$WORK/synthetic.db" "$file"
	fi
}

cmd_serve() {
	local ds
	ds="$(dataset "${1:-}")"
	cmd_stop >/dev/null 2>&1 || true
	"$PEACEGRAPH" serve --no-seed --addr "127.0.0.1:$PG_PORT" >"$WORK/pg-neo4j.log" 2>&1 &
	echo $! >"$WORK/pg-neo4j.pid"
	env -u NEO4J_URI "$PEACEGRAPH" serve --no-seed --addr "127.0.0.1:$PGE_PORT" --data "$WORK/$ds.db" >"$WORK/pg-embedded.log" 2>&1 &
	echo $! >"$WORK/pg-embedded.pid"
	(cd "$PEER_DIR" && PEER_PORT="$PEER_PORT" exec node server.js) >"$WORK/peer.log" 2>&1 &
	echo $! >"$WORK/peer.pid"
	wait_http "http://127.0.0.1:$PG_PORT/readyz" ""
	wait_http "http://127.0.0.1:$PGE_PORT/readyz" ""
	wait_http "http://127.0.0.1:$PEER_PORT/graphql" '{"query":"{ __typename }"}'
	head -n 3 "$WORK/peer.log"
	echo "run.sh: serving $ds: peacegraph-neo4j :$PG_PORT (pid $(cat "$WORK/pg-neo4j.pid")), peer :$PEER_PORT (pid $(cat "$WORK/peer.pid")), peacegraph-embedded :$PGE_PORT (pid $(cat "$WORK/pg-embedded.pid"))"
}

cmd_stop() {
	local s pid
	for s in pg-neo4j pg-embedded peer; do
		[[ -f "$WORK/$s.pid" ]] || continue
		pid="$(cat "$WORK/$s.pid")"
		kill "$pid" 2>/dev/null && echo "run.sh: stopped $s (pid $pid)"
		rm -f "$WORK/$s.pid"
	done
}

cmd_params() {
	local ds
	ds="$(dataset "${1:-}")"
	(cd "$PEER_DIR" && node params.js) >"$WORK/params-$ds.json"
	echo "run.sh: $WORK/params-$ds.json"
}

cmd_check() {
	local ds
	ds="$(dataset "${1:-}")"
	{
		echo "== peacegraph on Neo4j against the peer ($ds)"
		"$LOAD" check -pg "http://127.0.0.1:$PG_PORT/graphql" -peer "http://127.0.0.1:$PEER_PORT/graphql" -params "$WORK/params-$ds.json" -n 200 || true
		echo "== peacegraph embedded against the peer ($ds)"
		"$LOAD" check -pg "http://127.0.0.1:$PGE_PORT/graphql" -peer "http://127.0.0.1:$PEER_PORT/graphql" -params "$WORK/params-$ds.json" -n 200 || true
	} | tee "$WORK/check-$ds.log"
}

# cpu_ticks PID: user+system CPU time of PID in clock ticks (0 when it is gone).
cpu_ticks() {
	[[ -n "${1:-}" && -r "/proc/$1/stat" ]] || { echo 0; return; }
	# Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
	sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# run_one DATASET SERVER QUERY C DURATION ROUND: one run, appended to the bench log with the
# server's RSS after it (ps -o rss), Neo4j's RSS, the CPU seconds the server and Neo4j used
# during the run, and the 1-minute load average before it.
run_one() {
	local ds="$1" server="$2" q="$3" c="$4" d="$5" round="$6" api url pid npid load1 line rss nrss
	local c0 c1 n0 n1 hz
	case "$server" in
	pg-neo4j) api=pg url="http://127.0.0.1:$PG_PORT/graphql" ;;
	peer) api=peer url="http://127.0.0.1:$PEER_PORT/graphql" ;;
	pg-embedded) api=pg url="http://127.0.0.1:$PGE_PORT/graphql" ;;
	esac
	pid="$(cat "$WORK/$server.pid")"
	npid="$(neo4j_pid)"
	hz="$(getconf CLK_TCK)"
	load1="$(cut -d' ' -f1 /proc/loadavg)"
	c0="$(cpu_ticks "$pid")" n0="$(cpu_ticks "$npid")"
	line="$("$LOAD" run -api "$api" -url "$url" -query "$q" -c "$c" -d "$d" -params "$WORK/params-$ds.json" -label "$ds" 2>>"$WORK/bench-$ds.err")"
	c1="$(cpu_ticks "$pid")" n1="$(cpu_ticks "$npid")"
	rss="$(ps -o rss= -p "$pid" | tr -d ' ')"
	nrss="$(ps -o rss= -p "$npid" 2>/dev/null | tr -d ' ' || true)"
	echo "$line server=$server round=$round rss_kb=${rss:-0} neo4j_rss_kb=${nrss:-0} cpu_s=$(awk "BEGIN{print ($c1-$c0)/$hz}") neo4j_cpu_s=$(awk "BEGIN{print ($n1-$n0)/$hz}") load1=$load1" | tee -a "$WORK/bench-$ds.log"
}

cmd_bench() {
	local ds q c s
	ds="$(dataset "${1:-}")"
	# A new bench log per run, so that table reads this run alone (side appends to it).
	[[ -f "$WORK/bench-$ds.log" ]] && mv -f "$WORK/bench-$ds.log" "$WORK/bench-$ds.log.prev"
	echo "# bench $ds $(date -u +%FT%TZ) DUR=$DUR CONCS=$CONCS QUERIES=$QUERIES nproc=$(nproc) uptime: $(uptime)" | tee -a "$WORK/bench-$ds.log"
	for q in $QUERIES; do
		for s in pg-neo4j peer pg-embedded; do
			run_one "$ds" "$s" "$q" 8 "$WARMUP" warmup >/dev/null
		done
	done
	for q in $QUERIES; do
		for c in $CONCS; do
			run_one "$ds" pg-neo4j "$q" "$c" "$DUR" 1
			run_one "$ds" peer "$q" "$c" "$DUR" 1
			run_one "$ds" pg-embedded "$q" "$c" "$DUR" 1
			run_one "$ds" pg-neo4j "$q" "$c" "$DUR" 2
			run_one "$ds" peer "$q" "$c" "$DUR" 2
		done
	done
	echo "# end $(date -u +%FT%TZ) uptime: $(uptime)" | tee -a "$WORK/bench-$ds.log"
}

cmd_side() {
	local ds
	ds="$(dataset "${1:-}")"
	# Appended to the bench log too: the table shows them as queries "mix" and "Q2n" (for Q2n,
	# peacegraph runs its Q2).
	echo "# side $ds $(date -u +%FT%TZ) uptime: $(uptime)" | tee -a "$WORK/bench-$ds.log"
	# The mix of the four queries at 8 clients, A B E A B.
	run_one "$ds" pg-neo4j mix 8 "$DUR" 1
	run_one "$ds" peer mix 8 "$DUR" 1
	run_one "$ds" pg-embedded mix 8 "$DUR" 1
	run_one "$ds" pg-neo4j mix 8 "$DUR" 2
	run_one "$ds" peer mix 8 "$DUR" 2
	# The peer's plain name/acronym filter (Q2n, text indexes) against peacegraph's Q2.
	run_one "$ds" pg-neo4j Q2n 8 "$DUR" 1
	run_one "$ds" peer Q2n 8 "$DUR" 1
	run_one "$ds" pg-neo4j Q2n 8 "$DUR" 2
	run_one "$ds" peer Q2n 8 "$DUR" 2
}

# cmd_diag: peacegraph on Neo4j with the loaders' wait (--loader-wait) at 5ms and at 250us, for
# the queries that go through the loaders, 10 s a run, two rounds.
cmd_diag() {
	local ds w q c round pid l
	ds="$(dataset "${1:-}")"
	local port="${PGD_PORT:-18302}"
	for round in 1 2; do
		for w in 5ms 250us; do
			PEACEGRAPH_LOADER_WAIT="$w" "$PEACEGRAPH" serve --no-seed --addr "127.0.0.1:$port" >"$WORK/diag-$w.log" 2>&1 &
			pid=$!
			wait_http "http://127.0.0.1:$port/readyz" ""
			for q in Q1 Q3 Q4; do
				for c in 1 8; do
					l="$(cut -d' ' -f1 /proc/loadavg)"
					echo "$("$LOAD" run -api pg -url "http://127.0.0.1:$port/graphql" -query "$q" -c "$c" -d "${DIAG_DUR:-10s}" -params "$WORK/params-$ds.json" -label "$ds") server=pg-neo4j-wait-$w round=$round load1=$l" | tee -a "$WORK/diag-$ds.log"
				done
			done
			kill "$pid" && wait "$pid" || true
		done
	done
}

cmd_table() {
	local ds
	ds="$(dataset "${1:-}")"
	"$LOAD" table "$WORK/bench-$ds.log"
}

cmd_all() {
	cmd_build
	local ds
	for ds in seed synthetic; do
		neo4j_sh stop "$NEO4J_PORT" || true
		neo4j_sh start "$NEO4J_PORT"
		cmd_data "$ds"
		cmd_serve "$ds"
		cmd_params "$ds"
		cmd_check "$ds"
		cmd_bench "$ds"
		cmd_side "$ds"
		cmd_stop
		cmd_table "$ds" | tee "$WORK/table-$ds.md"
	done
	neo4j_sh stop "$NEO4J_PORT"
}

case "${1:-}" in
build) cmd_build ;;
neo4j-start) neo4j_sh start "$NEO4J_PORT" ;;
neo4j-stop) neo4j_sh stop "$NEO4J_PORT" ;;
data) cmd_data "${2:-}" ;;
serve) cmd_serve "${2:-}" ;;
params) cmd_params "${2:-}" ;;
check) cmd_check "${2:-}" ;;
bench) cmd_bench "${2:-}" ;;
side) cmd_side "${2:-}" ;;
table) cmd_table "${2:-}" ;;
diag) cmd_diag "${2:-}" ;;
stop) cmd_stop ;;
all) cmd_all ;;
*)
	sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
