#!/usr/bin/env bash
# Benchmark-sized check: the discrete-event queue simulator against Erlang C, M/M/24 at utilization
# 0.70-0.95 with at least 3 million requests each (default 5 million). Exits 1 if a point is outside
# 4% (P(wait), mean wait) or 6% (p99 wait).
#
# Usage: bench/queue-agreement.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
java -Xmx2g -cp "$CP" io.modelfleet.bench.QueueAgreement "$@"
