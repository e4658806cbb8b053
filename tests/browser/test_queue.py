"""A moderator's day in headless Chromium: keyboard triage, reveal, a cluster in bulk, undo."""

from __future__ import annotations

import re

import pytest

from conftest import PASSWORD
from tests.factories import make_post
from triage.clusters.services import posts_cluster
from triage.models import AuditEvent, Decision, Post
from triage.queue.selectors import queue_counts_forget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIRAL = (
    "Шукаємо Іванова Петра, 93 бригада, з Полтавщини. Не виходить на зв'язок з 12 березня. "
    "Хто впізнає на відео, пишіть у коментарях, поширте максимально! Мама: +380 67 123 45 67"
)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#main button[type=submit]")
    page.wait_for_url("**/queue/")


def seed(group):
    posts = [
        make_post(
            group,
            "Загубився кіт Барсик на Оболоні, поширте! 067 765 43 21",
            score=0.31,
            category="ordinary",
        ),
        make_post(
            group,
            "Хто впізнає цього хлопця на відео? Мій син Олег Коваль у полоні, в/ч А1234",
            score=0.97,
            category="pow_solicitation",
        ),
        make_post(
            group,
            "Внесу до списків на обмін, передоплата 500$, пишіть в особисті",
            score=0.88,
            category="extortion_scam",
        ),
    ]
    copies = [
        make_post(group, VIRAL, score=0.95, category="pow_solicitation"),
        make_post(group, "UPD: " + VIRAL + " 🙏", score=0.94, category="pow_solicitation"),
        make_post(group, VIRAL.replace("Петра", "Олега"), score=0.93, category="pow_solicitation"),
    ]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts + copies])
    return posts, copies


def test_moderator_triages_with_the_keyboard_and_reveals_personal_data(
    page, live_server, group, moderator
):
    posts, _copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    rows = page.locator("#queue-rows .qrow")
    # One row for the three copies: 3 posts + 1 cluster row, highest score first.
    assert rows.count() == 4
    scores = [float(s) for s in rows.evaluate_all("els => els.map(e => e.dataset.score)")]
    assert scores == sorted(scores, reverse=True)
    assert (
        "×3"
        in page.locator(f".qrow[data-post-id='{posts[1].pk}'] ~ .qrow, .qrow")
        .filter(has_text="×3")
        .first.inner_text()
    )
    # Personal data is masked in the list.
    assert "+380 67 123 45 67" not in page.content()
    assert "А1234" not in page.content()

    page.keyboard.press("j")
    page.wait_for_selector(f"#pane article[data-pane-post='{posts[1].pk}']")
    assert "•••• (military unit)" in page.inner_text("#pane [data-post-text]")
    assert page.locator("#pane [data-post-text] .masked[data-kind=unit]").count() == 1
    # Reveal: the data shows, and the reveal is audited.
    page.click("#pane form[data-reveal] button")
    page.wait_for_selector("#pane .revealed")
    assert "А1234" in page.inner_text("#pane [data-post-text]")
    assert (
        AuditEvent.objects.filter(
            group=group, action="post.reveal", object_id=str(posts[1].pk)
        ).count()
        == 1
    )

    # No rule to suggest yet (nothing removed in this group, by anyone): r waits for the
    # rule's number, and 1 removes citing the first rule.
    page.keyboard.press("r")
    assert page.locator("#pane form.choosing-rule").count() == 1
    assert Post.objects.get(pk=posts[1].pk).status == "pending"
    page.keyboard.press("1")
    page.wait_for_selector(f"#queue-rows .qrow[data-post-id='{posts[1].pk}']", state="detached")
    removal = Decision.objects.get(post=posts[1])
    assert removal.action == "remove"
    assert removal.rule == group.rules.order_by("position", "id").first()
    assert page.evaluate("document.activeElement.tagName") not in {"SELECT", "TEXTAREA", "INPUT"}
    assert "removed" in page.inner_text("[data-toast]")
    # The next post opened by itself; keep it with "a".
    page.wait_for_selector(f"#pane article[data-pane-post]:not([data-pane-post='{posts[1].pk}'])")
    current = int(page.get_attribute("#pane article[data-pane-post]", "data-pane-post"))
    page.keyboard.press("a")
    page.wait_for_selector(f"#queue-rows .qrow[data-post-id='{current}']", state="detached")
    assert Post.objects.get(pk=current).status == "kept"

    # "?" opens the help, "/" focuses the search.
    page.keyboard.press("?")
    assert page.is_visible("#help")
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"


