#!/usr/bin/env bash
# The live agent's cost, end to end: short loopback connections as fast as a load generator can
# make them, without and with `tcpmap agent` running; the agent's CPU at a steady 1,000
# connections/s; the agent's RSS with 100,000 live connections.
#
#   sudo bench/agent-overhead.sh            (root: the agent loads BPF programs)
#
# Settings (environment):
#   BENCH_RUNS       untraced/traced pairs, interleaved; the median of each counts (default 5)
#   BENCH_WARMUP     seconds of load the agent gets before its measured burst (default 20: the
#                    JIT compiles the agent's event path in that time, as it would on a host it
#                    runs on for days)
#   BENCH_SECONDS    length of each burst (default 10)
#   BENCH_THREADS    load generator threads (default 8: the best rate on 2 vCPU)
#   BENCH_HOLD       live connections for the RSS figure (default 100000)
#   BENCH_PORT       the agent's API port (default 16676)
# Prints a Markdown table. The load generator is dev.tcpmap.bench.ConnectLoad.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=${BENCH_RUNS:-5}
seconds=${BENCH_SECONDS:-10}
threads=${BENCH_THREADS:-8}
hold=${BENCH_HOLD:-100000}
port=${BENCH_PORT:-16676}
warmup=${BENCH_WARMUP:-20}
api="http://127.0.0.1:$port"

die() { echo "agent-overhead: $*" >&2; exit 2; }
say() { echo "agent-overhead: $*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (the agent loads BPF programs)"
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
. "$repo/scripts/jdk.sh" && tcpmap_find_jdk || exit 2
java=$JAVA_HOME/bin/java
cd "$repo"
./mvnw -B -q package -DskipTests >/dev/null
load() { "$java" -Xmx512m -cp bench/target/benchmarks.jar dev.tcpmap.bench.ConnectLoad "$@"; }

agent_pid=
start_agent() {
  TCPMAP_TRACER_MAX_SOCKETS=${1:-131072} ./tcpmap agent --port "$port" >/tmp/agent-overhead.log 2>&1 &
  agent_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "$api/nodegraph/api/health" >/dev/null && return 0
    kill -0 "$agent_pid" 2>/dev/null || { cat /tmp/agent-overhead.log >&2; die "the agent did not start"; }
    sleep 0.1
  done
  die "the agent did not answer within 30 s"
}
stop_agent() {
  kill -TERM "$agent_pid"
  wait "$agent_pid" || true
  agent_pid=
}
trap '[ -n "$agent_pid" ] && kill -9 "$agent_pid" 2>/dev/null; true' EXIT
status() { curl -sf "$api/api/v1/status"; }
lost() { status | jq "[.losses | to_entries[] | select(.key | startswith(\"tracer/\")) | .value] | add // 0"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

say "warm-up"
load burst 3 "$threads" >/dev/null

untraced=(); traced=(); losses=0
for run in $(seq 1 "$runs"); do
  u=$(load burst "$seconds" "$threads" | awk '{print $2}')
  start_agent
  load burst "$warmup" "$threads" >/dev/null
  base=$(lost)
  t=$(load burst "$seconds" "$threads" | awk '{print $2}')
  sleep 1
  l=$(($(lost) - base))
  stop_agent
  say "run $run: untraced $u/s, traced $t/s, lost $l"
  untraced+=("$u"); traced+=("$t"); losses=$((losses + l))
done
u_med=$(printf '%s\n' "${untraced[@]}" | median)
t_med=$(printf '%s\n' "${traced[@]}" | median)

say "agent CPU at 1,000 connections/s"
start_agent
sleep 5
hz=$(getconf CLK_TCK)
before=$(cpu_ticks "$agent_pid"); t0=$(date +%s.%N)
load steady 30 1000 >/dev/null
after=$(cpu_ticks "$agent_pid"); t1=$(date +%s.%N)
cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" -v t0="$t0" -v t1="$t1" \
  'BEGIN {printf "%.2f", 100 * (a - b) / hz / (t1 - t0)}')
steady_lost=$(lost)
stop_agent

say "agent RSS with $hold live connections"
# One process cannot hold them all: the open-file limit here is 20,000 and cannot be raised.
start_agent 524288
# Opened one holder at a time (each waits for its connections): a realistic ramp, not a burst.
per=9000; holders=(); outs=()
remaining=$hold
while [ "$remaining" -gt 0 ]; do
  n=$((remaining < per ? remaining : per))
  out=$(mktemp /tmp/agent-overhead-hold.XXXXXX)
  # Not through load(): $! must be the JVM's pid, not a subshell's, for the kill below.
  "$java" -Xmx512m -cp bench/target/benchmarks.jar dev.tcpmap.bench.ConnectLoad hold "$n" 180 \
    >"$out" &
  holders+=($!); outs+=("$out")
  for _ in $(seq 1 1200); do grep -q ready "$out" && break; sleep 0.1; done
  grep -q ready "$out" || die "a holder did not get its connections open"
  remaining=$((remaining - n))
done
sleep 15   # three iterator rounds at the default 5 s
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$agent_pid/status")
open_seen=$(status | jq '.connections.open // empty')
hold_lost=$(lost)
kill "${holders[@]}" 2>/dev/null || true
wait "${holders[@]}" 2>/dev/null || true
rm -f "${outs[@]}"
stop_agent

cat <<EOF

| figure | value |
|---|---|
| untraced rate (median of $runs × ${seconds}s, $threads threads) | $u_med connections/s |
| traced rate (median) | $t_med connections/s |
| traced / untraced | $(awk -v t="$t_med" -v u="$u_med" 'BEGIN {printf "%.3f", t / u}') |
| events lost by the tracer in the traced runs | $losses |
| agent CPU at 1,000 connections/s (30 s) | $cpu % of a core (lost: $steady_lost) |
| agent RSS with $hold live connections | $((rss_kib / 1024)) MiB (open seen: ${open_seen:-?}, lost: $hold_lost) |
EOF
