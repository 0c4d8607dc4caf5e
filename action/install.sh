#!/usr/bin/env bash
# Step "Download and verify the release": downloads the archive, refuses it unless its SHA-256 is the pinned
# one, and unpacks it into DIR (all or nothing). Env: URL, SHA256, DIR.
set -euo pipefail

fail() { echo "::error title=modelfleet action::$*"; exit 1; }

sha256_of() {
  if command -v sha256sum > /dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

expected="$(tr 'A-F' 'a-f' <<< "$SHA256")"
work="$(mktemp -d "${RUNNER_TEMP:-/tmp}/modelfleet-download.XXXXXX")"
trap 'rm -rf "$work"' EXIT
archive="$work/modelfleet.tar.gz"

echo "downloading $URL"
curl --fail --silent --show-error --location --retry 3 --retry-connrefused --output "$archive" "$URL" ||
  fail "cannot download the modelfleet release from $URL: check the inputs 'version' and 'release-url' (the release must exist and the runner must reach it)"
# The release's .zip holds the same files, but the action installs the .tar.gz (tar is on every runner, and the
# input sha256 pins that file): a .zip is refused by name rather than failing later in tar.
[[ "$(head -c 2 "$archive")" != PK ]] ||
  fail "the archive from $URL is a .zip; the action installs modelfleet-<version>.tar.gz: point release-url at the .tar.gz (or leave it empty for this action's GitHub release) and set sha256 to the content of modelfleet-<version>.tar.gz.sha256; nothing was installed"
actual="$(sha256_of "$archive")"
[[ "$actual" == "$expected" ]] ||
  fail "the archive from $URL has SHA-256 $actual, not the pinned $expected: it is not the release you pinned (corrupt, replaced, or another version); nothing was installed"
echo "sha256 $actual: matches the pinned checksum"

mkdir -p "$(dirname "$DIR")"
rm -rf "$DIR.partial"
mkdir "$DIR.partial"
tar -xzf "$archive" -C "$DIR.partial" --strip-components=1
[[ -x "$DIR.partial/bin/modelfleet" && -f "$DIR.partial/lib/lean.classpath" ]] ||
  fail "the archive from $URL is not a modelfleet release (no bin/modelfleet, lib/lean.classpath)"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
echo "installed in $DIR"
