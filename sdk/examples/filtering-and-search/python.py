"""Four tickets of one new customer, found again by filters, a custom field and full-text search."""

import os
import sys
import time

from loopdesk import Loopdesk

client = Loopdesk(os.environ["LOOPDESK_URL"], api_key=os.environ["LOOPDESK_API_KEY"])


def show(label, found, expected):
    """Prints what a list found, and stops the example unless it is what the guide promises, in that order."""
    print(f"{label}: {' | '.join(found)}")
    if found != expected:
        sys.exit(f"{label}: expected {' | '.join(expected)}")


def subjects(page):
    return [t["subject"] for t in page.data]


run = f"filtering-{time.time_ns()}"
customer = client.customers.create({"first_name": "Filtering", "last_name": "Example", "email": f"{run}@example.com"})
try:
    for subject, priority, status, plan in [
        ("Printer jams on page two", "high", "open", "enterprise"),
        ("Printer out of toner", "normal", "pending", "starter"),
        ("Cannot sign in after a password reset", "urgent", "open", "enterprise"),
        ("Invoice shows the wrong VAT number", "low", "resolved", "starter"),
    ]:
        client.tickets.create(
            {
                "subject": subject,
                "priority": priority,
                "status": status,
                "customer_id": customer["id"],
                "custom_fields": {"plan": plan},
            }
        )

    # Lists (or comma lists) mean "any of"; different filters must all match. Newest first by default.
    severe = client.tickets.list(customer_id=customer["id"], status=["open", "pending"], priority=["high", "urgent"])
    show("Open or pending, high or urgent", subjects(severe), ["Cannot sign in after a password reset", "Printer jams on page two"])

    # custom_fields[plan]=starter matches the stored value exactly.
    starter = client.tickets.list(customer_id=customer["id"], custom_fields={"plan": "starter"}, sort="priority", order="desc")
    show("Plan starter, most severe first", subjects(starter), ["Printer out of toner", "Invoice shows the wrong VAT number"])

    # Web-search syntax: words, "exact phrases", -excluded, or. Ranked unless you pass sort.
    for q, expected in [
        ("printer -toner", ["Printer jams on page two"]),
        ('"password reset" or invoice', ["Cannot sign in after a password reset", "Invoice shows the wrong VAT number"]),
    ]:
        show(f"Search {q}", subjects(client.tickets.search(q, customer_id=customer["id"])), expected)

    # Customers: `search` matches any part of name, email or organization.
    customers = client.customers.list(search=run)
    show(f"Customers matching {run}", [c["email"] for c in customers.data], [f"{run}@example.com"])
finally:
    # force deletes the customer's tickets with the customer.
    client.customers.delete(customer["id"], force=True)
