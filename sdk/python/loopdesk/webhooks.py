"""Checking that a webhook request came from your Loopdesk, as its delivery code signs it."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

_STANDARD_PREFIX = "whsec_"
_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


class WebhookVerificationError(Exception):
    """The request is not a genuine webhook from Loopdesk, or not a fresh one: answer it with 400 or 401."""


STANDARD = "standard"
LOOPDESK_SIGNATURE = "loopdesk-signature"
_SCHEMES = (STANDARD, LOOPDESK_SIGNATURE)


def verify_webhook(
    raw_body: Union[bytes, str],
    headers: Mapping[str, str],
    secret: Union[str, Iterable[str]],
    tolerance: Optional[float] = 300,
    *,
    scheme: str = STANDARD,
) -> Dict[str, Any]:
    """Verifies a delivery and returns its event (``{"id", "event", "timestamp", "data"}``).

    ``raw_body`` is the body exactly as received, before any JSON parsing. ``secret`` is the
    webhook's secret, or several (the new and the old one during a rotation).

    By default the Standard Webhooks headers are required: ``webhook-signature`` covers
    ``webhook-id``, ``webhook-timestamp`` and the body, and the timestamp must be within
    ``tolerance`` seconds of now, so a captured delivery cannot be replayed later (None turns the
    age check off, and with it that protection). Loopdesk sends them with every delivery.

    ``scheme="loopdesk-signature"`` checks ``X-Loopdesk-Signature`` (or ``-Previous``) instead, for
    a receiver that only gets those headers. That signature covers the body alone, and
    ``X-Loopdesk-Timestamp`` is not signed, so a captured delivery can be replayed at any time:
    deduplicate on the event's ``id``. ``tolerance`` does not apply to it.
    """
    if scheme not in _SCHEMES:
        raise ValueError(f"scheme must be {STANDARD!r} or {LOOPDESK_SIGNATURE!r}, got {scheme!r}")
    body = raw_body.encode("utf-8") if isinstance(raw_body, str) else bytes(raw_body)
    secrets = [secret] if isinstance(secret, str) else list(secret)
    if not secrets or not all(isinstance(s, str) and s for s in secrets):
        raise ValueError("secret must be a non-empty string or a list of them")
    found = _headers_by_name(headers)

    if scheme == LOOPDESK_SIGNATURE:
        _verify_loopdesk_signature(body, found, secrets)
    else:
        _verify_standard(body, found, secrets, tolerance)

    try:
        event = json.loads(body.decode("utf-8"))
    except ValueError as error:
        raise WebhookVerificationError("The signed body is not JSON") from error
    if not isinstance(event, dict):
        raise WebhookVerificationError("The signed body is not a webhook event")
    return event


def _headers_by_name(headers: Mapping[str, str]) -> Dict[str, str]:
    """Values by lower-case name; a header given more than once (an HTTPMessage lists each copy) joined with ", "."""
    found: Dict[str, str] = {}
    for name, value in headers.items():
        key = str(name).lower()
        found[key] = f"{found[key]}, {value}" if key in found else str(value)
    return found


def _verify_standard(body: bytes, headers: Mapping[str, str], secrets: List[str], tolerance: Optional[float]) -> None:
    missing = [name for name in ("webhook-id", "webhook-timestamp", "webhook-signature") if not headers.get(name)]
    if missing:
        raise WebhookVerificationError(
            f"The request lacks {', '.join(missing)}: Loopdesk signs every delivery with the Standard Webhooks "
            "headers (verify_webhook(..., scheme='loopdesk-signature') accepts the replayable body-only signature)"
        )
    timestamp = headers["webhook-timestamp"]
    # ASCII digits only: int() would also take " 1", "1_0" and other scripts' digits.
    if not (timestamp.isascii() and timestamp.isdigit()):
        raise WebhookVerificationError("webhook-timestamp is not Unix seconds")
    if tolerance is not None and abs(time.time() - int(timestamp)) > tolerance:
        raise WebhookVerificationError(
            f"webhook-timestamp is more than {tolerance:g} seconds from now: a replay or a wrong clock"
        )
    signed = _utf8(headers["webhook-id"]) + b"." + timestamp.encode("ascii") + b"." + body
    # One `v1,<base64>` per signing secret, space-separated; a repeated header's copies arrive joined
    # with ", ", so a trailing comma is dropped (as the TypeScript SDK does).
    given = [
        _utf8(signature)
        for version, _, signature in (entry.rstrip(",").partition(",") for entry in headers["webhook-signature"].split())
        if version == "v1"
    ]
    for secret in secrets:
        expected = base64.b64encode(hmac.new(_standard_key(secret), signed, hashlib.sha256).digest())
        if any(hmac.compare_digest(expected, candidate) for candidate in given):
            return
    raise WebhookVerificationError("No webhook-signature matches the secret")


def _verify_loopdesk_signature(body: bytes, headers: Mapping[str, str], secrets: List[str]) -> None:
    # A repeated header arrives joined with commas (RFC 9110 §5.3); `sha256=<hex>` holds none.
    given = [
        _utf8(value.strip())
        for name in ("x-loopdesk-signature", "x-loopdesk-signature-previous")
        for value in headers.get(name, "").split(",")
        if value.strip()
    ]
    if not given:
        raise WebhookVerificationError("The request carries no X-Loopdesk-Signature header")
    for secret in secrets:
        expected = b"sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest().encode("ascii")
        if any(hmac.compare_digest(expected, candidate) for candidate in given):
            return
    raise WebhookVerificationError("X-Loopdesk-Signature does not match the secret")


def _utf8(header_value: str) -> bytes:
    # hmac.compare_digest raises TypeError on a str with non-ASCII characters, and strict UTF-8 on
    # the lone surrogates that surrogateescape decoding leaves: a bad header must be refused, not crash.
    return header_value.encode("utf-8", "surrogatepass")


def _standard_key(secret: str) -> bytes:
    """The HMAC key Loopdesk signs with: a ``whsec_`` secret's base64 bytes, any other secret's UTF-8 bytes."""
    if not secret.startswith(_STANDARD_PREFIX):
        return secret.encode("utf-8")
    return _lenient_base64(secret[len(_STANDARD_PREFIX) :])


def _lenient_base64(text: str) -> bytes:
    # Decodes as Node's Buffer.from(text, "base64") does on the signing side: URL-safe letters
    # allowed, other characters skipped, stop at the first "=", a dangling sixth of a byte dropped.
    letters = "".join(c for c in text.split("=", 1)[0].replace("-", "+").replace("_", "/") if c in _BASE64_ALPHABET)
    if len(letters) % 4 == 1:
        letters = letters[:-1]
    try:
        return base64.b64decode(letters + "=" * (-len(letters) % 4))
    except binascii.Error as error:
        raise ValueError("The webhook secret is not valid base64 after whsec_") from error
