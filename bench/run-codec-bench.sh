#!/usr/bin/env bash
# Builds benchmarks.jar and runs the BIN codec benchmarks, printing JMH's result table.
#
# One fork, 3 warmup and 5 measured iterations (JMH's default 10 s each), one thread: the target is stated per
# core. The gc profiler adds gc.alloc.rate.norm, the bytes allocated per operation.
# Extra arguments go to JMH, e.g. `-p vector=051-usrloc-contact-repl-REPL_UCONTACT_INSERT.bin` or `-prof stack`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# -am builds wire from this tree; no install, so the shared ~/.m2 is never written.
mvn -q -pl bench -am package -DskipTests

exec java -jar bench/target/benchmarks.jar \
    'io\.sipcluster\.bench\.(ContactInsert|Ping)CodecBench' \
    -f 1 -wi 3 -i 5 -t 1 -prof gc "$@"
