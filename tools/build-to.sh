#!/usr/bin/env bash
# Builds both bundles into another folder (default .tmp/dist), as `npm run build` does into dist/: for running the
# end-to-end tests on a change without touching the committed dist/ (ACTION_DIST=<folder> npx jest test/e2e ...).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.tmp/dist}"
rm -rf "$out"
npx ncc build src/index.ts -o "$out" --minify --target es2022 >/dev/null
npx ncc build src/ecs-express.ts -o "$out/ecs-express" --minify --target es2022 >/dev/null
echo "built $out"
