"""The client: credentials, one HTTP exchange at a time, retries, and the resources on top."""

from __future__ import annotations

import http.client
import json
import platform
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, List, Mapping, Optional, Tuple

from ._version import __version__
from .errors import LoopdeskError, connection_error, error_from_response
from .resources import ApiKeys, Agents, Categories, Customers, CustomFields, Departments, Tickets, Views, Webhooks
from .retry import RetryPolicy

USER_AGENT = f"loopdesk-python/{__version__} Python/{platform.python_version()}"


class Loopdesk:
    """A client for one Loopdesk desk.

    ``base_url`` is the desk's address (``http://localhost:3000``); a trailing ``/api/v1`` is
    accepted too. Authenticate with an API key (``ld_live_…``) or an OAuth access token
    (``ld_oat_…``); both travel as a Bearer token.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        access_token: Optional[str] = None,
        max_retries: int = 2,
        timeout: float = 30,
        max_retry_delay: float = 60,
    ) -> None:
        if api_key and access_token:
            raise ValueError("Give api_key or access_token, not both")
        token = api_key or access_token
        if not token:
            # As the TypeScript client: every call but the health check would answer 401.
            raise ValueError("Loopdesk needs api_key or access_token")
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = _desk_root(base_url)
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries, max_retry_delay=max_retry_delay)
        self._token = token
        self._opener = urllib.request.build_opener(_RefuseRedirects)

        self.tickets = Tickets(self)
        self.customers = Customers(self)
        self.agents = Agents(self)
        self.departments = Departments(self)
        self.categories = Categories(self)
        self.custom_fields = CustomFields(self)
        self.webhooks = Webhooks(self)
        self.api_keys = ApiKeys(self)
        self.views = Views(self)

    def __repr__(self) -> str:
        return f"Loopdesk({self.base_url!r})"

    def request(
        self,
        method: str,
        path: str,
        query: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        idempotency_key: Optional[str] = None,
    ) -> Any:
        """Calls any endpoint and returns the parsed success body (the whole envelope).

        None for a 204; the raw bytes for an answer that is not JSON (a file download, a CSV
        export). Raises LoopdeskError for anything else, after the retries the policy allows.
        """
        method = method.upper()
        url = self._url(path, query)
        data = None if body is None else json.dumps(body, default=_json_value).encode("utf-8")
        headers = self._headers(data is not None, idempotency_key)
        retries_done = 0
        while True:
            try:
                return self._exchange(method, url, headers, data)
            except LoopdeskError as error:
                delay = self.retry_policy.delay_before_retry(
                    method=method,
                    idempotency_key=idempotency_key,
                    status=error.status,
                    retry_after=error.retry_after,
                    retries_done=retries_done,
                )
                if delay is None:
                    raise
                time.sleep(delay)
            retries_done += 1

    def _exchange(self, method: str, url: str, headers: Mapping[str, str], data: Optional[bytes]) -> Any:
        response = self._send(method, url, headers, data)
        if not 200 <= response.status < 300:
            raise error_from_response(response.status, response.headers, response.body)
        if response.status == 204 or not response.body:
            return None
        if not _is_json(response.headers.get("Content-Type")):
            return response.body
        try:
            return json.loads(response.body.decode("utf-8"))
        except ValueError as failure:
            raise LoopdeskError(
                f"HTTP {response.status} with a body that is not valid JSON",
                status=response.status,
                code="HTTP_ERROR",
                request_id=response.headers.get("X-Request-Id"),
                body=response.body,
            ) from failure

    def _send(self, method: str, url: str, headers: Mapping[str, str], data: Optional[bytes]) -> _Response:
        request = urllib.request.Request(url, data=data, headers=dict(headers), method=method)
        try:
            answer = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error_answer:
            answer = error_answer
        except urllib.error.URLError as failure:
            raise connection_error(url, failure.reason, isinstance(failure.reason, socket.timeout)) from failure
        except (http.client.HTTPException, OSError) as failure:
            raise connection_error(url, failure, isinstance(failure, socket.timeout)) from failure
        try:
            with answer:
                body = answer.read()
        except (http.client.HTTPException, OSError) as failure:
            raise connection_error(url, failure, isinstance(failure, socket.timeout)) from failure
        return _Response(answer.getcode(), answer.headers, body)

    def _url(self, path: str, query: Optional[Mapping[str, Any]]) -> str:
        url = self.base_url + (path if path.startswith("/") else "/" + path)
        pairs = encode_query(query or {})
        if not pairs:
            return url
        return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(pairs)

    def _headers(self, has_body: bool, idempotency_key: Optional[str]) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT, "Authorization": f"Bearer {self._token}"}
        if has_body:
            headers["Content-Type"] = "application/json"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers


@dataclass(frozen=True)
class _Response:
    status: int
    headers: Any
    body: bytes


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """The API never redirects; following one would hand the Bearer token to wherever it points."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


def encode_query(query: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Query pairs as the API reads them: lists as repeated keys, ``custom_fields`` as ``custom_fields[key]``."""
    pairs: List[Tuple[str, str]] = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs.extend((f"{key}[{name}]", _query_value(item)) for name, item in value.items() if item is not None)
        elif isinstance(value, (list, tuple, set, frozenset)):
            pairs.extend((key, _query_value(item)) for item in value)
        else:
            pairs.append((key, _query_value(value)))
    return pairs


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return _iso(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return _iso(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _iso(value: date) -> str:
    """ISO 8601, with ``Z`` for UTC as the API writes times; a naive datetime is sent as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _is_json(content_type: Optional[str]) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _desk_root(base_url: str) -> str:
    root = base_url.strip().rstrip("/")
    if root.endswith("/api/v1"):
        root = root[: -len("/api/v1")]
    if not root.startswith(("http://", "https://")):
        raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
    return root
