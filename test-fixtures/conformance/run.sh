#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance from test-fixtures/node_modules,
# server mode, spec 2025-11-25) against the MCP server at URL, on this machine's Node (20 works, see
# node20-register.mjs).
#
#   run.sh URL [more `conformance server` flags, e.g. --scenario ping or --expected-failures baseline.yml]
#
# Prints the suite's report, ending in `✓|✗ <scenario>: N passed, M failed` lines and a `Total:` line. Each
# scenario's checks go to $CONFORMANCE_RESULTS/server-<scenario>-<time>/checks.json (default: a new directory
# under results/ next to this script). Exit status: the suite's (non-zero on failures not in the baseline).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
url="${1:?usage: run.sh URL [conformance server flags]}"
shift
cli="$here/../node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [[ ! -f "$cli" ]]; then
  echo "run.sh: $cli is missing; run 'npm ci' in test-fixtures first." >&2
  exit 2
fi
results="${CONFORMANCE_RESULTS:-$here/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$results"
exec node --import "$here/node20-register.mjs" "$cli" server \
  --url "$url" --spec-version 2025-11-25 --output-dir "$results" "$@"
