#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the uploaded media into one timestamped folder.
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/peer/media deploy/backup.sh /srv/peer/backups
# Keeps the newest $BACKUP_KEEP backups (default 14). Prints the folder it wrote.
set -euo pipefail
target_root="${1:?usage: backup.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder}"
keep="${BACKUP_KEEP:-14}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$target_root/$stamp"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file "$target/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)

# Rotate: keep the newest $keep backup folders.
ls -1d "$target_root"/*/ 2>/dev/null | sort | head -n "-$keep" | xargs -r rm -rf
echo "$target"
