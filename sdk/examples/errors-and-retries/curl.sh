#!/usr/bin/env bash
# What failures look like, and a create that is safe to retry because it carries an Idempotency-Key.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
work=$(mktemp -d)
ids=()
# Deletes the tickets the example made, however it ends: a second one too, if a resend made one.
cleanup() {
  for id in $(printf '%s\n' "${ids[@]}" | sort -u); do curl -sS --fail-with-body -X DELETE "$API/tickets/$id" -H "$AUTH"; done
  rm -rf "$work"
}
trap cleanup EXIT
# expect_status CODE CURL_ARGS…: sends the request, prints its status and body, and stops the example unless the status is CODE.
expect_status() {
  local expected=$1 status
  shift
  status=$(curl -sS -D "$work/headers" -o "$work/answer" -w '%{http_code}' "$@")
  echo "$status $(cat "$work/answer")"
  if [ "$status" != "$expected" ]; then echo "Expected HTTP $expected, got $status" >&2; exit 1; fi
}

# 400 VALIDATION_ERROR: "details" names every invalid field. X-Request-Id finds the request in the server's log.
expect_status 400 "$API/tickets" -H "$AUTH" -H 'Content-Type: application/json' -d '{"subject":"","due_date":"next tuesday"}'
grep -i '^x-request-id' "$work/headers"

# 404 NOT_FOUND
expect_status 404 "$API/tickets/2147483647" -H "$AUTH"

# A POST is safe to send again only with an Idempotency-Key: the retry gets the first answer,
# marked Idempotent-Replayed, and creates nothing. curl --retry resends on timeouts, 429 and 5xx.
key=$(python3 -c 'import uuid; print(uuid.uuid4())')
for attempt in first again; do
  curl -sS --fail-with-body --retry 4 -o "$work/ticket.json" -D "$work/headers" "$API/tickets" -H "$AUTH" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d '{"subject":"Created once, however often it is sent"}'
  ids+=("$(pick 'd["data"]["id"]' <"$work/ticket.json")")
  echo "$attempt: $(pick 'd["data"]["number"]' <"$work/ticket.json") $(grep -i '^idempotent-replayed' "$work/headers" || true)"
done
if [ "${ids[0]}" != "${ids[1]}" ]; then echo "The resent POST made a second ticket: ids ${ids[*]}" >&2; exit 1; fi
grep -qi '^idempotent-replayed: true' "$work/headers" || { echo 'The resent POST was not marked Idempotent-Replayed' >&2; exit 1; }

# The same key with a different request is a 409 CONFLICT.
expect_status 409 "$API/tickets" -H "$AUTH" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
  -d '{"subject":"Something else"}'
