#!/bin/sh
# The runtime image, checked without a Docker engine: builds its root filesystem with debootstrap
# from runtime-packages.txt (the Dockerfile's list), adds the release binary built as the
# Dockerfile builds it (--static-swift-stdlib) and the unprivileged user, then starts
# `safetynet serve` in it (chroot, as that user) against a private PostgreSQL on this machine
# and asks /health and /metrics, with the image's own health check command. Run as root from the
# repository's root:
#   swift build -c release --product safetynet --static-swift-stdlib --scratch-path .build-static
#   docker/check-runtime-rootfs.sh .build-static/release/safetynet
set -eu
binary=${1:-.build-static/release/safetynet}
work=${WORK:-/var/tmp/safetynet-rootfs}
rootfs=$work/rootfs
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
packages=$(grep -v '^#' docker/runtime-packages.txt | paste -sd, -)

command -v debootstrap >/dev/null || apt-get install -y debootstrap
mkdir -p "$work"
if [ ! -e "$rootfs/.complete" ]; then
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" http://deb.debian.org/debian
    touch "$rootfs/.complete"
fi
install -D -m 0755 "$binary" "$rootfs/usr/local/bin/safetynet"
chroot "$rootfs" id safetynet >/dev/null 2>&1 ||
    chroot "$rootfs" useradd --system --uid 10001 --user-group --home-dir /var/lib/safetynet --create-home safetynet
if chroot "$rootfs" ldd /usr/local/bin/safetynet | grep "not found"; then
    echo "FAIL: the binary needs libraries the runtime packages do not provide"; exit 1
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb
echo "rootfs: $(du -sh --exclude=proc "$rootfs" | cut -f1), packages: $packages"
echo "the binary links: $(chroot "$rootfs" ldd /usr/local/bin/safetynet | awk '{print $1}' | paste -sd' ' -)"

# What a container gets from Docker: /proc (the Swift runtime reads its arguments there) and /dev.
mountpoint -q "$rootfs/proc" || mount -t proc proc "$rootfs/proc"
mountpoint -q "$rootfs/dev" || mount --bind /dev "$rootfs/dev"

# A private PostgreSQL: the owner role migrates, the runtime role serves.
pgdata=$work/pgdata
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -rf "$pgdata" && mkdir -p "$pgdata" && chown postgres "$pgdata"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k /tmp" -l "$pgdata/server.log" -w start >/dev/null
trap 'kill $server 2>/dev/null; sleep 2; runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null; umount "$rootfs/proc" "$rootfs/dev"' EXIT
psql -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE ROLE safetynet_owner LOGIN PASSWORD 'owner-pw'" \
    -c "CREATE ROLE safetynet_app LOGIN PASSWORD 'app-pw'" -c "CREATE DATABASE safetynet OWNER safetynet_owner"

# The secrets as compose hands them over: files the server user reads.
secrets=$rootfs/run/secrets
mkdir -p "$secrets" "$rootfs/etc/safetynet/keys"
printf 'postgresql://safetynet_owner:owner-pw@127.0.0.1:%s/safetynet' "$port" > "$secrets/database_owner_url"
printf 'postgresql://safetynet_app:app-pw@127.0.0.1:%s/safetynet' "$port" > "$secrets/database_url"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=localhost \
    -keyout "$secrets/tls_private_key" -out "$secrets/tls_certificate" 2>/dev/null
chroot "$rootfs" safetynet keys generate /etc/safetynet/keys/personal-data.keys >/dev/null 2>&1 ||
    { rm -f "$rootfs/etc/safetynet/keys/personal-data.keys"; chroot "$rootfs" safetynet keys generate /etc/safetynet/keys/personal-data.keys; }
chown -R 10001:10001 "$secrets" "$rootfs/etc/safetynet/keys"

# The image's environment (Dockerfile ENV) and compose's.
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/var/lib/safetynet \
    SAFETYNET_HOST=127.0.0.1 SAFETYNET_PORT=18443 SAFETYNET_METRICS_HOST=127.0.0.1 SAFETYNET_METRICS_PORT=19464 \
    SAFETYNET_DATA_DIR=/var/lib/safetynet SAFETYNET_LOG_FORMAT=json \
    SAFETYNET_PERSONAL_DATA_KEYS_FILE=/etc/safetynet/keys/personal-data.keys \
    SAFETYNET_OWNER_DATABASE_URL_FILE=/run/secrets/database_owner_url SAFETYNET_DATABASE_URL_FILE=/run/secrets/database_url \
    SAFETYNET_TLS_CERTIFICATE=/run/secrets/tls_certificate SAFETYNET_TLS_PRIVATE_KEY=/run/secrets/tls_private_key \
    /usr/sbin/chroot --userspec=10001:10001 "$rootfs" /usr/local/bin/safetynet serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    if env SAFETYNET_PORT=18443 chroot --userspec=10001:10001 "$rootfs" safetynet health --insecure >/dev/null 2>&1; then break; fi
    sleep 1
done
echo "health (the image's HEALTHCHECK command, in the rootfs, as uid 10001): $(env SAFETYNET_PORT=18443 chroot --userspec=10001:10001 "$rootfs" safetynet health --insecure)"
echo "server process runs as uid: $(ps -o uid= -C safetynet | tr -d ' ' | sort -u | paste -sd, -)"
echo "metrics: $(curl -s http://127.0.0.1:19464/metrics | grep -c '^# TYPE') families"
echo "first log line: $(head -1 "$work/server.log")"
grep -q '"message":"SafetyNet is serving"' "$work/server.log" && echo "PASS: the release binary serves from the runtime root filesystem" || { echo FAIL; tail -20 "$work/server.log"; exit 1; }
