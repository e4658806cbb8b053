"""Every page of a group renders for its owner, in both languages, with data on it.

The walk over the real URLconf means a page added later is covered too: a page that
raises (a query the database refuses, a template error) fails here, not in front of a user.
"""

from __future__ import annotations

import pytest

from groups.models import Membership
from tests.factories import make_post
from tests.groups.test_access import _concrete, _group_routes
from triage.queue.services import DecisionInput, post_decide
from triage.scoring import services

pytestmark = pytest.mark.django_db

ROUTES = sorted(set(_group_routes()))
# The installation's, not a group's: its staff only (triage.campaigns.views).
STAFF_ONLY = ("campaigns/bank/export/",)


@pytest.fixture
def populated(group, owner, base_model):
    posts = [
        make_post(group, "Шукаю брата, в/ч А1234, позивний Грім, хто бачив у полоні — пишіть"),
        make_post(group, "Загубився пес Бім, рудий, район Оболоні. Поширте! 067 123 45 67"),
        make_post(group, "Не поширюйте відео з полоненими. Звертайтеся до Координаційного штабу."),
    ]
    services.posts_score(post_ids=[p.pk for p in posts])
    membership = Membership.objects.get(group=group, user=owner)
    for post, action in zip(posts[:2], ["remove", "keep"], strict=True):
        post.refresh_from_db()
        post_decide(
            membership=membership,
            post_id=post.pk,
            expected_version=post.version,
            data=DecisionInput(
                action=action, rule_id=group.rules.first().pk if action == "remove" else None
            ),
        )
    return group


def test_the_walk_finds_the_model_and_queue_pages():
    assert any(r.endswith("model/") for r in ROUTES)
    assert any(r.endswith("queue/") for r in ROUTES)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_group_page_renders_for_its_owner(language, populated, owner):
    from django.test import Client

    client = Client(headers={"accept-language": language}, raise_request_exception=False)
    client.force_login(owner)
    staff = Client(headers={"accept-language": language}, raise_request_exception=False)
    owner_staff = type(owner).objects.create(username="staff_admin", is_staff=True)
    Membership.objects.create(user=owner_staff, group=populated, role="admin")
    staff.force_login(owner_staff)
    wrong = []
    for route in ROUTES:
        url = _concrete(route, populated.slug)
        status = client.get(url).status_code
        if route.endswith(STAFF_ONLY):
            if status not in (403, 405):  # 405: the bank file is a POST (audited)
                wrong.append((url, status))  # an owner who is not staff
            status = staff.get(url).status_code
        # Other ids in a route are placeholders here: "not found" is a fine answer there.
        fine = (
            (200, 302, 400, 404, 405)
            if "<" in route.replace("<slug:slug>", "")
            else (200, 302, 405)
        )
        if status not in fine:
            wrong.append((url, status))
    assert wrong == []
