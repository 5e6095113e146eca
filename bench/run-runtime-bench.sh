#!/usr/bin/env bash
# Runtime benchmarks with real node processes on loopback: failure detection after kill -9 and SIGSTOP for the
# default (OpenSIPS) and FAST timings, idle CPU and memory of a 3-node cluster, and sync throughput. Numbers: docs/benchmarks.md.
#
#   bench/run-runtime-bench.sh            everything (about 7 minutes)
#   bench/run-runtime-bench.sh detect fast kill 10
#   bench/run-runtime-bench.sh idle default 30 small
#   bench/run-runtime-bench.sh sync 50000 300 5
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl runtime -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test -Dfuzz.seconds=0
CP="runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/bench-classpath.txt)"
run() { java -cp "$CP" io.sipcluster.runtime.bench.RuntimeBench "$@"; }

if [ $# -gt 0 ]; then
    run "$@"
    exit
fi
run detect fast kill 10
run detect fast stop 10
run detect default kill 5
run detect default stop 5
run idle fast 30 small
run idle default 30 small
run idle default 30 default
run sync 50000 300 5
run sync 200000 300 3
