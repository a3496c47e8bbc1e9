#!/bin/sh
# Writes what docker/compose.yaml reads before its first start: database passwords and URLs,
# a TLS certificate (self-signed for HOST unless you put your own in secrets/ first) and the
# personal-data keyring in keys/. Never overwrites a file: run it again to fill in what is missing.
# Run as root (sudo) so that each file can be given to the container user that reads it.
#
#   docker/make-secrets.sh safetynet.example.gov.cn
set -eu
host=${1:-localhost}
cd "$(dirname "$0")"
umask 077
mkdir -p secrets keys

write() { # write FILE CONTENT: only when FILE does not exist yet
    if [ -e "$1" ]; then echo "kept    $1"; else printf '%s' "$2" > "$1"; echo "wrote   $1"; fi
}
random() { openssl rand -hex 24; }

for name in postgres_password owner_password app_password; do
    [ -e "secrets/$name" ] || write "secrets/$name" "$(random)"
done
owner_password=$(cat secrets/owner_password)
app_password=$(cat secrets/app_password)
write secrets/database_owner_url "postgresql://safetynet_owner:${owner_password}@postgres:5432/safetynet"
write secrets/database_url "postgresql://safetynet_app:${app_password}@postgres:5432/safetynet"

if [ ! -e secrets/tls_certificate.pem ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
        -subj "/CN=${host}" -addext "subjectAltName=DNS:${host}" \
        -keyout secrets/tls_private_key.pem -out secrets/tls_certificate.pem 2>/dev/null
    echo "wrote   secrets/tls_certificate.pem and secrets/tls_private_key.pem (self-signed for ${host}: replace them with your CA's)"
fi

# The keyring's text form (see `safetynet keys generate`): random 32-byte keys, base64.
write keys/personal-data.keys "# SafetyNet personal-data keys. Keep this secret and backed up: without it the stored
# ID and phone numbers cannot be read or matched. Never change \`index\`.
index=$(openssl rand -base64 32)
key.k1=$(openssl rand -base64 32)
current=k1
"

# The postgres image reads its secrets as uid 999, the server image as uid 10001.
if [ "$(id -u)" = 0 ]; then
    chown 999:999 secrets/postgres_password secrets/owner_password secrets/app_password
    chown 10001:10001 secrets/database_owner_url secrets/database_url secrets/tls_certificate.pem secrets/tls_private_key.pem
    chown -R 10001:10001 keys
else
    echo "not root: give secrets/ and keys/ to the container users yourself (see README, Run with Docker)"
fi
echo "Back up keys/personal-data.keys apart from the database backups: without it no ID number can be read."
