#!/usr/bin/env bash
# Benchmark: the cost curve of the hourly SLO job. Times the whole `modelfleet slo run` process over
# one hour of prediction logs at growing sizes, on `local[*]` and on a two-worker standalone cluster
# (the tests' StandaloneCluster: a master and two one-core workers, separate JVMs, on this machine),
# and fits the growth:
#   rows axis:   1M, 10M, 100M rows of a 1,000-model registry   -> time = a + b * rows        (b: time per row)
#   models axis: 100, 1,000, 10,000 models at 10M rows          -> time = a + c * model-hours (c: time per model-hour)
# Each point is one hour (what the scheduler runs each hour), written by `generate predictions` at the
# --scale that gives the point's rows; the 1,000-model 10M point is on both axes and measured once.
# The registries' minimum events per hour are set to 1, so every model-hour is judged at every point, as
# at production volume (otherwise small points would be INSUFFICIENT_DATA and skip the judgement).
#
# Per point and master it prints the median over --runs runs of: wall seconds, rows/s, CPU seconds
# (user+system: local, the process; cluster, the driver plus its executors), peak memory (local: the
# process's max RSS; cluster: the driver's max RSS plus each executor's VmHWM, sampled from /proc by
# BenchCluster while they run, since they are the workers' children, not the driver's), and the
# 1-minute load average before the first run and after the last (this machine is shared: others'
# builds show up there). Data is generated once, under target/bench/scaling.
#
# Usage: bench/slo-cost-curve.sh [--quick] [--runs N]
#   --quick   small points only (200k and 1M rows; 100 and 1,000 models at 1M rows), one run each (--runs 3 default
#             otherwise), to check the script works
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=false
RUNS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT=$(pwd)
WORK="$ROOT/target/bench/scaling"
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
CLUSTER_STATE=""
stop_cluster() {
  [[ -n "$CLUSTER_PID" ]] || return 0
  touch "$CLUSTER_STATE/stop"
  for _ in $(seq 60); do kill -0 "$CLUSTER_PID" 2>/dev/null || break; sleep 0.5; done
  kill "$CLUSTER_PID" 2>/dev/null || true   # its shutdown hook stops the master, workers and executors
  wait "$CLUSTER_PID" 2>/dev/null || true
  CLUSTER_PID=""
}
trap stop_cluster EXIT

start_cluster() {  # a master and two one-core workers of EXECUTOR_MEMORY; sets CLUSTER_URL
  CLUSTER_STATE="$WORK/cluster-$1"
  rm -rf "$CLUSTER_STATE"
  java -Xmx128m -cp "$CP" io.modelfleet.bench.BenchCluster assembly/target "scaling-$1" 2 "$EXECUTOR_MEMORY" \
    "$CLUSTER_STATE" > "$WORK/cluster-$1.log" 2>&1 &
  CLUSTER_PID=$!
  for _ in $(seq 240); do
    [[ -f "$CLUSTER_STATE/url" ]] && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || { echo "the cluster did not start; see $WORK/cluster-$1.log" >&2; return 1; }
    sleep 0.5
  done
  CLUSTER_URL=$(cat "$CLUSTER_STATE/url")
}

