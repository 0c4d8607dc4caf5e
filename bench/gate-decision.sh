#!/usr/bin/env bash
# One quality-gate decision over an hour of logs in a running SparkSession: the sums of a TIER0
# model's production and candidate (50%) versions and the sequential test, against DuckDB computing
# the same per-version sums over the same Parquet files in the same run. Target: under 10 s.
#
# Usage: bench/gate-decision.sh [SCALE] [RUNS]   (SCALE 10: the sample TIER0 model logs ~200,000 rows an hour)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/time -f "whole run: %e s wall, %M KB max RSS" java -Xmx4g \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  -cp "$CP" io.modelfleet.bench.GateDecisionBench examples/registry "$WORK" "${1:-10}" "${2:-7}"
