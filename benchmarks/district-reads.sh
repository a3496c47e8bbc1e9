#!/usr/bin/env bash
# Times the reads a district leans on, against a running server with the demo caseload (by
# default the demo: `swift run -c release safetynet demo`), each RUNS times over one kept-alive
# TLS connection, as a browser or a client library would:
#   - GET /visits/due for one grid (a grid worker's day)          target 20 ms
#   - GET /supervision/overdue for the district                   target 50 ms
#   - GET /supervision/figures for the district and the year      target 500 ms
#   - GET /supervision/publication for the district, last month (公示) target 1 s
#   - GET /households/{id}/chain of a household with a case        target 20 ms
# Prints one line per read: "name median-ms slowest-ms target-ms".
#
#   benchmarks/district-reads.sh [base-url] [runs]
#
# Needs curl and python3. Signs in as the demo's district civil-affairs account.
set -euo pipefail
BASE=${1:-https://127.0.0.1:8443}
RUNS=${2:-11}
LOGIN=${SAFETYNET_BENCH_LOGIN:-civil}
PASSWORD=${SAFETYNET_BENCH_PASSWORD:-safetynet-demo}

TOKEN=$(curl -sk "$BASE/api/v1/sessions" -d "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
get() { curl -sk -H "Authorization: Bearer $TOKEN" "$BASE$1"; }
HOUSEHOLD=$(get /api/v1/supervision/overdue | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["householdID"])')
GRID=$(get "/api/v1/households/$HOUSEHOLD" | python3 -c 'import sys,json; print(json.load(sys.stdin)["gridCode"])')
YEAR=$(date -u +%Y)
LAST_MONTH=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
LAST_DAY=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m-%d)

measure() {
  local name=$1 path=$2 target=$3 urls=()
  for _ in $(seq "$RUNS"); do urls+=(-o /dev/null "$BASE$path"); done
  # One curl for all runs: the connection (and its TLS session) is reused after the first.
  curl -sk -H "Authorization: Bearer $TOKEN" -w '%{http_code} %{time_total}\n' "${urls[@]}" |
    python3 -c "
import sys, statistics
rows = [line.split() for line in sys.stdin]
bad = [code for code, _ in rows if code != '200']
if bad: sys.exit(f'$name: answered {bad[0]}')
t = [float(seconds) * 1000 for _, seconds in rows[1:]]  # the first pays for the handshake
print(f'$name {statistics.median(t):.1f} {max(t):.1f} $target')"
}
measure visits-due-grid "/api/v1/visits/due?region=$GRID" 20
measure overdue-district /api/v1/supervision/overdue 50
measure figures-district-year "/api/v1/supervision/figures?from=$YEAR-01-01" 500
measure publication-district "/api/v1/supervision/publication?from=$LAST_MONTH-01&to=$LAST_DAY" 1000
measure chain-household "/api/v1/households/$HOUSEHOLD/chain" 20
