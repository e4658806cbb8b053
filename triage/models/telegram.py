"""What the Telegram bot keeps of the updates it receives: ids and counts, never a message.

An update is handled once: its ``update_id`` is written in the transaction that files what it
carries (``TelegramUpdate``), so a second delivery (a webhook retried, a poller restarted
before it stored its offset) finds it and does nothing. ``TelegramInbox`` is the long-polling
offset. ``TelegramReport`` ties a filed post to a reporter, known only by a keyed hash of
their Telegram id, for the rate limit and the reporter's accuracy.
"""

from __future__ import annotations

from django.db import models


class TelegramInbox(models.Model):
    """The next update a group's poller asks Telegram for (getUpdates ``offset``)."""

    group = models.OneToOneField(
        "groups.Group", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    offset = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"telegram inbox of group {self.group_id} at {self.offset}"


class TelegramUpdate(models.Model):
    """An update already handled (only its id: Telegram keeps undelivered updates for 24
    hours, so rows older than a few days are deleted by the sweep)."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    update_id = models.BigIntegerField()
    handled_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "update_id"], name="telegramupdate_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"update {self.update_id} of group {self.group_id}"


class TelegramReport(models.Model):
    """One member's report of one post (a /report or a forward). The reporter is a keyed hash
    of their Telegram user id (triage.platforms.intake.reporter_key): enough to count their
    reports and how many moderators upheld, not to say who they are."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("triage.Post", on_delete=models.CASCADE, related_name="+")
    reporter = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="telegramreport_once_per_reporter"
            )
        ]
        indexes = [
            models.Index(fields=["group", "reporter", "created_at"], name="telegramreport_rate"),
        ]

    def __str__(self) -> str:
        return f"report of post {self.post_id}"
