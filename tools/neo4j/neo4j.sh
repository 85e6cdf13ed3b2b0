#!/usr/bin/env bash
# neo4j.sh builds, starts, stops and reports on the development/test Neo4j server: Neo4j
# Community embedded with Bolt on 127.0.0.1, Graph Data Science and APOC core registered.
#
#   neo4j.sh build                         build the launcher (Maven; quick when up to date)
#   neo4j.sh start [PORT] [launcher flags] start in the background, wait until ready
#   neo4j.sh stop [PORT]                   SIGTERM, wait, SIGKILL after a timeout
#   neo4j.sh status [PORT]                 say whether it runs (exit 3 when stopped)
#   neo4j.sh check [PORT] [--smoke]        exit 0 when Bolt, gds.version() and apoc.version() answer;
#                                          --smoke also writes, reads, runs PageRank and APOC
#   neo4j.sh smoke [PORT]                  start on PORT (default 7699), check --smoke, stop, and
#                                          make sure the process is gone
#
# PORT defaults to NEO4J_BOLT_PORT, then 7687. The password of user neo4j is NEO4J_PASSWORD
# (default peacegraph-dev, at least 8 characters). Launcher flags: --keep (keep the data of the
# last run), --no-auth, --pagecache MiB. Files: run/<port>/ (database, wiped on start unless
# --keep), run/<port>.pid, run/<port>.log.
#
# Environment: NEO4J_START_TIMEOUT (seconds, default 600), NEO4J_STOP_TIMEOUT (default 60),
# NEO4J_HEAP (default 2g), JAVA (default java), MVN (default mvn).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="$here/run"
target="$here/target"
jar="$target/peacegraph-neo4j-1.0.0.jar"
java="${JAVA:-java}"
mvn="${MVN:-mvn}"
password="${NEO4J_PASSWORD:-peacegraph-dev}"
start_timeout="${NEO4J_START_TIMEOUT:-600}"
stop_timeout="${NEO4J_STOP_TIMEOUT:-60}"
heap="${NEO4J_HEAP:-2g}"

# The flags Neo4j's own start script and GDS need on Java 17.
jvm_flags=(
	"-Xms256m" "-Xmx$heap"
	-XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
	-Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
	-Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
	--add-opens=java.base/java.lang=ALL-UNNAMED
	--add-opens=java.base/java.lang.invoke=ALL-UNNAMED
	--add-opens=java.base/java.lang.reflect=ALL-UNNAMED
	--add-opens=java.base/java.io=ALL-UNNAMED
	--add-opens=java.base/java.nio=ALL-UNNAMED
	--add-opens=java.base/java.util=ALL-UNNAMED
	--add-opens=java.base/java.util.concurrent=ALL-UNNAMED
	--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
	--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
	--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
	--add-exports=java.base/sun.nio.ch=ALL-UNNAMED
	--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
)

die() {
	echo "neo4j.sh: $*" >&2
	exit 1
}

