#!/usr/bin/env bash
# Before and after, interleaved: runs the same JMH benchmarks from two benchmark jars in turn
# (A, B, A, B, ...), so that a shared, noisy machine weighs on both alike, and prints each run's
# score. For "did this change make anything slower": build the old revision's jar in a worktree.
#
#   bench/ab-jmh.sh OLD.jar NEW.jar ROUNDS 'JMH arguments' ['JMH arguments for NEW, if they differ']
#   e.g. bench/ab-jmh.sh /tmp/old/benchmarks.jar bench/target/benchmarks.jar 3 \
#          '-p active=1000 -p flows=5000 -p snapLength=96 DecodeTrackBenchmark.decodeTrack$'
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,9p "$0" >&2; exit 2; }
old=$1 new=$2 rounds=$3 args_old=$4 args_new=${5:-$4}
# shellcheck source=../scripts/jdk.sh
. "$(dirname "$(readlink -f "$0")")/../scripts/jdk.sh"
tcpmap_find_jdk
java_bin=$JAVA_HOME/bin/java
for round in $(seq "$rounds"); do
  for side in old new; do
    if [ $side = old ]; then jar=$old; a=$args_old; else jar=$new; a=$args_new; fi
    # shellcheck disable=SC2086
    "$java_bin" -jar "$jar" -f 1 -wi 3 -i 5 -rf csv -rff /tmp/ab-$$.csv $a >/dev/null 2>&1
    tail -n +2 /tmp/ab-$$.csv | while IFS=, read -r name mode threads samples score error unit rest; do
      echo "round $round $side ${name//\"/} ${rest//\"/} score $score ± $error ${unit//\"/}"
    done
  done
done
rm -f /tmp/ab-$$.csv
