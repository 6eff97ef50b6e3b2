#!/usr/bin/env bash
# Offline analysis, end to end: tcpmap against tshark and argus on the same capture files.
#
#   sudo bench/analyze-vs-peers.sh            (run as root, from anywhere)
#
# Makes two captures in $BENCH_DIR (default /tmp/tcpmap-bench; never inside the repository),
# unless they are already there:
#   real.pcap       real traffic between two network namespaces, recorded by tcpdump
#                   (BenchCapture: ~24k connections, ~5 M packets, ~1.5 GB)
#   synthetic.pcap  >= 100k interleaved flows (dev.tcpmap.bench.SyntheticCapture)
# then times, on each file after a warm-up read (page cache), with /usr/bin/time:
#   ./tcpmap analyze FILE --json                  (one CLI run: JVM start-up and first pass included)
#   tshark -q -z conv,tcp -r FILE
#   argus -r FILE -w - | ra -n                    (peak RSS: the largest process of the pipeline)
# and prints a Markdown table: wall seconds, peak RSS, and each peer's time over tcpmap's.
#
# Settings (environment):
#   BENCH_DIR          where the captures go (default /tmp/tcpmap-bench)
#   BENCH_CONNECTIONS  connections in real.pcap (default 24000)
#   BENCH_PARALLEL     concurrent connections while making it (default 32)
#   BENCH_FLOWS        flows in synthetic.pcap (default 100000)
#   BENCH_PACKETS      packets in synthetic.pcap (default 5000000: about 2 GB; tshark needs about 4× the file in RAM)
#   BENCH_REGENERATE   1 = make the captures again even if present
#   BENCH_TOOLS        which tools to time (default "tcpmap tshark argus")
#   BENCH_RUNS         runs of each tool on each file; the fastest counts (default 3: the VM is noisy)
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bench_dir=$(readlink -m "${BENCH_DIR:-/tmp/tcpmap-bench}")
connections=${BENCH_CONNECTIONS:-24000}
parallel=${BENCH_PARALLEL:-32}
flows=${BENCH_FLOWS:-100000}
packets=${BENCH_PACKETS:-5000000}
tools=${BENCH_TOOLS:-tcpmap tshark argus}
runs=${BENCH_RUNS:-3}

