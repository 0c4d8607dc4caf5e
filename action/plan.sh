#!/usr/bin/env bash
# Step "Plan": what the change does to the registry against origin/BASE_REF, as markdown: appended to the
# job summary, printed, and left in a file for the comment step (output: file). Env: REGISTRY, BASE_REF.
set -euo pipefail

fail() { echo "::error title=modelfleet action::$*"; exit 1; }

base="origin/$BASE_REF"
if ! git rev-parse --verify --quiet "$base^{commit}" > /dev/null; then
  # A shallow checkout (fetch-depth 1) has no base branch: fetch its tip, which is all the diff reads.
  git fetch --no-tags --depth=1 --quiet origin "+refs/heads/$BASE_REF:refs/remotes/origin/$BASE_REF" ||
    fail "cannot fetch the base branch '$BASE_REF' from origin: check the input 'base-ref' (default: the pull request's base)"
fi

file="${RUNNER_TEMP:-/tmp}/modelfleet-plan.md"
# Exit 1 means findings (the validation step reports those): the plan is still published.
# 2 and 3 (usage, I/O or internal error) fail the step.
status=0
modelfleet registry diff --base "$base" "$REGISTRY" > "$file" || status=$?
if ((status > 1)) || [[ ! -s "$file" ]]; then
  fail "modelfleet registry diff --base $base $REGISTRY failed (exit $status); its message is above"
fi
cat "$file" >> "$GITHUB_STEP_SUMMARY"
echo "file=$file" >> "$GITHUB_OUTPUT"
cat "$file"
