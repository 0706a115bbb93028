"""Five tickets of one new customer, read two to a page: by page number, by cursor and with the SDK's iterator."""

import os
import sys
import time

from loopdesk import Loopdesk

client = Loopdesk(os.environ["LOOPDESK_URL"], api_key=os.environ["LOOPDESK_API_KEY"])


def check(kept, promise):
    """Stops the example when the API does not keep a promise the guide makes."""
    if not kept:
        sys.exit(f"Expected {promise}")


email = f"pagination-{time.time_ns()}@example.com"
customer = client.customers.create({"first_name": "Pagination", "last_name": "Example", "email": email})
try:
    created = [client.tickets.create({"subject": f"Pagination example {i}", "customer_id": customer["id"]})["id"] for i in range(1, 6)]
    created.reverse()  # lists are newest first

    # Page numbers: page 2 of two-ticket pages. `pagination` says where you are.
    p = client.tickets.list(customer_id=customer["id"], per_page=2, page=2).pagination
    print(f"page {p['current_page']} of {p['total_pages']}, {p['total']} tickets, has_next {p['has_next']}")
    check(p["total"] == 5 and p["total_pages"] == 3 and p["has_next"], "page 2 of 3, 5 tickets, and a next page")

    # Cursors (ticket lists): send next_cursor back as `after` until it is None. Rows created
    # meanwhile are neither skipped nor repeated, and a deep page costs what the first one costs.
    walked = []
    after = None
    while True:
        page = client.tickets.list(customer_id=customer["id"], per_page=2, after=after)
        print(", ".join(t["subject"] for t in page.data))
        walked += [t["id"] for t in page.data]
        after = page.pagination["next_cursor"]
        if not after:
            break
    check(walked == created, "the cursor walk to meet every ticket once, newest first")

    # iterate() does the same walk lazily: it fetches the next page only when the loop needs it.
    iterated = [t["id"] for t in client.tickets.iterate(customer_id=customer["id"], per_page=2)]
    print(f"iterate() walked {len(iterated)} tickets")
    check(iterated == created, "iterate() to yield every ticket once, newest first")
finally:
    # force deletes the customer's tickets with the customer.
    client.customers.delete(customer["id"], force=True)
