"""Retries and backoff, against a real local server that answers from a script."""

from __future__ import annotations

import email.utils
import time
import unittest
from typing import Any

from loopdesk import Loopdesk, LoopdeskError
from loopdesk.retry import parse_retry_after

from support import HangUpServer, Reply, ScriptedServer, error_reply, ok_reply

# A proxy's 502: an HTML page, not the API's envelope.
PROXY_502 = Reply(502, b"<html><body>Bad Gateway</body></html>", {"Content-Type": "text/html"})


def client_for(server: Any, **options: Any) -> Loopdesk:
    return Loopdesk(server.url, api_key="ld_live_test", **options)


class RetryTest(unittest.TestCase):
    def test_a_503_then_success_returns_the_success(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE"), ok_reply({"id": 1})) as server:
            envelope = client_for(server).request("GET", "/api/v1/tickets/1")
        self.assertEqual(envelope["data"], {"id": 1})
        self.assertEqual([r.method for r in server.requests], ["GET", "GET"])

    def test_502_and_504_are_retried_too(self) -> None:
        with ScriptedServer(PROXY_502, error_reply(504, "GATEWAY_TIMEOUT"), ok_reply({"id": 2})) as server:
            envelope = client_for(server, max_retries=2).request("GET", "/api/v1/tickets/2")
        self.assertEqual(envelope["data"], {"id": 2})
        self.assertEqual(len(server.requests), 3)

    def test_retry_after_in_seconds_is_waited_for(self) -> None:
        with ScriptedServer(error_reply(429, "RATE_LIMIT_EXCEEDED", **{"Retry-After": "1"}), ok_reply([])) as server:
            client_for(server).request("GET", "/api/v1/tickets")
        first, second = server.requests
        self.assertGreaterEqual(second.at - first.at, 0.95)

    def test_retry_after_as_an_http_date_is_waited_for(self) -> None:
        in_two_seconds = email.utils.formatdate(time.time() + 2, usegmt=True)
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE", **{"Retry-After": in_two_seconds}), ok_reply([])) as server:
            client_for(server).request("GET", "/api/v1/tickets")
        first, second = server.requests
        # The date has whole-second precision, so the wait is between 1 and 2 seconds.
        self.assertGreaterEqual(second.at - first.at, 0.95)

    def test_a_retry_after_beyond_max_retry_delay_raises_at_once_with_retry_after(self) -> None:
        with ScriptedServer(error_reply(429, "RATE_LIMIT_EXCEEDED", **{"Retry-After": "3600"}), ok_reply([])) as server:
            started = time.monotonic()
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, max_retry_delay=60).request("GET", "/api/v1/tickets")
            elapsed = time.monotonic() - started
        self.assertLess(elapsed, 2)
        self.assertEqual(len(server.requests), 1)
        self.assertEqual(raised.exception.status, 429)
        self.assertEqual(raised.exception.code, "RATE_LIMIT_EXCEEDED")
        self.assertEqual(raised.exception.retry_after, 3600)

    def test_a_post_without_idempotency_key_is_not_retried(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE"), ok_reply({"id": 3}, 201)) as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server).request("POST", "/api/v1/tickets", body={"subject": "x"})
        self.assertEqual(raised.exception.status, 503)
        self.assertEqual(len(server.requests), 1)

    def test_get_head_options_and_delete_are_retried(self) -> None:
        for method in ("GET", "HEAD", "OPTIONS", "DELETE"):
            with self.subTest(method=method):
                with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE"), Reply(204)) as server:
                    self.assertIsNone(client_for(server).request(method, "/api/v1/tickets/1"))
                self.assertEqual([r.method for r in server.requests], [method, method])

    def test_a_put_is_not_retried_and_the_error_says_when_to_try_again(self) -> None:
        # PUT /tickets/{id} with internal_note adds a note each time it runs.
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE", **{"Retry-After": "1"}), ok_reply({"id": 1})) as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server).tickets.update(1, {"internal_note": "Called the customer"})
        self.assertEqual(len(server.requests), 1)
        self.assertEqual((raised.exception.status, raised.exception.retry_after), (503, 1))

    def test_put_and_patch_are_not_retried_even_with_an_idempotency_key(self) -> None:
        # The desk honours Idempotency-Key on POST only, so the key would not stop a second run.
        for method in ("PUT", "PATCH"):
            with self.subTest(method=method):
                with ScriptedServer(error_reply(502, "BAD_GATEWAY"), ok_reply({})) as server:
                    client = client_for(server)
                    with self.assertRaises(LoopdeskError):
                        client.request(method, "/api/v1/settings", body={"ticket_prefix": "TKT"}, idempotency_key="k-9")
                self.assertEqual(len(server.requests), 1)

    def test_a_patch_without_idempotency_key_is_not_retried(self) -> None:
        with ScriptedServer(error_reply(502, "BAD_GATEWAY"), ok_reply({})) as server:
            with self.assertRaises(LoopdeskError):
                client_for(server).request("PATCH", "/api/v1/settings/email", body={"acknowledgement": True})
        self.assertEqual(len(server.requests), 1)

    def test_a_post_with_idempotency_key_is_retried_with_the_same_key_and_bytes(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE"), ok_reply({"id": 4}, 201)) as server:
            ticket = client_for(server).tickets.create({"subject": "Printer on fire"}, idempotency_key="key-123")
        self.assertEqual(ticket, {"id": 4})
        first, second = server.requests
        self.assertEqual(first.headers["Idempotency-Key"], "key-123")
        self.assertEqual(second.headers["Idempotency-Key"], "key-123")
        self.assertEqual(first.body, second.body)

    def test_retries_stop_after_max_retries_and_raise_the_last_error(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE")) as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, max_retries=3, max_retry_delay=0.05).request("GET", "/api/v1/tickets")
        self.assertEqual(len(server.requests), 4)
        self.assertEqual(raised.exception.code, "SERVICE_UNAVAILABLE")

    def test_max_retries_zero_sends_once(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE")) as server:
            with self.assertRaises(LoopdeskError):
                client_for(server, max_retries=0).request("GET", "/api/v1/tickets")
        self.assertEqual(len(server.requests), 1)

    def test_backoff_waits_are_capped_by_max_retry_delay(self) -> None:
        with ScriptedServer(error_reply(503, "SERVICE_UNAVAILABLE")) as server:
            started = time.monotonic()
            with self.assertRaises(LoopdeskError):
                client_for(server, max_retries=5, max_retry_delay=0.1).request("GET", "/api/v1/tickets")
            elapsed = time.monotonic() - started
        self.assertEqual(len(server.requests), 6)
        # Uncapped, five backoffs could reach 0.5 + 1 + 2 + 4 + 8 seconds.
        self.assertLess(elapsed, 2)

    def test_other_client_errors_are_never_retried(self) -> None:
        for status, code in ((400, "VALIDATION_ERROR"), (401, "UNAUTHORIZED"), (404, "NOT_FOUND"), (409, "CONFLICT")):
            with self.subTest(status=status):
                with ScriptedServer(error_reply(status, code), ok_reply({})) as server:
                    with self.assertRaises(LoopdeskError) as raised:
                        client_for(server).request("PUT", "/api/v1/tickets/1", body={"status": "open"})
                self.assertEqual(len(server.requests), 1)
                self.assertEqual(raised.exception.code, code)

    def test_a_proxy_error_page_without_envelope_raises_http_error_after_the_retries(self) -> None:
        with ScriptedServer(PROXY_502) as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, max_retries=1, max_retry_delay=0.05).request("GET", "/api/v1/tickets")
        self.assertEqual(len(server.requests), 2)
        self.assertEqual((raised.exception.status, raised.exception.code), (502, "HTTP_ERROR"))
        self.assertIn("Bad Gateway", raised.exception.message)

    def test_a_500_is_not_retried(self) -> None:
        with ScriptedServer(error_reply(500, "INTERNAL_ERROR"), ok_reply({})) as server:
            with self.assertRaises(LoopdeskError):
                client_for(server).request("GET", "/api/v1/tickets")
        self.assertEqual(len(server.requests), 1)

    def test_a_dropped_connection_is_retried_for_a_get_then_raised(self) -> None:
        with HangUpServer() as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, max_retries=2, max_retry_delay=0.05).request("GET", "/api/v1/tickets")
        self.assertEqual(server.connections, 3)
        self.assertIsNone(raised.exception.status)
        self.assertEqual(raised.exception.code, "CONNECTION_ERROR")

    def test_a_server_that_never_answers_times_out_and_is_retried_for_a_get(self) -> None:
        with HangUpServer(silent=True) as server:
            started = time.monotonic()
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, timeout=0.3, max_retries=1, max_retry_delay=0.05).request("GET", "/api/v1/tickets")
            elapsed = time.monotonic() - started
        self.assertEqual((raised.exception.status, raised.exception.code), (None, "TIMEOUT"))
        self.assertEqual(server.connections, 2)
        self.assertLess(elapsed, 3)

    def test_a_dropped_connection_is_retried_for_a_delete_but_not_for_a_put(self) -> None:
        for method, body, connections in (("DELETE", None, 3), ("PUT", {"status": "open"}, 1)):
            with self.subTest(method=method):
                with HangUpServer() as server:
                    client = client_for(server, max_retries=2, max_retry_delay=0.05)
                    with self.assertRaises(LoopdeskError) as raised:
                        client.request(method, "/api/v1/tickets/1", body=body)
                self.assertEqual(server.connections, connections)
                self.assertEqual(raised.exception.code, "CONNECTION_ERROR")

    def test_a_dropped_connection_is_not_retried_for_a_post_without_key(self) -> None:
        with HangUpServer() as server:
            with self.assertRaises(LoopdeskError) as raised:
                client_for(server, max_retry_delay=0.05).request("POST", "/api/v1/tickets", body={"subject": "x"})
        self.assertEqual(server.connections, 1)
        self.assertEqual(raised.exception.code, "CONNECTION_ERROR")


class RetryAfterParsingTest(unittest.TestCase):
    def test_reads_seconds_and_http_dates(self) -> None:
        now = 1_700_000_000.0
        self.assertEqual(parse_retry_after("120", now=now), 120)
        self.assertEqual(parse_retry_after(" 0 ", now=now), 0)
        self.assertEqual(parse_retry_after(email.utils.formatdate(now + 90, usegmt=True), now=now), 90)
        self.assertEqual(parse_retry_after(email.utils.formatdate(now - 90, usegmt=True), now=now), 0)

    def test_ignores_what_is_neither(self) -> None:
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after("soon"))
        self.assertIsNone(parse_retry_after("-5"))


if __name__ == "__main__":
    unittest.main()
