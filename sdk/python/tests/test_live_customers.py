"""Customers and the settings resources against the live desk."""

from __future__ import annotations

import unittest
import urllib.parse

from loopdesk import LoopdeskError

from support import LiveTestCase, RecordingProxy, unique


class LiveCustomerTest(LiveTestCase):
    def test_creates_reads_updates_lists_and_deletes_a_customer(self) -> None:
        email = f"{unique('ada')}@example.com"
        created = self.client.customers.create({"first_name": "Ada", "last_name": "Lovelace", "email": email})
        self.addCleanup(self._delete_quietly, created["id"])
        self.assertEqual((created["first_name"], created["email"], created["status"]), ("Ada", email, "active"))

        self.assertEqual(self.client.customers.get(created["id"])["last_name"], "Lovelace")
        updated = self.client.customers.update(created["id"], {"organization": "Analytical Engines", "phone": "+44 20 7946 0000"})
        self.assertEqual((updated["organization"], updated["phone"]), ("Analytical Engines", "+44 20 7946 0000"))

        found = self.client.customers.list(search=email)
        self.assertEqual([c["id"] for c in found], [created["id"]])

        self.client.customers.delete(created["id"])
        with self.assertRaises(LoopdeskError) as raised:
            self.client.customers.get(created["id"])
        self.assertEqual(raised.exception.code, "NOT_FOUND")

    def test_a_taken_email_is_a_conflict_naming_the_field(self) -> None:
        email = f"{unique('dup')}@example.com"
        first = self.client.customers.create({"first_name": "Dup", "email": email})
        self.addCleanup(self._delete_quietly, first["id"])
        with self.assertRaises(LoopdeskError) as raised:
            self.client.customers.create({"first_name": "Dup", "email": email.upper()})
        self.assertEqual((raised.exception.status, raised.exception.code), (409, "CONFLICT"))
        self.assertEqual([d["field"] for d in raised.exception.details], ["email"])

    def test_deleting_a_customer_with_tickets_needs_force(self) -> None:
        customer = self.client.customers.create({"first_name": "Has", "email": f"{unique('tickets')}@example.com"})
        self.addCleanup(self._delete_quietly, customer["id"])
        ticket = self.client.tickets.create({"subject": "Keeps the customer", "customer_id": customer["id"]})
        with self.assertRaises(LoopdeskError) as raised:
            self.client.customers.delete(customer["id"])
        self.assertEqual(raised.exception.status, 409)
        self.client.customers.delete(customer["id"], force=True)
        with self.assertRaises(LoopdeskError):
            self.client.tickets.get(ticket["id"])

    def test_iterate_goes_through_numbered_pages_and_yields_each_customer_once(self) -> None:
        organization = unique("Iterate Org")
        made = [
            self.client.customers.create({"first_name": f"Page{n}", "email": f"{unique('page')}@example.com", "organization": organization})
            for n in range(5)
        ]
        for customer in made:
            self.addCleanup(self._delete_quietly, customer["id"])
        with RecordingProxy(self.url) as proxy:
            seen = [c["id"] for c in self.client_through(proxy).customers.iterate(organization=organization, per_page=2)]
        self.assertEqual(sorted(seen), sorted(c["id"] for c in made))
        self.assertEqual(len(seen), len(set(seen)))
        pages = [urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query).get("page") for r in proxy.requests]
        self.assertEqual(pages, [None, ["2"], ["3"]])

    def test_departments_and_categories_round_trip(self) -> None:
        department = self.client.departments.create({"name": unique("Billing"), "description": "Invoices"})
        self.addCleanup(self.client.departments.delete, department["id"])
        category = self.client.categories.create({"name": unique("Refunds"), "department_id": department["id"]})
        self.addCleanup(self.client.categories.delete, category["id"])
        self.assertEqual(category["department"]["id"], department["id"])
        renamed = self.client.departments.update(department["id"], {"description": "Invoices and refunds"})
        self.assertEqual(renamed["description"], "Invoices and refunds")
        listed = [c["id"] for c in self.client.categories.iterate(department_id=department["id"])]
        self.assertEqual(listed, [category["id"]])

    def _delete_quietly(self, customer_id: int) -> None:
        try:
            self.client.customers.delete(customer_id, force=True)
        except LoopdeskError as error:
            if error.status != 404:
                raise


if __name__ == "__main__":
    unittest.main()
