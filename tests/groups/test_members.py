from __future__ import annotations

import pytest

from groups.models import Membership, Role
from triage.models import AuditEvent

pytestmark = pytest.mark.django_db


def members_url(group):
    return f"/g/{group.slug}/members/"


def test_admin_adds_an_existing_user_by_username(group, admin_client_, outsider):
    response = admin_client_.post(
        members_url(group), {"identifier": "oksana_outsider", "role": "moderator"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, user=outsider)
    assert membership.role == Role.MODERATOR
    event = AuditEvent.objects.filter(group=group, action="membership.add").last()
    assert event.payload == {"username": "oksana_outsider", "role": "moderator"}


def test_admin_adds_a_user_by_email_in_any_case(group, admin_client_, outsider):
    admin_client_.post(
        members_url(group), {"identifier": "  OKSANA_OUTSIDER@Example.org ", "role": "viewer"}
    )
    assert Membership.objects.get(group=group, user=outsider).role == Role.VIEWER


@pytest.mark.parametrize(
    "identifier",
    ["nobody", "", "   ", "<script>alert(1)</script>", "x" * 300, "' OR 1=1 --", "\x00bad"],
)
def test_adding_an_unknown_or_malformed_user_is_refused_clearly(group, admin_client_, identifier):
    before = Membership.objects.count()
    response = admin_client_.post(members_url(group), {"identifier": identifier, "role": "viewer"})
    assert response.status_code == 200
    assert Membership.objects.count() == before
    assert b'class="error"' in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_adding_an_existing_member_again_is_refused(group, admin_client_):
    response = admin_client_.post(
        members_url(group), {"identifier": "maria_moderator", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert Membership.objects.get(group=group, user__username="maria_moderator").role == "moderator"


def test_unknown_role_is_refused(group, admin_client_, outsider):
    response = admin_client_.post(
        members_url(group), {"identifier": "oksana_outsider", "role": "superuser"}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(group=group, user=outsider).exists()


def test_admin_cannot_make_an_owner_but_an_owner_can(group, admin_client_, owner_client, outsider):
    admin_client_.post(members_url(group), {"identifier": "oksana_outsider", "role": "owner"})
    assert not Membership.objects.filter(group=group, user=outsider).exists()
    owner_client.post(members_url(group), {"identifier": "oksana_outsider", "role": "owner"})
    assert Membership.objects.get(group=group, user=outsider).role == Role.OWNER


def test_moderator_and_viewer_cannot_add_members(group, moderator_client, viewer_client):
    for client in (moderator_client, viewer_client):
        response = client.post(
            members_url(group), {"identifier": "oksana_outsider", "role": "viewer"}
        )
        assert response.status_code == 403
    assert not Membership.objects.filter(group=group, user__username="oksana_outsider").exists()


def test_admin_changes_a_role_and_it_is_audited(group, admin_client_, moderator):
    m = Membership.objects.get(group=group, user=moderator)
    response = admin_client_.post(f"{members_url(group)}{m.pk}/role/", {"role": "viewer"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == Role.VIEWER
    event = AuditEvent.objects.filter(group=group, action="membership.role").last()
    assert event.payload["from"] == "moderator"
    assert event.payload["to"] == "viewer"


def test_admin_cannot_demote_an_owner(group, admin_client_, owner):
    m = Membership.objects.get(group=group, user=owner)
    admin_client_.post(f"{members_url(group)}{m.pk}/role/", {"role": "viewer"})
    m.refresh_from_db()
    assert m.role == Role.OWNER


def test_the_last_owner_cannot_be_demoted_or_removed(group, owner_client, owner):
    m = Membership.objects.get(group=group, user=owner)
    response = owner_client.post(
        f"{members_url(group)}{m.pk}/role/", {"role": "admin"}, follow=True
    )
    assert "at least one owner" in response.content.decode()
    response = owner_client.post(f"{members_url(group)}{m.pk}/remove/", follow=True)
    assert "last owner" in response.content.decode()
    m.refresh_from_db()
    assert m.role == Role.OWNER


def test_with_two_owners_one_may_step_down(group, owner_client, owner, admin_user):
    Membership.objects.filter(group=group, user=admin_user).update(role=Role.OWNER)
    m = Membership.objects.get(group=group, user=owner)
    owner_client.post(f"{members_url(group)}{m.pk}/role/", {"role": "admin"})
    m.refresh_from_db()
    assert m.role == Role.ADMIN


def test_admin_removes_a_member(group, admin_client_, viewer):
    m = Membership.objects.get(group=group, user=viewer)
    response = admin_client_.post(f"{members_url(group)}{m.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert AuditEvent.objects.filter(group=group, action="membership.remove").exists()
    # The removed viewer now gets 404 like any outsider.
    from conftest import client_for

    assert client_for(viewer).get(f"/g/{group.slug}/queue/").status_code == 404


def test_a_viewer_may_leave_but_not_remove_others(group, viewer_client, viewer, moderator):
    other = Membership.objects.get(group=group, user=moderator)
    assert viewer_client.post(f"{members_url(group)}{other.pk}/remove/").status_code == 403
    mine = Membership.objects.get(group=group, user=viewer)
    response = viewer_client.post(f"{members_url(group)}{mine.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not Membership.objects.filter(pk=mine.pk).exists()
    assert Membership.objects.filter(pk=other.pk).exists()


def test_role_change_and_remove_need_post(group, admin_client_, viewer):
    m = Membership.objects.get(group=group, user=viewer)
    assert admin_client_.get(f"{members_url(group)}{m.pk}/remove/").status_code == 405
    assert Membership.objects.filter(pk=m.pk).exists()


def test_django_admin_shows_groups_and_members_but_changes_nothing(group, owner):
    """Changes go through the group's pages, which keep the owner rules and the audit log."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from conftest import verify_second_factor
    from groups.models import Membership

    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "x")
    client = Client()
    client.force_login(staff)
    verify_second_factor(client, staff)  # the admin wants it of staff (tests/auth)
    membership = Membership.objects.get(group=group, user=owner)
    url = f"/admin/groups/membership/{membership.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        client.post(url, {"role": "viewer", "user": owner.pk, "group": group.pk}).status_code == 403
    )
    delete = client.post(f"/admin/groups/membership/{membership.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "owner"
    assert client.get("/admin/groups/group/add/").status_code == 403
