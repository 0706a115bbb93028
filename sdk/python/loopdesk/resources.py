"""The API's resources, one class each, with the operations the API has for them.

Bodies and answers are the API's own JSON as dicts (see /openapi.json); every method returns the
envelope's ``data``, lists return a Page. Updates are ``PUT``: partial for every resource here,
and never sent again automatically (a ticket update with ``internal_note`` adds a note each time).
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union, cast

from .pagination import Page, iterate_items

if TYPE_CHECKING:
    from .client import Loopdesk

Id = Union[int, str]
Item = Dict[str, Any]


class _Resource:
    path = ""

    def __init__(self, client: Loopdesk) -> None:
        self._client = client

    def _path(self, *parts: Id) -> str:
        return "/".join([self.path, *(urllib.parse.quote(str(part), safe="") for part in parts)])

    def _data(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        idempotency_key: Optional[str] = None,
    ) -> Any:
        envelope = self._client.request(method, path, query=query, body=body, idempotency_key=idempotency_key)
        return None if envelope is None else envelope.get("data")

    def _one(self, method: str, path: str, **options: Any) -> Item:
        return cast(Item, self._data(method, path, **options))

    def _many(self, method: str, path: str, **options: Any) -> List[Item]:
        return cast(List[Item], self._data(method, path, **options))

    def _page(self, path: str, query: Mapping[str, Any]) -> Page:
        return Page.from_envelope(self._client.request("GET", path, query=query))

    def _items(self, path: str, query: Mapping[str, Any]) -> Iterator[Item]:
        return iterate_items(lambda page_query: self._page(path, page_query), dict(query))


class _Listable(_Resource):
    def list(self, **query: Any) -> Page:
        """One page; ``page``, ``per_page`` and the list's filters as keyword arguments."""
        return self._page(self.path, query)

    def iterate(self, **query: Any) -> Iterator[Item]:
        """Every item of every page, with the same filters as ``list``."""
        return self._items(self.path, query)


class _Gettable(_Resource):
    def get(self, id: Id) -> Item:
        return self._one("GET", self._path(id))


class _Creatable(_Resource):
    def create(self, body: Mapping[str, Any], *, idempotency_key: Optional[str] = None) -> Item:
        """With an ``idempotency_key`` the request is retried safely and a repeat creates nothing."""
        return self._one("POST", self.path, body=body, idempotency_key=idempotency_key)


class _Updatable(_Resource):
    def update(self, id: Id, body: Mapping[str, Any]) -> Item:
        """Not retried: on a 429 or 503 the LoopdeskError's ``retry_after`` says when you may send it again."""
        return self._one("PUT", self._path(id), body=body)


class _Deletable(_Resource):
    def delete(self, id: Id) -> None:
        """Retried like a GET: a retry whose first attempt did delete answers 404 ``NOT_FOUND``."""
        self._client.request("DELETE", self._path(id))


