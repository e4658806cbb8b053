"""Every screen passes axe-core (vendored in tests/browser/vendor, no CDN) with no serious or
critical violation, in English and Ukrainian, at laptop and phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_queue import log_in, seed
from tests.factories import make_post
from triage.models import ImportBatch, Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def violations(page) -> list[str]:
    # Playwright's evaluate is not subject to the page's Content-Security-Policy.
    page.evaluate(AXE)
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:3])}"
        for v in result
        if v["impact"] in {"serious", "critical"}
    ]


def screens(group, posts, copies):
    cluster = Post.objects.get(pk=copies[0].pk).cluster_id
    batch = ImportBatch.objects.create(group=group, format="csv", filename="x.csv", status="done")
    return [
        f"/g/{group.slug}/queue/",
        f"/g/{group.slug}/queue/?post={posts[1].pk}",
        f"/g/{group.slug}/posts/{posts[1].pk}/",
        f"/g/{group.slug}/posts/{posts[1].pk}/author/",
        f"/g/{group.slug}/clusters/{cluster}/",
        f"/g/{group.slug}/imports/",
        f"/g/{group.slug}/imports/{batch.pk}/",
        f"/g/{group.slug}/platform/",
        f"/g/{group.slug}/model/",
        f"/g/{group.slug}/settings/keywords/",
        f"/g/{group.slug}/reports/",
        f"/g/{group.slug}/audit/",
        f"/g/{group.slug}/overview/",
        f"/g/{group.slug}/members/",
        f"/g/{group.slug}/settings/",
        f"/g/{group.slug}/settings/api-tokens/",
        "/account/two-factor/",
    ]


@pytest.mark.parametrize(("width", "language"), [(1366, "en"), (390, "uk")])
def test_every_screen_has_no_serious_accessibility_violation(
    browser, live_server, group, owner, width, language
):
    posts, copies = seed(group)
    Post.objects.filter(pk=posts[1].pk).update(author="Ірина Коваль")
    make_post(group, "Ще один допис", author="Ірина Коваль", status="removed")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="uk-UA" if language == "uk" else "en-US"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        assert not violations(page), "login page"
        log_in(page, live_server, "olena_owner")
        found = {}
        for url in screens(group, posts, copies):
            page.goto(live_server.url + url)
            problems = violations(page)
            if problems:
                found[url] = problems
        assert found == {}
    finally:
        context.close()


def test_the_check_finds_what_it_looks_for(page):
    """The harness is not blind: a page with an unnamed button and an image without text."""
    page.set_content('<html lang="en"><body><button></button><img src="x.png"></body></html>')
    found = " ".join(violations(page))
    assert "button-name" in found
    assert "image-alt" in found
