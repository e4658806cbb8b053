"""What each queue row says: its links, counts, labels and claims, in either language (the
rows' labels and link stems are made once per page, not per row)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import client_for
from tests.factories import make_post
from triage.models import Cluster, Post

pytestmark = pytest.mark.django_db


def _row(html: str, post_id: int) -> str:
    start = html.index(f'data-post-id="{post_id}"')
    return html[start : html.index("</li>", start)]


def test_each_row_links_to_its_post_and_cluster_and_says_what_it_is(group, moderator, admin_user):
    now = timezone.now()
    cluster = Cluster.objects.create(group=group, size=3, first_seen=now, last_seen=now)
    copy = make_post(
        group,
        score=0.876,
        category="spam",
        report_count=3,
        source="telegram",
        cluster=cluster,
        is_comment=True,
    )
    claimed = make_post(group, score=0.5, report_count=1, source="csv")
    Post.objects.filter(pk=claimed.pk).update(
        claimed_by=admin_user, claimed_until=now + timedelta(minutes=5)
    )
    html = client_for(moderator).get(f"/g/{group.slug}/queue/").content.decode()

    row = _row(html, copy.pk)
    assert f'data-url="/g/{group.slug}/posts/{copy.pk}/?' in row
    assert f'value="{copy.pk}" aria-label="Select post {copy.pk}"' in row
    assert 'aria-label="Score 88%"' in row
    assert '<span class="num">88</span>' in row
    assert "3 reports" in row
    assert '<span class="src">Telegram export</span>' in row
    assert '<span class="tag">comment</span>' in row
    assert "×3 copies" in row
    assert f'href="/g/{group.slug}/clusters/{cluster.pk}/">all copies</a>' in row
    assert "is on it" not in row

    row = _row(html, claimed.pk)
    assert "1 report<" in row
    assert '<span class="src">CSV</span>' in row
    assert f"{admin_user.get_username()} is on it" in row
    assert "all copies" not in row
    assert "comment</span>" not in row


def test_the_rows_speak_ukrainian_with_its_plurals(group, moderator):
    posts = [make_post(group, report_count=n, source="telegram") for n in (1, 3, 5)]
    html = client_for(moderator, "uk").get(f"/g/{group.slug}/queue/").content.decode()
    assert "1 скарга" in _row(html, posts[0].pk)
    assert "3 скарги" in _row(html, posts[1].pk)
    assert "5 скарг" in _row(html, posts[2].pk)
    assert '<span class="src">Експорт Telegram</span>' in _row(html, posts[0].pk)
