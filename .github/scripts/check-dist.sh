#!/usr/bin/env bash
# Fails when the committed dist/ is not what the checked-out source builds to. Users run dist/ as committed, so a
# release whose dist/ is stale would ship code that no test ran. Run from the repository root after `npm ci`.
# RELEASE_BUILD_COMMAND replaces `npm run build` (the tests give a stand-in build).
set -euo pipefail

fail() {
  # stdout: the runner turns ::error:: lines into annotations. The message is escaped as a workflow command's data
  # must be, so a value with a newline (a hand-typed version) cannot start a command line of its own.
  local message="$*"
  message="${message//'%'/%25}"
  message="${message//$'\r'/%0D}"
  message="${message//$'\n'/%0A}"
  echo "::error::$message"
  exit 1
}

build="${RELEASE_BUILD_COMMAND:-npm run build}"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "Not in a git checkout: run from the repository root."
echo "Rebuilding dist/: $build"
bash -c "$build" || fail "The build failed: $build"

# Untracked files count too: a new chunk the committed dist/ lacks would be missing from the release.
changes="$(git status --porcelain --untracked-files=all -- dist)"
if [ -n "$changes" ]; then
  echo "$changes"
  fail "dist/ differs from a fresh build of $(git rev-parse --short HEAD): run 'npm run build', commit dist/ and tag that commit."
fi
echo "dist/ matches a fresh build of $(git rev-parse --short HEAD)."
