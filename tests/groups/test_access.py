"""Tenancy: nobody sees or touches another group's anything, by any URL."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver

from groups.access import get_group_for_user, get_group_for_user_id
from groups.models import Membership, Role

pytestmark = pytest.mark.django_db


def _group_routes(patterns=None, prefix=""):
    """Every URL pattern that takes a group slug, found by walking the resolver.

    Walking the real URLconf means a view added later is covered without anyone
    remembering to list it here.
    """
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _group_routes(p.url_patterns, route)
        elif isinstance(p, URLPattern) and "<slug:slug>" in route:
            yield route


def _concrete(route: str, slug: str) -> str:
    url = "/" + route.replace("<slug:slug>", slug)
    # Any other converter gets a plausible value; ids of the other group's
    # objects are tested separately where they matter.
    url = re.sub(r"<int:\w+>", "1", url)
    url = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", url)
    url = re.sub(r"<(?:str|slug):\w+>", "x", url)
    url = re.sub(r"<path:\w+>", "x", url)
    return url.replace("^", "").replace("$", "")


def test_the_url_walk_finds_the_group_pages():
    routes = list(_group_routes())
    assert any(r.endswith("members/") for r in routes)
    assert any(r.endswith("settings/") for r in routes)


@pytest.mark.parametrize("route", sorted(set(_group_routes())))
def test_outsider_gets_404_on_every_group_url(route, group, other_group, outsider_client):
    url = _concrete(route, group.slug)
    get = outsider_client.get(url)
    assert get.status_code in (404, 405), (url, get.status_code)
    post = outsider_client.post(url, {"role": "owner", "identifier": "oksana_outsider"})
    assert post.status_code == 404, (url, post.status_code)


@pytest.mark.parametrize("route", sorted(set(_group_routes())))
def test_nonexistent_group_looks_the_same_as_a_forbidden_one(route, group, outsider_client):
    forbidden = outsider_client.get(_concrete(route, group.slug))
    missing = outsider_client.get(_concrete(route, "no-such-group"))
    assert forbidden.status_code == missing.status_code


@pytest.mark.parametrize("route", sorted(set(_group_routes())))
def test_anonymous_visitor_is_sent_to_log_in(route, group, client):
    response = client.get(_concrete(route, group.slug))
    if response.status_code == 405:
        return
    assert response.status_code in (302, 401, 404)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_member_of_another_group_cannot_reach_its_objects(
    group, other_group, owner_client, outsider
):
    # The owner of "good-deeds" tries the members of "kyiv-helpers" by id
    # through their own group's URL.
    target = Membership.objects.get(group=other_group, user=outsider)
    url = f"/g/{group.slug}/members/{target.pk}/remove/"
    assert owner_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()
    url = f"/g/{other_group.slug}/members/{target.pk}/role/"
    assert owner_client.post(url, {"role": "viewer"}).status_code == 404


def test_get_group_for_user_checks_role(group, viewer, moderator, admin_user, outsider):
    assert get_group_for_user(viewer, group.slug)[0] == group
    with pytest.raises(PermissionDenied):
        get_group_for_user(viewer, group.slug, min_role=Role.MODERATOR)
    assert get_group_for_user(moderator, group.slug, min_role=Role.MODERATOR)[1].role == "moderator"
    with pytest.raises(PermissionDenied):
        get_group_for_user(moderator, group.slug, min_role=Role.ADMIN)
    assert get_group_for_user(admin_user, group.slug, min_role=Role.ADMIN)
    with pytest.raises(Http404):
        get_group_for_user(outsider, group.slug)
    with pytest.raises(ValueError, match="unknown role"):
        get_group_for_user(admin_user, group.slug, min_role="superuser")


def test_inactive_user_loses_access_to_groups(group, moderator):
    moderator.is_active = False
    moderator.save()
    with pytest.raises(Http404):
        get_group_for_user(moderator, group.slug)


def test_job_access_is_rechecked_when_the_job_runs(group, moderator):
    assert get_group_for_user_id(moderator.pk, group.pk, min_role=Role.MODERATOR) == group
    Membership.objects.filter(user=moderator).update(role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        get_group_for_user_id(moderator.pk, group.pk, min_role=Role.MODERATOR)
    Membership.objects.filter(user=moderator).delete()
    with pytest.raises(PermissionDenied):
        get_group_for_user_id(moderator.pk, group.pk, min_role=Role.VIEWER)


@pytest.mark.parametrize(
    ("client_name", "members", "settings_page"),
    [
        ("owner_client", 200, 200),
        ("admin_client_", 200, 200),
        ("moderator_client", 200, 403),
        ("viewer_client", 200, 403),
        ("outsider_client", 404, 404),
    ],
)
def test_each_role_sees_exactly_its_pages(request, group, client_name, members, settings_page):
    client = request.getfixturevalue(client_name)
    assert client.get(f"/g/{group.slug}/overview/").status_code == members
    assert client.get(f"/g/{group.slug}/queue/").status_code == members
    assert client.get(f"/g/{group.slug}/members/").status_code == members
    assert client.get(f"/g/{group.slug}/settings/").status_code == settings_page
    assert client.get(f"/g/{group.slug}/settings/rules/new/").status_code == settings_page


def test_switcher_lists_only_my_groups(group, other_group, moderator_client):
    page = moderator_client.get("/", follow=True).content.decode()
    assert "Good Deeds" in page
    assert "Kyiv Helpers" not in page
    assert moderator_client.get("/switch/?group=kyiv-helpers").status_code == 404
    response = moderator_client.get("/switch/?group=good-deeds")
    assert response.status_code == 302
    assert response["Location"] == "/g/good-deeds/"
    assert moderator_client.get("/g/good-deeds/")["Location"] == "/g/good-deeds/queue/"


def test_home_lists_groups_for_a_member_of_several(group, other_group, owner, owner_client):
    Membership.objects.create(user=owner, group=other_group, role=Role.VIEWER)
    page = owner_client.get("/").content.decode()
    assert "Good Deeds" in page
    assert "Kyiv Helpers" in page
