#!/usr/bin/env bash
# Restore a backup made by backup.sh into DATABASE_URL and MEDIA_ROOT (replacing what is there).
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/peer/media deploy/restore.sh /srv/peer/backups/20261123T020000Z
# Stop web, worker and scheduler first; start them again afterwards.
set -euo pipefail
source_dir="${1:?usage: restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder}"

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --dbname "$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$MEDIA_ROOT"
find "$MEDIA_ROOT" -mindepth 1 -delete
tar -C "$MEDIA_ROOT" -xzf "$source_dir/media.tar.gz"
echo "restored $source_dir"
