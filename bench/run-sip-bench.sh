#!/usr/bin/env bash
# Builds benchmarks.jar and runs the SIP REGISTER benchmark (parse, build the 200 OK, both), printing JMH's table.
#
# One fork, 3 warmup and 5 measured iterations (JMH's default 10 s each), one thread: the target is stated per
# core. The gc profiler adds gc.alloc.rate.norm, the bytes allocated per operation.
# Extra arguments go to JMH, e.g. `-p message=sipp` or `-prof stack`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# -am builds wire and sip from this tree; no install, so the shared ~/.m2 is never written.
mvn -q -pl bench -am package -DskipTests -Dfuzz.seconds=0

exec java -jar bench/target/benchmarks.jar 'io\.sipcluster\.bench\.SipRegisterBench' \
    -f 1 -wi 3 -i 5 -t 1 -prof gc "$@"
