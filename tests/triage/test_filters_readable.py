"""Filters take the names people read, and search finds a phone number however it is
written."""

from __future__ import annotations

import pytest

from tests.factories import make_post
from triage.queue.forms import queue_filters
from triage.queue.selectors import filtered_posts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["spam", "Spam", "SPAM", "  Spam ", "Спам"])
def test_a_category_is_found_by_its_code_or_its_name_in_either_language(value):
    filters = queue_filters({"category": value})
    assert filters.category == "spam"
    assert not filters.errors


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("telegram", "telegram"),
        ("Telegram", "telegram"),
        ("Telegram export", "telegram"),
        ("HTTP API", "api"),
        ("csv", "csv"),
        ("JSON Lines", "jsonl"),
    ],
)
def test_a_source_is_found_by_its_code_or_its_name(value, code):
    filters = queue_filters({"source": value})
    assert filters.source == code
    assert not filters.errors


@pytest.mark.parametrize("value", ["fax", "<script>", "x" * 500])
def test_an_unknown_source_is_named_as_such(value):
    filters = queue_filters({"source": value})
    assert filters.source is None or filters.source == ""
    assert "Unknown source." in filters.errors


PHONE_POSTS = [
    "Мама чекає дзвінка: +380 67 123 45 67",
    "пишіть 067-123-45-67 після обіду",
    "номер (067) 123 4567, Оля",
    "інший номер 067 999 00 11",
]


@pytest.mark.parametrize("q", ["0671234567", "+380671234567", "067 123 45 67", "67 123 45 67"])
def test_a_phone_number_is_found_however_it_is_spaced(group, q):
    posts = [make_post(group, text) for text in PHONE_POSTS]
    found = set(
        filtered_posts(
            group_id=group.pk, filters=queue_filters({"q": q, "status": "all"}), collapse=False
        ).values_list("pk", flat=True)
    )
    assert found == {p.pk for p in posts[:3]}


def test_a_handle_is_found_with_or_without_its_at(group):
    post = make_post(group, "пишіть у телеграм olia_hnatiuk")
    for q in ("@olia_hnatiuk", "olia_hnatiuk"):
        found = filtered_posts(
            group_id=group.pk, filters=queue_filters({"q": q, "status": "all"}), collapse=False
        )
        assert list(found.values_list("pk", flat=True)) == [post.pk]


def test_ordinary_words_are_searched_as_text(group):
    make_post(group, "Продам дрова")
    wanted = make_post(group, "Шукаємо 72 бригаду")
    found = filtered_posts(
        group_id=group.pk,
        filters=queue_filters({"q": "72 бригаду", "status": "all"}),
        collapse=False,
    )
    assert list(found.values_list("pk", flat=True)) == [wanted.pk]
