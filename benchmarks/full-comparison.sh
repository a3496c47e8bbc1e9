#!/usr/bin/env bash
# The half-yearly full comparison (全量比对) over the households in benefit, on a private cluster:
#
#   benchmarks/full-comparison.sh [--households N] [--in-benefit M] [--rows R] [--keep]
#
# Builds the release binary and starts `safetynet demo` on a fresh data folder (a district of N
# households, sample department files of R rows). Uploads every department's sample over HTTPS so
# every rule has data, then grants dibao to M households directly in SQL as the cluster's owner
# (an approved, paid-monthly item each: what the loop leaves behind), waits for any comparison the
# server started on its own, and starts one as district civil affairs (POST /api/v1/comparisons).
# Times it from the request until its status is done, with the server's resident memory sampled
# throughout. Target: 60,000 households in benefit in under a minute. Writes the figures as JSON to
# benchmarks/results/comparison-<date>.json.
set -euo pipefail
cd "$(dirname "$0")/.."

HOUSEHOLDS=80000
IN_BENEFIT=60000
ROWS=200000
KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --households) HOUSEHOLDS=$2; shift 2 ;;
    --in-benefit) IN_BENEFIT=$2; shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: benchmarks/full-comparison.sh [--households N] [--in-benefit M] [--rows R] [--keep]" >&2; exit 64 ;;
  esac
done
JSON=benchmarks/results/comparison-$(date -u +%Y%m%dT%H%M%SZ).json
WORK=$(mktemp -d /tmp/safetynet-comparison-bench.XXXXXX)
. benchmarks/demo-server.sh

build_release
start_demo "$HOUSEHOLDS" "$ROWS"

echo "uploading every department's sample…"
for FEED in medical-aid.settlements employment.unemployment-registrations disability.certificates education.students civil-affairs.economic-checks; do
  MODULE=${FEED%%.*}
  [ "$MODULE" = civil-affairs ] && LOGIN=admin || LOGIN=${MODULE%%-*}
  [ "$MODULE" = medical-aid ] && LOGIN=medical
  "$BIN" feed upload "$WORK/data/feeds/$FEED.csv" --feed "$FEED" --server "$BASE" --token "$(token "$LOGIN")" --insecure --show 0 \
    | head -n 1 || true
done

echo "granting dibao to $IN_BENEFIT households in SQL…"
owner_psql -q <<SQL
CREATE TEMP TABLE granted AS
    SELECT h.id AS household_id, h.grid_code, gen_random_uuid() AS case_id FROM household h
    WHERE h.status = 'active' AND NOT EXISTS (SELECT 1 FROM assistance_case c WHERE c.household_id = h.id)
    ORDER BY h.id LIMIT $IN_BENEFIT;
INSERT INTO assistance_case (id, household_id, grid_code, filed_by, on_behalf, urgency, description, facts, claim, applied_at)
    SELECT case_id, household_id, grid_code, (SELECT id FROM app_user WHERE login = 'town'), false, 'normal', '低保申请', '{}', '{}',
           now() - interval '200 days'
    FROM granted;
INSERT INTO case_item (id, case_id, assistance_type, module_id, state, urgent, decided_at, amount_fen, period, updated_at)
    SELECT gen_random_uuid(), case_id, 'civil-affairs.dibao', 'civil-affairs', 'disbursing', false, now() - interval '180 days', 72000,
           'monthly', now()
    FROM granted;
ANALYZE assistance_case; ANALYZE case_item;
SQL

CIVIL=$(token civil)
running() { curl -sk "$BASE/api/v1/comparisons" -H "Authorization: Bearer $CIVIL" | python3 -c 'import json, sys; print(sum(r["status"] == "running" for r in json.load(sys.stdin)["items"]))'; }
while [ "$(running)" != 0 ]; do sleep 1; done

echo "comparing…"
start_rss
START=$(date +%s.%N)
RUN=$(curl -sk -X POST "$BASE/api/v1/comparisons" -H "Authorization: Bearer $CIVIL" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
while :; do
  curl -sk "$BASE/api/v1/comparisons/$RUN" -H "Authorization: Bearer $CIVIL" > "$WORK/run.json"
  python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["status"] == "done" else 1)' "$WORK/run.json" && break
  sleep 0.25
done
END=$(date +%s.%N)
stop_rss

python3 - "$START" "$END" "$(peak_rss_mb)" "$HOUSEHOLDS" "$ROWS" "$WORK/run.json" "$JSON" <<'PY'
import json, sys
start, end, peak, households, rows, run_file, out = sys.argv[1:]
run = json.load(open(run_file))
seconds = float(end) - float(start)
result = {
    "households": int(households), "feed_rows_per_file": int(rows), "in_benefit": run["households"], "compared": run["compared"],
    "rechecks": run["rechecks"], "seconds": round(seconds, 2), "households_per_second": round(run["compared"] / seconds),
    "server_peak_rss_mb": int(peak), "targets": {"seconds_for_60000": 60},
}
print(f"compared {run['compared']:,} households in benefit in {seconds:.1f} s ({run['compared'] / seconds:,.0f}/s); "
      f"{run['rechecks']:,} to visit again; server peak RSS {peak} MB")
json.dump(result, open(out, "w"), indent=2)
print(f"written to {out}")
PY