RUNS_FILE="$WORK/runs.tsv"
: > "$RUNS_FILE"
# One line per run: models rows_target master run exit wall driver_kib driver_cpu exec_kib exec_cpu
# rows_read model_hours load1_before load1_after load5_after executors note
run_point() {  # MODELS ROWS MASTER(local|cluster) LOGS REGISTRY
  local models=$1 rows=$2 master=$3 logs=$4 reg=$5 url='local[*]' opts="-Xmx$LOCAL_HEAP"
  if [[ $master == cluster ]]; then
    url=$CLUSTER_URL
    opts="-Xmx$DRIVER_HEAP -Dspark.executor.memory=$EXECUTOR_MEMORY"
  fi
  for run in $(seq "$RUNS"); do
    local out="$WORK/run.out" err="$WORK/run.err" before after load5 rc=0 wall kib user sys
    local known="" exec_kib=0 exec_cpu=0 executors=0
    rm -rf "$WORK/warehouse"
    [[ $master == cluster && -f "$CLUSTER_STATE/executors.tsv" ]] && known=$(cut -f1 "$CLUSTER_STATE/executors.tsv")
    before=$(load1)
    /usr/bin/time -o "$WORK/time.txt" -f "%e %M %U %S" \
      env MODELFLEET_JAVA_OPTS="$opts" timeout "$RUN_TIMEOUT" bin/modelfleet slo run --registry "$reg" --logs "$logs" \
      --warehouse "$WORK/warehouse" --from "$HOUR" --to "$HOUR" --master "$url" --format json > "$out" 2> "$err" || rc=$?
    after=$(load1)
    load5=$(cut -d' ' -f2 /proc/loadavg)
    read -r wall kib user sys < <(tail -1 "$WORK/time.txt")
    if [[ $master == cluster && -f "$CLUSTER_STATE/executors.tsv" ]]; then
      sleep 0.3   # the sampler's last look at executors the ended application leaves
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
print("\t".join(map(str, [$models, $rows, "$master", $run, rc, $wall, $kib, $user + $sys, $exec_kib,
                          $exec_cpu / $CLK_TCK, rows, hours, $before, $after, "$load5", $executors,
                          note.replace("\t", " ")])))
PY
    # a run that failed or timed out would fail again: say so once rather than three times
    [[ $(tail -1 "$RUNS_FILE" | cut -f17) == "-" ]] || break
  done
}

