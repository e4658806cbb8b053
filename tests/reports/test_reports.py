"""Report figures, charts, roles, and exports that do not leak."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from groups.models import Membership
from tests.factories import make_post
from triage.models import AuditEvent, Post
from triage.queue.services import DecisionInput, post_decide
from triage.reports.selectors import Period, report_build

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Шукаємо Петра Іваненка, в/ч А1234, позивний Грім, 12.03.1994 р.н., "
    "тел. +380 67 123 45 67, @petro_ivanenko, вул. Шевченка, 15. Пишіть у коментарях!"
)


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


@pytest.fixture
def decided(group, moderator):
    m = member(moderator, group)
    rule = group.rules.get(code="pow-info")
    hot = make_post(
        group,
        PERSONAL,
        author="Ганна Іваненко",
        score=0.95,
        category="pow_solicitation",
        permalink="https://www.facebook.com/groups/g/posts/1/",
    )
    cold = make_post(group, '=HYPERLINK("http://evil")', score=0.2, category="ordinary")
    miss = make_post(group, "Тихе прохання про полоненого", score=0.3, category="pow_solicitation")
    pending = make_post(group, score=0.5)
    post_decide(
        membership=m,
        post_id=hot.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=rule.pk),
    )
    post_decide(membership=m, post_id=cold.pk, expected_version=0, data=DecisionInput("keep"))
    post_decide(
        membership=m,
        post_id=miss.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=rule.pk),
    )
    return {"hot": hot, "cold": cold, "miss": miss, "pending": pending}


def test_report_figures(group, decided):
    rep = report_build(group=group, period=Period.parse(None, None))
    assert (rep.imported, rep.decided, rep.removed, rep.kept, rep.escalated) == (4, 3, 2, 1, 0)
    assert rep.still_pending == 1
    assert dict(rep.removed_by_category) == {"pow_solicitation": 2}
    assert dict(rep.per_moderator) == {"maria_moderator": 3}
    assert rep.median_hours is not None
    assert rep.median_hours >= 0
    # Review threshold 0.5: the 0.95 removal is caught, the 0.3 one missed, the 0.2 keep right.
    assert rep.agreement["precision_at_review"] == 1.0
    assert rep.agreement["recall_at_review"] == 0.5
    assert sum(day["removed"] for day in rep.per_day) == 2


def test_period_parsing_refuses_nonsense():
    for since, until in [
        ("2026-02-30", None),
        ("2026-05-01", "2026-04-01"),
        ("2020-01-01", "2026-01-01"),
        ("yesterday", None),
    ]:
        with pytest.raises(ValueError):  # noqa: PT011 - each bad period fails its own way
            Period.parse(since, until)


def test_report_page_shows_figures_and_a_local_svg_chart(group, decided, viewer_client):
    page = viewer_client.get(f"/g/{group.slug}/reports/").content.decode()
    assert 'data-figure="removed">2<' in page
    assert "<svg" in page
    assert "<polyline" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_a_bad_period_is_explained_and_the_default_shown(group, viewer_client):
    page = viewer_client.get(f"/g/{group.slug}/reports/?since=2026-99-01").content.decode()
    assert "at most a year" in page


def test_redacted_csv_export_masks_personal_data_and_neutralises_formulas(
    group, decided, viewer_client
):
    response = viewer_client.post(f"/g/{group.slug}/reports/export/", {"format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    for leak in [
        "+380 67 123 45 67",
        "А1234",
        "@petro_ivanenko",
        "12.03.1994",
        "Шевченка, 15",
        "Ганна Іваненко",
        "facebook.com/groups/g/posts/1",
    ]:
        assert leak not in body, leak
    assert "[phone]" in body
    assert "'=HYPERLINK" in body
    event = AuditEvent.objects.get(group=group, action="report.export")
    assert event.payload["redacted"] is True


def test_redacted_xlsx_and_json_exports(group, decided, viewer_client):
    response = viewer_client.post(f"/g/{group.slug}/reports/export/", {"format": "xlsx"})
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="varta-good-deeds-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c.value) for row in book["posts"].iter_rows() for c in row if c.value is not None]
    assert not any("+380 67 123 45 67" in c for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    response = viewer_client.post(f"/g/{group.slug}/reports/export/", {"format": "json"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["summary"]["removed"] == 2
    assert len(data["posts"]) == 4
    assert "+380 67 123 45 67" not in json.dumps(data, ensure_ascii=False)


def test_unredacted_export_is_admin_only_needs_a_reason_and_is_audited(
    group, decided, moderator_client, admin_client_
):
    url = f"/g/{group.slug}/reports/export/"
    data = {"format": "csv", "unredacted": "1"}
    assert moderator_client.post(url, data | {"reason": "for the police report"}).status_code == 302
    assert admin_client_.post(url, data | {"reason": "short"}).status_code == 302
    assert not AuditEvent.objects.filter(action="report.export").exists()
    response = admin_client_.post(url, data | {"reason": "Report to the platform trust team"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "+380 67 123 45 67" in body
    event = AuditEvent.objects.get(group=group, action="report.export")
    assert event.payload["redacted"] is False
    assert event.payload["reason"] == "Report to the platform trust team"


def test_other_groups_see_nothing(group, decided, outsider_client):
    assert outsider_client.get(f"/g/{group.slug}/reports/").status_code == 404
    assert outsider_client.post(f"/g/{group.slug}/reports/export/").status_code == 404


def test_export_report_command(group, decided, tmp_path):
    out = tmp_path / "r.json"
    call_command("export_report", "--group", group.slug, "--format", "json", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["kept"] == 1
    assert "+380 67 123 45 67" not in out.read_text(encoding="utf-8")
    out_x = tmp_path / "r.xlsx"
    call_command("export_report", "--group", group.slug, "--format", "xlsx", "-o", str(out_x))
    assert load_workbook(out_x)["summary"]["A1"].value == "field"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group", "nope", "--format", "csv", "-o", "x.csv"], "No group"),
        (
            ["--group", "good-deeds", "--format", "csv", "-o", "x.csv", "--since", "2026-13-01"],
            "Bad period",
        ),
        (
            ["--group", "good-deeds", "--format", "csv", "-o", "/no/such/dir/x.csv"],
            "does not exist",
        ),
        (
            ["--group", "good-deeds", "--format", "csv", "-o", "x.csv", "--unredacted", "why"],
            "reason",
        ),
        (["--group", "good-deeds", "--format", "xlsx", "-o", "-"], "stdout"),
    ],
)
def test_export_report_command_refuses_bad_input(group, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args)


def test_purge_keeps_reports_correct(group, decided):
    before = report_build(group=group, period=Period.parse(None, None))
    Post.objects.filter(status__in=["removed", "kept"]).update(
        decided_at=timezone.now() - timedelta(days=60)
    )
    call_command("purge_expired")
    after = report_build(group=group, period=Period.parse(None, None))
    assert (after.decided, after.removed, after.kept) == (
        before.decided,
        before.removed,
        before.kept,
    )
    assert after.removed_by_category == before.removed_by_category


def test_evidence_package_for_a_cluster(group, moderator, admin_client_, viewer_client):
    from tests.triage.test_clustering import COPIES, cluster_all

    posts = cluster_all(group, COPIES)
    cluster_id = posts[0].cluster_id
    url = f"/g/{group.slug}/evidence/cluster/{cluster_id}/"
    assert viewer_client.post(url, {"reason": "for the platform"}).status_code == 403
    assert admin_client_.post(url, {"reason": "x"}).status_code == 302
    response = admin_client_.post(url, {"reason": "Report the campaign to the platform"})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["posts"] == len(COPIES)
    assert manifest["truncated"] is False
    import hashlib

    listed = json.loads(archive.read("posts.json"))
    for row in listed:
        text = archive.read(f"posts/{row['post_id']}.txt")
        assert hashlib.sha256(text).hexdigest() == row["text_sha256"]
        assert manifest["files"][f"posts/{row['post_id']}.txt"] == hashlib.sha256(text).hexdigest()
    assert AuditEvent.objects.get(group=group, action="evidence.export").payload["posts"] == len(
        COPIES
    )
    assert (
        admin_client_.post(
            f"/g/{group.slug}/evidence/cluster/999999/", {"reason": "x" * 20}
        ).status_code
        == 404
    )
    assert (
        admin_client_.post(
            f"/g/{group.slug}/evidence/nonsense/{cluster_id}/", {"reason": "x" * 20}
        ).status_code
        == 404
    )


def test_text_pasted_from_word_exports_to_xlsx(group, viewer_client):
    """Control characters (a vertical tab from Word) are refused by openpyxl in a cell."""
    post = make_post(group, "Рядок\x0bз Word\x01 і\x1f ще")
    Post.objects.filter(pk=post.pk).update(imported_at=timezone.now())
    response = viewer_client.post(f"/g/{group.slug}/reports/export/", {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c.value) for row in book["posts"].iter_rows() for c in row if c.value is not None]
    assert any("Рядокз Word і ще" in c for c in cells)


def test_links_to_the_original_posts_are_not_for_viewers(group, decided, viewer_client):
    response = viewer_client.post(
        f"/g/{group.slug}/reports/export/", {"format": "json", "links": "1"}
    )
    data = json.loads(b"".join(response.streaming_content))
    assert "facebook.com" not in json.dumps(data)


def test_a_removal_undone_and_made_again_counts_once(group, moderator):
    """Figures count posts by their last decision, and wait times by the first final one."""
    from triage.models import Decision

    rule = group.rules.get(code="pow-info")
    now = timezone.now()
    again, undone = make_post(group, "раз"), make_post(group, "два")
    Post.objects.filter(pk__in=[again.pk, undone.pk]).update(imported_at=now - timedelta(hours=10))

    def decision(post, action, hours_ago):
        d = Decision.objects.create(
            group=group,
            post=post,
            actor=moderator,
            actor_name="maria_moderator",
            action=action,
            from_status="pending",
            to_status="removed" if action == "remove" else "pending",
            post_version=1,
            rule=rule if action == "remove" else None,
            rule_title=rule.title if action == "remove" else "",
            category="pow_solicitation",
        )
        Decision.objects.filter(pk=d.pk).update(created_at=now - timedelta(hours=hours_ago))

    decision(again, "remove", 8)  # 2 h after import
    decision(again, "reopen", 6)
    decision(again, "remove", 2)
    decision(undone, "remove", 6)  # 4 h after import
    decision(undone, "reopen", 5)
    rep = report_build(group=group, period=Period.parse(None, None))
    assert (rep.removed, rep.decided) == (1, 1)
    assert dict(rep.removed_by_category) == {"pow_solicitation": 1}
    assert rep.median_hours == 3.0  # the first final decisions: 2 h and 4 h


def test_the_report_says_what_it_counts(group, decided, viewer_client):
    """Posts decided and decisions per moderator differ on purpose: the page says which is which."""
    page = viewer_client.get(f"/g/{group.slug}/reports/").content.decode()
    assert "Posts decided" in page
    assert "Decisions per moderator count decisions" in page
