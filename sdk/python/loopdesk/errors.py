"""The one exception an API call raises, built from Loopdesk's error envelope."""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

from .retry import parse_retry_after


class LoopdeskError(Exception):
    """An API call that did not succeed: an error answer, or no answer at all.

    ``code`` is the envelope's (``VALIDATION_ERROR``, ``NOT_FOUND``, ``RATE_LIMIT_EXCEEDED`` …);
    answers without an envelope (a proxy's 502 page) get ``HTTP_ERROR``, and requests that got no
    answer ``CONNECTION_ERROR`` or ``TIMEOUT`` with ``status`` None.
    """

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int],
        code: str,
        details: Optional[list[dict[str, Any]]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[int] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        status = "no answer" if self.status is None else str(self.status)
        text = f"{status} {self.code}: {self.message}"
        if self.details:
            text += " (" + "; ".join(f"{d.get('field')}: {d.get('message')}" for d in self.details) + ")"
        if self.request_id:
            text += f" [request {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return f"LoopdeskError(status={self.status!r}, code={self.code!r}, message={self.message!r}, request_id={self.request_id!r})"


def error_from_response(status: int, headers: Mapping[str, str], raw_body: bytes) -> LoopdeskError:
    """Reads the error envelope; a body that is not one still gives a usable error."""
    body = _parse_json(raw_body)
    envelope_error = body.get("error") if isinstance(body, dict) else None
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if isinstance(envelope_error, dict):
        if retry_after is None:
            retry_after = _whole_seconds(envelope_error.get("retry_after"))
        return LoopdeskError(
            str(envelope_error.get("message") or f"HTTP {status}"),
            status=status,
            code=str(envelope_error.get("code") or "HTTP_ERROR"),
            details=envelope_error.get("details"),
            request_id=headers.get("X-Request-Id"),
            retry_after=retry_after,
            body=body,
        )
    text = raw_body.decode("utf-8", errors="replace")
    return LoopdeskError(
        f"HTTP {status}: {text[:200]}" if text.strip() else f"HTTP {status}",
        status=status,
        code="HTTP_ERROR",
        request_id=headers.get("X-Request-Id"),
        retry_after=retry_after,
        body=body if body is not None else text,
    )


def connection_error(url: str, reason: object, timed_out: bool) -> LoopdeskError:
    if timed_out:
        return LoopdeskError(f"No answer from {url} in time", status=None, code="TIMEOUT")
    return LoopdeskError(f"Could not reach {url}: {reason}", status=None, code="CONNECTION_ERROR")


def _parse_json(raw_body: bytes) -> Any:
    try:
        return json.loads(raw_body.decode("utf-8"))
    except ValueError:
        return None


def _whole_seconds(value: object) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return max(0, int(value))
