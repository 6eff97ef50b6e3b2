#!/usr/bin/env bash
# Live capture with the filter on at the test hosts' highest rate (see LiveCaptureBench):
#   bench/live-capture.sh [SECONDS [CONNECTIONS [TLS_PORTS: 443|none [RING_MIB]]]]
# Needs root. Builds the bench jar (nothing is installed into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (network namespaces, AF_PACKET)" >&2
  exit 2
fi
# shellcheck source=../scripts/jdk.sh
. scripts/jdk.sh
tcpmap_find_jdk
./mvnw -B -q -pl bench -am package -DskipTests >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
  dev.tcpmap.bench.LiveCaptureBench "$@"
