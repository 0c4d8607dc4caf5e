#!/usr/bin/env bash
# Benchmark: `modelfleet launch estimate` over one day of recorded traffic at 1 million requests
# (target: under 10 minutes on 2 cores), for the sample registry's feed LSR model made twice as wide.
# The whole process is timed with /usr/bin/time; the traffic is generated once, under target/bench/launch.
#
# Usage: bench/launch-day.sh [--requests-per-day N] [--samples-per-hour N]
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=1000000
SAMPLES=400
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests-per-day) REQUESTS="$2"; shift 2 ;;
    --samples-per-hour) SAMPLES="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

WORK=target/bench/launch
TRAFFIC="$WORK/traffic-$REQUESTS"
MODEL=ig_feed_mtml_lsr_v3
mkdir -p "$WORK"
if [[ ! -f "$TRAFFIC/traffic.json" ]]; then
  echo "generating one day of traffic ($REQUESTS requests)..."
  /usr/bin/time -f "generated in %e s, peak %M KB" bin/modelfleet generate traffic --registry examples/registry --out "$TRAFFIC" \
    --from 2026-11-20T00 --to 2026-11-20T23 --requests-per-day "$REQUESTS"
fi
echo "traffic: $(du -sh "$TRAFFIC" | cut -f1) of Parquet"
sed 's/^  version: v3/  version: v4/; s/hidden: \[256, 64\]/hidden: [512, 128]/' "examples/registry/models/feed_ranking/$MODEL.yaml" \
  > "$WORK/candidate.yaml"
rm -rf "$WORK/warehouse"
/usr/bin/time -o "$WORK/time.txt" -f "%e %M" bin/modelfleet launch estimate --registry examples/registry --traffic "$TRAFFIC" \
  --warehouse "$WORK/warehouse" --model "$MODEL" --candidate "$WORK/candidate.yaml" --samples-per-hour "$SAMPLES" | tee "$WORK/report.txt"
read -r WALL RSS < "$WORK/time.txt"
printf 'launch estimate, one day at %s recorded requests: %.1f s wall (target < 600 s), peak RSS %.0f MiB\n' \
  "$REQUESTS" "$WALL" "$((RSS / 1024))"
