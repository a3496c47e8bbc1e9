#!/usr/bin/env bash
# A department batch's whole path beside the same work done in SQL alone, on the same private
# cluster, with the same file:
#
#   benchmarks/feed-upload.sh [--households N] [--rows R] [--keep] [--from DIR]
#
# Builds the release binary and starts `safetynet demo` on a fresh data folder (a district of N
# households, and sample department files of R rows: 5% about people the registry does not hold,
# 2% with a mistake). Then, one after the other:
#   - the whole path: `safetynet feed upload` of the medical settlements file over HTTPS (read,
#     checked, ID numbers turned into blind indexes, matched by index, stored by COPY, then the
#     medical alert rule run over it: each household's self-paid total of the year against three
#     thresholds, alerts inserted with their chain steps), timed from the first byte to the batch's
#     answer, with the server's resident memory sampled throughout;
#   - SQL alone: psql's \copy of the same file into a staging table, the blind index computed in
#     SQL (pgcrypto's hmac), matched to persons by index, one alert row per household whose
#     self-paid total passes 20,000 yuan inserted.
# A district of a million people takes a quarter of an hour to generate: `--keep` leaves the data
# folder ($WORK/data, its server stopped) and `--from` starts a later run on a copy of it.
# Prints rows per second of each, their ratio and the server's peak memory; writes them as JSON to
# benchmarks/results/feed-<date>.json.
set -euo pipefail
cd "$(dirname "$0")/.."

HOUSEHOLDS=20000
ROWS=200000
KEEP=0
FROM=
while [ $# -gt 0 ]; do
  case $1 in
    --households) HOUSEHOLDS=$2; shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --from) FROM=$2; shift 2 ;;
    *) echo "usage: benchmarks/feed-upload.sh [--households N] [--rows R] [--keep] [--from DIR]" >&2; exit 64 ;;
  esac
done
JSON=benchmarks/results/feed-$(date -u +%Y%m%dT%H%M%SZ).json
WORK=$(mktemp -d /tmp/safetynet-feed-bench.XXXXXX)
. benchmarks/demo-server.sh

build_release
[ -z "$FROM" ] || cp -a "$FROM" "$WORK/data"
start_demo "$HOUSEHOLDS" "$ROWS"
# What the registry holds, counted: a demo started --from a kept folder keeps its own size.
read -r HOUSEHOLDS PERSONS < <(owner_psql -t -A -F ' ' -c "SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM person)")
echo "registry: $HOUSEHOLDS households, $PERSONS persons"
FILE="$WORK/data/feeds/medical-aid.settlements.csv"
TOKEN=$(token medical)

echo "whole path: uploading $(wc -l < "$FILE") lines over HTTPS…"
start_rss
START=$(date +%s.%N)
"$BIN" feed upload "$FILE" --feed medical-aid.settlements --server "$BASE" --token "$TOKEN" --insecure --show 0 \
  > "$WORK/upload.out" 2> /dev/null || true
END=$(date +%s.%N)
stop_rss
cat "$WORK/upload.out"
PEAK_MB=$(peak_rss_mb)

echo "SQL alone: \\copy, hmac in SQL, match by index, alerts inserted…"
KEY=$(sed -n 's/^index=//p' "$WORK/data/personal-data.keys")
SQL_START=$(date +%s.%N)
owner_psql -q -t -A -v key="$KEY" > "$WORK/sql.out" <<SQL
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TEMP TABLE stage (id_number text, name text, settled_on text, total_cost text, self_paid text, category text, hospital text,
                         region_code text);
\\copy stage FROM '$FILE' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE matched AS
    SELECT p.id AS person_id, p.household_id, s.*
    FROM stage s JOIN person p ON p.id_number_index =
        hmac(convert_to('id-number', 'UTF8') || '\\x00'::bytea || convert_to(upper(trim(s.id_number)), 'UTF8'), decode(:'key', 'base64'), 'sha256');
CREATE TEMP TABLE alert AS
    SELECT household_id, sum(replace(self_paid, ',', '')::numeric) AS self_paid
    FROM matched WHERE self_paid ~ '^[0-9][0-9,]*(\\.[0-9]{1,2})?$'
    GROUP BY household_id HAVING sum(replace(self_paid, ',', '')::numeric) > 20000;
SELECT (SELECT count(*) FROM stage) || ' rows, ' || (SELECT count(*) FROM matched) || ' matched, ' || (SELECT count(*) FROM alert) || ' alerts';
SQL
SQL_END=$(date +%s.%N)
echo "  $(cat "$WORK/sql.out")"

python3 - "$ROWS" "$START" "$END" "$SQL_START" "$SQL_END" "$PEAK_MB" "$HOUSEHOLDS" "$PERSONS" "$JSON" <<'PY'
import json, sys
rows, start, end, sql_start, sql_end, peak, households, persons, out = sys.argv[1:]
rows = int(rows)
whole, sql = float(end) - float(start), float(sql_end) - float(sql_start)
result = {
    "households": int(households), "persons": int(persons), "rows": rows,
    "whole_path_seconds": round(whole, 2), "whole_path_rows_per_second": round(rows / whole),
    "sql_alone_seconds": round(sql, 2), "sql_alone_rows_per_second": round(rows / sql),
    "ratio": round(sql / whole, 3), "server_peak_rss_mb": int(peak),
    "targets": {"ratio": 1.0, "server_peak_rss_mb": 300},
}
print(f"{'':28}{'seconds':>10}{'rows/s':>12}")
print(f"{'whole path (HTTPS upload)':28}{whole:>10.2f}{rows / whole:>12,.0f}")
print(f"{'SQL alone':28}{sql:>10.2f}{rows / sql:>12,.0f}")
print(f"ratio {sql / whole:.3f} (target ≥ 1.0); server peak RSS {peak} MB (target < 300)")
json.dump(result, open(out, "w"), indent=2)
print(f"written to {out}")
PY
