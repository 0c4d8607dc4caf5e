#!/usr/bin/env bash
# Lints the GitHub Action and the example workflow a registry repository copies:
#   - actionlint on examples/ci/registry.yml, and on action.yml's steps wrapped in a workflow (actionlint reads
#     workflows only), so its expressions, contexts and step ids are checked too;
#   - action-validator: action.yml against the action metadata schema, the workflow against the workflow one;
#   - shellcheck on the action's scripts and bin/modelfleet, where shellcheck is installed (.ci/run installs
#     it; MODELFLEET_EXTERNAL_TOOLS=required makes it missing a failure).
# Each linter is first shown a broken file and must reject it, so a linter that checks nothing fails here.
# Usage: lint-action.sh REPO_ROOT WORK_DIR
set -euo pipefail
root="$(cd "$1" && pwd)"
mkdir -p "$2"
work="$(cd "$2" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
source "$here/npm-tools.sh"
ensure_npm_tools "$work/npm-tools"

NODE_PATH="$work/npm-tools/node_modules" node "$here/lint-action.mjs" "$root" "$work/npm-tools/node_modules"

shell_scripts=("$root"/action/*.sh "$root/bin/modelfleet" "$here"/*.sh "$here/fake-gh")
if command -v shellcheck > /dev/null; then
  # shellcheck disable=SC2016 # the text shellcheck is shown must hold an unexpanded variable
  if echo 'echo $undefined_quote_me' | shellcheck -s bash - > /dev/null 2>&1; then
    echo "FAIL: shellcheck accepted an unquoted variable; it is not checking" >&2
    exit 1
  fi
  shellcheck -s bash -x "${shell_scripts[@]}"
  echo "shellcheck: ${#shell_scripts[@]} scripts clean"
elif [[ "${MODELFLEET_EXTERNAL_TOOLS:-}" == required ]]; then
  echo "FAIL: shellcheck is not installed (apt-get install shellcheck)" >&2
  exit 1
else
  echo "SKIPPED: shellcheck is not installed (apt-get install shellcheck); the action's scripts were not checked"
fi
echo "lint-action: passed"
