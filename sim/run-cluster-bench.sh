#!/usr/bin/env bash
# Builds the sim module (and core and wire from this tree) and runs ClusterBench: failure detection, convergence,
# steady-state control traffic and full-mesh scaling, all in simulated time. Prints Markdown tables.
#
#   sim/run-cluster-bench.sh [<seeds per measurement, default 200>] [<wall seconds per scaling size, default 120>]
#
# See docs/benchmarks.md, section "Cluster behaviour (simulated)".
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# -am builds core and wire from this tree; no install, so the shared ~/.m2 is never written.
mvn -q -B -pl sim -am package -DskipTests -Dfuzz.seconds=0

exec java -cp sim/target/classes:core/target/classes:wire/target/classes \
    io.sipcluster.sim.bench.ClusterBench "$@"
