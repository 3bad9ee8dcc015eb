"""Which article the analyst works on next: the to-do order the window follows.

An article is to do while it is new or in progress; done and skipped ones are finished. The
order is the project's (document ids). Kept out of the window's widgets so that one policy
serves opening a project, Done and Skip, and the suggestions made ahead.
"""

from __future__ import annotations

from annotation.rules import TODO
from annotation.store import Store


def first_to_open(store: Store, last: int | None) -> int | None:
    """The article to open with a project: the one open last time if it is still there, else
    the first to do, else the first (None: the project is empty)."""
    if last is not None and store.document_status(last) is not None:
        return last
    return store.neighbour_document(0, 1, statuses=TODO) or store.neighbour_document(0, 1)


def next_to_do(store: Store, after: int) -> int | None:
    """The next article to do after this one, wrapping round to the first; None when every
    article is done or skipped."""
    return store.neighbour_document(after, 1, statuses=TODO) or store.neighbour_document(
        0, 1, statuses=TODO
    )


def to_do_after(store: Store, document_id: int, count: int) -> list[int]:
    """Up to `count` articles to do after this one, in order (no wrapping round)."""
    found: list[int] = []
    current = document_id
    for _ in range(count):
        following = store.neighbour_document(current, 1, statuses=TODO)
        if following is None:
            break
        found.append(following)
        current = following
    return found