def opened(page, post_id):
    page.wait_for_selector(f"#pane article[data-pane-post='{post_id}']")


def back(page, post_id):
    """After an undo: the row is in the list again (and its pane reloads)."""
    page.wait_for_selector(f"#queue-rows .qrow[data-post-id='{post_id}']", state="attached")
    page.wait_for_function(
        "id => !document.querySelector('[data-toast]') || "
        "document.querySelector('[data-toast]').hidden",
        arg=post_id,
    )
    # The post's own form, not the decided pane still shown while it reloads.
    page.wait_for_selector(f"#pane article[data-pane-post='{post_id}'] form[data-decide]")


def gone(page, post_id):
    page.wait_for_selector(f"#queue-rows .qrow[data-post-id='{post_id}']", state="detached")


def test_a_late_pane_never_replaces_the_one_asked_for_last(page, live_server, group, moderator):
    """j pressed twice while the first post is slow to load: the pane shows the second post,
    and a decision acts on that post and removes its row, whatever arrives late."""
    seed(group)
    log_in(page, live_server, "maria_moderator")
    ids = [
        int(i)
        for i in page.locator("#queue-rows .qrow").evaluate_all(
            "els => els.map(e => e.dataset.postId)"
        )
    ]
    slow, second = ids[0], ids[1]
    # The first post's pane answers 1.5 s late (the page's own fetch, delayed in the page).
    page.evaluate(
        """slow => {
            const real = window.fetch;
            window.lateAnswers = 0;
            window.fetch = (url, options) => {
                const answer = real(url, options);
                if (!String(url).includes(`/posts/${slow}/`)) return answer;
                return new Promise(resolve => setTimeout(() => {
                    window.lateAnswers += 1;
                    resolve(answer);
                }, 1500));
            };
        }""",
        slow,
    )
    page.keyboard.press("j")
    page.keyboard.press("j")
    opened(page, second)
    page.wait_for_function("() => window.lateAnswers === 1")
    page.wait_for_timeout(300)
    assert page.get_attribute("#pane article[data-pane-post]", "data-pane-post") == str(second)
    page.keyboard.press("a")
    gone(page, second)
    assert Post.objects.get(pk=second).status == "kept"
    assert Post.objects.get(pk=slow).status == "pending"
    assert page.locator(f"#queue-rows .qrow[data-post-id='{slow}']").count() == 1


def test_r_removes_citing_the_rule_usually_cited_for_the_category(
    page, live_server, group, moderator
):
    """Once a pow_solicitation post was removed citing a rule, r alone removes the next one
    citing the same rule; a number first picks another."""
    posts, copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    enemy_media = group.rules.get(code="enemy-media")
    number = (
        list(group.rules.filter(is_active=True).order_by("position", "id")).index(enemy_media) + 1
    )
    page.keyboard.press("j")
    opened(page, posts[1].pk)
    page.keyboard.press("r")
    page.keyboard.press(str(number))
    gone(page, posts[1].pk)
    assert Decision.objects.get(post=posts[1]).rule == enemy_media
    # The cluster's head (pow_solicitation too) opens next, the rule already chosen.
    page.wait_for_selector("#pane select[name=rule] option[data-suggested]", state="attached")
    head = int(page.get_attribute("#pane article[data-pane-post]", "data-pane-post"))
    assert head in {c.pk for c in copies}
    assert enemy_media.title in page.inner_text("#pane [data-rule-hint]")
    page.keyboard.press("r")
    gone(page, head)
    assert Decision.objects.get(post_id=head).rule == enemy_media
    # A number, then r: another rule.
    page.wait_for_selector(f"#pane article[data-pane-post]:not([data-pane-post='{head}'])")
    following = int(page.get_attribute("#pane article[data-pane-post]", "data-pane-post"))
    page.keyboard.press("1")
    page.keyboard.press("r")
    gone(page, following)
    assert (
        Decision.objects.get(post_id=following).rule
        == group.rules.order_by("position", "id").first()
    )


