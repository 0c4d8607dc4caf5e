#!/usr/bin/env bash
# Step "Comment the plan": one sticky comment per pull request. It finds its own earlier comment by the
# hidden marker line and edits it; only when there is none does it create one. (Not `gh pr comment
# --edit-last`, which edits whichever comment the token wrote last.)
# Env: GH_TOKEN, REPOSITORY (owner/name), PULL_REQUEST (number), BODY_FILE. Needs gh and jq.
set -euo pipefail

readonly MARKER='<!-- modelfleet-plan -->'
# GitHub refuses comment bodies over 65,536 characters; the whole plan stays in the job summary.
readonly MAX_BODY=60000

[[ -s "${BODY_FILE:-}" ]] || { echo "::error title=modelfleet action::no plan to post (${BODY_FILE:-BODY_FILE unset} is empty)"; exit 1; }
[[ "${PULL_REQUEST:-}" =~ ^[0-9]+$ ]] || { echo "::error title=modelfleet action::PULL_REQUEST is '${PULL_REQUEST:-}', not a pull-request number"; exit 1; }

body="$(cat "$BODY_FILE")"
# The marker makes the comment findable again; a modelfleet whose diff does not print it still gets one.
if ! grep -qF -- "$MARKER" "$BODY_FILE"; then
  body="$MARKER"$'\n'"$body"
fi
if (( ${#body} > MAX_BODY )); then
  body="${body:0:MAX_BODY}"$'\n\n'"… (cut: the whole plan is in the job summary)"
fi
payload="$(jq -n --arg body "$body" '{body: $body}')"

# Prints gh's answer; returns 3 when the token may not write (a pull request from a fork gets a
# read-only token), 1 on any other failure.
api() {
  local out
  if out="$(gh api "$@" 2>&1)"; then
    printf '%s\n' "$out"
    return 0
  fi
  if [[ "$out" == *"HTTP 403"* || "$out" == *"Resource not accessible by integration"* ]]; then
    return 3
  fi
  echo "::error title=modelfleet action::gh api $*: $out" >&2
  return 1
}

status=0
ids="$(api --paginate "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" \
  --jq ".[] | select(.body | contains(\"$MARKER\")) | .id")" || status=$?
existing="${ids%%$'\n'*}"
if (( status == 0 )); then
  if [[ -n "$existing" ]]; then
    url="$(api --method PATCH "repos/$REPOSITORY/issues/comments/$existing" --input - --jq .html_url <<< "$payload")" ||
      status=$?
    action="updated the plan comment $existing"
  else
    url="$(api --method POST "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" --input - --jq .html_url <<< "$payload")" ||
      status=$?
    action="posted the plan comment"
  fi
fi
case "$status" in
  0) echo "$action on #$PULL_REQUEST: $url" ;;
  3) echo "::warning title=modelfleet action::cannot comment on pull request #$PULL_REQUEST (the token may not write, as on a pull request from a fork): the plan is in the job summary" ;;
  *) exit 1 ;;
esac
