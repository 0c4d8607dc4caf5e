#!/usr/bin/env bash
# Benchmark: the cost curve of the hourly SLO job. Times the whole `modelfleet slo run` process over
# one hour of prediction logs at growing sizes, on `local[*]` and on a two-worker standalone cluster
# (the tests' StandaloneCluster: a master and two one-core workers, separate JVMs, on this machine),
# and fits the growth by least squares:
#   rows axis:   1M, 10M, 100M rows of a 1,000-model registry   -> time = a + b * rows        (b: time per row)
#   models axis: 100, 1,000, 10,000 models at 10M rows          -> time = a + c * model-hours (c: time per model-hour)
# Each point is one hour (what the scheduler runs each hour), written by `generate predictions` at the
# --scale that gives the point's rows; the 1,000-model 10M point is on both axes and measured once.
# The registries' minimum events per hour are set to 1, so every model-hour is judged at every point, as
# at production volume (otherwise small points would be INSUFFICIENT_DATA and skip the judgement).
#
# The machine is shared, so others' load comes and goes while this runs. The runs go in rounds (every
# point once, then again), so a change of load spreads over all points rather than landing on the last
# ones, and each point reports, over its runs: median and fastest wall seconds, rows/s, median CPU
# seconds (user+system: local, the process; cluster, the driver plus its executors), peak memory (local:
# the process's max RSS; cluster: the driver's max RSS plus its executors' VmHWM, sampled from /proc by
# BenchCluster while they run, since they are the workers' children, not the driver's), and the range
# of the 1-minute load average seen before and after its runs. CPU seconds move least with others' load.
# Data is generated once, under target/bench/scaling; every run writes a fresh warehouse.
#
# Usage: bench/slo-cost-curve.sh [--quick] [--runs N] [--report]
#   --quick   small points only (200k and 1M rows; 100 and 1,000 models at 1M rows), one round unless
#             --runs says otherwise (default 3), to check the script works
#   --report  print the table and the fits of the last measurement again, from target/bench/scaling/runs.tsv
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=false
REPORT=false
RUNS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --report) REPORT=true; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT=$(pwd)
WORK="$ROOT/target/bench/scaling"
RUNS_FILE="$WORK/runs.tsv"
HEADER_FILE="$WORK/header.txt"
# The generator's diurnal factor is 1 at 09:00 UTC: the hour holds the fleet's mean hourly volume.
HOUR=2026-11-20T09
LOCAL_HEAP=2g        # bin/modelfleet's default: local[*] sizes its memory from the heap
DRIVER_HEAP=2g       # the cluster's driver only plans, collects ~10,000 rows of sums and judges them
# Each executor holds one hash aggregate of at most 10,000 keys plus Parquet read buffers whatever the
# point's rows, so one size fits every point; the peak column shows what they used.
EXECUTOR_MEMORY=1g
RUN_TIMEOUT=1800     # seconds; a run that takes longer is reported as such, not waited for
AXIS_MODELS=1000
if [[ -z $RUNS ]]; then
  if $QUICK; then RUNS=1; else RUNS=3; fi
fi
if $QUICK; then
  ROWS_AXIS=(200000 1000000); MODELS_AXIS=(100 1000); AXIS_ROWS=1000000
else
  ROWS_AXIS=(1000000 10000000 100000000); MODELS_AXIS=(100 1000 10000); AXIS_ROWS=10000000
fi

