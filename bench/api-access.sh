#!/usr/bin/env bash
# The cost of the API's access checks and of TLS, end to end: wrk on loopback against
# dev.tcpmap.bench.ApiAccessBench (the API serving a fixed 12-connection graph) in each setup:
#   default   the Host check (loopback bind), no CORS, no token
#   cors      api.cors-origins set, requests with an allowed Origin
#   token     api.token-file set, requests with the token
#   tls       api.tls-* and api.token-file set, HTTPS (RSA 2048 key, made here by openssl)
#
#   bench/api-access.sh [SETUP...]        (default: all four)
#
# Settings (environment):
#   BENCH_CP           classpath of the bench main (default bench/target/benchmarks.jar: build it
#                      with ./mvnw -B package -DskipTests); a build from before the access settings
#                      runs the default setup alone
#   BENCH_RUNS         runs per setup and connection count; the median counts (default 3)
#   BENCH_SECONDS      length of each run (default 10), after a 5 s warm-up per server
#   BENCH_CONNECTIONS  wrk connection counts (default "2 64"), 2 threads
#   BENCH_PATH         the path asked (default /api/v1/graph)
# Prints a Markdown table: requests/s and p50/p99 latency, medians of the runs.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cp=${BENCH_CP:-$repo/bench/target/benchmarks.jar}
runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-2 64}
path=${BENCH_PATH:-/api/v1/graph}
setups=("$@")
[ ${#setups[@]} -gt 0 ] || setups=(default cors token tls)

die() { echo "api-access: $*" >&2; exit 2; }
command -v wrk >/dev/null || die "needs wrk (Debian wrk)"
command -v openssl >/dev/null || die "needs openssl"
command -v curl >/dev/null || die "needs curl"
java=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}/bin/java
[ -x "$java" ] || die "no JDK 25 (set JAVA_HOME)"

work=$(mktemp -d)
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
token=bench-token-0123456789abcdef
echo "$token" >"$work/token"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/tls.key" -out "$work/tls.crt" -days 2 \
  -subj /CN=tcpmap-bench -addext subjectAltName=IP:127.0.0.1 2>/dev/null

# Starts the server with the setup's keys; sets $port.
start() {
  local args=()
  case $1 in
    default) ;;
    cors) args=(api.cors-origins=https://grafana.example) ;;
    token) args=("api.token-file=$work/token") ;;
    tls) args=("api.token-file=$work/token" "api.tls-cert-file=$work/tls.crt"
      "api.tls-key-file=$work/tls.key") ;;
    *) die "unknown setup $1" ;;
  esac
  "$java" -XX:+UseSerialGC -Xmx384m -Xss1m -cp "$cp" dev.tcpmap.bench.ApiAccessBench \
    "${args[@]}" >"$work/out" 2>"$work/err" &
  server=$!
  for _ in $(seq 300); do
    port=$(sed -n 's/^port //p' "$work/out")
    [ -n "$port" ] && return
    kill -0 "$server" 2>/dev/null || die "server failed: $(cat "$work/err")"
    sleep 0.1
  done
  die "server did not start"
}

# The setup's scheme and request fields: sets $scheme and $headers.
request() {
  scheme=http headers=()
  case $1 in
    cors) headers=(-H "Origin: https://grafana.example") ;;
    token) headers=(-H "Authorization: Bearer $token") ;;
    tls) headers=(-H "Authorization: Bearer $token"); scheme=https ;;
  esac
}

# One request first: a cold JVM's first answer may take longer than wrk's 2 s timeout.
first() {
  request "$1"
  curl -sfk --max-time 120 -o /dev/null "${headers[@]}" "$scheme://127.0.0.1:$port$path" ||
    die "$1: the first request failed"
}

# wrk against the running server: prints "requests/s p50 p99" (ms).
measure() {
  local setup=$1 conns=$2 duration=$3
  request "$setup"
  wrk -t2 -c"$conns" -d"${duration}s" --latency "${headers[@]}" \
    "$scheme://127.0.0.1:$port$path" >"$work/wrk"
  grep -q "Non-2xx" "$work/wrk" && die "$setup: answers other than 2xx: $(cat "$work/wrk")"
  awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    function ms(t) { if (t ~ /us$/) return t/1000; if (t ~ /ms$/) return t+0; return t*1000 }
    END {printf "%d %.3f %.3f\n", r, ms(p50), ms(p99)}' "$work/wrk"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| setup | connections | requests/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
for setup in "${setups[@]}"; do
  start "$setup"
  first "$setup"
  for conns in $connections; do
    measure "$setup" "$conns" 5 >/dev/null
    : >"$work/runs"
    for _ in $(seq "$runs"); do measure "$setup" "$conns" "$seconds" >>"$work/runs"; done
    echo "| $setup | $conns | $(cut -d' ' -f1 "$work/runs" | median)" \
      "| $(cut -d' ' -f2 "$work/runs" | median) | $(cut -d' ' -f3 "$work/runs" | median) |"
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
