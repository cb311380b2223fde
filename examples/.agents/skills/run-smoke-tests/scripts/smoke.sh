#!/usr/bin/env bash
# Usage: smoke.sh staging|production  -- one line per endpoint: path, status, seconds.
set -euo pipefail
case "${1:?usage: smoke.sh staging|production}" in
  staging) base="https://api.staging.acme.example" ;;
  production) base="https://api.acme.example" ;;
  *) echo "unknown environment: $1" >&2; exit 2 ;;
esac
status=0
for path in /healthz /v1/status /v1/databases/ping /v1/buckets/ping; do
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 "$base$path")
  printf '%s\t%s\t%s\n' "$path" "$code" "$seconds"
  [ "$code" = 200 ] || status=1
done
exit "$status"
