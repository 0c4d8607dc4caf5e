#!/usr/bin/env bash
# The GitHub Action as a registry repository gets it, run on this machine from the release archive:
# a fresh git repository holding only a copy of examples/registry (as registry/), the example workflow
# and a CODEOWNERS file (no pom.xml, no Maven, no build), a pull request in it, and the workflow's job run
# by run-action-locally.mjs with the action.yml of this checkout. The archive is "downloaded" through a
# file:// release URL and checked against its .sha256; the plan comment goes to a fake gh on the PATH
# that records the calls (GitHub is unreachable here). It prints the annotations and the plan comment.
#
#   run 1  the pull request changes a model's replicas, adds a model and edits a launch request: the job
#          passes, the release is downloaded, verified and cached, the plan is posted as a new comment
#          with the launch's verdict sized from the registry's traffic profile
#   run 2  a reviewer commented since; a push adds an invalid model and changes replicas again, and
#          sha256 is the .sha256 file's whole line: the job
#          fails with the annotation on the bad line, the release comes from the cache, and the plan
#          comment found by its marker is edited (not the reviewer's, though it is the last one)
#   run 3  a sha256 that is not the archive's: nothing is installed and the registry steps do not run
#   run 4  the workflow without `pull-requests: write` (as a fork's pull request): the job still
#          passes, warning that the plan is in the job summary only
#   run 5  release-url and sha256 of the release's .zip (FILE.zip beside FILE.tar.gz): refused by name,
#          nothing installed; the action installs the .tar.gz only
#
# Usage: run-action-locally.sh --archive FILE.tar.gz --work DIR
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
zip_archive="${archive%.tar.gz}.zip"
[[ -f "${archive:-}" && -f "$archive.sha256" && -f "$zip_archive" && -f "$zip_archive.sha256" ]] || {
  echo "FAIL: no release archives and .sha256 files at ${archive:-?} and ${zip_archive:-?} (./mvnw package -pl dist -am makes them)" >&2
  exit 1
}
for tool in git jq node curl; do
  command -v "$tool" > /dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done
# shellcheck source-path=SCRIPTDIR
source "$here/npm-tools.sh"
ensure_npm_tools "$(dirname "$work")/npm-tools"
export NODE_PATH
NODE_PATH="$(cd "$(dirname "$work")/npm-tools/node_modules" && pwd)"

failures=0
check() { # check DESCRIPTION COMMAND...: one assertion, reported either way
  local what="$1"
  shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what"
    failures=$((failures + 1))
  fi
}

name="$(basename "$archive" .tar.gz)"     # modelfleet-VERSION
version="${name#modelfleet-}"
sha256="$(cut -d' ' -f1 "$archive.sha256")"
rm -rf "$work"
mkdir -p "$work/releases/v$version"
work="$(cd "$work" && pwd)"
ln "$archive" "$work/releases/v$version/$name.tar.gz" 2> /dev/null || cp "$archive" "$work/releases/v$version/"
ln "$zip_archive" "$work/releases/v$version/$name.zip" 2> /dev/null || cp "$zip_archive" "$work/releases/v$version/"
release_url="file://$work/releases/v{version}/modelfleet-{version}.tar.gz"

git_as() { git -c user.name="$1" -c user.email="$1@example.com" -c commit.gpgsign=false "${@:2}"; }

# ---- the registry repository: only the sample registry, the workflow and CODEOWNERS
upstream="$work/upstream"
git init -q -b main "$upstream"
cp -R "$root/examples/registry" "$upstream/registry"
mkdir -p "$upstream/.github/workflows"
cp "$root/examples/ci/registry.yml" "$upstream/.github/workflows/registry.yml"
# CODEOWNERS as the team would make it, with the release itself (unpacked once, aside).
mkdir "$work/setup"
tar -xzf "$archive" -C "$work/setup" --strip-components=1
(cd "$upstream" && "$work/setup/bin/modelfleet" registry codeowners registry --out .github/CODEOWNERS > /dev/null)
git_as platform -C "$upstream" add -A
git_as platform -C "$upstream" commit -q -m "The fleet's registry"
check "the registry repository has no pom.xml or Maven wrapper" \
  test -z "$(git -C "$upstream" ls-files '*pom.xml' 'mvnw*' '.mvn')"

