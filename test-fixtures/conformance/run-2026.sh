#!/usr/bin/env bash
# Runs the official MCP conformance suite's 2026-07-28 server scenarios (the 0.2.0 pre-release of
# @modelcontextprotocol/conformance, installed from the lockfile under the alias conformance-2026) against the
# MCP server at URL, on this machine's Node (20 works, see node20-register.mjs). The 2026-07-28 era is stateless,
# so the suite speaks it with per-request _meta and no session, unlike run.sh's 2025-11-25 run.
#
#   run-2026.sh URL [more `conformance server` flags, e.g. --scenario caching or --expected-failures baseline.yml]
#
# Output and results as for run.sh ($CONFORMANCE_RESULTS/server-<scenario>-<time>/checks.json).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
url="${1:?usage: run-2026.sh URL [conformance server flags]}"
shift
cli="$here/../node_modules/conformance-2026/dist/index.js"
if [[ ! -f "$cli" ]]; then
  echo "run-2026.sh: $cli is missing; run 'npm ci' in test-fixtures first." >&2
  exit 2
fi
results="${CONFORMANCE_RESULTS:-$here/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$results"
exec node --import "$here/node20-register.mjs" "$cli" server \
  --url "$url" --requirements 2026-07-28 --output-dir "$results" "$@"
