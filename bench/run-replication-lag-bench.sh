#!/usr/bin/env bash
# usrloc replication lag between two nodes over real BIN connections on loopback (both in one JVM, so one clock
# times both ends): registrations paced at a fixed rate on node A, each timed from A's table to B's table.
# Prints p50/p90/p99/p99.9/max. Numbers: docs/benchmarks.md.
#
#   bench/run-replication-lag-bench.sh              2,000/s for 20 s
#   bench/run-replication-lag-bench.sh 5000 10      another rate and duration
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test -Dfuzz.seconds=0
CP="app/target/test-classes:app/target/classes:$(cat app/target/bench-classpath.txt)"
SIPCLUSTER_LOG_LEVEL=${SIPCLUSTER_LOG_LEVEL:-WARN} java -Xmx1g -cp "$CP" io.sipcluster.app.bench.ReplicationLagBench "$@"
