#!/usr/bin/env bash
# Benchmark: the whole `modelfleet registry validate` process (JVM start included) over a generated
# registry of 10,000 models, and over a registry of one model. Reports medians of several runs.
#
# With --ajv, also times ajv-cli (installed with npm into target/bench) validating the same model
# files against the same JSON Schema, in the same session, and prints the ratio. ajv checks schema
# only: no positions, no policy rules across files, no hostile-YAML checks.
#
# Usage: bench/registry-validate.sh [--models N] [--runs R] [--ajv]
set -euo pipefail
cd "$(dirname "$0")/.."

MODELS=10000
RUNS=7
AJV=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --ajv) AJV=true; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

WORK=target/bench
mkdir -p "$WORK"
BIG="$WORK/registry-$MODELS"
ONE="$WORK/registry-1"
[[ -d "$BIG" ]] || bin/modelfleet generate registry --models "$MODELS" --out "$BIG" >/dev/null
[[ -d "$ONE" ]] || bin/modelfleet generate registry --models 1 --teams 1 --out "$ONE" >/dev/null
bin/modelfleet registry validate "$ONE" >/dev/null   # first run after a build writes the class-data archive

# median wall seconds and max RSS (MiB) of RUNS runs of a command, after one warm-up run
measure() {
  "$@" >/dev/null 2>&1 || true
  local walls=() rss=0
  for _ in $(seq "$RUNS"); do
    local out
    /usr/bin/time -o "$WORK/time.txt" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$WORK/time.txt")
    walls+=("${out% *}")
    local kb="${out#* }"; (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $((rss / 1024))"
}

read -r big_wall big_rss < <(measure bin/modelfleet registry validate "$BIG")
read -r one_wall one_rss < <(measure bin/modelfleet registry validate "$ONE")
echo "registry validate, $MODELS models: median ${big_wall} s wall, peak ${big_rss} MiB  (target < 2 s)"
echo "registry validate, 1 model:       median ${one_wall} s wall, peak ${one_rss} MiB  (target < 0.5 s)"

if $AJV; then
  if [[ ! -x "$WORK/node/node_modules/.bin/ajv" ]]; then
    mkdir -p "$WORK/node" && (cd "$WORK/node" && npm install --silent --no-audit --no-fund ajv-cli@5 >/dev/null)
  fi
  read -r ajv_wall ajv_rss < <(measure "$WORK/node/node_modules/.bin/ajv" validate --spec=draft2020 \
    -s schemas/src/main/resources/modelfleet/schemas/model.schema.json -d "$BIG/models/*/*.yaml")
  echo "ajv-cli (schema only), $MODELS models: median ${ajv_wall} s wall, peak ${ajv_rss} MiB"
  awk -v a="$big_wall" -v b="$ajv_wall" 'BEGIN {printf "ratio modelfleet / ajv-cli: %.2f\n", a / b}'
fi
