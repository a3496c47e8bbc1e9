#!/usr/bin/env bash
# Measures GET /api/v1/households/{id} over HTTPS keep-alive with wrk, against a running server
# (by default the demo: `swift run -c release safetynet demo`). Re-run it after any change to the
# read path and compare requests/s.
#
#   benchmarks/household-read.sh [base-url] [seconds] [connections]
#
# Needs wrk (apt-get install wrk) and python3. Signs in as the demo's district account, picks 200
# households across the district and requests them round-robin, each connection kept alive.
set -euo pipefail
BASE=${1:-https://127.0.0.1:8443}
SECONDS_TO_RUN=${2:-20}
CONNECTIONS=${3:-64}
LOGIN=${SAFETYNET_BENCH_LOGIN:-civil}
PASSWORD=${SAFETYNET_BENCH_PASSWORD:-safetynet-demo}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
TOKEN=$(curl -sk "$BASE/api/v1/sessions" -d "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
IDS=$(curl -sk -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/households?limit=200" |
  python3 -c 'import sys,json; print(" ".join(h["id"] for h in json.load(sys.stdin)["items"]))')

SCRIPT=$(mktemp --suffix=.lua)
trap 'rm -f "$SCRIPT"' EXIT
cat > "$SCRIPT" <<LUA
local ids = {}
for id in string.gmatch("$IDS", "%S+") do ids[#ids + 1] = id end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/households/" .. ids[(n % #ids) + 1], {["Authorization"] = "Bearer $TOKEN"})
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
echo "GET /api/v1/households/{id}: $SECONDS_TO_RUN s, $CONNECTIONS keep-alive connections, 2 threads"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$SCRIPT" "$BASE"
