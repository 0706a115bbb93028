"""Webhooks the live desk really sends to a receiver on 127.0.0.1, verified by verify_webhook."""

from __future__ import annotations

import json
import time
import unittest

from loopdesk import WebhookVerificationError, verify_webhook

from support import LiveTestCase, Recorded, WebhookReceiver, unique

STANDARD = ("webhook-id", "webhook-timestamp", "webhook-signature")
REFERENCE = ("x-loopdesk-signature", "x-loopdesk-signature-previous", "x-loopdesk-timestamp")


def only(request: Recorded, names: tuple) -> dict:
    """The request's headers in the case they arrived in, keeping only one scheme's."""
    return {name: value for name, value in request.header_list if name.lower() in names}


class LiveWebhookTest(LiveTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.receiver = WebhookReceiver().__enter__()
        self.addCleanup(self.receiver.__exit__, None, None, None)
        self.webhook = self.client.webhooks.create(
            {"url": self.receiver.url + "/loopdesk", "events": ["ticket.created"], "description": unique("python sdk test")}
        )
        self.addCleanup(self.client.webhooks.delete, self.webhook["id"])
        self.secret = self.webhook["secret"]

    def ping(self) -> Recorded:
        delivery = self.client.webhooks.test(self.webhook["id"])
        self.assertEqual((delivery["event"], delivery["status"]), ("ping", "succeeded"))
        return self.receiver.wait_for(lambda r: r.headers.get("X-Loopdesk-Delivery") == str(delivery["id"]))

    def test_a_ping_verifies_with_either_scheme_and_the_whole_request(self) -> None:
        request = self.ping()
        for scheme, names, options in (
            ("standard", STANDARD, {}),
            ("reference", REFERENCE, {"scheme": "loopdesk-signature"}),
            ("both", STANDARD + REFERENCE, {}),
        ):
            with self.subTest(scheme=scheme):
                event = verify_webhook(request.body, only(request, names), self.secret, **options)
                self.assertEqual(event["event"], "ping")
                self.assertEqual(event["data"]["webhook"]["id"], self.webhook["id"])
        self.assertEqual(verify_webhook(request.body.decode("utf-8"), request.headers, self.secret), json.loads(request.body))

    def test_a_ping_stripped_of_its_standard_headers_is_refused_by_default(self) -> None:
        request = self.ping()
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-id"):
            verify_webhook(request.body, only(request, REFERENCE), self.secret)

    def test_a_tampered_body_a_wrong_secret_and_a_stale_timestamp_are_refused(self) -> None:
        request = self.ping()
        tampered = request.body.replace(b'"ping"', b'"pong"')
        self.assertNotEqual(tampered, request.body)
        wrong_secret = "whsec_" + "QUJD" * 8
        for scheme, names, options in (("standard", STANDARD, {}), ("reference", REFERENCE, {"scheme": "loopdesk-signature"})):
            headers = only(request, names)
            with self.subTest(scheme=scheme, change="body"), self.assertRaises(WebhookVerificationError):
                verify_webhook(tampered, headers, self.secret, **options)
            with self.subTest(scheme=scheme, change="secret"), self.assertRaises(WebhookVerificationError):
                verify_webhook(request.body, headers, wrong_secret, **options)

        time.sleep(2.1)
        headers = only(request, STANDARD)
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-timestamp"):
            verify_webhook(request.body, headers, self.secret, tolerance=2)
        self.assertEqual(verify_webhook(request.body, headers, self.secret, tolerance=300)["event"], "ping")

    def test_a_new_ticket_is_delivered_as_a_verifiable_ticket_created(self) -> None:
        ticket = self.client.tickets.create({"subject": unique("Webhook check")})
        self.addCleanup(self.client.tickets.delete, ticket["id"])

        def is_ours(request: Recorded) -> bool:
            event = json.loads(request.body)
            return event.get("event") == "ticket.created" and event["data"]["ticket"]["id"] == ticket["id"]

        request = self.receiver.wait_for(is_ours, timeout=60)
        event = verify_webhook(request.body, request.headers, self.secret)
        self.assertEqual(event["data"]["ticket"]["subject"], ticket["subject"])
        delivery = self.client.webhooks.delivery(self.webhook["id"], request.headers["X-Loopdesk-Delivery"])
        self.assertEqual(delivery["request_body"].encode("utf-8"), request.body)
        listed = [d["id"] for d in self.client.webhooks.iterate_deliveries(self.webhook["id"], event="ticket.created")]
        self.assertIn(delivery["id"], listed)

    def test_after_a_rotation_the_old_and_the_new_secret_both_verify(self) -> None:
        old_secret = self.secret
        new_secret = self.client.webhooks.rotate_secret(self.webhook["id"])["secret"]
        self.assertNotEqual(new_secret, old_secret)
        request = self.ping()
        self.assertIn("X-Loopdesk-Signature-Previous", request.headers)
        self.assertEqual(len(request.headers["webhook-signature"].split()), 2)
        for scheme, names, options in (("standard", STANDARD, {}), ("reference", REFERENCE, {"scheme": "loopdesk-signature"})):
            for secret in (old_secret, new_secret, [new_secret, old_secret]):
                with self.subTest(scheme=scheme, secret=secret):
                    self.assertEqual(verify_webhook(request.body, only(request, names), secret, **options)["event"], "ping")


if __name__ == "__main__":
    unittest.main()
