#!/usr/bin/env bash
# Server CPU per request, before and after, interleaved: starts `tcpmap analyze FILE --serve` from
# two trees at once, warms both up, then alternates rounds of N sequential requests per path and
# prints each server process's CPU ms per request (utime+stime from /proc, JIT threads included)
# and the wall ms per request.   usage: api-ab.sh OLD_TREE NEW_TREE N ROUNDS PATH...
set -euo pipefail
old=$1 new=$2 n=$3 rounds=$4; shift 4
file=${FILE:-/tmp/tcpmap-bench/real.pcap}
tick=$(getconf CLK_TCK)
declare -A pids
start() { # tree port
  "$1/tcpmap" analyze "$file" --serve --no-progress --port "$2" >/tmp/api-ab-$2.log 2>&1 &
  for i in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$2/api/v1/graph" && break; sleep 0.5; done
  pids[$2]=$(ss -ltnp "sport = :$2" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
}
start "$old" 17011; start "$new" 17012
trap 'kill ${pids[17011]} ${pids[17012]} 2>/dev/null || true' EXIT
cpu() { awk -v t="$tick" '{ print ($14 + $15) * 1000 / t }' "/proc/${pids[$1]}/stat"; }
hit() { for i in $(seq "$2"); do curl -sf -o /dev/null "http://127.0.0.1:$1$3"; done; }
for port in 17011 17012; do for path in "$@"; do hit $port $((n * 2)) "$path"; done; done
for r in $(seq "$rounds"); do
  for path in "$@"; do
    for port in 17011 17012; do
      c0=$(cpu $port); t0=$(date +%s%N); hit $port "$n" "$path"; c1=$(cpu $port); t1=$(date +%s%N)
      side=$([ $port = 17011 ] && echo old || echo new)
      awk -v r="$r" -v s="$side" -v p="$path" -v c="$(echo "$c1 - $c0" | bc)" \
        -v w="$(( (t1 - t0) / 1000000 ))" -v n="$n" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
        'BEGIN { printf "round %s %s %-48s cpu %6.1f ms/req  wall %6.1f ms/req  load %s\n", r, s, p, c / n, w / n, l }'
    done
  done
done