workspace="$work/pull-request"
git clone -q "$upstream" "$workspace"
git -C "$workspace" checkout -q -b grow-feed
model="registry/models/feed_ranking/ig_feed_ctr_sourcing_v1.yaml"
replicas_before="$(sed -n 's/^  replicas: //p' "$workspace/$model")"
sed -i "s/^  replicas: .*/  replicas: 60/" "$workspace/$model"
added="registry/models/feed_ranking/ig_feed_ctr_sourcing_v4.yaml"
sed -e 's/ig_feed_ctr_sourcing_v1/ig_feed_ctr_sourcing_v4/g' -e 's/^lifecycle: .*/lifecycle: shadow/' \
  -e 's/^  version: v1/  version: v4/' -e 's#/v1/#/v4/#' "$workspace/$model" > "$workspace/$added"
launch="registry/launches/ig_feed_mtml_lsr_v4_wider.yaml"
sed -i 's/(RANK-5120)/(RANK-5120, RANK-5121)/' "$workspace/$launch"
git_as mlengineer -C "$workspace" add -A
git_as mlengineer -C "$workspace" commit -q -m "Feed CTR sourcing: more replicas, v4 in shadow"

# ---- the pull request and GitHub's side of it
owner_repo="example-org/ml-registry"
echo '{"pull_request": {"number": 7, "base": {"ref": "main"}, "head": {"ref": "grow-feed"}}}' > "$work/event.json"
export FAKE_GH_DIR="$work/github"
mkdir -p "$FAKE_GH_DIR/bin"
cp "$here/fake-gh" "$FAKE_GH_DIR/bin/gh"
cat > "$FAKE_GH_DIR/comments.json" << 'EOF'
[
  {"id": 101, "issue": 7, "body": "Why 60 and not 48?", "user": {"login": "reviewer", "type": "User"}},
  {"id": 102, "issue": 7, "body": "Coverage: 87%", "user": {"login": "other-bot[bot]", "type": "Bot"}},
  {"id": 103, "issue": 8, "body": "<!-- modelfleet-plan -->\nanother pull request's plan", "user": {"login": "github-actions[bot]", "type": "Bot"}}
]
EOF
cache_store="$work/cache-store"

run_job() { # run_job N [extra args]: one run of the workflow's job, on a fresh runner; output in run-N.log
  local n="$1"
  shift
  echo
  echo "==== run $n ($(date +%T))"
  set +e
  PATH="$FAKE_GH_DIR/bin:$PATH" node "$here/run-action-locally.mjs" \
    --action-repo "$root" --workflow "$workspace/.github/workflows/registry.yml" --job validate \
    --workspace "$workspace" --runner "$work/runner-$n" --cache-store "$cache_store" \
    --event "$work/event.json" --repository "$owner_repo" \
    --input "version=$version" --input "release-url=$release_url" --result "$work/run-$n.json" "$@" \
    > "$work/run-$n.log" 2>&1
  local status=$?
  set -e
  cat "$work/run-$n.log"
  return $status
}
outcome() { jq -r --arg name "$2" '.steps[] | select(.name == $name) | .outcome' "$work/run-$1.json"; }
comment_body() { jq -r --argjson id "$1" '.[] | select(.id == $id) | .body' "$FAKE_GH_DIR/comments.json"; }
marker='<!-- modelfleet-plan -->'

# ---- run 1: a valid change
status=0
run_job 1 --input "sha256=$sha256" || status=$?
echo
echo "==== run 1: checks"
check "the job passed" test "$status" -eq 0
check "the release was downloaded through the release URL and its checksum matched" \
  grep -q "matches the pinned checksum" "$work/run-1.log"
