#!/usr/bin/env bash
# Times the supervision reads on a running server with the demo caseload (by default the demo:
# `swift run -c release safetynet demo`): the year's figures for the whole district, the overdue
# list, and one household's assistance chain. Each is requested RUNS times one after another,
# each a fresh curl (so a TLS handshake is included); prints the median and the slowest in ms.
#
#   benchmarks/supervision.sh [base-url] [runs]
#
# Needs curl and python3. Signs in as the demo's district civil-affairs account.
set -euo pipefail
BASE=${1:-https://127.0.0.1:8443}
RUNS=${2:-20}
LOGIN=${SAFETYNET_BENCH_LOGIN:-civil}
PASSWORD=${SAFETYNET_BENCH_PASSWORD:-safetynet-demo}

TOKEN=$(curl -sk "$BASE/api/v1/sessions" -d "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
HOUSEHOLD=$(curl -sk -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/supervision/overdue" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["householdID"])')

measure() {
  local name=$1 path=$2
  for _ in $(seq "$RUNS"); do curl -sk -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{time_total}\n' "$BASE$path"; done |
    python3 -c "import sys,statistics; t=[float(x)*1000 for x in sys.stdin]; print(f'$name: median {statistics.median(t):.1f} ms, slowest {max(t):.1f} ms over {len(t)} requests')"
}
measure "figures (district, this year)" "/api/v1/supervision/figures"
measure "overdue list (district)" "/api/v1/supervision/overdue"
measure "chain of one household" "/api/v1/households/$HOUSEHOLD/chain"
