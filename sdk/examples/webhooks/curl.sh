#!/usr/bin/env bash
# Receive a webhook and check its signature with openssl, as every verifier does.
# The desk refuses webhook URLs on loopback addresses unless its LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists
# 127.0.0.1: set that on your own desk to run this, or register a public https endpoint of yours instead.
set -euo pipefail
API="$LOOPDESK_URL/api/v1"
AUTH="Authorization: Bearer $LOOPDESK_API_KEY"
# Prints a Python expression over the JSON answer `d` read from stdin (jq would do, if you have it).
pick() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
work=$(mktemp -d)
receiver=''
id=''
cleanup() {
  [ -z "$id" ] || curl -sS --fail-with-body -X DELETE "$API/webhooks/$id" -H "$AUTH"
  [ -z "$receiver" ] || kill "$receiver" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Your endpoint, standing in: it takes one request on a free loopback port and keeps its raw body and signature.
python3 - "$work" <<'PY' &
import http.server, pathlib, sys
work = pathlib.Path(sys.argv[1])
class Endpoint(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        (work / "body").write_bytes(self.rfile.read(int(self.headers["Content-Length"])))
        (work / "signature").write_text(self.headers["X-Loopdesk-Signature"])
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Endpoint)
(work / "port.tmp").write_text(str(server.server_port))
(work / "port.tmp").rename(work / "port")
server.handle_request()
PY
receiver=$!
until [ -f "$work/port" ]; do sleep 0.1; done

# The secret is shown only in this answer (and by rotate-secret): store it now.
url="http://127.0.0.1:$(cat "$work/port")/loopdesk"
webhook=$(curl -sS --fail-with-body "$API/webhooks" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"url\":\"$url\",\"events\":[\"ticket.created\"],\"description\":\"Guides example\"}")
id=$(printf '%s' "$webhook" | pick 'd["data"]["id"]')
secret=$(printf '%s' "$webhook" | pick 'd["data"]["secret"]')

# A "ping" event, sent now; the answer is its delivery, after the attempt.
status=$(curl -sS --fail-with-body -X POST "$API/webhooks/$id/test" -H "$AUTH" | pick 'd["data"]["status"]')
echo "Test delivery: $status"
if [ "$status" != succeeded ]; then echo "Expected the test delivery to succeed, got $status" >&2; exit 1; fi
wait "$receiver"
receiver=''

# sha256= + hex HMAC-SHA256 of the raw body, keyed with the whole secret.
expected="sha256=$(openssl dgst -sha256 -hmac "$secret" <"$work/body" | sed 's/^.*= //')"
if [ "$(cat "$work/signature")" != "$expected" ]; then
  echo 'Signature does not match' >&2
  exit 1
fi
echo 'Signature verified'
cat "$work/body"
echo