def test_e_opens_a_note_dialog_enter_escalates_escape_cancels(page, live_server, group, moderator):
    posts, _copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    page.keyboard.press("j")
    opened(page, posts[1].pk)
    page.keyboard.press("e")
    assert page.is_visible("#pane [data-note-dialog]")
    page.keyboard.type("ще одне")
    page.keyboard.press("Escape")
    assert not page.is_visible("#pane [data-note-dialog]")
    assert Post.objects.get(pk=posts[1].pk).status == "pending"
    # Another e: the dialog opens again, and no stray "e" in it.
    page.keyboard.press("e")
    note = page.locator("#pane [data-note-input]")
    assert "e" not in note.input_value()  # the key that opened it was not typed into it
    note.fill("")
    page.keyboard.press("Enter")  # an empty note is not sent
    assert page.is_visible("#pane [data-note-dialog]")
    page.keyboard.type("Схоже на збір даних, прошу адмінів глянути")
    page.keyboard.press("Enter")
    gone(page, posts[1].pk)
    decision = Decision.objects.get(post=posts[1])
    assert decision.action == "escalate"
    assert decision.note == "Схоже на збір даних, прошу адмінів глянути"
    assert page.evaluate("document.activeElement.tagName") not in {"SELECT", "TEXTAREA", "INPUT"}


def test_u_undoes_the_last_decision_and_the_row_comes_back(page, live_server, group, moderator):
    posts, _copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    page.keyboard.press("j")
    opened(page, posts[1].pk)
    page.keyboard.press("a")
    gone(page, posts[1].pk)
    assert Post.objects.get(pk=posts[1].pk).status == "kept"
    page.keyboard.press("u")
    back(page, posts[1].pk)
    assert page.locator(f"#queue-rows .qrow[data-post-id='{posts[1].pk}']").count() == 1
    post = Post.objects.get(pk=posts[1].pk)
    assert post.status == "pending"
    assert list(post.decisions.order_by("id").values_list("action", flat=True)) == [
        "keep",
        "reopen",
    ]
    event = AuditEvent.objects.get(group=group, action="post.reopen")
    assert event.payload["undoes"] == post.decisions.get(action="keep").pk
    # The toast's button does the same.
    page.keyboard.press("a")
    gone(page, posts[1].pk)
    page.click("[data-toast-undo]")
    back(page, posts[1].pk)
    assert Post.objects.get(pk=posts[1].pk).status == "pending"
    # Nothing left to undo on this page: u does nothing.
    page.keyboard.press("u")
    assert Decision.objects.filter(action="reopen").count() == 2


def test_shortcuts_work_with_the_ukrainian_keyboard_layout(page, live_server, group, moderator):
    """With the Ukrainian layout on, j types "о" and a types "ф": the key's place counts."""
    posts, _copies = seed(group)
    log_in(page, live_server, "maria_moderator")

    def press(letter, code):
        page.evaluate(
            "([key, code]) => document.dispatchEvent("
            "new KeyboardEvent('keydown', {key, code, bubbles: true, cancelable: true}))",
            [letter, code],
        )

    press("о", "KeyJ")
    opened(page, posts[1].pk)
    press("ф", "KeyA")
    gone(page, posts[1].pk)
    assert Post.objects.get(pk=posts[1].pk).status == "kept"
    # The counts beside the queue move at once, and back with the undo.
    assert page.inner_text("[data-status-count=kept]") == "1"
    assert page.inner_text("[data-status-count=pending]") == "5"
    press("г", "KeyU")  # u: undo
    back(page, posts[1].pk)
    assert Post.objects.get(pk=posts[1].pk).status == "pending"
    assert page.inner_text("[data-status-count=kept]") == "0"
    assert page.inner_text("[data-status-count=pending]") == "6"
    press("к", "KeyR")  # r, then the rule's number
    press("1", "Digit1")
    gone(page, posts[1].pk)
    assert Post.objects.get(pk=posts[1].pk).status == "removed"
    page.wait_for_selector(f"#pane article[data-pane-post]:not([data-pane-post='{posts[1].pk}'])")
    current = int(page.get_attribute("#pane article[data-pane-post]", "data-pane-post"))
    press("у", "KeyE")  # e: the note dialog
    assert page.is_visible("#pane [data-note-dialog]")
    page.keyboard.type("перевірте")
    page.keyboard.press("Enter")
    gone(page, current)
    assert Post.objects.get(pk=current).status == "escalated"