summary() {  # the table row of the last point, or every row and the fits with 'fit'
  python3 - "$RUNS_FILE" "$@" <<'PY'
import statistics, sys
path, mode = sys.argv[1], sys.argv[2]
runs = []
for line in open(path):
    f = line.rstrip("\n").split("\t")
    runs.append(dict(models=int(f[0]), target=int(f[1]), master=f[2], run=int(f[3]), rc=int(f[4]),
                     wall=float(f[5]), driver_kib=int(f[6]), driver_cpu=float(f[7]), exec_kib=int(f[8]),
                     exec_cpu=float(f[9]), rows=int(f[10]), hours=int(f[11]), before=float(f[12]),
                     after=float(f[13]), load5=float(f[14]), executors=int(f[15]), note=f[16]))

def label(n):
    return "%gM" % (n / 1e6) if n >= 1e6 else "%gk" % (n / 1e3)

def points():
    keys = []
    for r in runs:
        if (r["models"], r["target"], r["master"]) not in keys:
            keys.append((r["models"], r["target"], r["master"]))
    for key in keys:
        rs = [r for r in runs if (r["models"], r["target"], r["master"]) == key]
        ok = [r for r in rs if r["rc"] == 0 and r["note"] == "-"]
        yield key, rs, ok

def row(key, rs, ok):
    models, target, master = key
    name = "%s rows, %d models" % (label(target), models)
    load = "%.2f -> %.2f, 5m %.2f" % (rs[0]["before"], rs[-1]["after"], rs[-1]["load5"])
    if not ok:
        return "%-24s %-8s %s  (load %s)" % (name, master, "NOT MEASURED: " + rs[-1]["note"], load)
    wall = statistics.median(r["wall"] for r in ok)
    cpu = statistics.median(r["driver_cpu"] + r["exec_cpu"] for r in ok)
    d = max(r["driver_kib"] for r in ok) // 1024
    e = max(r["exec_kib"] for r in ok) // 1024
    mem = "%d" % d if master == "local" else "%d (%d+%d)" % (d + e, d, e)
    extra = "" if len(ok) == len(rs) else "  (%d of %d runs failed: %s)" % (
        len(rs) - len(ok), len(rs), [r["note"] for r in rs if r not in ok][0])
    return "%-24s %-8s %12s %12s %8.1f %12.0f %8.1f %-22s %s%s" % (
        name, master, "{:,}".format(ok[0]["rows"]), "{:,}".format(ok[0]["hours"]), wall, ok[0]["rows"] / wall,
        cpu, mem, load, extra)

HEADER = "%-24s %-8s %12s %12s %8s %12s %8s %-22s %s" % (
    "point", "master", "rows", "model-hours", "wall s", "rows/s", "cpu s", "peak MiB (drv+exec)", "load: 1m before -> after, 5m after")

def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot > 0 else 1.0

if mode == "header":
    print(HEADER)
elif mode == "last":
    key, rs, ok = list(points())[-1]
    print(row(key, rs, ok))
else:
    axis_models, axis_rows = int(sys.argv[3]), int(sys.argv[4])
    print(HEADER)
    # rows axis by rows, then the models axis by models; local first
    order = lambda p: (p[0][2] != "local", p[0][0] != axis_models, p[0][0], p[0][1])
    for key, rs, ok in sorted(points(), key=order):
        print(row(key, rs, ok))
    print()
    print("fitted growth (least squares over the points' medians; a: fixed cost, JVM and Spark start included)")
    for master in ("local", "cluster"):
        measured = {}
        for (models, target, m), rs, ok in points():
            if m == master and ok:
                measured[(models, target)] = dict(
                    rows=ok[0]["rows"], hours=ok[0]["hours"],
                    wall=statistics.median(r["wall"] for r in ok),
                    cpu=statistics.median(r["driver_cpu"] + r["exec_cpu"] for r in ok))
        rows_axis = sorted((v for (mo, t), v in measured.items() if mo == axis_models), key=lambda v: v["rows"])
        models_axis = sorted((v for (mo, t), v in measured.items() if t == axis_rows), key=lambda v: v["hours"])
        for what in ("wall", "cpu"):
            unit = "s" if what == "wall" else "CPU s"
            if len(rows_axis) >= 2:
                a, b, r2 = fit([v["rows"] for v in rows_axis], [v[what] for v in rows_axis])
                margin = "M rows/s at the margin" if what == "wall" else "M rows per CPU-second"
                print("  %-7s %-4s vs rows (%d models, %d points):     %s = %.2f %s + %.1f ns x rows   "
                      "(%.2f %s; R^2 %.4f)" % (
                          master, what, axis_models, len(rows_axis), what, a, unit, b * 1e9,
                          1 / b / 1e6 if b > 0 else float("inf"), margin, r2))
            else:
                print("  %-7s %-4s vs rows: fewer than 2 points measured, no fit" % (master, what))
            if len(models_axis) >= 2:
                a, c, r2 = fit([v["hours"] for v in models_axis], [v[what] for v in models_axis])
                print("  %-7s %-4s vs model-hours (%s rows, %d points): %s = %.2f %s + %.2f ms x model-hours   "
                      "(R^2 %.4f)" % (master, what, label(axis_rows), len(models_axis), what, a, unit, c * 1e3, r2))
            else:
                print("  %-7s %-4s vs model-hours: fewer than 2 points measured, no fit" % (master, what))
PY
}

echo "SLO job cost curve: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(date -u +%Y-%m-%dT%H:%MZ), $RUNS run(s) per point, hour $HOUR"
echo "local[*]: -Xmx$LOCAL_HEAP; cluster: driver -Xmx$DRIVER_HEAP, 2 workers x 1 core, executors $EXECUTOR_MEMORY"
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
summary header
started=$SECONDS
for point in "${POINTS[@]}"; do
  read -r models rows <<< "$point"
  dir=$(logs "$models" "$rows")
  reg=$(registry "$models")
  run_point "$models" "$rows" local "$dir" "$reg"
  summary last
  if start_cluster "m$models-r$(label "$rows")"; then
    run_point "$models" "$rows" cluster "$dir" "$reg"
    stop_cluster
  else
    printf '%s\t%s\tcluster\t1\t1\t0\t0\t0\t0\t0\t0\t0\t%s\t%s\t%s\t0\tthe cluster did not start\n' \
      "$models" "$rows" "$(load1)" "$(load1)" "$(cut -d' ' -f2 /proc/loadavg)" >> "$RUNS_FILE"
  fi
  summary last
done
echo
echo "measured in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (data generation not included)"
echo
summary fit "$AXIS_MODELS" "$AXIS_ROWS"
