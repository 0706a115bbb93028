"""Quick start: create a ticket, list the open tickets, reply to the new one."""

import os

from loopdesk import Loopdesk

client = Loopdesk(os.environ["LOOPDESK_URL"], api_key=os.environ["LOOPDESK_API_KEY"])

# 1. Create a ticket. Errors raise LoopdeskError, so this is always the ticket.
ticket = client.tickets.create({"subject": "API Test Ticket", "description": "Created via API", "priority": "normal"})
print(f"Created {ticket['number']} (id {ticket['id']}), {ticket['status']}")

# 2. List open tickets, newest first, five to a page.
page = client.tickets.list(status="open", per_page=5)
print(f"{page.pagination['total']} open tickets; the newest:")
for t in page.data:
    print(f"  {t['number']}  {t['priority']:<6}  {t['subject']}")

# 3. Reply to the customer ("internal" would make it a note only agents see).
reply = client.tickets.reply(ticket["id"], {"content": "Thanks for writing in. We are looking into it.", "type": "public"})
print(f"Replied as {reply['author']['name'] or 'the integration'} at {reply['created_at']}")

# Delete the ticket again, so the example leaves the desk as it found it.
client.tickets.delete(ticket["id"])
