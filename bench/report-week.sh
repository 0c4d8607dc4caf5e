#!/usr/bin/env bash
# Benchmark: `modelfleet report` over 7 days of a 1,000-model fleet (168,000 model-hours in slo_hourly),
# against DuckDB running the same aggregates over the same tables' Parquet files, in the same session.
# Prints the report's size, its time split (Spark start, reading the aggregates, drawing the page) and
# three ratios:
#   read, warm: the report's reading in a running SparkSession (how the scheduler or demo would make it)
#               / DuckDB's warm queries
#   read, cold: the reading inside a whole `modelfleet report` process / DuckDB's first (cold) queries
#   whole: the whole `modelfleet report` process / DuckDB's whole process
# The warehouse is built once, under target/bench/report, by the real pipeline: a generated registry
# (its minimum events per hour scaled with the volume), 7 days of prediction logs at --scale (default
# 0.05, ~37 million rows) with five incidents, `slo run`.
#
# Usage: bench/report-week.sh [--scale F] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=0.05
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

WORK=target/bench/report
FROM=2026-11-14T00
TO=2026-11-20T23
mkdir -p "$WORK"
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"

if [[ ! -d "$WORK/registry" ]]; then
  bin/modelfleet generate registry --models 1000 --seed 1 --out "$WORK/registry" >/dev/null
  # The logs are written at a fraction of production volume; the tiers' minimum events per hour are
  # scaled the same way, so hours are judged as they would be at full volume (with wider intervals)
  # rather than all read as INSUFFICIENT_DATA.
  python3 - "$WORK/registry/tiers.yaml" "$SCALE" <<'PY'
import re, sys
path, scale = sys.argv[1], float(sys.argv[2])
text = open(path).read()
text = re.sub(r"min_events_per_hour: (\d+)",
              lambda m: "min_events_per_hour: %d" % max(1, round(int(m.group(1)) * scale)), text)
open(path, "w").write(text)
PY
fi
if [[ ! -d "$WORK/warehouse/slo_hourly" ]]; then
  echo "generating 7 days of logs (scale $SCALE) and judging them (a few minutes, once)..."
  bin/modelfleet generate predictions --registry "$WORK/registry" --out "$WORK/logs" --from "$FROM" --to "$TO" \
    --scale "$SCALE" --master 'local[*]' \
    --incident miscalibrate:ig_comments_integrity_sourcing_v2:2026-11-18T06:1.6 \
    --incident ne-degrade:ig_comments_comment_esr_v3:2026-11-19T00:0.3 \
    --incident traffic-drop:ig_comments_ctr_lsr_v2:2026-11-17T12:0.05 \
    --incident invalid-rows:ig_comments_comment_sourcing_v1:2026-11-16T00:0.02 \
    --incident unregistered:ghost_model:2026-11-15T10:500 >/dev/null
  bin/modelfleet slo run --registry "$WORK/registry" --logs "$WORK/logs" --warehouse "$WORK/warehouse" \
    --from "$FROM" --to "$TO" --yes --master 'local[*]' >/dev/null
fi

timed() {  # prints "wall_seconds peak_mib" of a whole command; its stdout goes to $WORK/last.out
  /usr/bin/time -o "$WORK/time.txt" -f "%e %M" "$@" > "$WORK/last.out" 2> "$WORK/last.err"
  read -r wall kb < "$WORK/time.txt"
  echo "$wall $((kb / 1024))"
}

echo "modelfleet report, $RUNS whole processes:"
: > "$WORK/report.runs"
for run in $(seq "$RUNS"); do
  read -r wall rss < <(timed bin/modelfleet report --registry "$WORK/registry" --warehouse "$WORK/warehouse" \
    --from "$FROM" --to "$TO" --out "$WORK/report.html" --format json)
  python3 - "$WORK/last.out" "$wall" "$rss" <<'PY' | tee -a "$WORK/report.runs"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  run: process {sys.argv[2]} s (peak {sys.argv[3]} MiB); in it: Spark start {r['spark_seconds']:.1f} s, "
      f"reading {r['read_seconds']:.2f} s, drawing {r['render_seconds']:.2f} s; {r['bytes'] / 1e6:.2f} MB, "
      f"{r['flagged_models']} flagged, {r['drawn_models']} drawn")
PY
done

OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
echo "the report in one SparkSession, $RUNS runs (first cold):"
java "${OPENS[@]}" -Xmx2g -cp "$CP" io.modelfleet.bench.ReportWarm "$WORK/registry" "$WORK/warehouse" "$FROM" "$TO" "$RUNS" \
  2>/dev/null | tee "$WORK/warm.log"

echo "DuckDB, the same aggregates, $RUNS runs in one process (first cold):"
java -cp "$CP" io.modelfleet.bench.DuckDbReportQueries "$WORK/warehouse" "${FROM/T/ }:00:00" "2026-11-21 00:00:00" "$RUNS" \
  | tee "$WORK/duckdb.log"
read -r duck_wall duck_rss < <(timed java -cp "$CP" io.modelfleet.bench.DuckDbReportQueries "$WORK/warehouse" \
  "${FROM/T/ }:00:00" "2026-11-21 00:00:00" 1)
echo "DuckDB whole process: ${duck_wall} s, peak ${duck_rss} MiB"

python3 - "$WORK/report.runs" "$WORK/duckdb.log" "$duck_wall" "$WORK/warm.log" <<'PY'
import re, statistics, sys
runs = open(sys.argv[1]).read()
reads = [float(x) for x in re.findall(r"reading ([0-9.]+) s", runs)]
procs = [float(x) for x in re.findall(r"process ([0-9.]+) s", runs)]
duck = [float(x) for x in re.findall(r"duckdb run \d+: ([0-9.]+) s", open(sys.argv[2]).read())]
duck_warm = statistics.median(duck[1:]) if len(duck) > 1 else duck[0]
warm = [float(x) for x in re.findall(r"report run \d+: reading ([0-9.]+) s", open(sys.argv[4]).read())]
warm_read = statistics.median(warm[1:]) if len(warm) > 1 else warm[0]
print(f"read, warm: report {warm_read:.2f} s (median of warm runs) vs DuckDB warm {duck_warm:.2f} s: "
      f"{warm_read / duck_warm:.1f}x")
print(f"read, cold: report process's reading {statistics.median(reads):.2f} s (median) vs DuckDB cold "
      f"{duck[0]:.2f} s: {statistics.median(reads) / duck[0]:.1f}x")
print(f"whole: report process {statistics.median(procs):.1f} s (median) vs DuckDB process {float(sys.argv[3]):.1f} s: "
      f"{statistics.median(procs) / float(sys.argv[3]):.1f}x")
PY
echo "the page: $WORK/report.html"
