"""Two moderators decide the same post at the same moment: exactly one decision lands."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from conftest import client_for
from groups.models import Membership, Role
from tests.factories import make_post
from triage.models import AuditChain, Decision, PostStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_requests_decide_a_post_once(group, moderator, admin_user):
    post = make_post(group)
    rule = group.rules.get(code="pow-info")
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def decide(user, action):
        client = client_for(user)
        data = {"version": "0", "action": action, "rule": str(rule.pk)}
        barrier.wait()
        response = client.post(
            f"/g/{group.slug}/posts/{post.pk}/decide/", data, HTTP_ACCEPT="application/json"
        )
        results[user.username] = response.status_code
        connection.close()

    threads = [
        threading.Thread(target=decide, args=(moderator, "remove")),
        threading.Thread(target=decide, args=(admin_user, "keep")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results.values()) == [200, 409], results
    post.refresh_from_db()
    assert Decision.objects.filter(post=post).count() == 1
    decision = Decision.objects.get(post=post)
    assert post.status == (PostStatus.REMOVED if decision.action == "remove" else PostStatus.KEPT)
    assert post.version == 1
    # The audit chain took exactly one decision event and still verifies.
    from triage.audit.services import verify_chain

    assert verify_chain(AuditChain.objects.get(group=group)).ok


def test_many_concurrent_moderators_on_many_posts_never_double_decide(
    group, moderator, admin_user, owner
):
    posts = [make_post(group) for _ in range(10)]
    Membership.objects.filter(user=owner, group=group).update(role=Role.OWNER)
    users = [moderator, admin_user, owner]
    barrier = threading.Barrier(len(users))

    def sweep(user):
        client = client_for(user)
        barrier.wait()
        for p in posts:
            client.post(
                f"/g/{group.slug}/posts/{p.pk}/decide/",
                {"version": "0", "action": "keep"},
                HTTP_ACCEPT="application/json",
            )
        connection.close()

    threads = [threading.Thread(target=sweep, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for p in posts:
        assert Decision.objects.filter(post=p).count() == 1
