"""Tickets against the live desk: the whole life of one, lists over several pages, idempotent creation."""

from __future__ import annotations

import unittest
import urllib.parse
import uuid

from loopdesk import LoopdeskError

from support import LiveTestCase, RecordingProxy, unique


class LiveTicketTest(LiveTestCase):
    def new_customer(self) -> dict:
        customer = self.client.customers.create({"first_name": "Grace", "last_name": "Hopper", "email": f"{unique('grace')}@example.com"})
        self.addCleanup(self.client.customers.delete, customer["id"], force=True)
        return customer

    def test_creates_reads_updates_lists_and_deletes_a_ticket(self) -> None:
        customer = self.new_customer()
        created = self.client.tickets.create(
            {"subject": "Printer on fire", "description": "Smoke from tray 2", "priority": "high", "customer_id": customer["id"]}
        )
        self.assertIsInstance(created["id"], int)
        self.assertRegex(created["number"], r"^TKT-\d{4}-\d{6,}$")
        self.assertEqual((created["subject"], created["status"], created["priority"]), ("Printer on fire", "open", "high"))

        fetched = self.client.tickets.get(created["id"])
        self.assertEqual((fetched["id"], fetched["description"]), (created["id"], "Smoke from tray 2"))

        updated = self.client.tickets.update(created["id"], {"status": "resolved"})
        self.assertEqual(updated["status"], "resolved")
        self.assertIsNotNone(updated["resolved_at"])

        page = self.client.tickets.list(status="resolved", customer_id=customer["id"], per_page=50)
        self.assertEqual([t["id"] for t in page], [created["id"]])
        self.assertEqual(page.pagination["total"], 1)

        self.assertIsNone(self.client.tickets.delete(created["id"]))
        with self.assertRaises(LoopdeskError) as raised:
            self.client.tickets.get(created["id"])
        self.assertEqual((raised.exception.status, raised.exception.code), (404, "NOT_FOUND"))

    def test_replies_notes_assignment_and_activity(self) -> None:
        customer = self.new_customer()
        ticket = self.client.tickets.create({"subject": "Cannot sign in", "customer_id": customer["id"]})
        agent = next(a for a in self.client.agents.iterate(status="active"))

        reply = self.client.tickets.reply(ticket["id"], {"content": "On it", "type": "public"})
        note = self.client.tickets.comment(ticket["id"], {"content": "Checked the SSO logs"})
        assigned = self.client.tickets.assign(ticket["id"], agent["id"])
        activity = self.client.tickets.activity(ticket["id"])
        unassigned = self.client.tickets.assign(ticket["id"], None)

        self.assertEqual((reply["content"], reply["type"]), ("On it", "public"))
        self.assertEqual((note["content"], note["type"]), ("Checked the SSO logs", "internal"))
        self.assertEqual(assigned["assigned_agent"]["id"], agent["id"])
        self.assertIsNone(unassigned["assigned_agent"])
        self.assertIn("ticket.created", [entry["event"] for entry in activity])
        self.assertIn("ticket.assigned", [entry["event"] for entry in activity])
        thread = self.client.tickets.get(ticket["id"])["replies"]
        self.assertEqual([r["content"] for r in thread], ["On it", "Checked the SSO logs"])

    def test_search_finds_a_ticket_by_its_words(self) -> None:
        customer = self.new_customer()
        word = "zorblax" + uuid.uuid4().hex[:6]
        ticket = self.client.tickets.create({"subject": f"The {word} is jammed", "customer_id": customer["id"]})
        self.assertEqual([t["id"] for t in self.client.tickets.search(q=word)], [ticket["id"]])
        self.assertEqual([t["id"] for t in self.client.tickets.iterate_search(word, per_page=1)], [ticket["id"]])

    def test_iterate_walks_every_page_and_yields_each_ticket_once(self) -> None:
        customer = self.new_customer()
        made = self.client.tickets.bulk_create([{"subject": f"Batch ticket {n}", "customer_id": customer["id"]} for n in range(5)])
        expected = sorted(t["id"] for t in made)

        with RecordingProxy(self.url) as proxy:
            client = self.client_through(proxy)
            seen = [t["id"] for t in client.tickets.iterate(customer_id=customer["id"], per_page=2)]
            via_customer = [t["id"] for t in client.customers.iterate_tickets(customer["id"], per_page=2)]

        self.assertEqual(sorted(seen), expected)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(sorted(via_customer), expected)
        first_walk = [urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query) for r in proxy.requests[:3]]
        self.assertEqual(len(proxy.requests), 6, "five tickets at two a page are three pages, twice")
        self.assertNotIn("after", first_walk[0])
        self.assertTrue(all("after" in q and "page" not in q for q in first_walk[1:]))

    def test_a_create_sent_twice_with_one_idempotency_key_makes_one_ticket(self) -> None:
        customer = self.new_customer()
        key = str(uuid.uuid4())
        body = {"subject": "Printer on fire", "priority": "high", "customer_id": customer["id"]}
        first = self.client.tickets.create(body, idempotency_key=key)
        second = self.client.tickets.create(body, idempotency_key=key)
        self.assertEqual(second, first)
        tickets = list(self.client.customers.iterate_tickets(customer["id"]))
        self.assertEqual([t["id"] for t in tickets], [first["id"]])

        with self.assertRaises(LoopdeskError) as raised:
            self.client.tickets.create({**body, "subject": "Another"}, idempotency_key=key)
        self.assertEqual((raised.exception.status, raised.exception.code), (409, "CONFLICT"))


if __name__ == "__main__":
    unittest.main()
