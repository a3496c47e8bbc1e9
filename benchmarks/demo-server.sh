# Shared by the benchmarks that drive a demo server; sourced, not run. Expects WORK (a fresh
# folder) and KEEP (1 keeps it) to be set, and sets BIN, SERVER_PID, BASE and PSQL. SAFETYNET_BIN
# names another binary to measure (an earlier build, say) instead of building this tree's.

PSQL=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | tail -n 1)
BIN=${SAFETYNET_BIN:-.build/release/safetynet}

# Builds the release binary, unless SAFETYNET_BIN names one.
build_release() {
  [ -z "${SAFETYNET_BIN:-}" ] || return 0
  echo "building the release binary…"
  swift build -c release --product safetynet 2>&1 | tail -n 1
}

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

# start_demo HOUSEHOLDS ROWS: the demo on a private cluster in $WORK/data, waited for; sets BASE.
start_demo() {
  echo "starting the demo: $1 households, sample files of $2 rows…"
  # Run as root, the cluster belongs to the postgres user, who must reach it inside $WORK (mktemp
  # makes it private): otherwise it goes to /var/tmp, outliving the folder and missing from --keep.
  chmod 755 "$WORK"
  "$BIN" demo --households "$1" --feed-rows "$2" --data-dir "$WORK/data" --port 0 > "$WORK/demo.out" 2> "$WORK/demo.err" &
  SERVER_PID=$!
  for _ in $(seq 3600); do
    grep -q "SafetyNet demo is running at" "$WORK/demo.out" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/demo.err" >&2; exit 1; }
    sleep 1
  done
  BASE=$(grep -o 'https://[0-9.]*:[0-9]*' "$WORK/demo.out" | head -n 1)
}

# token LOGIN: a session token of a demo account.
token() {
  curl -sk "$BASE/api/v1/sessions" -d "{\"login\":\"$1\",\"password\":\"safetynet-demo\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# Samples the server's resident memory every 0.2 s until stop_rss; peak_rss_mb prints the peak.
start_rss() {
  echo 0 > "$WORK/rss"
  ( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      rss=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" > "$WORK/rss"
      sleep 0.2
    done ) &
  SAMPLER=$!
}
stop_rss() { kill "$SAMPLER" 2>/dev/null || true; }
peak_rss_mb() { echo $(( $(cat "$WORK/rss") / 1024 )); }

# owner_psql ARGS…: psql on the demo's database as the cluster's owner, stopping at the first error.
owner_psql() {
  local credentials port user password
  credentials=$(sed -n "s/.*the owner's password is in \(.*credentials.json\).*/\1/p" "$WORK/demo.out" | head -n 1)
  read -r port user password < <(python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); print(c["port"], c["user"], c["password"])' \
    "$credentials")
  PGPASSWORD=$password "$PSQL" -h 127.0.0.1 -p "$port" -U "$user" -d safetynet -v ON_ERROR_STOP=1 "$@"
}
