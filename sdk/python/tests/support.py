"""Real HTTP servers on 127.0.0.1 for the tests, and the live desk's settings."""

from __future__ import annotations

import json
import os
import queue
import socket
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from loopdesk import Loopdesk


@dataclass
class Recorded:
    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)
    header_list: List[Tuple[str, str]] = field(default_factory=list)


@dataclass
class Reply:
    status: int = 200
    body: Union[bytes, Dict[str, Any], None] = None
    headers: Dict[str, str] = field(default_factory=dict)

    def encoded(self) -> Tuple[bytes, Dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, dict):
            headers.setdefault("Content-Type", "application/json")
            return json.dumps(self.body).encode("utf-8"), headers
        return self.body or b"", headers


def error_reply(status: int, code: str, message: str = "", **headers: str) -> Reply:
    body = {"success": False, "error": {"code": code, "message": message or code}, "timestamp": "2025-08-23T10:45:00Z"}
    return Reply(status, body, {"X-Request-Id": f"req-{uuid.uuid4()}", **headers})


def ok_reply(data: Any, status: int = 200, pagination: Optional[Dict[str, Any]] = None) -> Reply:
    body: Dict[str, Any] = {"success": True, "data": data}
    if pagination is not None:
        body["pagination"] = pagination
    return Reply(status, body, {"X-Request-Id": f"req-{uuid.uuid4()}"})


class _Server:
    """An http.server in a thread; subclasses decide the answer to each request."""

    def __init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(
                    self.command,
                    self.path,
                    {k: v for k, v in self.headers.items()},
                    body,
                    header_list=list(self.headers.items()),
                )
                owner.requests.append(recorded)
                status, out_headers, out_body = owner.answer(recorded)
                self.send_response(status)
                for name, value in out_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(out_body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(out_body)

            do_GET = do_HEAD = do_OPTIONS = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.requests: List[Recorded] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll interval keeps shutdown, and so each test, quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, request: Recorded) -> Tuple[int, Dict[str, str], bytes]:
        raise NotImplementedError

    def __enter__(self) -> Any:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class ScriptedServer(_Server):
    """Answers requests with the replies given, in order; the last one repeats."""

    def __init__(self, *replies: Reply) -> None:
        super().__init__()
        self._replies = list(replies)

    def answer(self, request: Recorded) -> Tuple[int, Dict[str, str], bytes]:
        reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        body, headers = reply.encoded()
        return reply.status, headers, body


class RoutedServer(_Server):
    """Answers with a function of the request (method and path with query)."""

    def __init__(self, route: Callable[[Recorded], Reply]) -> None:
        super().__init__()
        self._route = route

    def answer(self, request: Recorded) -> Tuple[int, Dict[str, str], bytes]:
        reply = self._route(request)
        body, headers = reply.encoded()
        return reply.status, headers, body


class RecordingProxy(_Server):
    """Forwards every request to the live desk and keeps the status and headers of its answers."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self._upstream = upstream.rstrip("/")
        # Each answer's status and headers (an http.client.HTTPMessage: looked up in any case).
        self.answers: List[Tuple[int, Any]] = []

    def answer(self, request: Recorded) -> Tuple[int, Dict[str, str], bytes]:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length", "connection")}
        forwarded = urllib.request.Request(
            self._upstream + request.path, data=request.body or None, headers=headers, method=request.method
        )
        try:
            with urllib.request.urlopen(forwarded, timeout=30) as answer:
                status, answer_headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as answer:
            status, answer_headers, body = answer.code, answer.headers, answer.read()
        kept = {k: v for k, v in answer_headers.items() if k.lower() not in ("transfer-encoding", "connection", "content-length")}
        self.answers.append((status, answer_headers))
        return status, kept, body


class WebhookReceiver(_Server):
    """An endpoint for deliveries: answers 204 and hands each request to the test."""

    def __init__(self) -> None:
        super().__init__()
        self._arrived: "queue.Queue[Recorded]" = queue.Queue()

    def answer(self, request: Recorded) -> Tuple[int, Dict[str, str], bytes]:
        self._arrived.put(request)
        return 204, {}, b""

    def wait_for(self, matches: Callable[[Recorded], bool], timeout: float = 30) -> Recorded:
        """The first delivery that matches; others (the desk is shared) are passed over."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"No matching webhook delivery arrived within {timeout} s")
            try:
                request = self._arrived.get(timeout=remaining)
            except queue.Empty:
                continue
            if matches(request):
                return request


class HangUpServer:
    """Accepts connections and closes them without a word, counting them; or, ``silent``, holds them open unanswered."""

    def __init__(self, silent: bool = False) -> None:
        self.connections = 0
        self._silent = silent
        self._held: List[socket.socket] = []
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self._socket.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            if self._silent:
                self._held.append(connection)
            else:
                connection.close()

    def __enter__(self) -> HangUpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._socket.close()


def unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}"


class LiveTestCase(unittest.TestCase):
    """Talks to the desk at LOOPDESK_URL with LOOPDESK_API_KEY, through a key of the class's own.

    The key given may be shared with other users of the desk, so its hourly budget is spent
    only on making (and in the end revoking) a key for this class.
    """

    url = ""
    admin_key = ""
    _client: Optional[Loopdesk] = None

    def setUp(self) -> None:
        url, key = os.environ.get("LOOPDESK_URL"), os.environ.get("LOOPDESK_API_KEY")
        if not url or not key:
            self.fail(
                "The live tests need a running Loopdesk: set LOOPDESK_URL (e.g. http://127.0.0.1:3000) "
                "and LOOPDESK_API_KEY (an admin key, ld_live_…)"
            )
        cls = type(self)
        if cls._client is None:
            cls.url = url
            given = Loopdesk(url, api_key=key)
            created = given.api_keys.create({"name": unique("python-sdk-tests"), "permission": "admin", "rate_limit": 100000})
            cls.admin_key = created["key"]
            cls.addClassCleanup(given.api_keys.delete, created["id"])
            cls._client = Loopdesk(url, api_key=cls.admin_key)
        self.client = cls._client

    def client_through(self, proxy: RecordingProxy, **options: Any) -> Loopdesk:
        return Loopdesk(proxy.url, api_key=self.admin_key, **options)
