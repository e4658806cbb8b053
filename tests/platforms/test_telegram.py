"""Removals carried out on Telegram through the Bot API (a local server that speaks it)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from tests.factories import make_post
from tests.platforms.conftest import CHAT, TOKEN
from triage.bulk.services import bulk_create, bulk_run, bulk_undo
from triage.models import AuditEvent, PlatformAction, Post
from triage.platforms.runner import telegram_run
from triage.queue.services import DecisionInput, post_decide

pytestmark = pytest.mark.django_db
S = PlatformAction.Status


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def tg_post(group, message_id, **fields):
    # Exports and the API carry the message's date; without one, deletions go one by one.
    fields.setdefault("posted_at", timezone.now() - timedelta(hours=1))
    return make_post(
        group,
        f"Хто впізнає? Повідомлення {message_id}",
        source="telegram",
        external_id=f"{CHAT}:{message_id}",
        **fields,
    )


def remove(group, user, post, rule_code="pow-info"):
    return post_decide(
        membership=member(user, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=group.rules.get(code=rule_code).pk),
    )


def test_removal_writes_an_outbox_row_in_the_same_transaction(tg_group, moderator):
    post = tg_post(tg_group, 501)
    decision = remove(tg_group, moderator, post)
    action = PlatformAction.objects.get(post=post)
    assert (action.kind, action.status, action.chat_id, action.message_id) == (
        "telegram_delete",
        "pending",
        CHAT,
        501,
    )
    assert action.decision == decision


def test_exports_without_the_minus_100_prefix_still_match_the_chat(tg_group, moderator):
    post = make_post(tg_group, "x" * 30, source="telegram", external_id="1234567890:77")
    remove(tg_group, moderator, post)
    assert PlatformAction.objects.get(post=post).message_id == 77


def test_posts_of_unlinked_groups_get_a_manual_checklist_item(group, moderator):
    post = make_post(group, permalink="https://www.facebook.com/groups/g/posts/5/")
    remove(group, moderator, post)
    assert PlatformAction.objects.get(post=post).kind == "manual_remove"


def test_keep_and_escalate_queue_nothing(tg_group, moderator):
    a, b = tg_post(tg_group, 1), tg_post(tg_group, 2)
    m = member(moderator, tg_group)
    post_decide(membership=m, post_id=a.pk, expected_version=0, data=DecisionInput("keep"))
    post_decide(
        membership=m, post_id=b.pk, expected_version=0, data=DecisionInput("escalate", note="?")
    )
    assert not PlatformAction.objects.exists()


def test_deletion_is_carried_out_and_recorded(tg_group, moderator, fake_telegram):
    posts = [tg_post(tg_group, i) for i in range(1, 4)]
    for p in posts:
        remove(tg_group, moderator, p)
    counts = telegram_run(group_id=tg_group.pk)
    assert counts["done"] == 3
    assert set(PlatformAction.objects.values_list("status", flat=True)) == {"done"}
    assert sorted(fake_telegram.ids_sent()) == [1, 2, 3]
    assert [r["method"] for r in fake_telegram.requests] == ["deleteMessages"]
    event = AuditEvent.objects.get(group=tg_group, action="platform.telegram")
    assert event.payload["done"] == 3


def test_a_bulk_removal_of_250_posts_becomes_batches_of_at_most_100(
    tg_group, moderator, fake_telegram
):
    posts = [tg_post(tg_group, i) for i in range(1, 251)]
    m = member(moderator, tg_group)
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=DecisionInput("remove", rule_id=tg_group.rules.first().pk),
        confirmed_count=250,
    )
    bulk_run(op_id=op.pk)
    telegram_run(group_id=tg_group.pk)
    sizes = [len(r["body"]["message_ids"]) for r in fake_telegram.requests]
    assert sizes == [100, 100, 50]
    assert PlatformAction.objects.filter(status=S.DONE).count() == 250


def test_running_again_sends_nothing_twice(tg_group, moderator, fake_telegram):
    for i in range(1, 6):
        remove(tg_group, moderator, tg_post(tg_group, i))
    telegram_run(group_id=tg_group.pk)
    telegram_run(group_id=tg_group.pk)
    assert sorted(fake_telegram.ids_sent()) == [1, 2, 3, 4, 5]


def test_429_waits_retry_after_and_then_succeeds(tg_group, moderator, fake_telegram, redis_conn):
    post = tg_post(tg_group, 9)
    remove(tg_group, moderator, post)
    fake_telegram.too_many = 1
    fake_telegram.retry_after = 7
    telegram_run(group_id=tg_group.pk)
    action = PlatformAction.objects.get(post=post)
    assert action.status == S.PENDING
    assert action.attempts == 1
    assert 5 <= (action.next_attempt_at - timezone.now()).total_seconds() <= 8
    assert "429" in action.last_error
    # Not before retry_after...
    telegram_run(group_id=tg_group.pk)
    assert len(fake_telegram.requests) == 1
    # ...and after it, the deletion goes through.
    PlatformAction.objects.filter(pk=action.pk).update(next_attempt_at=timezone.now())
    telegram_run(group_id=tg_group.pk)
    assert PlatformAction.objects.get(pk=action.pk).status == S.DONE


def test_network_errors_back_off_and_finally_fail(tg_group, moderator, settings):
    settings.TELEGRAM_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    post = tg_post(tg_group, 10)
    remove(tg_group, moderator, post)
    for attempt in range(1, 7):
        PlatformAction.objects.filter(post=post).update(next_attempt_at=None)
        telegram_run(group_id=tg_group.pk)
        action = PlatformAction.objects.get(post=post)
        assert action.attempts == attempt
    assert action.status == S.FAILED
    assert "unreachable" in action.last_error


def test_server_errors_are_retried(tg_group, moderator, fake_telegram):
    post = tg_post(tg_group, 11)
    remove(tg_group, moderator, post)
    fake_telegram.fail_5xx = 1
    telegram_run(group_id=tg_group.pk)
    assert PlatformAction.objects.get(post=post).status == S.PENDING
    PlatformAction.objects.filter(post=post).update(next_attempt_at=None)
    telegram_run(group_id=tg_group.pk)
    assert PlatformAction.objects.get(post=post).status == S.DONE


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        ((400, "Bad Request: message to delete not found"), "not_possible", "message not found"),
        ((400, "Bad Request: message can't be deleted"), "not_possible", "48 hours"),
        (
            (400, "Bad Request: not enough rights to delete a message"),
            "not_possible",
            "not an admin",
        ),
        (
            (403, "Forbidden: bot was kicked from the supergroup chat"),
            "not_possible",
            "removed from the chat",
        ),
        ((400, "Bad Request: something new and strange"), "failed", "something new"),
    ],
)
def test_telegram_errors_map_to_clear_final_states(
    tg_group, moderator, fake_telegram, error, status, text
):
    ok, bad = tg_post(tg_group, 20), tg_post(tg_group, 21)
    remove(tg_group, moderator, ok)
    remove(tg_group, moderator, bad)
    fake_telegram.errors[21] = error
    telegram_run(group_id=tg_group.pk)
    action = PlatformAction.objects.get(post=bad, kind=PlatformAction.Kind.TELEGRAM_DELETE)
    assert action.status == status
    assert text in action.last_error
    assert error[1] in action.last_error  # Telegram's own description is kept
    # What the bot cannot do goes to people, on the checklist; a failure stays open to retry.
    manual = PlatformAction.objects.filter(post=bad, kind=PlatformAction.Kind.MANUAL_REMOVE)
    assert manual.exists() == (status == "not_possible")
    # The batch was refused whole; the good message went through on its own.
    assert PlatformAction.objects.get(post=ok).status == S.DONE
    assert fake_telegram.requests[0]["method"] == "deleteMessages"


def test_messages_older_than_48_hours_are_not_possible_without_a_call(
    tg_group, moderator, fake_telegram
):
    post = tg_post(tg_group, 30, posted_at=timezone.now() - timedelta(hours=49))
    remove(tg_group, moderator, post)
    telegram_run(group_id=tg_group.pk)
    action = PlatformAction.objects.get(post=post, kind=PlatformAction.Kind.TELEGRAM_DELETE)
    assert action.status == S.NOT_POSSIBLE
    assert "48 hours" in action.last_error
    assert fake_telegram.requests == []
    manual = PlatformAction.objects.get(post=post, kind=PlatformAction.Kind.MANUAL_REMOVE)
    assert manual.status == S.PENDING
    assert "48 hours" in manual.last_error


def test_an_undated_message_is_deleted_alone_so_telegram_says_if_it_could(
    tg_group, moderator, fake_telegram
):
    """deleteMessages answers true even for messages it skips (too old); without the post's
    date that would be recorded as done while the message stays in the chat."""
    dated, undated = tg_post(tg_group, 50), tg_post(tg_group, 51, posted_at=None)
    remove(tg_group, moderator, dated)
    remove(tg_group, moderator, undated)
    fake_telegram.errors[51] = (400, "Bad Request: message can't be deleted")
    telegram_run(group_id=tg_group.pk)
    methods = [r["method"] for r in fake_telegram.requests]
    assert methods == ["deleteMessage", "deleteMessages"]
    kind = PlatformAction.Kind.TELEGRAM_DELETE
    assert PlatformAction.objects.get(post=undated, kind=kind).status == S.NOT_POSSIBLE
    assert PlatformAction.objects.get(post=dated, kind=kind).status == S.DONE


def test_without_a_usable_token_deletions_go_to_people(tg_group, moderator, fake_telegram):
    post = tg_post(tg_group, 60)
    remove(tg_group, moderator, post)
    tg_group.telegram_bot_token = ""
    tg_group.save(update_fields=["telegram_bot_token"])
    telegram_run(group_id=tg_group.pk)
    action = PlatformAction.objects.get(post=post, kind=PlatformAction.Kind.TELEGRAM_DELETE)
    assert action.status == S.NOT_POSSIBLE
    assert "no usable bot token" in action.last_error
    assert PlatformAction.objects.filter(post=post, kind=PlatformAction.Kind.MANUAL_REMOVE).exists()
    assert fake_telegram.requests == []


def test_a_wrong_token_fails_visibly(tg_group, moderator, fake_telegram):
    fake_telegram.token = "999:other"
    post = tg_post(tg_group, 40)
    remove(tg_group, moderator, post)
    telegram_run(group_id=tg_group.pk)
    action = PlatformAction.objects.get(post=post)
    assert action.status == S.FAILED
    assert "Unauthorized" in action.last_error


def test_rule_that_bans_the_author_queues_a_ban(tg_group, moderator, fake_telegram):
    rule = tg_group.rules.get(code="scam")
    rule.author_action = "ban"
    rule.save()
    post = tg_post(tg_group, 50, author_external_id="user424242")
    remove(tg_group, moderator, post, rule_code="scam")
    kinds = set(PlatformAction.objects.filter(post=post).values_list("kind", flat=True))
    assert kinds == {"telegram_delete", "telegram_ban"}
    telegram_run(group_id=tg_group.pk)
    ban = [r for r in fake_telegram.requests if r["method"] == "banChatMember"]
    assert ban[0]["body"] == {"chat_id": CHAT, "user_id": 424242}
    assert set(PlatformAction.objects.filter(post=post).values_list("status", flat=True)) == {
        "done"
    }


def test_undo_cancels_what_was_not_carried_out(tg_group, moderator):
    posts = [tg_post(tg_group, i) for i in (61, 62)]
    m = member(moderator, tg_group)
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=DecisionInput("remove", rule_id=tg_group.rules.first().pk),
        confirmed_count=2,
    )
    bulk_run(op_id=op.pk)
    bulk_undo(membership=m, op_id=op.pk)
    assert set(PlatformAction.objects.values_list("status", flat=True)) == {"cancelled"}
    # Removed again: the same action comes back, not a second one.
    post = Post.objects.get(pk=posts[0].pk)
    post_decide(
        membership=m,
        post_id=post.pk,
        expected_version=post.version,
        data=DecisionInput("remove", rule_id=tg_group.rules.first().pk),
    )
    assert PlatformAction.objects.filter(post=post).count() == 1
    assert PlatformAction.objects.get(post=post).status == S.PENDING


def test_the_bot_token_never_appears_in_logs_pages_audit_or_exports(
    tg_group, moderator, fake_telegram, admin_user, caplog, settings
):
    from conftest import client_for

    caplog.set_level(logging.DEBUG)
    post = tg_post(tg_group, 70)
    remove(tg_group, moderator, post)
    fake_telegram.fail_5xx = 1
    telegram_run(group_id=tg_group.pk)
    settings.TELEGRAM_API_BASE = "http://127.0.0.1:9"
    PlatformAction.objects.filter(post=post).update(next_attempt_at=None)
    telegram_run(group_id=tg_group.pk)
    admin = client_for(admin_user)
    client_for(admin_user).post(
        f"/g/{tg_group.slug}/settings/telegram/", {"chat_id": str(CHAT), "token": TOKEN}
    )
    pages = [
        admin.get(f"/g/{tg_group.slug}/settings/telegram/").content.decode(),
        admin.get(f"/g/{tg_group.slug}/platform/?show=all").content.decode(),
        admin.get(f"/g/{tg_group.slug}/audit/").content.decode(),
        b"".join(admin.post(f"/g/{tg_group.slug}/audit/export.json").streaming_content).decode(),
        admin.get(f"/g/{tg_group.slug}/posts/{post.pk}/").content.decode(),
    ]
    secret = TOKEN.split(":")[1]
    stored_texts = [
        caplog.text,
        str(list(AuditEvent.objects.values_list("payload", flat=True))),
        str(list(PlatformAction.objects.values_list("last_error", flat=True))),
    ]
    for text in [*pages, *stored_texts]:
        assert secret not in text
    from groups.models import Group
    from triage.platforms import secrets

    stored = Group.objects.get(pk=tg_group.pk).telegram_bot_token
    assert secret not in stored
    assert secrets.decrypt(stored) == TOKEN


def test_checklist_tick_off_is_recorded_and_shown(group, moderator, viewer):
    from conftest import client_for

    post = make_post(group, permalink="https://www.facebook.com/groups/g/posts/9/")
    remove(group, moderator, post)
    action = PlatformAction.objects.get(post=post)
    queue_page = (
        client_for(moderator).get(f"/g/{group.slug}/queue/?status=removed").content.decode()
    )
    assert 'data-platform-waiting="1"' in queue_page
    assert (
        client_for(viewer).post(f"/g/{group.slug}/platform/done/", {"ids": [action.pk]}).status_code
        == 403
    )
    response = client_for(moderator).post(
        f"/g/{group.slug}/platform/done/", {"ids": [action.pk, "x", 999999]}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_by) == ("done", moderator)
    event = AuditEvent.objects.get(group=group, action="platform.manual_done")
    assert event.object_id == str(post.pk)
    page = client_for(moderator).get(f"/g/{group.slug}/platform/?show=all").content.decode()
    assert f'data-action="{action.pk}" data-status="done"' in page
    report = client_for(viewer).get(f"/g/{group.slug}/reports/").content.decode()
    assert "0 removals still to carry out" in report


def test_admins_retry_failures_and_others_cannot(
    tg_group, moderator, admin_user, fake_telegram, redis_conn
):
    from conftest import client_for

    post = tg_post(tg_group, 80)
    remove(tg_group, moderator, post)
    PlatformAction.objects.filter(post=post).update(status=S.FAILED, attempts=6, last_error="x")
    action = PlatformAction.objects.get(post=post)
    client_for(moderator).post(f"/g/{tg_group.slug}/platform/retry/", {"ids": [action.pk]})
    assert PlatformAction.objects.get(pk=action.pk).status == S.FAILED
    client_for(admin_user).post(f"/g/{tg_group.slug}/platform/retry/", {"ids": [action.pk]})
    action.refresh_from_db()
    assert (action.status, action.attempts) == (S.PENDING, 0)
    assert AuditEvent.objects.filter(group=tg_group, action="platform.retry").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"chat_id": "abc", "token": ""}, "chat id is a number"),
        ({"chat_id": "-100", "token": "not a token"}, "does not look like a bot token"),
        ({"chat_id": "99999999999999999999999", "token": ""}, "chat id is a number"),
    ],
)
def test_telegram_link_refuses_bad_input(tg_group, admin_user, data, error):
    from conftest import client_for

    response = client_for(admin_user).post(f"/g/{tg_group.slug}/settings/telegram/", data)
    assert response.status_code == 200
    assert error in response.content.decode()


def test_only_admins_link_telegram(tg_group, moderator, outsider):
    from conftest import client_for

    assert client_for(moderator).get(f"/g/{tg_group.slug}/settings/telegram/").status_code == 403
    assert client_for(outsider).get(f"/g/{tg_group.slug}/settings/telegram/").status_code == 404


def test_a_malformed_api_base_never_puts_the_token_in_an_error(settings):
    from triage.platforms.telegram import Bot, TelegramUnreachable

    settings.TELEGRAM_API_BASE = "api.telegram.org"  # no scheme: urllib names the whole URL
    with pytest.raises(TelegramUnreachable) as caught:
        Bot(TOKEN).call("deleteMessage", {"chat_id": 1, "message_id": 2})
    import traceback

    # What a log or RQ's failed-job record would keep: the formatted traceback.
    printed = "".join(traceback.format_exception(caught.value))
    assert TOKEN.split(":")[1] not in printed
    assert "TelegramUnreachable: ValueError" in printed


def test_a_worker_that_outlived_its_lease_does_not_overwrite_the_next_ones_result(
    tg_group, moderator, settings
):
    from triage.platforms.runner import _claim, _finish

    post = tg_post(tg_group, 70)
    remove(tg_group, moderator, post)
    kind = PlatformAction.Kind.TELEGRAM_DELETE
    slow = _claim(tg_group.pk, [kind])
    assert len(slow) == 1
    # Its lease ran out; the sweep put the action back and another worker claimed and did it.
    PlatformAction.objects.filter(pk=slow[0].pk).update(status=S.PENDING, leased_until=None)
    fresh = _claim(tg_group.pk, [kind])
    _finish(slow, S.FAILED, "Telegram 400: late answer")  # the slow worker wakes up meanwhile
    _finish(fresh, S.DONE)
    action = PlatformAction.objects.get(pk=slow[0].pk)
    assert action.status == S.DONE
    assert action.last_error == ""


def test_a_late_not_possible_from_an_expired_lease_sends_nobody_to_remove_it(tg_group, moderator):
    from triage.platforms.runner import _claim, _finish

    post = tg_post(tg_group, 71)
    remove(tg_group, moderator, post)
    kind = PlatformAction.Kind.TELEGRAM_DELETE
    slow = _claim(tg_group.pk, [kind])
    PlatformAction.objects.filter(pk=slow[0].pk).update(status=S.PENDING, leased_until=None)
    fresh = _claim(tg_group.pk, [kind])
    _finish(fresh, S.DONE)  # the next worker deleted it
    _finish(slow, S.NOT_POSSIBLE, "message not found")  # the slow one hears "not found"
    assert not PlatformAction.objects.filter(post=post, kind=PlatformAction.Kind.MANUAL_REMOVE)


def test_bulk_removal_writes_each_posts_action_with_its_own_decision(tg_group, moderator):
    """The bulk path writes plain rows (no model instance each): every value must be what the
    one-by-one path stores, and removing again after an undo revives, never duplicates."""
    rule = tg_group.rules.first()
    rule.author_action = "ban"
    rule.save()
    posts = [tg_post(tg_group, 70 + i, author_external_id=f"user{9000 + i}") for i in range(3)]
    m = member(moderator, tg_group)

    def bulk_remove():
        op = bulk_create(
            membership=m,
            criteria={"kind": "ids", "ids": [p.pk for p in posts]},
            data=DecisionInput("remove", rule_id=rule.pk),
            confirmed_count=3,
        )
        return bulk_run(op_id=op.pk)

    op = bulk_remove()
    for i, post in enumerate(posts):
        decision = post.decisions.get(bulk=op)
        rows = {a.kind: a for a in PlatformAction.objects.filter(post=post)}
        assert set(rows) == {"telegram_delete", "telegram_ban"}
        delete, ban = rows["telegram_delete"], rows["telegram_ban"]
        assert (delete.chat_id, delete.message_id, delete.target_user_id) == (CHAT, 70 + i, None)
        assert (ban.chat_id, ban.message_id, ban.target_user_id) == (CHAT, None, 9000 + i)
        assert {delete.decision_id, ban.decision_id} == {decision.pk}
        assert (delete.status, delete.attempts, delete.last_error) == (S.PENDING, 0, "")
        assert delete.created_at is not None
        event = AuditEvent.objects.get(action="post.decide", object_id=str(post.pk))
        assert event.payload["decision"] == decision.pk
        assert event.payload["bulk"] == op.pk
    bulk_undo(membership=m, op_id=op.pk)
    again = bulk_remove()
    assert PlatformAction.objects.count() == 6  # revived, not added
    assert set(PlatformAction.objects.values_list("status", flat=True)) == {S.PENDING}
    assert set(PlatformAction.objects.values_list("decision__bulk", flat=True)) == {again.pk}


def test_checklist_rows_show_the_posts_text_masked(group, moderator, viewer):
    """A row says which post to find on the platform without opening it, and hides what the
    queue hides."""
    from conftest import client_for

    post = make_post(
        group,
        "Шукаємо Петренка Олега, мама чекає: +380 67 123 45 67. Поширте!",
        author="Ірина Коваль",
        permalink="https://www.facebook.com/groups/g/posts/10/",
    )
    remove(group, moderator, post)
    page = client_for(viewer).get(f"/g/{group.slug}/platform/").content.decode()
    row = page.split("data-checklist-text>", 1)[1].split("</span></td>", 1)[0]
    assert "Поширте!" in row
    assert "+380 67 123 45 67" not in page
    assert "Петренка" not in page
    assert "Коваль" not in page
