"""What the client sends and how it reads answers, against a real local server."""

from __future__ import annotations

import json
import unittest
import urllib.parse
from datetime import datetime, timedelta, timezone

from loopdesk import Loopdesk, LoopdeskError, Page

from support import Recorded, Reply, RoutedServer, ScriptedServer, ok_reply


def query_of(request: Recorded) -> list:
    return urllib.parse.parse_qsl(urllib.parse.urlsplit(request.path).query, keep_blank_values=True)


class RequestTest(unittest.TestCase):
    def test_sends_the_api_key_as_a_bearer_token_with_json(self) -> None:
        with ScriptedServer(ok_reply({"id": 1}, 201)) as server:
            Loopdesk(server.url, api_key="ld_live_abc").tickets.create({"subject": "Printer on fire", "priority": "high"})
        (request,) = server.requests
        self.assertEqual((request.method, request.path), ("POST", "/api/v1/tickets"))
        self.assertEqual(request.headers["Authorization"], "Bearer ld_live_abc")
        self.assertEqual(request.headers["Content-Type"], "application/json")
        self.assertTrue(request.headers["User-Agent"].startswith("loopdesk-python/"))
        self.assertNotIn("Idempotency-Key", request.headers)
        self.assertEqual(json.loads(request.body), {"subject": "Printer on fire", "priority": "high"})

    def test_sends_an_oauth_access_token_the_same_way(self) -> None:
        with ScriptedServer(ok_reply({})) as server:
            Loopdesk(server.url, access_token="ld_oat_xyz").request("GET", "/api/v1/tickets")
        self.assertEqual(server.requests[0].headers["Authorization"], "Bearer ld_oat_xyz")

    def test_refuses_two_credentials(self) -> None:
        with self.assertRaises(ValueError):
            Loopdesk("http://localhost:3000", api_key="ld_live_a", access_token="ld_oat_b")

    def test_refuses_to_be_made_without_a_credential(self) -> None:
        for credentials in ({}, {"api_key": ""}, {"access_token": ""}, {"api_key": None, "access_token": None}):
            with self.subTest(**credentials), self.assertRaisesRegex(ValueError, "api_key or access_token"):
                Loopdesk("http://localhost:3000", **credentials)

    def test_a_get_has_no_body_and_no_content_type(self) -> None:
        with ScriptedServer(ok_reply({"id": 7})) as server:
            ticket = Loopdesk(server.url, api_key="k").tickets.get(7)
        self.assertEqual(ticket, {"id": 7})
        self.assertEqual(server.requests[0].body, b"")
        self.assertNotIn("Content-Type", server.requests[0].headers)

    def test_accepts_a_base_url_ending_in_api_v1(self) -> None:
        with ScriptedServer(ok_reply({"status": "ok"})) as server:
            Loopdesk(server.url + "/api/v1/", api_key="k").request("GET", "/api/v1/health")
        self.assertEqual(server.requests[0].path, "/api/v1/health")

    def test_encodes_lists_booleans_times_and_custom_fields_as_the_api_reads_them(self) -> None:
        with ScriptedServer(ok_reply([], pagination={"has_next": False})) as server:
            Loopdesk(server.url, api_key="k").tickets.list(
                status=["open", "pending"],
                unassigned=True,
                customer_id=None,
                created_after=datetime(2025, 8, 23, 12, 30, tzinfo=timezone(timedelta(hours=2))),
                custom_fields={"browser": "Chrome 119", "seats": 3},
                per_page=50,
            )
        self.assertEqual(
            query_of(server.requests[0]),
            [
                ("status", "open"),
                ("status", "pending"),
                ("unassigned", "true"),
                ("created_after", "2025-08-23T10:30:00Z"),
                ("custom_fields[browser]", "Chrome 119"),
                ("custom_fields[seats]", "3"),
                ("per_page", "50"),
            ],
        )

    def test_quotes_ids_into_the_path(self) -> None:
        with ScriptedServer(ok_reply({})) as server:
            Loopdesk(server.url, api_key="k").tickets.get("1/../../api-keys")
        self.assertEqual(server.requests[0].path, "/api/v1/tickets/1%2F..%2F..%2Fapi-keys")

    def test_a_204_returns_none(self) -> None:
        with ScriptedServer(Reply(204)) as server:
            client = Loopdesk(server.url, api_key="k")
            self.assertIsNone(client.request("DELETE", "/api/v1/tickets/9"))
            self.assertIsNone(client.tickets.delete(9))
        self.assertEqual([r.method for r in server.requests], ["DELETE", "DELETE"])

    def test_an_answer_that_is_not_json_comes_back_as_bytes(self) -> None:
        csv = b"id,action\n1,ticket.created\n"
        with ScriptedServer(Reply(200, csv, {"Content-Type": "text/csv"})) as server:
            self.assertEqual(Loopdesk(server.url, api_key="k").request("GET", "/api/v1/audit-log/export"), csv)

    def test_a_success_whose_body_is_broken_json_is_an_error(self) -> None:
        with ScriptedServer(Reply(200, b'{"success": tru', {"Content-Type": "application/json"})) as server:
            with self.assertRaises(LoopdeskError) as raised:
                Loopdesk(server.url, api_key="k").request("GET", "/api/v1/tickets")
        self.assertEqual((raised.exception.status, raised.exception.code), (200, "HTTP_ERROR"))
        self.assertEqual(len(server.requests), 1)

    def test_does_not_follow_redirects_with_the_token(self) -> None:
        with ScriptedServer(ok_reply({"stolen": True})) as elsewhere:
            with ScriptedServer(Reply(302, b"", {"Location": elsewhere.url + "/collect"})) as server:
                with self.assertRaises(LoopdeskError) as raised:
                    Loopdesk(server.url, api_key="ld_live_secret").request("GET", "/api/v1/tickets")
        self.assertEqual(raised.exception.status, 302)
        self.assertEqual(elsewhere.requests, [])

    def test_a_reply_with_is_internal_is_refused_before_sending(self) -> None:
        with ScriptedServer(ok_reply({}, 201)) as server:
            with self.assertRaises(ValueError):
                Loopdesk(server.url, api_key="k").tickets.reply(1, {"content": "Private", "is_internal": True})
        self.assertEqual(server.requests, [])