check "the release was cached for the next run" grep -q "cache saved with key: modelfleet-$version-$sha256" "$work/run-1.log"
check "it ran from the unpacked archive (no Maven, no build)" \
  bash -c "! grep -qE 'mvnw|building the jars' '$work/run-1.log' && grep -q '^modelfleet $version' '$work/run-1.log'"
check "validation, CODEOWNERS and the plan ran" test "$(outcome 1 'Validate the registry (annotations on the changed lines)') $(outcome 1 'CODEOWNERS is up to date') $(outcome 1 'Plan (what the change does)')" = "success success success"
check "one call created the plan comment" test "$(grep -c '^POST repos/example-org/ml-registry/issues/7/comments$' "$FAKE_GH_DIR/calls.log")" -eq 1
plan_id="$(jq --arg m "$marker" '[.[] | select(.issue == 7 and (.body | contains($m)))] | if length == 1 then .[0].id else "none" end' "$FAKE_GH_DIR/comments.json")"
check "pull request 7 has exactly one plan comment" test "$plan_id" != '"none"'
plan="$(comment_body "$plan_id")"
check "the plan shows replicas $replicas_before -> 60" grep -qE "replicas.*$replicas_before.*60" <<< "$plan"
check "the plan shows the added model" grep -q "ig_feed_ctr_sourcing_v4" <<< "$plan"
check "the plan shows the launch estimate's verdict from the traffic profile" \
  grep -qE '\*\*Estimate from the traffic profile\*\* \(registry/traffic/feed.yaml of .*\*\*(FITS|NEEDS_APPROVAL|CANNOT_FIT)\*\*' <<< "$plan"
check "the plan is in the job summary" grep -q "ig_feed_ctr_sourcing_v4" <<< "$(jq -r .summary "$work/run-1.json")"
echo "---- the plan comment (#$plan_id)"
echo "$plan"
echo "----"

# ---- run 2: a reviewer commented, then a push with an invalid model
cat > "$FAKE_GH_DIR/reviewer.json" << 'EOF'
{"id": 2000, "issue": 7, "body": "Please also add v5 to the plan", "user": {"login": "reviewer", "type": "User"}}
EOF
jq --slurpfile c "$FAKE_GH_DIR/reviewer.json" '. + $c' "$FAKE_GH_DIR/comments.json" > "$FAKE_GH_DIR/c.json"
mv "$FAKE_GH_DIR/c.json" "$FAKE_GH_DIR/comments.json"
: > "$FAKE_GH_DIR/calls.log"
sed -i "s/^  replicas: .*/  replicas: 72/" "$workspace/$model"
invalid="registry/models/feed_ranking/ig_feed_ctr_sourcing_v5.yaml"
sed -e 's/ig_feed_ctr_sourcing_v4/ig_feed_ctr_sourcing_v5/g' -e 's/^tier: .*/tier: TIER7/' "$workspace/$added" > "$workspace/$invalid"
git_as mlengineer -C "$workspace" add -A
git_as mlengineer -C "$workspace" commit -q -m "v5 too"
status=0
# the .sha256 file's whole line, pasted as it is, pins the same archive
run_job 2 --input "sha256=$(cat "$archive.sha256")" || status=$?
echo
echo "==== run 2: checks"
check "the job failed" test "$status" -eq 1
check "the validation step is the one that failed" test "$(outcome 2 'Validate the registry (annotations on the changed lines)')" = failure
tier_line="$(grep -n '^tier:' "$workspace/$invalid" | cut -d: -f1)"
check "the annotation names the file, the tier's line ($tier_line) and column" \
  grep -qE "^::error file=$invalid,line=$tier_line,col=7,.*TIER7" "$work/run-2.log"
check "the release came from the cache (no download)" \
  test "$(outcome 2 'Restore the release from the cache') $(outcome 2 'Download and verify the release')" = "success skipped"
check "the plan still ran after the failed validation" test "$(outcome 2 'Plan (what the change does)')" = success
check "the existing plan comment was edited in place" \
  test "$(grep -v '^GET' "$FAKE_GH_DIR/calls.log")" = "PATCH repos/example-org/ml-registry/issues/comments/$plan_id"
