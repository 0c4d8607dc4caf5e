#!/usr/bin/env bash
# Step "Locate the modelfleet release": checks the pinned inputs and works out where the archive comes
# from and where it is unpacked. Outputs url, dir and cache-key (GITHUB_OUTPUT).
# Env: VERSION, SHA256, RELEASE_URL (may be empty), ACTION_REPOSITORY, TOOL_CACHE.
set -euo pipefail

fail() { echo "::error title=modelfleet action::$*"; exit 1; }

[[ "${VERSION:-}" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.-]+)?$ ]] ||
  fail "input 'version' is '${VERSION:-}', not a release version: pin one, e.g. 'version: 0.1.0'"
# the hash alone, or the .sha256 file's whole line ("<hash>  modelfleet-<version>.tar.gz") pasted as it is
read -r sha256 named <<< "${SHA256:-}" || true
sha256="$(tr 'A-F' 'a-f' <<< "${sha256:-}")"
[[ "$sha256" =~ ^[0-9a-f]{64}$ ]] ||
  fail "input 'sha256' is '${SHA256:-}', not a SHA-256 (64 hex digits): copy it from modelfleet-$VERSION.tar.gz.sha256, published beside the release archive"
[[ -z "${named:-}" || "${named#\*}" == "modelfleet-$VERSION.tar.gz" ]] ||
  fail "input 'sha256' is the checksum of '${named#\*}', not of modelfleet-$VERSION.tar.gz: copy it from modelfleet-$VERSION.tar.gz.sha256"

url_pattern="${RELEASE_URL:-}"
if [[ -z "$url_pattern" ]]; then
  # This action's repository: from the folder the runner checked it out to (_actions/OWNER/REPO/REF), which
  # is reliable inside a composite action, else from the github.action_repository context.
  repository=""
  if [[ "${GITHUB_ACTION_PATH:-}" =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
    repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  fi
  repository="${repository:-${ACTION_REPOSITORY:-}}"
  [[ -n "$repository" ]] ||
    fail "cannot tell which repository this action comes from; set the input release-url, e.g. https://github.com/OWNER/modelfleet/releases/download/v{version}/modelfleet-{version}.tar.gz"
  url_pattern="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/v{version}/modelfleet-{version}.tar.gz"
fi
url="${url_pattern//\{version\}/$VERSION}"
# One folder per version and checksum: a different archive under the same version never mixes in.
dir="${TOOL_CACHE:-${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}}/modelfleet/$VERSION-${sha256:0:12}"

{
  echo "url=$url"
  echo "dir=$dir"
  echo "cache-key=modelfleet-$VERSION-$sha256-${RUNNER_OS:-Linux}"
} >> "$GITHUB_OUTPUT"
echo "modelfleet $VERSION (sha256 $sha256) from $url"
