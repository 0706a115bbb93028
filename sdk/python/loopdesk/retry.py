"""When a failed request is sent again, and how long to wait first."""

from __future__ import annotations

import email.utils
import math
import random
import time
from dataclasses import dataclass
from datetime import timezone
from typing import Optional

# 429 and 503 say "later"; 502 and 504 come from a proxy whose upstream hiccupped.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})

# Sending these twice changes nothing more than sending them once (a DELETE whose first copy did
# its work answers the second with 404).
_REPEATABLE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
# The desk recognises a repeat by its Idempotency-Key on POST only (lib/api/idempotency.ts). PUT
# and PATCH are never sent again: PUT /tickets/{id} with an internal_note adds a note each time.
_REPEATABLE_WITH_IDEMPOTENCY_KEY = frozenset({"POST"})

_FIRST_BACKOFF_SECONDS = 0.5


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    max_retry_delay: float

    def delay_before_retry(
        self,
        *,
        method: str,
        idempotency_key: Optional[str],
        status: Optional[int],
        retry_after: Optional[int],
        retries_done: int,
    ) -> Optional[float]:
        """Seconds to wait before sending again, or None to give up now.

        ``status`` None means no answer came (connection refused, reset, timed out).
        """
        if retries_done >= self.max_retries:
            return None
        if status is not None and status not in RETRYABLE_STATUSES:
            return None
        if not _is_repeatable(method, idempotency_key):
            return None
        if retry_after is not None:
            # Waiting past the cap would hang the caller (a spent hourly budget says 3600);
            # they get the error with retry_after and decide for themselves.
            return None if retry_after > self.max_retry_delay else float(retry_after)
        return backoff_delay(retries_done, self.max_retry_delay)


def _is_repeatable(method: str, idempotency_key: Optional[str]) -> bool:
    """Whether sending the request again cannot do its work twice."""
    method = method.upper()
    return method in _REPEATABLE_METHODS or (method in _REPEATABLE_WITH_IDEMPOTENCY_KEY and bool(idempotency_key))


def backoff_delay(retries_done: int, max_delay: float) -> float:
    """Exponential backoff with full jitter, so clients that failed together do not retry together."""
    ceiling = min(max_delay, _FIRST_BACKOFF_SECONDS * (2**retries_done))
    return random.uniform(0, ceiling)


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[int]:
    """Retry-After as whole seconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        # An HTTP date is always GMT; "-0000" parses as naive.
        moment = moment.replace(tzinfo=timezone.utc)
    remaining = moment.timestamp() - (time.time() if now is None else now)
    return max(0, math.ceil(remaining))
