"""Paging over rows computed in memory: every row once, in order, in both directions; foreign cursors refused."""

import pytest

from shared.pagination import BadCursor, PageRequest, page_of_sorted

ROWS = [("b", 2), ("a", 1), ("c", 3), ("a", 4), ("d", 5)]


def _walk(limit: int, descending: bool) -> list[list[tuple[str, int]]]:
    pages, cursor = [], None
    while True:
        items, cursor = page_of_sorted(ROWS, lambda r: r, PageRequest(limit, cursor), descending=descending)
        pages.append(items)
        if cursor is None:
            return pages


@pytest.mark.parametrize("descending", [False, True])
def test_pages_in_memory_cover_every_row_once_in_order(descending: bool) -> None:
    pages = _walk(2, descending)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r for p in pages for r in p] == sorted(ROWS, reverse=descending)


def test_the_last_full_page_has_no_cursor() -> None:
    assert _walk(5, False) == [sorted(ROWS)]


def test_a_cursor_of_the_other_direction_is_a_bad_request() -> None:
    _, cursor = page_of_sorted(ROWS, lambda r: r, PageRequest(2, None))
    with pytest.raises(BadCursor):
        page_of_sorted(ROWS, lambda r: r, PageRequest(2, cursor), descending=True)


def test_a_cursor_whose_values_do_not_compare_is_a_bad_request() -> None:
    _, cursor = page_of_sorted([(1, 1), (2, 2), (3, 3)], lambda r: r, PageRequest(1, None))
    with pytest.raises(BadCursor):
        page_of_sorted(ROWS, lambda r: r, PageRequest(2, cursor))
