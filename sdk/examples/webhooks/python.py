"""Receive a webhook: an endpoint on a free local port, a webhook to it, a test delivery checked with verify_webhook.

The desk refuses webhook URLs on loopback addresses unless its LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists
127.0.0.1: set that on your own desk to run this, or register a public https endpoint of yours instead.
"""

import hashlib
import hmac
import os
import queue
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopdesk import Loopdesk, WebhookVerificationError, verify_webhook

client = Loopdesk(os.environ["LOOPDESK_URL"], api_key=os.environ["LOOPDESK_API_KEY"])
secret = ""  # the webhook's, known once it is created
# The endpoint hands the rest of the example what it received: a verified delivery, or why it refused one.
received = queue.Queue()
# Deliveries are at least once: a retry repeats X-Loopdesk-Delivery. In production, a unique
# column kept for longer than the retries last (three days).
handled_deliveries = set()


def verify_webhook_signature(payload, signature, secret):
    """The reference's check, without the SDK: sha256= + hex HMAC-SHA256 of the raw body."""
    expected_signature = hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected_signature}", signature)


class Endpoint(BaseHTTPRequestHandler):
    def do_POST(self):
        raw_body = self.rfile.read(int(self.headers["Content-Length"]))  # as received: verify before parsing
        try:
            # Checks the Standard Webhooks signature and that it was sent within the last 5 minutes.
            event = verify_webhook(raw_body, self.headers, secret, tolerance=300)
        except WebhookVerificationError as error:
            self.send_response(401)
            self.end_headers()
            received.put(error)
            return
        # Answer within 10 seconds, before any slow work; anything but a 2xx is retried.
        self.send_response(204)
        self.end_headers()
        delivery = self.headers["X-Loopdesk-Delivery"]
        if delivery in handled_deliveries:
            return
        handled_deliveries.add(delivery)
        plain = verify_webhook_signature(raw_body.decode("utf-8"), self.headers["X-Loopdesk-Signature"], secret)
        received.put((event, delivery, plain))

    def log_message(self, format, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
threading.Thread(target=server.serve_forever, daemon=True).start()

webhook = client.webhooks.create(
    {"url": f"http://127.0.0.1:{server.server_port}/loopdesk", "events": ["ticket.created"], "description": "Guides example"}
)
secret = webhook["secret"]  # shown only in this answer (and by rotate-secret): store it now
try:
    delivery = client.webhooks.test(webhook["id"])  # a "ping" event, sent now
    print(f"Test delivery {delivery['id']}: {delivery['status']}")
    try:
        outcome = received.get(timeout=15)
    except queue.Empty:
        sys.exit("No delivery within 15 seconds")
    if isinstance(outcome, Exception):
        raise outcome
    event, delivery_id, plain = outcome
    print(f"Verified {event['event']} event {event['id']} of {event['timestamp']}, delivery {delivery_id}")
    if not plain:
        sys.exit("The reference's sha256= check does not match X-Loopdesk-Signature")
    print("The reference's sha256= check agrees")
finally:
    client.webhooks.delete(webhook["id"])
    server.shutdown()
