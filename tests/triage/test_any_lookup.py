"""``pk__any``: the same rows as ``pk__in``, one array parameter on PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_post
from triage.models import Post


@pytest.fixture
def posts(group):
    return [make_post(group, f"post number {i}") for i in range(5)]


@pytest.mark.django_db
def test_any_finds_what_in_finds(posts):
    wanted = [posts[0].pk, posts[3].pk, posts[4].pk, 10**12]
    expected = set(Post.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert expected == {posts[0].pk, posts[3].pk, posts[4].pk}
    for given in (wanted, np.array(wanted, dtype=np.int64), set(wanted), iter(wanted)):
        assert set(Post.objects.filter(pk__any=given).values_list("pk", flat=True)) == expected
    assert set(Post.objects.exclude(pk__any=wanted).values_list("pk", flat=True)) == {
        posts[1].pk,
        posts[2].pk,
    }


@pytest.mark.django_db
def test_an_empty_list_matches_nothing(posts):
    assert not Post.objects.filter(pk__any=[]).exists()
    assert Post.objects.exclude(pk__any=[]).count() == len(posts)


@pytest.mark.django_db
def test_anything_but_integers_is_refused(posts):
    with pytest.raises((TypeError, ValueError)):
        list(Post.objects.filter(pk__any=["1; DROP TABLE triage_post"]))
    with pytest.raises((TypeError, ValueError)):
        list(Post.objects.filter(pk__any=[None]))
    assert Post.objects.count() == len(posts)


@pytest.mark.django_db
def test_a_thousand_ids_are_one_parameter_on_postgresql(posts):
    ids = [p.pk for p in posts] + list(range(10**9, 10**9 + 995))
    with CaptureQueriesContext(connection) as queries:
        assert Post.objects.filter(pk__any=ids).count() == len(posts)
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        assert " IN (" not in sql
    else:
        assert " IN (" in sql
