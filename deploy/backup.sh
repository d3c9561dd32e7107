#!/usr/bin/env bash
# Backup and restore of Kyoso's PostgreSQL database (custom format, compressed).
#   deploy/backup.sh dump DATABASE_URL FILE
#   deploy/backup.sh restore DATABASE_URL FILE     (into an empty database)
set -euo pipefail
case "${1:-}" in
  dump) pg_dump --format=custom --no-owner --dbname="$2" --file="$3" ;;
  restore) pg_restore --no-owner --exit-on-error --dbname="$2" "$3" ;;
  *) echo "usage: deploy/backup.sh dump|restore DATABASE_URL FILE" >&2; exit 2 ;;
esac