def test_moderator_removes_a_cluster_in_bulk_and_undoes_it(page, live_server, group, moderator):
    _posts, copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    cluster_id = Post.objects.get(pk=copies[0].pk).cluster_id
    assert cluster_id is not None
    page.goto(f"{live_server.url}/g/{group.slug}/clusters/{cluster_id}/")
    assert page.locator("tr[data-post-id]").count() == 3
    page.click("button[value=remove]")
    assert page.inner_text("[data-preview=decidable]") == "3"
    page.select_option("#bulk-rule", label=group.rules.get(code="pow-info").title)
    page.click("form[data-confirm-count] button[type=submit]")
    page.wait_for_url(re.compile(r".*/bulk/\d+/$"))
    assert page.inner_text("[data-op-decided]") == "3"
    assert set(Post.objects.filter(cluster_id=cluster_id).values_list("status", flat=True)) == {
        "removed"
    }
    page.once("dialog", lambda d: d.accept())
    page.click("form[action$='/undo/'] button")
    page.wait_for_selector(".message.success")
    assert set(Post.objects.filter(cluster_id=cluster_id).values_list("status", flat=True)) == {
        "pending"
    }
    assert Decision.objects.filter(action="reopen").count() == 3
    assert page.inner_text("[data-op-status]") == "Undone"  # not "Done"


def test_viewer_sees_the_queue_but_cannot_decide(page, live_server, group, viewer):
    seed(group)
    log_in(page, live_server, "viktor_viewer")
    assert page.locator("#queue-rows .qrow").count() == 4
    assert page.locator("#bulk-form input[data-select]").count() == 0
    page.keyboard.press("j")
    page.wait_for_selector("#pane article[data-pane-post]")
    assert page.locator("#pane form[data-decide]").count() == 0
    page.keyboard.press("r")
    assert set(Post.objects.values_list("status", flat=True)) == {"pending"}


def test_hostile_text_renders_inert_and_readable(page, live_server, group, moderator):
    hostile = (
        "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"
        "\u202eevil text\u202c zero\u200bwidth " + "довгий текст " * 1600
    )
    post = make_post(group, hostile, score=0.99)
    log_in(page, live_server, "maria_moderator")
    page.goto(f"{live_server.url}/g/{group.slug}/posts/{post.pk}/")
    assert page.evaluate("window.pwned") is None
    text = page.inner_text("[data-post-text]")
    assert "<script>window.pwned=1</script>" in text
    assert "[U+202E]" in text
    assert "[U+200B]" in text
    assert page.locator("[data-post-text] img").count() == 0


def test_the_queue_shows_new_posts_and_others_decisions_without_a_reload(
    page, live_server, group, moderator
):
    posts, _copies = seed(group)
    log_in(page, live_server, "maria_moderator")
    page.keyboard.press("j")
    opened(page, posts[1].pk)
    page.evaluate("window.vartaQueuePoll()")
    assert page.is_hidden("[data-live-banner]")
    make_post(group, "Новий допис після завантаження сторінки", score=0.99)
    Post.objects.filter(pk=posts[2].pk).update(status="removed")  # someone else decided it
    queue_counts_forget(group.pk)  # as their decision does
    assert page.inner_text("[data-status-count=pending]") == "6"
    page.evaluate("window.vartaQueuePoll()")
    page.wait_for_selector("[data-live-banner]:not([hidden])")
    assert page.inner_text("[data-live-banner]") == "1 new post"
    row = page.locator(f".qrow[data-post-id='{posts[2].pk}']")
    row.locator("[data-live-note]").wait_for()
    assert row.inner_text().count("Decided meanwhile: removed") == 1
    assert "decided-elsewhere" in row.get_attribute("class")
    # The counts beside the queue follow: one more pending, one of them removed. Waited for:
    # the page's own poll, firing between the changes above, can show the banner and the note
    # with the counts still cached before the explicit poll's answer comes (a run read 0).
    page.wait_for_function(
        "() => document.querySelector('[data-status-count=removed]').innerText.trim() === '1'"
    )
    assert page.inner_text("[data-status-count=pending]") == "6"
    assert page.inner_text("[data-status-count=removed]") == "1"
    # What the moderator was reading stayed put.
    assert page.get_attribute("#pane article", "data-pane-post") == str(posts[1].pk)
    page.click("[data-live-show]")
    page.wait_for_selector(".qrow:has-text('Новий допис після завантаження сторінки')")


