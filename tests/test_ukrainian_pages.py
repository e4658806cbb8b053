"""Every page of a group with data in it reads as Ukrainian to a Ukrainian reader: no code
(snake_case such as pow_solicitation, post.reveal, no_text) in the visible text. Codes may
stay in attributes (titles, values), in <code>/<kbd>, and in the post texts people wrote."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from conftest import client_for
from tests.factories import make_post
from triage.clusters.services import posts_cluster
from triage.lib.labels import CATEGORY_LABELS
from triage.models import BulkOperation, Decision, ImportBatch, Post
from triage.queue.services import DecisionInput, post_decide, post_reveal, post_undo

pytestmark = pytest.mark.django_db

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+\.[a-z]+(?:_[a-z]+)*\b")
# Visible text that is not the page's own words: what people wrote, shown as it is.
SKIPPED = {"script", "style", "code", "kbd", "pre", "textarea", "title"}
FILES = {"x.csv", "result.json"}
USER_TEXT = re.compile(r"\b(post-text|qtext|masked)\b")


class Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
            return
        classes = dict(attrs).get("class") or ""
        self.stack.append(tag in SKIPPED or bool(USER_TEXT.search(classes)))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.text.append(data)


def visible_text(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.fixture
def busy_group(group, owner, moderator, admin_user):
    """A group with something on every page: posts of every category and status, a cluster,
    imports in several states, decisions, a bulk run, platform actions, audit events."""
    categories = list(CATEGORY_LABELS)
    posts = [
        make_post(
            group,
            f"Допис {i} про волонтерів",
            score=i / len(categories),
            category=categories[i],
            reasons=[{"label": "хто впізнає", "weight": 1.2, "kind": "words", "spans": []}],
        )
        for i in range(len(categories))
    ]
    copies = [
        make_post(group, "Шукаємо хлопців з 93 бригади, поширте максимально!") for _ in range(3)
    ]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts + copies])
    for state in ["queued", "running", "done", "failed", "refused"]:
        ImportBatch.objects.create(
            group=group, created_by=owner, format="csv", filename="x.csv", status=state
        )
    from groups.models import Membership

    me = Membership.objects.select_related("group", "user").get(user=moderator, group=group)
    rule = group.rules.first()
    post_decide(
        membership=me,
        post_id=posts[0].pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=rule.pk),
    )
    post_decide(
        membership=me,
        post_id=posts[1].pk,
        expected_version=0,
        data=DecisionInput("escalate", note="адміни, гляньте"),
    )
    post_decide(membership=me, post_id=posts[2].pk, expected_version=0, data=DecisionInput("keep"))
    post_reveal(membership=me, post=posts[3])
    post_undo(membership=me, decision_id=Decision.objects.get(post=posts[2]).pk)
    return group, posts, copies


def pages(group, posts, copies):
    post = posts[0]
    cluster = Post.objects.get(pk=copies[0].pk).cluster_id
    batch = ImportBatch.objects.filter(group=group).first()
    urls = [
        f"/g/{group.slug}/queue/",
        f"/g/{group.slug}/queue/?status=all",
        f"/g/{group.slug}/queue/?status=escalated",
        f"/g/{group.slug}/posts/{post.pk}/",
        f"/g/{group.slug}/posts/{posts[1].pk}/",
        f"/g/{group.slug}/clusters/{cluster}/",
        f"/g/{group.slug}/imports/",
        f"/g/{group.slug}/imports/{batch.pk}/",
        f"/g/{group.slug}/platform/?show=all",
        f"/g/{group.slug}/model/",
        f"/g/{group.slug}/settings/keywords/",
        f"/g/{group.slug}/reports/",
        f"/g/{group.slug}/audit/",
        f"/g/{group.slug}/overview/",
        f"/g/{group.slug}/members/",
        f"/g/{group.slug}/settings/",
        f"/g/{group.slug}/settings/api-tokens/",
        f"/g/{group.slug}/settings/telegram/",
        "/account/two-factor/",
    ]
    for op in BulkOperation.objects.filter(group=group):
        urls.append(f"/g/{group.slug}/bulk/{op.pk}/")
    return urls


def test_no_code_shows_on_the_ukrainian_pages(busy_group, owner, base_model):
    group, posts, copies = busy_group
    client = client_for(owner, language="uk")
    # Names people chose (usernames, file names) are theirs to spell.
    people = set(get_user_model().objects.values_list("username", flat=True))
    found = {}
    for url in pages(group, posts, copies):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        codes = sorted(set(SNAKE.findall(text)) - people - FILES)
        if codes:
            found[url] = codes
    assert found == {}


def test_the_forbidden_page_speaks_ukrainian(group, viewer):
    client = client_for(viewer, language="uk")
    response = client.get(f"/g/{group.slug}/settings/")
    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert not re.search(r"\b(Forbidden|permission|You do not)\b", text), text
    assert re.search(r"[а-яіїєґ]{4,}", text)


def test_the_reports_page_and_a_posts_complaints_have_different_names(group, owner):
    post = make_post(group, "Допис", report_count=3)
    page = client_for(owner, language="uk").get(f"/g/{group.slug}/posts/{post.pk}/")
    text = visible_text(page.content.decode())
    assert "Скарги" in text  # the post's complaints
    assert "Звіти" in text  # the Reports page, in the group's navigation
