"""The moderator who loses a simultaneous decision is told who decided the post, and how."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.db.models import QuerySet

from groups.models import Membership
from tests.factories import make_post
from triage.models import Decision, Post, PostStatus
from triage.queue.services import DecisionInput, post_decide

pytestmark = pytest.mark.django_db


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


@contextmanager
def read_before_the_winner_commits(stale: Post) -> Iterator[None]:
    """Until the loser's conditional UPDATE runs, every read of the post finds it as it was
    before the winner committed.

    What PostgreSQL does under READ COMMITTED when two decisions meet: the loser reads the
    post, the winner commits, the loser's UPDATE waits for that commit and then matches
    nothing. SQLite takes the write lock up front, so the test plays that order out.
    """
    real_first = QuerySet.first
    updated: list[str] = []

    def first(self):
        if self.model is Post and not updated:
            return stale
        return real_first(self)

    def watch(execute, sql, params, many, context):
        if sql.startswith('UPDATE "triage_post"'):
            updated.append(sql)
        return execute(sql, params, many, context)

    with mock.patch.object(QuerySet, "first", first), connection.execute_wrapper(watch):
        yield
    assert updated, "the decision never reached its UPDATE"


def test_the_loser_of_a_simultaneous_decision_is_told_who_decided_and_how(
    group, moderator, admin_user, moderator_client
):
    post = make_post(group)
    as_read_by_the_loser = Post.objects.get(pk=post.pk)
    post_decide(
        membership=member(admin_user, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=group.rules.get(code="pow-info").pk),
    )
    with read_before_the_winner_commits(as_read_by_the_loser):
        response = moderator_client.post(
            f"/g/{group.slug}/posts/{post.pk}/decide/",
            {"version": "0", "action": "keep"},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error.startswith("andrii_admin already decided this post (Remove) at ")
    assert "reviewing" not in error
    assert Decision.objects.filter(post=post).count() == 1
    post.refresh_from_db()
    assert (post.status, post.version) == (PostStatus.REMOVED, 1)


def test_the_loser_in_the_browser_sees_the_same_message_on_the_queue(
    group, moderator, admin_user, moderator_client
):
    post = make_post(group)
    as_read_by_the_loser = Post.objects.get(pk=post.pk)
    post_decide(
        membership=member(admin_user, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    with read_before_the_winner_commits(as_read_by_the_loser):
        response = moderator_client.post(
            f"/g/{group.slug}/posts/{post.pk}/decide/",
            {"version": "0", "action": "keep"},
            follow=True,
        )
    page = response.content.decode()
    assert "andrii_admin already decided this post (Keep)" in page
    assert "reviewing this post until" not in page
    assert Decision.objects.filter(post=post).count() == 1
