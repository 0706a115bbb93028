#!/usr/bin/env bash
# An admin key creates a read-only key for an integration; the new key reads, is refused a write, and is revoked.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
# Sends a request (curl's arguments after the first) and prints its status and body; stops the example unless the status is the first argument.
expect_status() {
  local expected=$1 status
  shift
  status=$(curl -sS -o "$answer" -w '%{http_code}' "$@")
  echo "$status $(cat "$answer")"
  if [ "$status" != "$expected" ]; then echo "Expected HTTP $expected, got $status" >&2; exit 1; fi
}

# The answer holds the key itself ("key") this once; Loopdesk keeps only a hash. Put it in a secret store.
created=$(curl -sS --fail-with-body "$API/api-keys" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"Reporting export","permission":"read","rate_limit":500}')
key=$(printf '%s' "$created" | pick 'd["data"]["key"]')
key_id=$(printf '%s' "$created" | pick 'd["data"]["id"]')
echo "Created key $(printf '%s' "$created" | pick 'd["data"]["prefix"]')… with read permission"

# Every request carries the key as a Bearer token.
curl -sS --fail-with-body -o /dev/null -w 'GET /tickets with the read key: %{http_code}\n' "$API/tickets?per_page=1" \
  -H "Authorization: Bearer $key"

# A write is beyond a read key: 403 FORBIDDEN in the error envelope.
expect_status 403 "$API/tickets" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"subject":"Not allowed"}'

# Revoking takes effect at once: the key is refused with 401 from the next request on.
curl -sS --fail-with-body -X DELETE "$API/api-keys/$key_id" -H "$AUTH"
expect_status 401 "$API/tickets?per_page=1" -H "Authorization: Bearer $key"