# The table and the fits, from runs.tsv: one line per run with models, rows asked for, master, round,
# exit code, wall s, driver max RSS KiB, driver CPU s, executors' summed VmHWM KiB, executors' CPU s,
# rows read, model-hours judged, 1-minute load before and after, executors seen, and a note ('-' if the
# run succeeded, else why not).
summary() {
  python3 - "$RUNS_FILE" "$AXIS_MODELS" <<'PY'
import statistics, sys

path, axis_models = sys.argv[1], int(sys.argv[2])
runs = []
for line in open(path):
    f = line.rstrip("\n").split("\t")
    runs.append(dict(models=int(f[0]), target=int(f[1]), master=f[2], round=int(f[3]), rc=int(f[4]),
                     wall=float(f[5]), driver_kib=int(f[6]), driver_cpu=float(f[7]), exec_kib=int(f[8]),
                     exec_cpu=float(f[9]), rows=int(f[10]), hours=int(f[11]), before=float(f[12]),
                     after=float(f[13]), executors=int(f[14]), note=f[15]))

def label(n):
    return "%gM" % (n / 1e6) if n >= 1e6 else "%gk" % (n / 1e3)

def point(key):
    rs = [r for r in runs if (r["models"], r["target"], r["master"]) == key]
    ok = [r for r in rs if r["note"] == "-"]
    p = dict(key=key, runs=rs, ok=ok)
    if ok:
        p.update(rows=ok[0]["rows"], hours=ok[0]["hours"],
                 wall=statistics.median(r["wall"] for r in ok), fastest=min(r["wall"] for r in ok),
                 cpu=statistics.median(r["driver_cpu"] + r["exec_cpu"] for r in ok),
                 driver_mib=max(r["driver_kib"] for r in ok) // 1024,
                 exec_mib=max(r["exec_kib"] for r in ok) // 1024)
    return p

def row(p):
    models, target, master = p["key"]
    name = "%s rows, %d models" % (label(target), models)
    rs = p["runs"]
    load = "%.1f-%.1f" % (min(min(r["before"], r["after"]) for r in rs), max(max(r["before"], r["after"]) for r in rs))
    if not p["ok"]:
        return "%-24s %-8s NOT MEASURED: %s  (load %s)" % (name, master, rs[-1]["note"], load)
    mem = "%d" % p["driver_mib"] if master == "local" else "%d (%d+%d)" % (
        p["driver_mib"] + p["exec_mib"], p["driver_mib"], p["exec_mib"])
    failed = [r for r in rs if r not in p["ok"]]
    extra = "  (%d of %d runs failed: %s)" % (len(failed), len(rs), failed[0]["note"]) if failed else ""
    return "%-24s %-8s %12s %11s %4d %7.1f %7.1f %10.0f %7.1f  %-21s %s%s" % (
        name, master, "{:,}".format(p["rows"]), "{:,}".format(p["hours"]), len(p["ok"]), p["wall"], p["fastest"],
        p["rows"] / p["wall"], p["cpu"], mem, load, extra)

HEADER = "%-24s %-8s %12s %11s %4s %7s %7s %10s %7s  %-21s %s" % (
    "point", "master", "rows", "model-hours", "runs", "wall s", "min s", "rows/s", "cpu s", "peak MiB (drv+exec)",
    "load 1m")

def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot > 0 else 1.0

keys = []
for r in runs:
    if (r["models"], r["target"], r["master"]) not in keys:
        keys.append((r["models"], r["target"], r["master"]))
# rows axis by rows, then the models axis by models; local first
keys.sort(key=lambda k: (k[2] != "local", k[0] != axis_models, k[0], k[1]))
points = [point(k) for k in keys]
axis_rows = max((k[1] for k in keys if k[0] != axis_models), default=max(k[1] for k in keys))
print(HEADER)
for p in points:
    print(row(p))
print()
print("fitted growth (least squares; a: fixed cost per run, JVM and Spark start included)")
for master in ("local", "cluster"):
    measured = [p for p in points if p["key"][2] == master and p["ok"]]
    rows_axis = [p for p in measured if p["key"][0] == axis_models]
    models_axis = [p for p in measured if p["key"][1] == axis_rows]
    for what, name in (("wall", "wall s, median"), ("fastest", "wall s, fastest"), ("cpu", "CPU s, median")):
        if len(rows_axis) >= 2:
            a, b, r2 = fit([p["rows"] for p in rows_axis], [p[what] for p in rows_axis])
            rate = ("%.2f M rows per CPU-second" if what == "cpu" else "%.2f M rows/s at the margin") % (
                1 / b / 1e6) if b > 0 else "no growth measured"
            axis = "vs rows (%d models, %d points):" % (axis_models, len(rows_axis))
            print("  %-7s %-15s %-38s %7.2f + %7.1f ns x rows      (%s; R^2 %.3f)" % (
                master, name, axis, a, b * 1e9, rate, r2))
        else:
            print("  %-7s %-15s vs rows: under 2 points measured, no fit" % (master, name))
        if len(models_axis) >= 2:
            a, c, r2 = fit([p["hours"] for p in models_axis], [p[what] for p in models_axis])
            axis = "vs model-hours (%s rows, %d points):" % (label(axis_rows), len(models_axis))
            print("  %-7s %-15s %-38s %7.2f + %7.2f ms x model-hours (R^2 %.3f)" % (
                master, name, axis, a, c * 1e3, r2))
        else:
            print("  %-7s %-15s vs model-hours: under 2 points measured, no fit" % (master, name))
PY
}

if $REPORT; then
  [[ -f "$RUNS_FILE" ]] || { echo "no measurement yet: run bench/slo-cost-curve.sh first" >&2; exit 2; }
  cat "$HEADER_FILE"
  summary
  exit 0
fi

mkdir -p "$WORK"
./mvnw -q -Pbench package -DskipTests >/dev/null
CP="bench/target/modelfleet-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
CLK_TCK=$(getconf CLK_TCK)

registry() {  # prints the folder of an N-model registry, generating it once
  local dir="$WORK/registry-$1"
  if [[ ! -d "$dir" ]]; then
    bin/modelfleet generate registry --models "$1" --seed 1 --out "$dir" >/dev/null
    sed -i -E 's/min_events_per_hour: [0-9]+/min_events_per_hour: 1/' "$dir/tiers.yaml"
  fi
  echo "$dir"
}

label() {  # 1000000 -> 1M, 200000 -> 200k
  awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }'
}