class Tickets(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    path = "/api/v1/tickets"

    def search(self, q: str, **query: Any) -> Page:
        """Full-text search (web-search syntax); every list filter applies."""
        return self._page(self._path("search"), {**query, "q": q})

    def iterate_search(self, q: str, **query: Any) -> Iterator[Item]:
        return self._items(self._path("search"), {**query, "q": q})

    def reply(self, ticket_id: Id, body: Mapping[str, Any], *, idempotency_key: Optional[str] = None) -> Item:
        """A reply: ``{"content": …, "type": "public" | "internal"}``."""
        if "is_internal" in body:
            # The API ignores unknown fields, so this would go out as a public reply.
            raise ValueError('Replies take "type": "internal" or "public"; "is_internal" is not a field of the API')
        return self._one("POST", self._path(ticket_id, "replies"), body=body, idempotency_key=idempotency_key)

    def comment(self, ticket_id: Id, body: Mapping[str, Any], *, idempotency_key: Optional[str] = None) -> Item:
        """An internal note: ``{"content": …}``."""
        return self._one("POST", self._path(ticket_id, "comments"), body=body, idempotency_key=idempotency_key)

    def assign(self, ticket_id: Id, agent_id: Optional[int]) -> Item:
        """Assigns the ticket to an agent, or unassigns it with None."""
        return self._one("PUT", self._path(ticket_id, "assign"), body={"agent_id": agent_id})

    def activity(self, ticket_id: Id) -> List[Item]:
        return self._many("GET", self._path(ticket_id, "activity"))

    def rate(self, ticket_id: Id, body: Mapping[str, Any], *, idempotency_key: Optional[str] = None) -> Item:
        """The customer's satisfaction ``{"rating": 1-5, "comment"?}`` for a resolved or closed ticket."""
        return self._one("POST", self._path(ticket_id, "satisfaction"), body=body, idempotency_key=idempotency_key)

    def bulk_create(self, tickets: Sequence[Mapping[str, Any]], *, idempotency_key: Optional[str] = None) -> List[Item]:
        """Up to 100 tickets, all or none."""
        return self._many("POST", self._path("bulk"), body={"tickets": list(tickets)}, idempotency_key=idempotency_key)

    def bulk_update(self, tickets: Sequence[Mapping[str, Any]]) -> List[Item]:
        """Up to 100 ``{"id": …, field: value}`` changes, all or none."""
        return self._many("PUT", self._path("bulk"), body={"tickets": list(tickets)})


class Customers(_Listable, _Gettable, _Creatable, _Updatable):
    path = "/api/v1/customers"

    def delete(self, id: Id, *, force: bool = False) -> None:
        """Refused (409) while the customer has tickets, unless ``force`` deletes those too."""
        self._client.request("DELETE", self._path(id), query={"force": True} if force else None)

    def tickets(self, customer_id: Id, **query: Any) -> Page:
        return self._page(self._path(customer_id, "tickets"), query)

    def iterate_tickets(self, customer_id: Id, **query: Any) -> Iterator[Item]:
        return self._items(self._path(customer_id, "tickets"), query)


class Agents(_Listable, _Gettable, _Creatable, _Updatable):
    """Agents are never deleted: ``update(id, {"status": "inactive"})`` deactivates one."""

    path = "/api/v1/agents"

    def tickets(self, agent_id: Id, **query: Any) -> Page:
        return self._page(self._path(agent_id, "tickets"), query)

    def iterate_tickets(self, agent_id: Id, **query: Any) -> Iterator[Item]:
        return self._items(self._path(agent_id, "tickets"), query)

    def performance(
        self,
        agent_id: Id,
        *,
        start_date: Any = None,
        end_date: Any = None,
        metrics: Optional[Sequence[str]] = None,
    ) -> Item:
        query = {"start_date": start_date, "end_date": end_date, "metrics": ",".join(metrics) if metrics else None}
        return self._one("GET", self._path(agent_id, "performance"), query=query)

    def end_sessions(self, agent_id: Id) -> Item:
        """Signs the agent out of every browser session."""
        return self._one("DELETE", self._path(agent_id, "sessions"))


class Departments(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    path = "/api/v1/departments"


class Categories(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    path = "/api/v1/categories"


class CustomFields(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    path = "/api/v1/custom-fields"


class Webhooks(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    """The secret is in the answer of ``create`` and ``rotate_secret`` only: keep it then."""

    path = "/api/v1/webhooks"

    def test(self, webhook_id: Id, *, idempotency_key: Optional[str] = None) -> Item:
        """Sends a ``ping`` now and returns its delivery."""
        return self._one("POST", self._path(webhook_id, "test"), idempotency_key=idempotency_key)

    def rotate_secret(self, webhook_id: Id, *, idempotency_key: Optional[str] = None) -> Item:
        """A new secret; the old one keeps signing beside it for 24 hours."""
        return self._one("POST", self._path(webhook_id, "rotate-secret"), idempotency_key=idempotency_key)

    def deliveries(self, webhook_id: Id, **query: Any) -> Page:
        return self._page(self._path(webhook_id, "deliveries"), query)

    def iterate_deliveries(self, webhook_id: Id, **query: Any) -> Iterator[Item]:
        return self._items(self._path(webhook_id, "deliveries"), query)

    def delivery(self, webhook_id: Id, delivery_id: Id) -> Item:
        return self._one("GET", self._path(webhook_id, "deliveries", delivery_id))

    def redeliver(self, webhook_id: Id, delivery_id: Id, *, idempotency_key: Optional[str] = None) -> Item:
        path = self._path(webhook_id, "deliveries", delivery_id, "redeliver")
        return self._one("POST", path, idempotency_key=idempotency_key)


class ApiKeys(_Listable, _Gettable, _Creatable, _Updatable, _Deletable):
    """``create`` answers with the key itself (``key``), shown this once; ``delete`` revokes it."""

    path = "/api/v1/api-keys"


class Views(_Listable, _Creatable, _Deletable):
    """The calling agent's saved inbox views; needs a key created by an agent."""

    path = "/api/v1/views"
