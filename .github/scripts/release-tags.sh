#!/usr/bin/env bash
# The tag rules of a release, run by .github/workflows/release.yml from a checkout of the release tag.
#
#   release-tags.sh --check vX.Y.Z[-rc.N]   the version has the release format and the tag is the checked-out commit
#   release-tags.sh vX.Y.Z[-rc.N]           the same checks, then move the major tag vX to the release and push it
#
# Users pin `@v1`, so v1 only ever names a stable release and never goes back: a pre-release (-rc.N) leaves it
# alone, and so does a fix to an older minor (v1.0.1 after v1.1.0). The move is `git tag -f` + `git push -f`, which
# needs a checkout whose `origin` accepts a push (in the workflow: contents: write).
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

check_only=false
if [ "${1:-}" = "--check" ]; then
  check_only=true
  shift
fi
[ $# -eq 1 ] || fail "usage: release-tags.sh [--check] vX.Y.Z[-rc.N]"
tag="$1"

# One format for every release; the workflow's tag filter matches the same set.
stable='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'
prerelease='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-rc\.(0|[1-9][0-9]*)$'
if [[ "$tag" =~ $stable ]]; then
  is_prerelease=false
elif [[ "$tag" =~ $prerelease ]]; then
  is_prerelease=true
else
  fail "\"$tag\" is not a release version: use vX.Y.Z or vX.Y.Z-rc.N (e.g. v1.2.0, v1.3.0-rc.1)."
fi
major="v${BASH_REMATCH[1]}"

# The release is made from the tag's commit only: what was checked and built is what the tag names.
commit="$(git rev-parse -q --verify "refs/tags/$tag^{commit}")" || fail "There is no tag $tag in this checkout."
head="$(git rev-parse HEAD)"
[ "$commit" = "$head" ] || fail "Tag $tag is commit ${commit:0:12}, but the checkout is ${head:0:12}: check out the tag."

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "major=$major"
    echo "prerelease=$is_prerelease"
  } >>"$GITHUB_OUTPUT"
fi
if [ "$check_only" = true ]; then
  echo "$tag is commit $commit (major $major, pre-release: $is_prerelease)"
  exit 0
fi

moved=false
# The tag on origin must still be the one checked out: a tag re-pushed since then is a different release.
remote="$(git ls-remote origin "refs/tags/$tag" "refs/tags/$tag^{}")"
remote_commit="$(awk -v peeled="refs/tags/$tag^{}" -v plain="refs/tags/$tag" '
  $2 == peeled { print $1; found = 1; exit }
  $2 == plain { first = $1 }
  END { if (!found && first) print first }' <<<"$remote")"
[ "$remote_commit" = "$commit" ] || fail "Tag $tag on origin is ${remote_commit:-missing}, not ${commit:0:12}."

if [ "$is_prerelease" = true ]; then
  echo "$tag is a pre-release: $major is not moved."
else
  # The newest stable release of this major, as origin has them (the checkout has only the release tag).
  newest="$(git ls-remote --tags --refs origin "refs/tags/$major.*" |
    awk '{ sub("^refs/tags/", "", $2); print $2 }' |
    grep -E "$stable" | sort -V | tail -n 1 || true)"
  if [ "$newest" != "$tag" ]; then
    echo "$major stays where it is: $newest is newer than $tag."
  else
    # A lightweight tag on the commit itself (not on the annotated tag object): `@v1` resolves to the commit.
    git tag -f "$major" "$commit"
    git push -f origin "refs/tags/$major"
    moved=true
    echo "$major now points at $tag ($commit)."
  fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "moved=$moved" >>"$GITHUB_OUTPUT"
fi