# up_to_date: the jar and both class path files exist and are newer than every source.
up_to_date() {
	local f
	for f in "$jar" "$target/server.classpath" "$target/check.classpath"; do
		[[ -s "$f" ]] || return 1
	done
	[[ -z "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]] || return 1
	# Every jar named on the class path must still be in the local repository.
	local entry
	while IFS= read -r entry; do
		[[ -z "$entry" || -f "$entry" ]] || return 1
	done < <(cat "$target/server.classpath" <(echo) "$target/check.classpath" <(echo) | tr ':' '\n')
}

cmd_build() {
	if up_to_date; then
		return 0
	fi
	command -v "$mvn" >/dev/null || die "maven ($mvn) is not installed: apt-get install maven"
	command -v "$java" >/dev/null || die "java 17 ($java) is not installed: apt-get install openjdk-17-jdk-headless"
	mkdir -p "$target"
	(
		# Starts running side by side build once, one after the other.
		if command -v flock >/dev/null; then
			flock 9
		fi
		if ! up_to_date; then
			echo "neo4j.sh: building the launcher (the first build downloads about 180 MB into ~/.m2)" >&2
			# Debian's Maven colours even quiet batch output; strip the escapes.
			cd "$here" && "$mvn" -q -B package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
		fi
	) 9>"$target/.build.lock"
	up_to_date || die "build left no jar or class path in $target"
}

port_of() {
	local p="${1:-${NEO4J_BOLT_PORT:-7687}}"
	[[ "$p" =~ ^[0-9]+$ ]] && ((p >= 1 && p <= 65535)) || die "not a port: $p"
	echo "$p"
}

# pid_of PORT: print the pid of a live launcher for PORT, or fail.
pid_of() {
	local pidfile="$run_dir/$1.pid" pid
	[[ -f "$pidfile" ]] || return 1
	pid="$(cat "$pidfile")"
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	# The pid may have been reused by another program: it must be our launcher.
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "peacegraph.neo4j.Launcher" || return 1
	echo "$pid"
}

check_classpath() {
	echo "$jar:$(cat "$target/check.classpath"):$(cat "$target/server.classpath")"
}

# run_check PORT TIMEOUT [flags]: ask the server over Bolt for its versions.
run_check() {
	local port="$1" timeout="$2"
	shift 2
	NEO4J_PASSWORD="$password" "$java" -Xmx256m -cp "$(check_classpath)" peacegraph.neo4j.Check \
		--timeout "$timeout" "$@" "bolt://127.0.0.1:$port"
}

cmd_start() {
	local port="" flags=() no_auth=()
	if [[ $# -gt 0 && "$1" != --* ]]; then
		port="$1"
		shift
	fi
	port="$(port_of "$port")"
	flags=("$@")
	local f
	for f in "${flags[@]}"; do
		[[ "$f" == "--no-auth" ]] && no_auth=(--no-auth)
	done
	if pid="$(pid_of "$port")"; then
		die "already running on port $port (pid $pid); stop it first"
	fi
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is already taken by another program"
	fi
	cmd_build
	mkdir -p "$run_dir"
	local log="$run_dir/$port.log" pidfile="$run_dir/$port.pid"
	: >"$log"
	local t0=$SECONDS
	(
		cd "$here"
		trap '' HUP # outlive the terminal that started it
		exec env NEO4J_PASSWORD="$password" NEO4J_BOLT_PORT="$port" \
			"$java" "${jvm_flags[@]}" -cp "$jar:$(cat "$target/server.classpath")" \
			peacegraph.neo4j.Launcher --port "$port" --data "$run_dir/$port" "${flags[@]}" \
			</dev/null >>"$log" 2>&1
	) &
	local pid=$!
	echo "$pid" >"$pidfile"

	# Wait for the launcher to say it is ready, or to die.
	until grep -q "peacegraph-neo4j ready" "$log"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			rm -f "$pidfile"
			echo "neo4j.sh: the server on port $port exited; last lines of $log:" >&2
			tail -n 40 "$log" >&2
			exit 1
		fi
		if ((SECONDS - t0 >= start_timeout)); then
			echo "neo4j.sh: the server on port $port is not ready after ${start_timeout}s; last lines of $log:" >&2
			tail -n 40 "$log" >&2
			stop_pid "$port" "$pid"
			exit 1
		fi
		sleep 0.5
	done
	local left=$((start_timeout - (SECONDS - t0)))
	((left > 5)) || left=5
	local versions
	if ! versions="$(run_check "$port" "$left" "${no_auth[@]}")"; then
		echo "neo4j.sh: Bolt on port $port does not answer gds.version()/apoc.version(); last lines of $log:" >&2
		tail -n 40 "$log" >&2
		stop_pid "$port" "$pid"
		exit 1
	fi
	echo "neo4j.sh: ready in $((SECONDS - t0))s, pid $pid, $versions, log $log" >&2
	echo "NEO4J_URI=bolt://127.0.0.1:$port"
}

# stop_pid PORT PID: SIGTERM, wait, SIGKILL after the stop timeout; remove the pid file.
stop_pid() {
	local port="$1" pid="$2" waited=0
	kill -TERM "$pid" 2>/dev/null || true
	while kill -0 "$pid" 2>/dev/null; do
		if ((waited >= stop_timeout * 2)); then
			echo "neo4j.sh: pid $pid did not stop in ${stop_timeout}s; killing it" >&2
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.5
			break
		fi
		sleep 0.5
		waited=$((waited + 1))
	done
	rm -f "$run_dir/$port.pid"
}

cmd_stop() {
	local port pid
	port="$(port_of "${1:-}")"
	if ! pid="$(pid_of "$port")"; then
		rm -f "$run_dir/$port.pid"
		echo "neo4j.sh: not running on port $port" >&2
		return 0
	fi
	stop_pid "$port" "$pid"
	echo "neo4j.sh: stopped pid $pid on port $port" >&2
}

cmd_status() {
	local port pid
	port="$(port_of "${1:-}")"
	if ! pid="$(pid_of "$port")"; then
		echo "stopped (port $port)"
		return 3
	fi
	echo "running (port $port, pid $pid, log $run_dir/$port.log)"
}

cmd_check() {
	local port
	port="$(port_of "${1:-}")"
	shift || true
	cmd_build
	run_check "$port" "${NEO4J_CHECK_TIMEOUT:-5}" "$@"
}

cmd_smoke() {
	local port pid
	port="$(port_of "${1:-7699}")"
	cmd_start "$port" >/dev/null
	pid="$(pid_of "$port")" || die "smoke: no pid for port $port after start"
	local ok=0
	run_check "$port" 30 --smoke || ok=1
	cmd_stop "$port"
	if kill -0 "$pid" 2>/dev/null; then
		die "smoke: pid $pid still runs after stop"
	fi
	[[ ! -e "$run_dir/$port.pid" ]] || die "smoke: $run_dir/$port.pid left behind"
	((ok == 0)) || die "smoke: failed on port $port"
	echo "neo4j.sh: smoke passed on port $port (started, answered, stopped, pid $pid gone)" >&2
}

case "${1:-}" in
build) cmd_build ;;
start) shift && cmd_start "$@" ;;
stop) shift && cmd_stop "$@" ;;
status) shift && cmd_status "$@" ;;
check) shift && cmd_check "$@" ;;
smoke) shift && cmd_smoke "$@" ;;
*)
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