logs() {  # prints the logs folder of one hour of MODELS models at about ROWS rows, generating it once
  local models=$1 rows=$2 reg dir scale
  reg=$(registry "$models")
  dir="$WORK/logs-m$models-r$(label "$rows")"
  if [[ ! -f "$dir.done" ]]; then
    scale=$(java -cp "$CP" io.modelfleet.bench.HourScale "$reg" "$rows")
    echo "generating $(label "$rows") rows for $models models (one hour, scale $scale)..." >&2
    rm -rf "$dir"
    bin/modelfleet generate predictions --registry "$reg" --out "$dir" --from "$HOUR" --to "$HOUR" \
      --scale "$scale" --master 'local[*]' >/dev/null 2>&1
    touch "$dir.done"
  fi
  echo "$dir"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

CLUSTER_PID=""
CLUSTER_URL=""
CLUSTER_STATE="$WORK/cluster"
stop_cluster() {
  [[ -n "$CLUSTER_PID" ]] || return 0
  touch "$CLUSTER_STATE/stop"
  for _ in $(seq 60); do kill -0 "$CLUSTER_PID" 2>/dev/null || break; sleep 0.5; done
  kill "$CLUSTER_PID" 2>/dev/null || true   # its shutdown hook stops the master, workers and executors
  wait "$CLUSTER_PID" 2>/dev/null || true
  CLUSTER_PID=""
}
trap stop_cluster EXIT

# A master and two one-core workers of EXECUTOR_MEMORY, up for the whole measurement: every run is a new
# application with new executors, so runs share no warm JVM; the idle master and workers are not counted.
start_cluster() {
  rm -rf "$CLUSTER_STATE"
  java -Xmx128m -cp "$CP" io.modelfleet.bench.BenchCluster assembly/target scaling 2 "$EXECUTOR_MEMORY" \
    "$CLUSTER_STATE" > "$WORK/cluster.log" 2>&1 &
  CLUSTER_PID=$!
  for _ in $(seq 240); do
    [[ -f "$CLUSTER_STATE/url" ]] && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || break
    sleep 0.5
  done
  if [[ -f "$CLUSTER_STATE/url" ]]; then
    CLUSTER_URL=$(cat "$CLUSTER_STATE/url")
  else
    stop_cluster
    return 1
  fi
}

declare -A GAVE_UP   # points (models rows master) that failed: not run again in later rounds
run_once() {  # MODELS ROWS MASTER(local|cluster) ROUND
  local models=$1 rows=$2 master=$3 round=$4 reg dir url='local[*]' opts="-Xmx$LOCAL_HEAP"
  local out="$WORK/run.out" err="$WORK/run.err" before after rc=0 wall kib user sys
  local known="" exec_kib=0 exec_cpu=0 executors=0 pid peak ticks
  [[ -z "${GAVE_UP["$models $rows $master"]:-}" ]] || return 0
  reg=$(registry "$models")
  dir=$(logs "$models" "$rows")
  if [[ $master == cluster ]]; then
    if [[ -z $CLUSTER_URL ]]; then
      printf '%s\t%s\tcluster\t%s\t1\t0\t0\t0\t0\t0\t0\t0\t%s\t%s\t0\t%s\n' "$models" "$rows" "$round" "$(load1)" \
        "$(load1)" "the cluster did not start (see $WORK/cluster.log)" >> "$RUNS_FILE"
      GAVE_UP["$models $rows $master"]=1
      return 0
    fi
    url=$CLUSTER_URL
    opts="-Xmx$DRIVER_HEAP -Dspark.executor.memory=$EXECUTOR_MEMORY"
    [[ -f "$CLUSTER_STATE/executors.tsv" ]] && known=$(cut -f1 "$CLUSTER_STATE/executors.tsv")
  fi
  rm -rf "$WORK/warehouse"
  before=$(load1)
  /usr/bin/time -o "$WORK/time.txt" -f "%e %M %U %S" \
    env MODELFLEET_JAVA_OPTS="$opts" timeout "$RUN_TIMEOUT" bin/modelfleet slo run --registry "$reg" --logs "$dir" \
    --warehouse "$WORK/warehouse" --from "$HOUR" --to "$HOUR" --master "$url" --format json > "$out" 2> "$err" || rc=$?
  after=$(load1)
  read -r wall kib user sys < <(tail -1 "$WORK/time.txt")
  if [[ $master == cluster && -f "$CLUSTER_STATE/executors.tsv" ]]; then
    sleep 0.3   # the sampler's last look at the executors of the application that just ended
    while IFS=$'\t' read -r pid peak ticks; do
      grep -qx "$pid" <<< "$known" && continue
      exec_kib=$((exec_kib + peak)); exec_cpu=$((exec_cpu + ticks)); executors=$((executors + 1))
    done < "$CLUSTER_STATE/executors.tsv"
  fi
  python3 - "$out" "$err" "$rc" "$RUN_TIMEOUT" >> "$RUNS_FILE" <<PY
import json, sys
out, err, rc, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = hours = 0
note = "-"
try:
    r = json.load(open(out))
    rows = r["rows_read"]
    hours = sum(r["statuses"].values())
    if r["failed_hours"]:
        note = "failed hour: " + r["failed_hours"][0]["error"]
except (ValueError, KeyError, OSError):
    pass
if rc == 124:
    note = "did not finish within " + limit + " s"
elif rc != 0:
    text = open(err, errors="replace").read()
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    note = ("out of memory: " if "OutOfMemoryError" in text else "exit %d: " % rc) + (lines[-1][:160] if lines else "")
print("\t".join(map(str, [$models, $rows, "$master", $round, rc, $wall, $kib, round($user + $sys, 2), $exec_kib,
                          round($exec_cpu / $CLK_TCK, 2), rows, hours, $before, $after, $executors,
                          note.replace("\t", " ")])))
PY
  local note
  note=$(tail -1 "$RUNS_FILE" | cut -f16)
  [[ $note == "-" ]] || GAVE_UP["$models $rows $master"]=1   # it would fail again: say so once
  printf '  round %d/%d  %-24s %-8s %s\n' "$round" "$RUNS" "$(label "$rows") rows, $models models" "$master" \
    "$(awk -F'\t' -v n="$note" 'END { if (n != "-") print "NOT MEASURED: " n;
      else printf "%.1f s, %.1f CPU s, %d MiB, load %s -> %s", $6, $8 + $10, ($7 + $9) / 1024, $13, $14 }' "$RUNS_FILE")"
}

