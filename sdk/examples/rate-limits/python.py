"""Read the budget from the headers, set the SDK's retries, and see a 429 on a throwaway key, not on your own budget."""

import os
import sys
import urllib.request
from datetime import datetime, timezone

from loopdesk import Loopdesk, LoopdeskError

base_url = os.environ["LOOPDESK_URL"]
api_key = os.environ["LOOPDESK_API_KEY"]

# After a 429, 502, 503, 504 or a network error, a request that is safe to resend is sent again up
# to 4 times, after what Retry-After asks or an exponential backoff with full jitter. A Retry-After
# asking for more than max_retry_delay seconds is not waited for: the LoopdeskError comes back.
client = Loopdesk(base_url, api_key=api_key, max_retries=4, max_retry_delay=30)


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would send the Authorization header on to wherever a redirect points; the API never redirects."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# Every answer carries the budget in its headers; the SDK returns bodies, so read them with any HTTP client.
opener = urllib.request.build_opener(RefuseRedirects)
request = urllib.request.Request(f"{base_url}/api/v1/tickets?per_page=1", headers={"Authorization": f"Bearer {api_key}"})
with opener.open(request) as answer:
    reset = datetime.fromtimestamp(int(answer.headers["X-RateLimit-Reset"]), timezone.utc)
    left, limit = answer.headers["X-RateLimit-Remaining"], answer.headers["X-RateLimit-Limit"]
    print(f"Budget: {left} of {limit} left until {reset:%Y-%m-%dT%H:%M:%SZ}")

# A key with a budget of one request an hour: its second request is refused with 429.
created = client.api_keys.create({"name": "Rate limit demo", "permission": "read", "rate_limit": 1})
limited = Loopdesk(base_url, api_key=created["key"])
try:
    limited.tickets.list(per_page=1)
    limited.tickets.list(per_page=1)
    sys.exit("Expected a 429 on the second request, but it succeeded")
except LoopdeskError as error:
    if error.status != 429:
        raise
    print(f"{error.status} {error.code}: {error.message}; retry_after {error.retry_after} s")
finally:
    client.api_keys.delete(created["id"])
