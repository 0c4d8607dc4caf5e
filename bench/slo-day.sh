#!/usr/bin/env bash
# Benchmark: the hourly SLO job over one day of prediction logs for a 1,000-model fleet (about 100
# million rows), against DuckDB running the same per-model-hour aggregation over the same files,
# in the same session. DuckDB runs it written two ways (FILTER clauses, and the job's own per-row
# quantities then plain sums); the faster one is the baseline. Reports two ratios:
#   warm: the job inside an already running SparkSession (how the scheduler runs it) / DuckDB's query
#         time in a running process: medians of the warm runs (all but each process's first)
#   cold: the whole `modelfleet slo run` process / DuckDB's whole process: medians of --cold-runs each
# and rows/s, peak memory (max RSS, /usr/bin/time) and the load average around the measurements. Then
# checks that the job's per model-hour results equal DuckDB's (counts exactly, day totals of the sums
# to 1e-12 relative).
#
# Usage: bench/slo-day.sh [--scale F] [--day YYYY-MM-DD] [--runs N] [--cold-runs N]
#   (data is generated once, under target/bench/slo; --runs: runs in each warm process, default 5;
#   --cold-runs: whole processes of each side, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=1.05
DAY=2026-11-20
RUNS=5
COLD_RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --day) DAY="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --cold-runs) COLD_RUNS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

WORK=target/bench/slo
mkdir -p "$WORK"
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

[[ -d "$WORK/registry" ]] || bin/modelfleet generate registry --models 1000 --seed 1 --out "$WORK/registry" >/dev/null
if [[ ! -d "$WORK/logs/ds=$DAY" ]]; then
  echo "generating one day of logs (scale $SCALE)..."
  bin/modelfleet generate predictions --registry "$WORK/registry" --out "$WORK/logs" --from "${DAY}T00" --to "${DAY}T23" \
    --scale "$SCALE" --master 'local[*]'
fi
echo "data: $(du -sh "$WORK/logs/ds=$DAY" | cut -f1) of Parquet"

timed() {  # prints "wall_seconds peak_mib" of a whole command
  /usr/bin/time -o "$WORK/time.txt" -f "%e %M" "$@" > "$WORK/last.log" 2>&1
  read -r wall kb < "$WORK/time.txt"
  echo "$wall $((kb / 1024))"
}
median() { sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
load() { cut -d' ' -f1 /proc/loadavg; }

load_before=$(load)
echo "DuckDB, both formulations in one process, $RUNS runs each (the first of all cold):"
java -cp "$CP" io.modelfleet.bench.DuckDbSloQuery "$WORK/logs" "$DAY" "$RUNS" filter,per-row "$WORK/duckdb-sums.csv" \
  | tee "$WORK/duckdb.log"
duck_filter=$(awk '/duckdb filter run/ && $4 + 0 > 1 {sub(":", "", $5); print $5}' "$WORK/duckdb.log" | median)
duck_per_row=$(awk '/duckdb per-row run/ && $4 + 0 > 1 {sub(":", "", $5); print $5}' "$WORK/duckdb.log" | median)
if awk -v f="$duck_filter" -v p="$duck_per_row" 'BEGIN {exit !(p <= f)}'; then
  duck_form=per-row; duck_query=$duck_per_row
else
  duck_form=filter; duck_query=$duck_filter
fi
echo "DuckDB warm medians: filter ${duck_filter} s, per-row ${duck_per_row} s; baseline: ${duck_form}"

duck_walls=()
duck_rss=0
for ((i = 0; i < COLD_RUNS; i++)); do
  read -r wall rss < <(timed java -cp "$CP" io.modelfleet.bench.DuckDbSloQuery "$WORK/logs" "$DAY" 1 "$duck_form")
  duck_walls+=("$wall"); ((rss > duck_rss)) && duck_rss=$rss
done
duck_wall=$(printf '%s\n' "${duck_walls[@]}" | median)
echo "DuckDB ($duck_form) whole process: ${duck_walls[*]} s (median ${duck_wall}), peak ${duck_rss} MiB"

echo "SLO job in one SparkSession, $RUNS runs (first cold):"
rm -rf "$WORK/warehouse-warm"
read -r warm_wall warm_rss < <(timed java "${OPENS[@]}" -XX:+UseParallelGC -Xmx2g -cp "$CP" io.modelfleet.bench.SparkSloWarm "$WORK/registry" "$WORK/logs" \
  "$WORK/warehouse-warm" "$DAY" "$RUNS" 'local[*]' "$WORK/spark-sums.csv")
grep "spark run" "$WORK/last.log" | tee "$WORK/spark.log"
spark_warm=$(awk '/spark run/ && $3 + 0 > 1 {sub(":", "", $4); print $4}' "$WORK/spark.log" | median)
echo "  (that process: peak ${warm_rss} MiB)"

# The first Spark command after a build writes bin/modelfleet's class-data archive; not a cold run to time.
rm -rf "$WORK/warehouse-cds"
bin/modelfleet slo run --registry "$WORK/registry" --logs "$WORK/logs" --warehouse "$WORK/warehouse-cds" \
  --hour "${DAY}T00" --master 'local[*]' > "$WORK/last.log" 2>&1
cold_walls=()
cold_rss=0
for ((i = 0; i < COLD_RUNS; i++)); do
  rm -rf "$WORK/warehouse-cold"
  read -r wall rss < <(timed bin/modelfleet slo run --registry "$WORK/registry" --logs "$WORK/logs" \
    --warehouse "$WORK/warehouse-cold" --from "${DAY}T00" --to "${DAY}T23" --master 'local[*]')
  cold_walls+=("$wall"); ((rss > cold_rss)) && cold_rss=$rss
done
cold_wall=$(printf '%s\n' "${cold_walls[@]}" | median)
rows=$(awk '/^computed/ {gsub(",", "", $5); print $5}' "$WORK/last.log")
echo "modelfleet slo run whole process: ${cold_walls[*]} s (median ${cold_wall}), peak ${cold_rss} MiB, ${rows} rows"
load_after=$(load)

java -cp "$CP" io.modelfleet.bench.SloSumsAgreement "$WORK/spark-sums.csv" "$WORK/duckdb-sums.csv"

peak_rss=$((warm_rss > cold_rss ? warm_rss : cold_rss))
awk -v w="$spark_warm" -v d="$duck_query" -v c="$cold_wall" -v dw="$duck_wall" -v r="$rows" -v f="$duck_form" \
  -v m="$peak_rss" -v l0="$load_before" -v l1="$load_after" -v n="$(nproc)" 'BEGIN {
  printf "warm: SLO job %.2f s vs DuckDB %s query %.2f s  ratio %.2f  (target <= 1.5, stretch <= 1.2)\n", w, f, d, w / d
  printf "cold: slo run %.2f s vs DuckDB %s process %.2f s  ratio %.2f  (target <= 3, stretch <= 2.5)\n", c, f, dw, c / dw
  printf "peak RSS of the SLO job: %d MiB  (target <= 2048)\n", m
  printf "throughput: %.1f M rows/s warm, %.1f M rows/s cold\n", r / w / 1e6, r / c / 1e6
  printf "load average (1 min, %d cores): %s before, %s after\n", n, l0, l1
}'