{
  echo "SLO job cost curve: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(date -u +%Y-%m-%dT%H:%MZ), $RUNS round(s), hour $HOUR of each data set"
  echo "local[*]: -Xmx$LOCAL_HEAP; cluster: driver -Xmx$DRIVER_HEAP, 2 workers x 1 core, executors $EXECUTOR_MEMORY"
} | tee "$HEADER_FILE"
POINTS=()
for rows in "${ROWS_AXIS[@]}"; do POINTS+=("$AXIS_MODELS $rows"); done
for models in "${MODELS_AXIS[@]}"; do
  [[ $models == "$AXIS_MODELS" ]] || POINTS+=("$models $AXIS_ROWS")
done
for point in "${POINTS[@]}"; do
  read -r models rows <<< "$point"
  logs "$models" "$rows" > /dev/null
done
echo "data: $(du -sh "$WORK" | cut -f1) under $WORK"
: > "$RUNS_FILE"
started=$SECONDS
start_cluster || echo "the cluster did not start; see $WORK/cluster.log" >&2
for round in $(seq "$RUNS"); do
  for point in "${POINTS[@]}"; do
    read -r models rows <<< "$point"
    run_once "$models" "$rows" local "$round"
    run_once "$models" "$rows" cluster "$round"
  done
done
stop_cluster
echo "measured in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (data generation not included)"
echo
summary