die() { echo "analyze-vs-peers: $*" >&2; exit 2; }
say() { echo "analyze-vs-peers: $*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (network namespaces, tcpdump, apt-get)"
case "$bench_dir/" in
  "$repo"/*) die "BENCH_DIR ($bench_dir) must be outside the repository ($repo)" ;;
esac
mkdir -p "$bench_dir"

install_missing() {
  local missing=()
  command -v tshark >/dev/null || missing+=(tshark)
  command -v capinfos >/dev/null || missing+=(tshark)
  command -v ra >/dev/null || missing+=(argus-client)
  command -v argus >/dev/null || missing+=(argus-server)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  command -v jq >/dev/null || missing+=(jq)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

make_real() {
  local out=$bench_dir/real.pcap
  if [ -s "$out" ] && [ "${BENCH_REGENERATE:-0}" != 1 ]; then return; fi
  say "making $out ($connections connections; a few minutes)"
  "$repo/scripts/testnet-run.sh" dev.tcpmap.capture.testnet.BenchCapture "$out" \
    "$connections" "$parallel" >&2
}

make_synthetic() {
  local out=$bench_dir/synthetic.pcap jar=$repo/bench/target/benchmarks.jar
  if [ -s "$out" ] && [ "${BENCH_REGENERATE:-0}" != 1 ]; then return; fi
  # shellcheck source=../scripts/jdk.sh
  . "$repo/scripts/jdk.sh"
  tcpmap_find_jdk
  if ! "$JAVA_HOME/bin/jar" tf "$jar" 2>/dev/null | grep -q '^dev/tcpmap/bench/SyntheticCapture.class$'; then
    say "building $jar"
    (cd "$repo" && ./mvnw -B -q -pl bench -am -DskipTests package >&2) || true
  fi
  say "making $out ($flows flows, $packets packets)"
  if ! "$JAVA_HOME/bin/java" -cp "$jar" dev.tcpmap.bench.SyntheticCapture \
    "$out" "$flows" "$packets" >&2; then
    say "could not make $out (is dev.tcpmap.bench.SyntheticCapture built?); skipping it"
    rm -f "$out"
  fi
}

# Prints "SECONDS RSS_KIB" of the fastest of $runs runs of the command (stdout discarded), or
# "n/a n/a" when a run fails.
measure() {
  local stats i best=""
  stats=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    if ! /usr/bin/time -f '%e %M' -o "$stats" "$@" >/dev/null 2>"$stats.err"; then
      say "failed: $* ($(tail -n 3 "$stats.err" | tr '\n' ' '))"
      rm -f "$stats" "$stats.err"
      echo "n/a n/a"
      return
    fi
    best=$(printf '%s\n%s\n' "$best" "$(tail -n 1 "$stats")" | sed '/^$/d' | sort -n | head -n 1)
  done
  rm -f "$stats" "$stats.err"
  echo "$best"
}

# Prints "PACKETS CONNECTIONS" as tcpmap counts them (from its JSON), or "n/a n/a".
tcpmap_counts() {
  local json
  json=$(mktemp)
  if "$repo/tcpmap" analyze "$1" --json >"$json" 2>/dev/null; then
    jq -r '[(.packets // .summary.packets // "n/a"),
            ((.connections | length?) // .summary.connections // "n/a")] | @tsv' "$json" \
      2>/dev/null | tr '\t' ' ' || echo "n/a n/a"
  else
    echo "n/a n/a"
  fi
  rm -f "$json"
}

ratio() {
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && [ "$2" != 0.00 ]; then
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'
  else
    echo "n/a"
  fi
}

bench_file() {
  local file=$1 name size pkts counts t_tcpmap t_tshark t_argus
  name=$(basename "$file")
  size=$(du -BM --apparent-size "$file" | cut -f1)
  pkts=$(capinfos -M -c "$file" | awk -F': *' '/Number of packets/ { print $2 }')
  cat "$file" >/dev/null # warm-up: the page cache holds the file for every tool alike
  counts="n/a n/a"; t_tcpmap="n/a n/a"; t_tshark="n/a n/a"; t_argus="n/a n/a"
  if [[ " $tools " == *" tcpmap "* ]]; then
    counts=$(tcpmap_counts "$file") # also builds the launcher's jar on its first run
    t_tcpmap=$(measure "$repo/tcpmap" analyze "$file" --json)
  fi
  if [[ " $tools " == *" tshark "* ]]; then
    t_tshark=$(measure tshark -q -z conv,tcp -r "$file")
  fi
  if [[ " $tools " == *" argus "* ]]; then
    t_argus=$(measure bash -c 'argus -r "$1" -w - | ra -n' argus "$file")
  fi
  read -r s_tcpmap m_tcpmap <<<"$t_tcpmap"
  read -r s_tshark m_tshark <<<"$t_tshark"
  read -r s_argus m_argus <<<"$t_argus"
  read -r c_packets c_connections <<<"$counts"
  printf '| %s | %s | %s | %s / %s | %s s, %s KiB | %s s, %s KiB | %s s, %s KiB | %s | %s |\n' \
    "$name" "$size" "$pkts" "$c_packets" "$c_connections" "$s_tcpmap" "$m_tcpmap" \
    "$s_tshark" "$m_tshark" "$s_argus" "$m_argus" \
    "$(ratio "$s_tshark" "$s_tcpmap")" "$(ratio "$s_argus" "$s_tcpmap")"
}

install_missing
make_real
make_synthetic

echo
echo "Offline analysis on $(nproc) CPUs, fastest of $runs runs each, $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, warm page cache ($(date -u +%Y-%m-%d))."
echo
echo "| file | size | packets (capinfos) | tcpmap packets / connections | tcpmap | tshark conv,tcp | argus \\| ra | tshark / tcpmap | argus / tcpmap |"
echo "|---|---|---|---|---|---|---|---|---|"
for file in "$bench_dir/real.pcap" "$bench_dir/synthetic.pcap"; do
  if [ -s "$file" ]; then
    bench_file "$file"
  fi
done
