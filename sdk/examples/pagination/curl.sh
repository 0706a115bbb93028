#!/usr/bin/env bash
# Five tickets of one new customer, read two to a page: by page number, then by cursor; then cleaned up.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
# Stops the example unless a Python condition over the JSON answer `d` read from stdin holds.
check() { python3 -c "import json, sys; d = json.load(sys.stdin); sys.exit(None if $1 else 'Expected ' + sys.argv[1])" "$1"; }

email="pagination-$(date +%s)-$$@example.com"
customer_id=$(curl -sS --fail-with-body "$API/customers" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"first_name\":\"Pagination\",\"last_name\":\"Example\",\"email\":\"$email\"}" | pick 'd["data"]["id"]')
# force=true deletes the customer's tickets with the customer.
trap 'curl -sS --fail-with-body -X DELETE "$API/customers/$customer_id?force=true" -H "$AUTH"' EXIT
for i in 1 2 3 4 5; do
  curl -sS --fail-with-body -o /dev/null "$API/tickets" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"subject\":\"Pagination example $i\",\"customer_id\":$customer_id}"
done

# Page numbers: page 2 of two-ticket pages. "pagination" says where you are.
page=$(curl -sS --fail-with-body "$API/tickets?customer_id=$customer_id&per_page=2&page=2" -H "$AUTH")
printf '%s' "$page" | pick 'json.dumps(d["pagination"])'
printf '%s' "$page" | check 'd["pagination"]["total"] == 5 and d["pagination"]["total_pages"] == 3 and d["pagination"]["has_next"]'

# Cursors (ticket lists): send next_cursor back as "after" until it is null. Rows created
# meanwhile are neither skipped nor repeated, and a deep page costs what the first one costs.
cursor=''
seen=''
while :; do
  page=$(curl -sS --fail-with-body -G "$API/tickets" -H "$AUTH" -d customer_id="$customer_id" -d per_page=2 \
    ${cursor:+--data-urlencode "after=$cursor"})
  printf '%s' "$page" | pick '", ".join(t["subject"] for t in d["data"])'
  seen+=$(printf '%s' "$page" | pick '"".join(t["subject"][-1] for t in d["data"])')
  cursor=$(printf '%s' "$page" | pick 'd["pagination"]["next_cursor"] or ""')
  [ -n "$cursor" ] || break
done
# Newest first: each ticket once, none skipped.
if [ "$seen" != 54321 ]; then echo "Expected tickets 5 to 1 once each, got $seen" >&2; exit 1; fi
