#!/usr/bin/env bash
# Prints the notes of one version from CHANGELOG.md (Keep a Changelog form): the lines under `## [X.Y.Z] ...` up to
# the next `## ` heading or the link definitions at the end. A pre-release (X.Y.Z-rc.N) without a section of its
# own gets the `## [Unreleased]` notes: they are what the candidate contains. No notes is an error, so a release
# never goes out with an empty page.
#
#   changelog-notes.sh vX.Y.Z[-rc.N] [CHANGELOG.md]
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

[ $# -ge 1 ] && [ $# -le 2 ] || fail "usage: changelog-notes.sh vX.Y.Z[-rc.N] [CHANGELOG.md]"
version="${1#v}"
file="${2:-CHANGELOG.md}"
[ -f "$file" ] || fail "$file not found."

section() {
  awk -v heading="## [$1]" '
    index($0, "## ") == 1 {
      if (found) exit
      if (index($0, heading) == 1) { found = 1; next }
    }
    found && /^\[[^]]+\]: / { exit }
    found { print }
  ' "$file" | sed -e '/[^[:space:]]/,$!d'
}

notes="$(section "$version")"
if [ -z "$notes" ] && [[ "$version" == *-* ]]; then
  notes="$(section Unreleased)"
fi
if [ -z "$notes" ] && [[ "$version" == *-* ]]; then
  fail "$file has no notes for $version: write them under '## [Unreleased]' or a '## [$version] - YYYY-MM-DD' section."
fi
[ -n "$notes" ] || fail "$file has no notes for $version: add a '## [$version] - YYYY-MM-DD' section."
printf '%s\n' "$notes"