class ErrorTest(unittest.TestCase):
    def test_an_error_envelope_becomes_a_loopdesk_error_with_every_field(self) -> None:
        body = {
            "success": False,
            "error": {
                "code": "VALIDATION_ERROR",
                "message": "Validation failed for the request",
                "details": [{"field": "priority", "message": "Priority must be one of: low, normal, high, urgent"}],
            },
            "timestamp": "2025-08-23T12:30:00Z",
        }
        with ScriptedServer(Reply(400, body, {"X-Request-Id": "req-42"})) as server:
            with self.assertRaises(LoopdeskError) as raised:
                Loopdesk(server.url, api_key="k").tickets.create({"subject": "x", "priority": "asap"})
        error = raised.exception
        self.assertEqual((error.status, error.code, error.request_id), (400, "VALIDATION_ERROR", "req-42"))
        self.assertEqual(error.message, "Validation failed for the request")
        self.assertEqual(error.details, body["error"]["details"])
        self.assertEqual(error.body, body)
        self.assertIsNone(error.retry_after)
        self.assertIn("priority: Priority must be one of", str(error))

    def test_retry_after_comes_from_the_body_when_the_header_is_missing(self) -> None:
        body = {"success": False, "error": {"code": "RATE_LIMIT_EXCEEDED", "message": "m", "retry_after": 900}}
        with ScriptedServer(Reply(429, body)) as server:
            with self.assertRaises(LoopdeskError) as raised:
                Loopdesk(server.url, api_key="k").request("GET", "/api/v1/tickets")
        self.assertEqual(raised.exception.retry_after, 900)

    def test_nothing_listening_is_a_connection_error(self) -> None:
        with ScriptedServer(ok_reply({})) as server:
            url = server.url
        with self.assertRaises(LoopdeskError) as raised:
            Loopdesk(url, api_key="k", max_retries=0).request("GET", "/api/v1/health")
        self.assertEqual((raised.exception.status, raised.exception.code), (None, "CONNECTION_ERROR"))


class ListTest(unittest.TestCase):
    def test_a_list_is_a_page_of_items(self) -> None:
        pagination = {"current_page": 1, "per_page": 2, "total": 3, "total_pages": 2, "has_next": True, "has_prev": False}
        with ScriptedServer(ok_reply([{"id": 1}, {"id": 2}], pagination=pagination)) as server:
            page = Loopdesk(server.url, api_key="k").customers.list(per_page=2)
        self.assertIsInstance(page, Page)
        self.assertEqual(page.data, [{"id": 1}, {"id": 2}])
        self.assertEqual(page.pagination, pagination)
        self.assertEqual([item["id"] for item in page], [1, 2])
        self.assertEqual(len(page), 2)
        self.assertTrue(page.has_next)

    def test_iterate_follows_next_cursor_without_page(self) -> None:
        def route(request: Recorded) -> Reply:
            after = dict(query_of(request)).get("after")
            if after is None:
                return ok_reply([{"id": 3}, {"id": 2}], pagination={"per_page": 2, "has_next": True, "next_cursor": "c1"})
            return ok_reply([{"id": 1}], pagination={"per_page": 2, "has_next": False, "next_cursor": None})

        with RoutedServer(route) as server:
            ids = [t["id"] for t in Loopdesk(server.url, api_key="k").tickets.iterate(status="open", per_page=2)]
        self.assertEqual(ids, [3, 2, 1])
        self.assertEqual(
            [query_of(r) for r in server.requests],
            [[("status", "open"), ("per_page", "2")], [("status", "open"), ("per_page", "2"), ("after", "c1")]],
        )

    def test_iterate_goes_by_page_number_when_there_is_no_cursor(self) -> None:
        def route(request: Recorded) -> Reply:
            page = int(dict(query_of(request)).get("page", "1"))
            items = {1: [{"id": 1}], 2: [{"id": 2}], 3: [{"id": 3}]}[page]
            return ok_reply(items, pagination={"current_page": page, "per_page": 1, "has_next": page < 3})

        with RoutedServer(route) as server:
            ids = [d["id"] for d in Loopdesk(server.url, api_key="k").departments.iterate()]
        self.assertEqual(ids, [1, 2, 3])
        self.assertEqual([dict(query_of(r)).get("page") for r in server.requests], [None, "2", "3"])
        self.assertEqual(dict(query_of(server.requests[0]))["per_page"], "100")

    def test_iterate_over_an_unpaginated_list_fetches_it_once(self) -> None:
        with ScriptedServer(ok_reply([{"id": 1}, {"id": 2}])) as server:
            views = list(Loopdesk(server.url, api_key="k").views.iterate())
        self.assertEqual(views, [{"id": 1}, {"id": 2}])
        self.assertEqual(len(server.requests), 1)

    def test_iterate_fetches_lazily(self) -> None:
        pagination = {"current_page": 1, "per_page": 1, "has_next": True}
        with ScriptedServer(ok_reply([{"id": 1}], pagination=pagination)) as server:
            items = Loopdesk(server.url, api_key="k").customers.iterate()
            self.assertEqual(server.requests, [])
            self.assertEqual(next(items), {"id": 1})
        self.assertEqual(len(server.requests), 1)


if __name__ == "__main__":
    unittest.main()