def test_on_a_phone_the_list_comes_first_and_a_post_opens_as_a_sheet(
    browser, live_server, group, moderator
):
    """At 390x844: the first post within the first screen; filters behind a button; a tap
    opens the post full screen with its decision buttons in view; back returns to the list."""
    seed(group)
    # First in the queue, and long: its decision buttons would be far below the first screen.
    make_post(group, VIRAL + "\n\n" + VIRAL * 6, score=0.99, category="pow_solicitation")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server, "maria_moderator")
        first = page.locator("#queue-rows .qrow").first
        box = first.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 844
        assert page.is_hidden("#f-status")
        page.click("[data-filters-toggle]")
        assert page.is_visible("#f-status")
        page.click("[data-filters-toggle]")
        assert page.is_hidden("#f-status")
        first.locator(".qlink").click()
        page.wait_for_selector("#pane.sheet article[data-pane-post]")
        keep = page.locator("#pane button[value=keep]")
        bar = keep.bounding_box()
        assert bar is not None
        assert bar["y"] >= 0
        assert bar["y"] + bar["height"] <= 844
        page.click("#pane [data-sheet-close]")
        assert page.locator("#pane.sheet").count() == 0
        assert page.is_visible("#queue-rows .qrow")
        # Deciding from the sheet: the next post opens in it.
        first.locator(".qlink").click()
        page.wait_for_selector("#pane.sheet article[data-pane-post]")
        opened_id = int(page.get_attribute("#pane article[data-pane-post]", "data-pane-post"))
        page.click("#pane button[value=keep]")
        gone(page, opened_id)
        assert Post.objects.get(pk=opened_id).status == "kept"
    finally:
        context.close()


def test_twenty_posts_decided_by_keyboard_in_at_most_45_keystrokes(
    page, live_server, group, moderator
):
    """The issue's target: remove, keep, escalate, undo and next, keys counted one by one
    (each character of the escalation note too)."""
    for i in range(10):
        make_post(
            group,
            f"Хто впізнає хлопця з відео {i}? Пишіть",
            score=0.99 - i / 100,
            category="pow_solicitation",
        )
    for i in range(10):
        make_post(
            group,
            f"Збір на дрон для бригади, звіт буде {i}",
            score=0.5 - i / 100,
            category="ordinary",
        )
    log_in(page, live_server, "maria_moderator")
    keys = 0

    def press(key):
        nonlocal keys
        keys += 1
        page.keyboard.press(key)

    def decided(n):
        page.wait_for_function(
            "n => document.querySelectorAll('#queue-rows .qrow').length === n",
            arg=20 - n,
            polling=50,
        )

    press("j")
    page.wait_for_selector("#pane article[data-pane-post]")
    press("r")
    press("1")  # the first removal: no rule to suggest yet
    decided(1)
    for n in range(2, 10):  # the next eight: r alone, the rule suggested
        page.wait_for_selector("#pane form[data-decide] option[data-suggested]", state="attached")
        press("r")
        decided(n)
    page.wait_for_selector("#pane form[data-decide]")
    press("e")
    for ch in "дубль":
        keys += 1
        page.keyboard.type(ch)
    press("Enter")
    decided(10)
    for n in range(11, 20):
        page.wait_for_selector("#pane form[data-decide]")
        press("a")
        decided(n)
    press("u")  # a keep taken back...
    decided(18)
    page.wait_for_selector("#pane form[data-decide]")
    press("a")  # ...and made again
    decided(19)
    page.wait_for_selector("#pane form[data-decide]")
    press("a")
    decided(20)
    statuses = list(Post.objects.values_list("status", flat=True))
    assert statuses.count("removed") == 9
    assert statuses.count("escalated") == 1
    assert statuses.count("kept") == 10
    assert keys <= 45, keys


def test_h_opens_the_author_drawer_and_a_note_is_saved_in_it(page, live_server, group, moderator):
    posts, _copies = seed(group)
    Post.objects.filter(pk=posts[1].pk).update(author="Ірина Коваль")
    make_post(group, "Старіший допис тієї ж авторки", author="Ірина Коваль", status="removed")
    log_in(page, live_server, "maria_moderator")
    page.keyboard.press("j")
    opened(page, posts[1].pk)
    page.keyboard.press("h")
    page.wait_for_selector("#author-dialog[open] [data-author-drawer]")
    assert page.inner_text("#author-dialog [data-author=total]") == "2"
    assert page.inner_text("#author-dialog [data-author=removed]") == "1"
    page.fill("#author-dialog textarea[name=note]", "Вдруге за тиждень")
    page.click("#author-dialog form[data-author-note] button")
    page.wait_for_selector("#author-dialog q:has-text('Вдруге за тиждень')")
    page.keyboard.press("Escape")
    assert page.is_hidden("#author-dialog")
    # The note is the group's, shown to the next moderator too; the post was not decided.
    assert Post.objects.get(pk=posts[1].pk).status == "pending"
