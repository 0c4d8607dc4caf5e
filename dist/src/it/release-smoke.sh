#!/usr/bin/env bash
# The release archives as someone installing them gets them: checksum, unpack, and bin/modelfleet run with a
# PATH holding a JRE and the basic tools only (no git, no Maven, no mvnw, no checkout around it). For each
# archive given (the .tar.gz and the .zip):
#   - it matches its .sha256 and unpacks to one folder named after the release, bin/modelfleet executable
#   - the class-path lists name exactly the jars the checkout's launcher starts (cli's and demo's
#     target/classpath.txt), and every listed jar is in lib/
#   - a registry command (lean class path) and a Spark command (full class path: prediction logs
#     written as Parquet) run from the unpacked folder
#   - the schemas are at schemas/ and are JSON; THIRD-PARTY.txt names every bundled library
# and, with more than one, every archive unpacks to the same files with the same modes as the first.
# Usage: release-smoke.sh --archive FILE.tar.gz [--archive FILE.zip ...] --work DIR
set -euo pipefail

usage="usage: $0 --archive FILE.tar.gz|FILE.zip [--archive ...] --work DIR"
archives=()
while (($#)); do
  case "$1" in
    --archive) archives+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
if ((${#archives[@]} == 0)) || [[ -z "${work:-}" ]]; then
  echo "$usage" >&2
  exit 2
fi
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

# The machine's PATH without git and Maven (Hadoop's local file system still wants chmod and friends).
sandbox="$work/path"
mkdir "$sandbox"
for tool in /usr/local/bin/* /usr/bin/* /bin/*; do
  name="${tool##*/}"
  [[ -x "$tool" && ! -e "$sandbox/$name" && "$name" != git* && "$name" != mvn* ]] && ln -s "$tool" "$sandbox/$name"
done
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# The jar names each launcher starts, from the checkout's lists and from the release's.
basenames() { tr ':' '\n' < "$1" | sed 's#.*/##' | grep -v '^$'; }
schema_names() { find "$1" -maxdepth 1 -name '*.schema.json' -printf '%f\n' | sort; }
# Every file and folder under DIR with its permission bits, for comparing what two archives unpack to.
modes() { (cd "$1" && find . -mindepth 1 -printf '%m %P\n' | sort); }

# unpack ARCHIVE DIR: as a person would, with tar or unzip; prints the release folder.
unpack() {
  local archive="$1" into="$2"
  mkdir -p "$into"
  case "$archive" in
    *.tar.gz) tar -xzf "$archive" -C "$into" ;;
    *.zip) unzip -q "$archive" -d "$into" ;;
    *) echo "release-smoke: $archive is neither a .tar.gz nor a .zip" >&2; return 1 ;;
  esac
  echo "$into"/modelfleet-*
}

