#!/usr/bin/env bash
# The release archive as someone installing it gets it: checksum, unpack, and bin/modelfleet run with a
# PATH holding a JRE and the basic tools only (no git, no Maven, no mvnw, no checkout around it).
#   - the class-path lists name exactly the jars the checkout's launcher starts (cli's and demo's
#     target/classpath.txt), and every listed jar is in lib/
#   - a registry command (lean class path) and a Spark command (full class path: prediction logs
#     written as Parquet) run from the unpacked folder
#   - the schemas are at schemas/ and are JSON; THIRD-PARTY.txt names every bundled library
# Usage: release-smoke.sh --archive FILE.tar.gz --work DIR
set -euo pipefail

while (($#)); do
  case "$1" in
    --archive) archive="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 --archive FILE.tar.gz --work DIR" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

failures=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"
  shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what"
    failures=$((failures + 1))
  fi
}

rm -rf "$work"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
check "the archive matches its .sha256" bash -c "cd '$(dirname "$archive")' && sha256sum --quiet -c '$(basename "$archive").sha256'"
tar -xzf "$archive" -C "$work"
release="$(echo "$work"/modelfleet-*)"
check "the archive unpacks to one folder named after the release" test -x "$release/bin/modelfleet"

# The jar names each launcher starts, from the checkout's lists and from the release's.
basenames() { tr ':' '\n' < "$1" | sed 's#.*/##' | grep -v '^$'; }
check "lib/lean.classpath names the jars of cli/target/classpath.txt, in order" \
  test "$(basenames "$root/cli/target/classpath.txt")" = "$(cat "$release/lib/lean.classpath")"
check "lib/full.classpath names the jars of demo/target/classpath.txt, in order" \
  test "$(basenames "$root/demo/target/classpath.txt")" = "$(cat "$release/lib/full.classpath")"
missing_jars="$(cd "$release/lib" && cat lean.classpath full.classpath | sort -u | while read -r jar; do [[ -f "$jar" ]] || echo "$jar"; done)"
check "every listed jar is in lib/${missing_jars:+ (missing: $missing_jars)}" test -z "$missing_jars"
check "lib/ holds the jobs jar for clusters" test -f "$release/lib/modelfleet-jobs.jar"

schema_names() { find "$1" -maxdepth 1 -name '*.schema.json' -printf '%f\n' | sort; }
check "schemas/ holds every schema of the schemas module" \
  test "$(schema_names "$release/schemas")" = "$(schema_names "$root/schemas/src/main/resources/modelfleet/schemas")"
schemas_are_json() {
  local schema
  for schema in "$release"/schemas/*.json; do jq -e . "$schema" > /dev/null || return 1; done
}
check "every schema in schemas/ is JSON" schemas_are_json
unlisted="$(cd "$release/lib" && cat lean.classpath full.classpath | sort -u | grep -v '^modelfleet-' | while read -r jar; do grep -q "^$jar " "$release/THIRD-PARTY.txt" || echo "$jar"; done)"
check "THIRD-PARTY.txt names every bundled library${unlisted:+ (not: $unlisted)}" test -z "$unlisted"

# The machine's PATH without git and Maven (Hadoop's local file system still wants chmod and friends).
sandbox="$work/path"
mkdir "$sandbox"
for tool in /usr/local/bin/* /usr/bin/* /bin/*; do
  name="${tool##*/}"
  [[ -x "$tool" && ! -e "$sandbox/$name" && "$name" != git* && "$name" != mvn* ]] && ln -s "$tool" "$sandbox/$name"
done
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
run_release() {
  env -i HOME="$work/home" PATH="$sandbox" JAVA_HOME="$java_home" MODELFLEET_CDS="${MODELFLEET_CDS:-}" \
    "$release/bin/modelfleet" "$@"
}
mkdir -p "$work/home" "$work/fleet"
cp -R "$release/examples/registry" "$work/fleet/registry"

version_names_commit() { run_release --version | grep -qE '^modelfleet [^ ]+ \(git [0-9a-f]+\)$'; }
sample_is_valid() { run_release registry validate "$work/fleet/registry" | grep -q '^registry valid: 96 models'; }
check "modelfleet --version names the release and its commit" version_names_commit
check "a registry command runs (lean class path)" sample_is_valid
# Without a class-data archive: writing one as the JVM exits takes 10-30 s here, and the lean commands
# above already made theirs in lib/.
(cd "$work/fleet" && MODELFLEET_CDS=off run_release generate predictions --from 2026-11-01T00 --to 2026-11-01T00 --registry registry \
  --out logs --scale 0.001 --format json > "$work/generate.json" 2> "$work/generate.log") || true
check "a Spark command runs (full class path): one hour of prediction logs written as Parquet" \
  test -n "$(find "$work/fleet/logs" -name '*.parquet' -size +0 2> /dev/null | head -n 1)"
check "nothing was built or fetched: no Maven or git output" test -z "$(grep -iE 'mvnw|maven|git:' "$work/generate.log")"
check "the lean commands kept their class-data archive in the writable lib/" test -f "$release/lib/modelfleet-registry.jsa"

rm -rf "${release:?}/lib"
if ((failures > 0)); then
  echo "release-smoke: $failures check(s) FAILED (logs in $work)"
  exit 1
fi
echo "release-smoke: all checks passed"