check "the edited plan shows replicas $replicas_before -> 72" grep -qE "replicas.*$replicas_before.*72" <<< "$(comment_body "$plan_id")"
check "the reviewer's comments, the other bot's and pull request 8's plan are untouched" \
  test "$(comment_body 101)|$(comment_body 102)|$(comment_body 2000)|$(comment_body 103)" \
  = "Why 60 and not 48?|Coverage: 87%|Please also add v5 to the plan|$marker
another pull request's plan"
check "still one plan comment on pull request 7" \
  test "$(jq --arg m "$marker" '[.[] | select(.issue == 7 and (.body | contains($m)))] | length' "$FAKE_GH_DIR/comments.json")" -eq 1
echo "---- the plan comment after the push (#$plan_id)"
comment_body "$plan_id"
echo "----"

# ---- run 3: an archive that is not the pinned one
wrong="$(printf '%s' "$sha256" | tr '0-9a-f' '1-9a-f0')"
status=0
run_job 3 --input "sha256=$wrong" || status=$?
echo
echo "==== run 3: checks"
check "the job failed" test "$status" -eq 1
check "the download step refused the archive, saying so" \
  grep -q "has SHA-256 $sha256, not the pinned $wrong" "$work/run-3.log"
check "nothing was installed" test ! -e "$work/runner-3/tool_cache/modelfleet/$version-${wrong:0:12}"
check "nothing was cached under the wrong checksum" test ! -e "$cache_store/modelfleet-$version-$wrong-Linux"
check "no registry step ran" \
  test "$(outcome 3 'Validate the registry (annotations on the changed lines)') $(outcome 3 'Comment the plan on the pull request')" = "skipped skipped"

# ---- run 4: a read-only token (no pull-requests: write)
git -C "$workspace" reset -q --hard HEAD~1
sed -i 's/^  pull-requests: write.*$//' "$workspace/.github/workflows/registry.yml"
: > "$FAKE_GH_DIR/calls.log"
status=0
run_job 4 --input "sha256=$sha256" || status=$?
git -C "$workspace" checkout -q .github/workflows/registry.yml
echo
echo "==== run 4: checks"
check "the job passed" test "$status" -eq 0
check "it warned that the plan is in the job summary only" \
  grep -q "^::warning title=modelfleet action::cannot comment on pull request #7" "$work/run-4.log"
check "the plan is in the job summary" grep -q "ig_feed_ctr_sourcing_v4" <<< "$(jq -r .summary "$work/run-4.json")"

# ---- run 5: the release's .zip, its own checksum pinned
zip_sha256="$(cut -d' ' -f1 "$zip_archive.sha256")"
status=0
run_job 5 --input "release-url=file://$work/releases/v{version}/modelfleet-{version}.zip" --input "sha256=$zip_sha256" ||
  status=$?
echo
echo "==== run 5: checks"
check "the job failed" test "$status" -eq 1
check "the download step refused the zip by name, pointing at the .tar.gz" \
  grep -q "is a .zip; the action installs modelfleet-<version>.tar.gz" "$work/run-5.log"
check "nothing was installed" test ! -e "$work/runner-5/tool_cache/modelfleet/$version-${zip_sha256:0:12}"
check "no registry step ran" \
  test "$(outcome 5 'Validate the registry (annotations on the changed lines)') $(outcome 5 'Comment the plan on the pull request')" = "skipped skipped"

echo
echo "==== annotations the pull request got (run 2)"
grep -E '^::(error|warning)' "$work/run-2.log" || true
echo
if ((failures > 0)); then
  echo "run-action-locally: $failures check(s) FAILED (logs in $work)"
  exit 1
fi
# The logs stay; the copies of the release (some 300 MB each) go.
rm -rf "$work/setup" "$work/releases" "$work"/runner-*/tool_cache "$cache_store"
echo "run-action-locally: all checks passed"
