#!/usr/bin/env bash
# Runs a main class of the tcpmap-capture test tree (the traffic generator in
# dev.tcpmap.capture.testnet) with the test class path, as root:
#   scripts/testnet-run.sh dev.tcpmap.capture.testnet.DemoCapture OUT.pcap
# Compiles the test tree first (./mvnw test-compile; nothing is installed into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 MAIN_CLASS [ARGS...]" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (network namespaces, tcpdump)" >&2
  exit 2
fi
# shellcheck source=jdk.sh
. scripts/jdk.sh
tcpmap_find_jdk
./mvnw -B -q -pl tcpmap-capture -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/testnet.classpath >&2
cp="tcpmap-capture/target/test-classes:tcpmap-capture/target/classes:$(cat tcpmap-capture/target/testnet.classpath)"
exec "$JAVA_HOME/bin/java" -cp "$cp" "$@"
