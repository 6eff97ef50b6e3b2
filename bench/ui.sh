#!/usr/bin/env bash
# The web UI in headless Chromium on synthetic graphs (see UiBench):
#   bench/ui.sh [NODES...]      (default 200 2000 10000)
# Needs /usr/bin/chromium (apt-get install chromium). Builds the bench jar.
# UI_BENCH_OPTS='-Dui.profile=true -Dui.trace=NAME,...' prints where the first run's JavaScript
# time went (self time by function; the callers of the functions named in ui.trace); point
# index.html at cytoscape.umd.js instead of .min.js for readable names.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/jdk.sh
. scripts/jdk.sh
tcpmap_find_jdk
./mvnw -B -q -pl bench -am package -DskipTests >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" >&2
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${UI_BENCH_OPTS:-} -cp bench/target/benchmarks.jar dev.tcpmap.bench.UiBench "$@"
