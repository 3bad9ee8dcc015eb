"""The to-do order: which article opens with a project, after Done or Skip, and ahead."""

from __future__ import annotations

from annotation.model import DocStatus
from annotation.session import Session
from annotation.worklist import first_to_open, next_to_do, to_do_after
from tests.annotation.conftest import SAMPLE, add_document


def articles(session: Session, *statuses: DocStatus) -> list[int]:
    return [
        add_document(session.store, f"{SAMPLE} {number}.", status=status)
        for number, status in enumerate(statuses)
    ]


def test_worklist_opens_the_last_article_if_it_is_still_there_else_the_first_to_do(
    session: Session,
) -> None:
    done, new, _skipped = articles(session, DocStatus.DONE, DocStatus.NEW, DocStatus.SKIPPED)
    store = session.store
    assert first_to_open(store, last=done) == done
    assert first_to_open(store, last=None) == new
    assert first_to_open(store, last=999) == new  # deleted since: not reopened


def test_worklist_opens_the_first_article_when_none_is_to_do_and_none_when_empty(
    session: Session,
) -> None:
    assert first_to_open(session.store, last=None) is None
    done, _skipped = articles(session, DocStatus.DONE, DocStatus.SKIPPED)
    assert first_to_open(session.store, last=None) == done


def test_worklist_next_to_do_skips_finished_articles_and_wraps_round(session: Session) -> None:
    first, done, third, skipped = articles(
        session, DocStatus.IN_PROGRESS, DocStatus.DONE, DocStatus.NEW, DocStatus.SKIPPED
    )
    store = session.store
    assert next_to_do(store, after=first) == third
    assert next_to_do(store, after=done) == third
    assert next_to_do(store, after=third) == first  # wraps round to the first to do
    assert next_to_do(store, after=skipped) == first
    store.conn.execute("UPDATE document SET status = 'done'")
    assert next_to_do(store, after=first) is None


def test_worklist_to_do_after_lists_the_next_few_in_order_without_wrapping(
    session: Session,
) -> None:
    ids = articles(
        session, DocStatus.NEW, DocStatus.DONE, DocStatus.NEW, DocStatus.IN_PROGRESS, DocStatus.NEW
    )
    store = session.store
    assert to_do_after(store, ids[0], 2) == [ids[2], ids[3]]
    assert to_do_after(store, ids[0], 9) == [ids[2], ids[3], ids[4]]
    assert to_do_after(store, ids[4], 3) == []
