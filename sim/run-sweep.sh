#!/usr/bin/env bash
# Builds the sim module (and core and wire from this tree) and runs the seed sweep: one random fault scenario per
# seed, checking safety after every action and liveness after the final heal. Arguments go to SeedSweep:
#
#   sim/run-sweep.sh <seeds> <first-seed> [<min>-<max> nodes] [<max wall seconds>] [--stop-on-failure] [--verbose]
#
# e.g. `sim/run-sweep.sh 5000 1 3-10 600` (thousands of seeds, at most 10 minutes), or `sim/run-sweep.sh 1 364
# --verbose` to rerun one seed with its schedule. Exit status: 0 all passed, 1 some seed failed, 2 bad arguments.
# See docs/simulation.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# -am builds core and wire from this tree; no install, so the shared ~/.m2 is never written.
mvn -q -B -pl sim -am package -DskipTests -Dfuzz.seconds=0

exec java -cp sim/target/classes:core/target/classes:wire/target/classes \
    io.sipcluster.sim.sweep.SeedSweep "$@"
