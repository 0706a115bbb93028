#!/usr/bin/env bash
# Read the budget from the headers, and see a 429 on a throwaway key rather than spending your own budget.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
work=$(mktemp -d)
key_id=''
# Deletes the throwaway key, however the example ends.
cleanup() {
  [ -z "$key_id" ] || curl -sS --fail-with-body -X DELETE "$API/api-keys/$key_id" -H "$AUTH"
  rm -rf "$work"
}
trap cleanup EXIT

# Every answer carries the budget. --retry resends after a timeout, 429 or 5xx, waiting what
# Retry-After asks (else 1 s, doubling); --retry-max-time caps the whole wait.
curl -sS --fail-with-body --retry 5 --retry-max-time 120 -o /dev/null -D - "$API/tickets?per_page=1" -H "$AUTH" \
  | grep -i '^x-ratelimit-'

# A key with a budget of one request an hour: its second request is refused with 429.
created=$(curl -sS --fail-with-body "$API/api-keys" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"Rate limit demo","permission":"read","rate_limit":1}')
key=$(printf '%s' "$created" | pick 'd["data"]["key"]')
key_id=$(printf '%s' "$created" | pick 'd["data"]["id"]')
for expected in 200 429; do
  status=$(curl -sS -D "$work/headers" -o "$work/body" -w '%{http_code}' "$API/tickets?per_page=1" -H "Authorization: Bearer $key")
  echo "HTTP $status"
  if [ "$status" != "$expected" ]; then echo "Expected HTTP $expected, got $status" >&2; exit 1; fi
done
cat "$work/body"
echo
grep -i -E '^(retry-after|x-ratelimit-remaining|x-ratelimit-reset):' "$work/headers"
