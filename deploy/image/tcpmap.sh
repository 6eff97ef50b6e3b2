#!/bin/sh
# tcpmap in its image: the jlinked Java runtime, a bounded heap, native access, the SQLite driver's
# library loaded from the image (the root filesystem may be read-only), the AOT cache when present.
#   TCPMAP_HEAP       maximum heap (default 384m for agent and demo, 1g otherwise)
#   TCPMAP_JAVA_OPTS  extra JVM options
#   TMPDIR            a writable directory for temporary files (default /tmp: a tmpfs or a volume
#                     when the root filesystem is read-only)
# Only these TCPMAP_ names: tcpmap refuses TCPMAP_ variables it does not know.
set -eu
home=/opt/tcpmap
tmp=${TMPDIR:-/tmp}
heap=1g
young=""
case "${1:-}" in
  agent | demo)
    # As ./tcpmap: the agent's garbage dies within a poll round (docs/performance.md).
    heap=384m
    young="-Xmn48m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
    ;;
esac
aot=""
if [ -f "$home/tcpmap.aot" ]; then
  aot="-XX:AOTCache=$home/tcpmap.aot"
fi
# shellcheck disable=SC2086 # the option lists are meant to split
# protobuf (under CEL, the filter language) uses sun.misc.Unsafe: no warning about it on stderr.
exec "$home/java/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss1m \
  --sun-misc-unsafe-memory-access=allow \
  -Xlog:disable -Xlog:all=warning:stderr $aot $young -Xmx"${TCPMAP_HEAP:-$heap}" \
  -Djava.io.tmpdir="$tmp" -Dorg.sqlite.tmpdir="$tmp" \
  -Dorg.sqlite.lib.path="$home/lib" -Dorg.sqlite.lib.name=libsqlitejdbc.so \
  ${TCPMAP_JAVA_OPTS:-} -jar "$home/tcpmap.jar" "$@"
