#!/usr/bin/env bash
# Benchmark (JMH): the ranking simulator's scorers against a tight dense loop of the same shape,
# measured in the same run, and the whole funnel's replay rate on one core. Prints achieved GFLOP/s,
# the scorer/loop ratio (target >= 0.5) and requests/s per core.
#
# Usage: bench/scorers.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
java -cp "$CP" io.modelfleet.bench.ScorerBenchmark "$@"
