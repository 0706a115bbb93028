"""Error answers of the live desk: codes, details, request ids, and a spent rate limit."""

from __future__ import annotations

import time
import unittest

from loopdesk import Loopdesk, LoopdeskError

from support import LiveTestCase, RecordingProxy, unique


class LiveErrorTest(LiveTestCase):
    def test_an_unknown_ticket_is_a_not_found_with_the_answers_request_id(self) -> None:
        with RecordingProxy(self.url) as proxy:
            with self.assertRaises(LoopdeskError) as raised:
                self.client_through(proxy).tickets.get(2_000_000_000)
        error = raised.exception
        ((status, headers),) = proxy.answers
        self.assertEqual((error.status, error.code), (404, "NOT_FOUND"))
        self.assertEqual(error.message, "Ticket not found")
        self.assertEqual(error.request_id, headers["X-Request-Id"])
        self.assertTrue(error.request_id)

    def test_invalid_input_is_a_validation_error_with_field_details(self) -> None:
        with RecordingProxy(self.url) as proxy:
            with self.assertRaises(LoopdeskError) as raised:
                self.client_through(proxy).tickets.create({"subject": "", "priority": "asap"})
        error = raised.exception
        ((status, headers),) = proxy.answers
        self.assertEqual((error.status, error.code), (400, "VALIDATION_ERROR"))
        self.assertEqual(
            sorted(error.details, key=lambda d: d["field"]),
            [
                {"field": "priority", "message": "Priority must be one of: low, normal, high, urgent"},
                {"field": "subject", "message": "Subject must not be blank"},
            ],
        )
        self.assertEqual(error.request_id, headers["X-Request-Id"])
        self.assertEqual(error.body["error"]["code"], "VALIDATION_ERROR")

    def test_a_wrong_key_is_unauthorized(self) -> None:
        with self.assertRaises(LoopdeskError) as raised:
            Loopdesk(self.url, api_key="ld_live_" + "x" * 32).tickets.list()
        self.assertEqual((raised.exception.status, raised.exception.code), (401, "UNAUTHORIZED"))

    def test_a_spent_hourly_budget_raises_429_with_retry_after_and_no_hour_long_wait(self) -> None:
        created = self.client.api_keys.create({"name": unique("python-sdk-tiny"), "permission": "read", "rate_limit": 2})
        self.addCleanup(self.client.api_keys.delete, created["id"])
        with RecordingProxy(self.url) as proxy:
            tiny = Loopdesk(proxy.url, api_key=created["key"], max_retries=2, max_retry_delay=60)
            tiny.tickets.list(per_page=1)
            tiny.tickets.list(per_page=1)
            started = time.monotonic()
            with self.assertRaises(LoopdeskError) as raised:
                tiny.tickets.list(per_page=1)
            elapsed = time.monotonic() - started
        error = raised.exception
        self.assertEqual((error.status, error.code), (429, "RATE_LIMIT_EXCEEDED"))
        self.assertIsNotNone(error.retry_after)
        self.assertGreater(error.retry_after, 60)
        self.assertLessEqual(error.retry_after, 3600)
        self.assertEqual(str(error.retry_after), proxy.answers[-1][1]["Retry-After"])
        self.assertLess(elapsed, 5)
        self.assertEqual(len(proxy.requests), 3, "the 429 was not sent again")


if __name__ == "__main__":
    unittest.main()