# smoke RELEASE_DIR WORK_DIR: everything but the unpacking, on one unpacked release.
smoke() {
  local release="$1" place="$2"
  check "lib/lean.classpath names the jars of cli/target/classpath.txt, in order" \
    test "$(basenames "$root/cli/target/classpath.txt")" = "$(cat "$release/lib/lean.classpath")"
  check "lib/full.classpath names the jars of demo/target/classpath.txt, in order" \
    test "$(basenames "$root/demo/target/classpath.txt")" = "$(cat "$release/lib/full.classpath")"
  local missing_jars
  missing_jars="$(cd "$release/lib" && cat lean.classpath full.classpath | sort -u | while read -r jar; do [[ -f "$jar" ]] || echo "$jar"; done)"
  check "every listed jar is in lib/${missing_jars:+ (missing: $missing_jars)}" test -z "$missing_jars"
  check "lib/ holds the jobs jar for clusters" test -f "$release/lib/modelfleet-jobs.jar"

  check "schemas/ holds every schema of the schemas module" \
    test "$(schema_names "$release/schemas")" = "$(schema_names "$root/schemas/src/main/resources/modelfleet/schemas")"
  schemas_are_json() {
    local schema
    for schema in "$release"/schemas/*.json; do jq -e . "$schema" > /dev/null || return 1; done
  }
  check "every schema in schemas/ is JSON" schemas_are_json
  modelines_resolve() {
    local file schema
    while IFS= read -r file; do
      # shellcheck disable=SC2016 # a literal $schema
      schema="$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$file")"
      [[ -n "$schema" && -f "$(dirname "$file")/$schema" ]] || { echo "  $file: '$schema' is not in the archive"; return 1; }
    done < <(find "$release/examples/registry" -name '*.yaml')
  }
  check "every example's modeline names a schema the archive holds" modelines_resolve
  local unlisted
  unlisted="$(cd "$release/lib" && cat lean.classpath full.classpath | sort -u | grep -v '^modelfleet-' | while read -r jar; do grep -q "^$jar " "$release/THIRD-PARTY.txt" || echo "$jar"; done)"
  check "THIRD-PARTY.txt names every bundled library${unlisted:+ (not: $unlisted)}" test -z "$unlisted"

  run_release() {
    env -i HOME="$place/home" PATH="$sandbox" JAVA_HOME="$java_home" MODELFLEET_CDS="${MODELFLEET_CDS:-}" \
      "$release/bin/modelfleet" "$@"
  }
  mkdir -p "$place/home" "$place/fleet"
  cp -R "$release/examples/registry" "$place/fleet/registry"

  version_names_commit() { run_release --version | grep -qE '^modelfleet [^ ]+ \(git [0-9a-f]+\)$'; }
  sample_is_valid() { run_release registry validate "$place/fleet/registry" | grep -q '^registry valid: 96 models'; }
  check "modelfleet --version names the release and its commit" version_names_commit
  check "a registry command runs (lean class path)" sample_is_valid
  java_home_without_java() {
    local out status=0
    out="$(JAVA_HOME=/nonexistent "$release/bin/modelfleet" --version 2>&1)" || status=$?
    [[ $status -eq 2 && "$out" == *"JAVA_HOME is '/nonexistent', which has no bin/java"* ]]
  }
  check "a JAVA_HOME without bin/java is an error that says so, exit 2" java_home_without_java
  # Without a class-data archive: writing one as the JVM exits takes 10-30 s here, and the lean commands
  # above already made theirs in lib/.
  (cd "$place/fleet" && MODELFLEET_CDS=off run_release generate predictions --from 2026-11-01T00 --to 2026-11-01T00 \
    --registry registry --out logs --scale 0.001 --format json > "$place/generate.json" 2> "$place/generate.log") || true
  check "a Spark command runs (full class path): one hour of prediction logs written as Parquet" \
    test -n "$(find "$place/fleet/logs" -name '*.parquet' -size +0 2> /dev/null | head -n 1)"
  check "nothing was built or fetched: no Maven or git output" test -z "$(grep -iE 'mvnw|maven|git:' "$place/generate.log")"
  check "the lean commands kept their class-data archive in the writable lib/" test -f "$release/lib/modelfleet-registry.jsa"
}

# Unpacked first, all of them, so they are compared before any run writes into lib/.
releases=()
for archive in "${archives[@]}"; do
  name="$(basename "$archive")"
  echo "$name"
  check "$name matches its .sha256" bash -c "cd '$(dirname "$archive")' && sha256sum --quiet -c '$name.sha256'"
  release="$(unpack "$archive" "$work/$name")"
  stem="${name%.tar.gz}"
  stem="${stem%.zip}"
  check "$name unpacks to one folder named after the release" test "$release" = "$work/$name/$stem"
  check "$name: bin/modelfleet is executable once unpacked" test -x "$release/bin/modelfleet"
  if [[ "$name" == *.zip ]]; then
    # unzip -Z lists the Unix mode the zip stores: what unzip restores, and what other unzip tools may read.
    check "$name stores bin/modelfleet as -rwxr-xr-x" \
      bash -c "unzip -Z '$archive' '*/bin/modelfleet' | grep -q '^-rwxr-xr-x '"
  fi
  releases+=("$release")
done
for ((i = 1; i < ${#releases[@]}; i++)); do
  first="$(basename "${archives[0]}")"
  other="$(basename "${archives[i]}")"
  check "$other holds the same files as $first, byte for byte" diff -rq "${releases[0]}" "${releases[i]}"
  check "$other gives every file and folder the mode $first does" \
    test "$(modes "${releases[0]}")" = "$(modes "${releases[i]}")"
done

for ((i = 0; i < ${#releases[@]}; i++)); do
  name="$(basename "${archives[i]}")"
  echo "$name, unpacked and run"
  smoke "${releases[i]}" "$work/$name.run"
done

for release in "${releases[@]}"; do
  rm -rf "${release:?}/lib"
done
if ((failures > 0)); then
  echo "release-smoke: $failures check(s) FAILED (logs in $work)"
  exit 1
fi
echo "release-smoke: all checks passed (${#archives[@]} archives)"
