#!/usr/bin/env bash
# usrloc sync benchmark with real processes on loopback: a donor node (in the bench JVM, filled with N phone-like
# contacts of about 300 bytes on the wire) and a joining `sipcluster node` process. Prints, per N: the time from
# the joiner's process start until its table holds all N (sync done), the donor's heap before and at most during
# the sync, and the heap per 100k contacts. Numbers: docs/benchmarks.md.
#
#   bench/run-usrloc-sync-bench.sh                 100,000 and 1,000,000 contacts
#   bench/run-usrloc-sync-bench.sh 100000          one size
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl app -am package -DskipTests -Dfuzz.seconds=0
mvn -q -B -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test -Dfuzz.seconds=0
CP="app/target/test-classes:app/target/classes:$(cat app/target/bench-classpath.txt)"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
SIPCLUSTER_LOG_LEVEL=${SIPCLUSTER_LOG_LEVEL:-WARN} java -Xmx3g ${BENCH_JAVA_OPTS:-} -Dsipcluster.jar=app/target/sipcluster.jar -cp "$CP" \
    io.sipcluster.app.bench.UsrlocSyncBench "${sizes[@]}"
