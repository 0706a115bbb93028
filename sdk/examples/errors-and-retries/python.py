"""What failures look like, and a create that is safe to retry because it carries an Idempotency-Key."""

import os
import sys
import uuid

from loopdesk import Loopdesk, LoopdeskError

# The SDK resends GET, HEAD, OPTIONS and DELETE, and a POST with an idempotency_key, after a network
# error, 429, 502, 503 or 504, waiting what Retry-After asks or an exponential backoff with jitter.
# It never resends a PUT or PATCH: a second copy may do the work twice.
client = Loopdesk(os.environ["LOOPDESK_URL"], api_key=os.environ["LOOPDESK_API_KEY"], max_retries=3)


def expect_error(status, call):
    """Calls a request that must fail with `status` and shows the error; anything else fails the example."""
    try:
        call()
    except LoopdeskError as error:
        if error.status != status:
            raise
        print(f"{error.status} {error.code}: {error.message} (request {error.request_id})")
        for detail in error.details or []:
            print(f"  {detail['field']}: {detail['message']}")
    else:
        sys.exit(f"Expected a {status} error, but the request succeeded")


# 400 VALIDATION_ERROR: `details` names every invalid field.
expect_error(400, lambda: client.tickets.create({"subject": "", "due_date": "next tuesday"}))
# 404 NOT_FOUND
expect_error(404, lambda: client.tickets.get(2147483647))

# The same key on a resent POST gets the first answer back and creates nothing.
key = str(uuid.uuid4())
body = {"subject": "Created once, however often it is sent"}
first = client.tickets.create(body, idempotency_key=key)
again = client.tickets.create(body, idempotency_key=key)
try:
    print(f"first {first['number']}, again {again['number']}")
    if again["id"] != first["id"]:
        sys.exit(f"The resent POST made a second ticket, {again['number']}, beside {first['number']}")
    # The same key with a different request is a 409 CONFLICT.
    expect_error(409, lambda: client.tickets.create({"subject": "Something else"}, idempotency_key=key))
finally:
    for ticket_id in {first["id"], again["id"]}:
        client.tickets.delete(ticket_id)
