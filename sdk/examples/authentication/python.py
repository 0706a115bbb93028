"""An admin key creates a read-only key for an integration; the new key reads, is refused a write, and is revoked."""

import os
import sys

from loopdesk import Loopdesk, LoopdeskError

base_url = os.environ["LOOPDESK_URL"]
admin = Loopdesk(base_url, api_key=os.environ["LOOPDESK_API_KEY"])

# The answer holds the key itself ("key") this once; Loopdesk keeps only a hash. Put it in a secret store.
created = admin.api_keys.create({"name": "Reporting export", "permission": "read", "rate_limit": 500})
print(f"Created key {created['prefix']}… with {created['permission']} permission")

reporting = Loopdesk(base_url, api_key=created["key"])
print(f"The read key sees {reporting.tickets.list(per_page=1).pagination['total']} tickets")


def expect_refusal(status, call):
    """Calls a request that must be refused with `status` and shows the refusal; anything else fails the example."""
    try:
        call()
    except LoopdeskError as error:
        if error.status != status:
            raise
        print(f"  {error.status} {error.code}: {error.message}")
    else:
        sys.exit(f"Expected a {status} refusal, but the request succeeded")


print("Creating a ticket with the read key:")
expect_refusal(403, lambda: reporting.tickets.create({"subject": "Not allowed"}))

# Revoking takes effect at once: the key is refused with 401 from the next request on.
admin.api_keys.delete(created["id"])
print("After revoking it:")
expect_refusal(401, lambda: reporting.tickets.list(per_page=1))
