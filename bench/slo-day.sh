#!/usr/bin/env bash
# Benchmark: the hourly SLO job over one day of prediction logs for a 1,000-model fleet (about 100
# million rows), against DuckDB running the same per-model-hour aggregation over the same files,
# in the same session. Reports two ratios:
#   warm: the job inside an already running SparkSession (how the scheduler runs it) / DuckDB's query time
#   cold: the whole `modelfleet slo run` process / DuckDB's whole process
# and rows/s and peak memory. Uses /usr/bin/time for whole processes.
#
# Usage: bench/slo-day.sh [--scale F] [--day YYYY-MM-DD]      (data is generated once, under target/bench/slo)
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=1.05
DAY=2026-11-20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --day) DAY="$2"; shift 2 ;;
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

echo "DuckDB, 3 runs in one process (first cold):"
java -cp "$CP" io.modelfleet.bench.DuckDbSloQuery "$WORK/logs" "$DAY" 3 | tee "$WORK/duckdb.log"
duck_query=$(awk '/duckdb run/ {t=$4} END {print t}' "$WORK/duckdb.log")
read -r duck_wall duck_rss < <(timed java -cp "$CP" io.modelfleet.bench.DuckDbSloQuery "$WORK/logs" "$DAY" 1)
echo "DuckDB whole process: ${duck_wall} s, peak ${duck_rss} MiB"

echo "SLO job in one SparkSession, 3 runs (first cold):"
rm -rf "$WORK/warehouse-warm"
read -r warm_wall warm_rss < <(timed java "${OPENS[@]}" -Xmx2g -cp "$CP" io.modelfleet.bench.SparkSloWarm "$WORK/registry" "$WORK/logs" \
  "$WORK/warehouse-warm" "$DAY" 3)
grep "spark run" "$WORK/last.log" | tee "$WORK/spark.log"
spark_warm=$(awk '/spark run/ {t=$4} END {print t}' "$WORK/spark.log")
echo "  (that process: peak ${warm_rss} MiB)"

rm -rf "$WORK/warehouse-cold"
read -r cold_wall cold_rss < <(timed bin/modelfleet slo run --registry "$WORK/registry" --logs "$WORK/logs" \
  --warehouse "$WORK/warehouse-cold" --from "${DAY}T00" --to "${DAY}T23" --master 'local[*]')
rows=$(awk '/^computed/ {gsub(",", "", $5); print $5}' "$WORK/last.log")
echo "modelfleet slo run whole process: ${cold_wall} s, peak ${cold_rss} MiB, ${rows} rows"

awk -v w="$spark_warm" -v d="$duck_query" -v c="$cold_wall" -v dw="$duck_wall" -v r="$rows" 'BEGIN {
  printf "warm: SLO job %.2f s vs DuckDB query %.2f s  ratio %.2f  (target <= 2)\n", w, d, w / d
  printf "cold: slo run %.2f s vs DuckDB process %.2f s  ratio %.2f  (target <= 4)\n", c, dw, c / dw
  printf "throughput: %.1f M rows/s warm, %.1f M rows/s cold\n", r / w / 1e6, r / c / 1e6
}'
