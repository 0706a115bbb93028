#!/usr/bin/env bash
# Quick start: create a ticket, list the open tickets, reply to the new one.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# 1. Create a ticket (201, the full ticket in "data").
ticket=$(curl -sS --fail-with-body "$API/tickets" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"subject":"API Test Ticket","description":"Created via API","priority":"normal"}')
echo "$ticket"
id=$(printf '%s' "$ticket" | pick 'd["data"]["id"]')

# 2. List open tickets, newest first, five to a page.
curl -sS --fail-with-body "$API/tickets?status=open&per_page=5" -H "$AUTH"
echo

# 3. Reply to the customer ("type": "internal" would make it a note only agents see).
curl -sS --fail-with-body "$API/tickets/$id/replies" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"content":"Thanks for writing in. We are looking into it.","type":"public"}'
echo

# Delete the ticket again, so the example leaves the desk as it found it.
curl -sS --fail-with-body -X DELETE "$API/tickets/$id" -H "$AUTH"
