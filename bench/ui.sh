#!/usr/bin/env bash
# The web UI in headless Chromium on synthetic graphs (see UiBench):
#   bench/ui.sh [NODES...]      (default 200 2000 10000)
# Needs /usr/bin/chromium (apt-get install chromium). Builds the bench jar.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/jdk.sh
. scripts/jdk.sh
tcpmap_find_jdk
./mvnw -B -q -pl bench -am package -DskipTests >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" >&2
exec "$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar dev.tcpmap.bench.UiBench "$@"
