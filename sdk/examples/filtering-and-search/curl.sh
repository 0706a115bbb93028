#!/usr/bin/env bash
# Four tickets of one new customer, found again by filters, a custom field and full-text search.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
# Prints the subjects of the list on stdin, and stops the example unless they are the ones given, in that order.
subjects() {
  local found
  found=$(pick '" | ".join(t["subject"] for t in d["data"])')
  echo "$found"
  if [ "$found" != "$1" ]; then echo "Expected: $1" >&2; exit 1; fi
}

run="filtering-$(date +%s)-$$"
customer_id=$(curl -sS --fail-with-body "$API/customers" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"first_name\":\"Filtering\",\"last_name\":\"Example\",\"email\":\"$run@example.com\"}" | pick 'd["data"]["id"]')
# force=true deletes the customer's tickets with the customer.
trap 'curl -sS --fail-with-body -X DELETE "$API/customers/$customer_id?force=true" -H "$AUTH"' EXIT
while IFS='|' read -r subject priority status plan; do
  curl -sS --fail-with-body -o /dev/null "$API/tickets" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"subject\":\"$subject\",\"priority\":\"$priority\",\"status\":\"$status\",
         \"customer_id\":$customer_id,\"custom_fields\":{\"plan\":\"$plan\"}}"
done <<'TICKETS'
Printer jams on page two|high|open|enterprise
Printer out of toner|normal|pending|starter
Cannot sign in after a password reset|urgent|open|enterprise
Invoice shows the wrong VAT number|low|resolved|starter
TICKETS

echo 'Open or pending, high or urgent (newest first):'
curl -sS --fail-with-body -G "$API/tickets" -H "$AUTH" -d customer_id="$customer_id" \
  -d status=open,pending -d priority=high,urgent | subjects 'Cannot sign in after a password reset | Printer jams on page two'

echo 'Custom field plan=starter, most severe first:'
curl -sS --fail-with-body -G "$API/tickets" -H "$AUTH" -d customer_id="$customer_id" \
  --data-urlencode 'custom_fields[plan]=starter' -d sort=priority -d order=desc \
  | subjects 'Printer out of toner | Invoice shows the wrong VAT number'

echo 'Search: printer -toner'
curl -sS --fail-with-body -G "$API/tickets/search" -H "$AUTH" -d customer_id="$customer_id" \
  --data-urlencode 'q=printer -toner' | subjects 'Printer jams on page two'

echo 'Search: "password reset" or invoice'
curl -sS --fail-with-body -G "$API/tickets/search" -H "$AUTH" -d customer_id="$customer_id" \
  --data-urlencode 'q="password reset" or invoice' | subjects 'Cannot sign in after a password reset | Invoice shows the wrong VAT number'

echo "Customers matching $run:"
emails=$(curl -sS --fail-with-body -G "$API/customers" -H "$AUTH" --data-urlencode "search=$run" | pick '", ".join(c["email"] for c in d["data"])')
echo "$emails"
if [ "$emails" != "$run@example.com" ]; then echo "Expected: $run@example.com" >&2; exit 1; fi
