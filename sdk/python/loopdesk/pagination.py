"""One page of a list, and walking every page of it."""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional

Item = Dict[str, Any]

# Fewer, larger pages spend less of an hourly request budget; 100 is the API's maximum.
ITERATE_PER_PAGE = 100


class Page:
    """A list answer: ``data`` (the items) and ``pagination`` (None for the few unpaginated lists)."""

    __slots__ = ("data", "pagination")

    def __init__(self, data: List[Item], pagination: Optional[Dict[str, Any]]) -> None:
        self.data = data
        self.pagination = pagination

    @classmethod
    def from_envelope(cls, envelope: Dict[str, Any]) -> Page:
        return cls(list(envelope.get("data") or []), envelope.get("pagination"))

    @property
    def has_next(self) -> bool:
        return bool(self.pagination and self.pagination.get("has_next"))

    def __iter__(self) -> Iterator[Item]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> Item:
        return self.data[index]

    def __repr__(self) -> str:
        return f"Page(items={len(self.data)}, pagination={self.pagination!r})"


def iterate_items(fetch_page: Callable[[Dict[str, Any]], Page], query: Dict[str, Any]) -> Iterator[Item]:
    """Every item of every page, fetched lazily one page at a time.

    Ticket lists answer with a ``next_cursor``; following it rather than page numbers means rows
    created or deleted during the walk neither repeat nor go missing. Other lists go by page number.
    """
    query = {key: value for key, value in query.items() if value is not None}
    query.setdefault("per_page", ITERATE_PER_PAGE)
    while True:
        page = fetch_page(query)
        yield from page.data
        if not page.has_next or not page.data:
            return
        pagination = page.pagination or {}
        cursor = pagination.get("next_cursor")
        if cursor:
            query.pop("page", None)
            query["after"] = cursor
        elif pagination.get("current_page"):
            query["page"] = int(pagination["current_page"]) + 1
        else:
            # Nothing says where the next page starts; asking again could loop for ever.
            return
