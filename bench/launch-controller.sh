#!/usr/bin/env bash
# The launch controller under load: 1,000 launches (a generated fleet of 8 teams) through the whole
# workflow on the simulated fleet, up to 100 open at once, on the default embedded H2 database.
# Reports the tick's wall time at 100 open launches against a same-run floor (list + one locked
# update per launch, one commit each), launches per simulated week, and the longest wait on the
# controller. Target: a tick over 100 open launches under 200 ms; no step waits more than one tick.
#
# Usage: bench/launch-controller.sh [LAUNCHES] [OPEN]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
/usr/bin/time -f "whole run: %e s wall, %M KB max RSS" java -Xmx1g -cp "$CP" io.modelfleet.bench.LaunchControllerBench "${1:-1000}" "${2:-100}"
