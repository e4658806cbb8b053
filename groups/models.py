"""Who may do what where: groups, their members and roles, rules and reply templates."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    TELEGRAM = "telegram", _("Telegram")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    # Ordered from most to least powerful; RANK below is what access checks compare.
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MODERATOR = "moderator", _("Moderator")
    VIEWER = "viewer", _("Viewer")


ROLE_RANK: dict[str, int] = {Role.VIEWER: 10, Role.MODERATOR: 20, Role.ADMIN: 30, Role.OWNER: 40}

_score_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Group(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    platform = models.CharField(
        _("platform"), max_length=20, choices=Platform.choices, default=Platform.FACEBOOK
    )
    description = models.TextField(_("description"), blank=True)
    # Posts scoring at or above review_threshold are flagged for review; at or
    # above removal_threshold the queue suggests removal.
    review_threshold = models.DecimalField(
        _("review threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=_score_validators,
    )
    removal_threshold = models.DecimalField(
        _("removal threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.9"),
        validators=_score_validators,
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("How long the text of decided posts is kept before it is purged."),
    )
    require_two_factor = models.BooleanField(
        _("owners and admins must use two-factor login"),
        default=True,
        help_text=_(
            "Owners and admins of this group see none of its pages until they have entered a "
            "code from their authenticator app."
        ),
    )
    campaign_auto_remove = models.BooleanField(
        _("remove new copies of removed campaigns automatically"),
        default=False,
        db_default=False,
        help_text=_(
            "Once moderators have removed every copy of a post, a new copy that arrives is "
            "removed by Varta, citing the same rule, with its own decision in the audit log. "
            "Off: it is put first in the queue instead, the rule chosen. Copies of kept posts "
            "are always queued."
        ),
    )

    class CampaignBank(models.TextChoices):
        OFF = "off", _("Off")
        QUEUE = "queue", _("Put matching posts first in the queue")
        REMOVE = "remove", _("Remove matching posts automatically")

    campaign_bank = models.CharField(
        _("campaigns removed by other groups"),
        max_length=10,
        choices=CampaignBank.choices,
        default=CampaignBank.OFF,
        db_default=CampaignBank.OFF,
        help_text=_(
            "Other groups on this Varta may share the signatures of campaigns they removed "
            "(never their text or authors). On: every new post is compared with them."
        ),
    )
    surge_copies = models.PositiveIntegerField(
        _("surge: copies"),
        default=20,
        db_default=20,
        validators=[MinValueValidator(2), MaxValueValidator(100_000)],
        help_text=_("A post copied at least this many times within the minutes below is a surge."),
    )
    surge_minutes = models.PositiveIntegerField(
        _("surge: minutes"),
        default=60,
        db_default=60,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text=_(
            "A surge is shown at the top of the queue for everyone in the group, its copies first."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Telegram link (triage.platforms): the chat whose messages the bot deletes,
    # and the bot token, encrypted at rest (triage.platforms.secrets).
    telegram_chat_id = models.BigIntegerField(_("Telegram chat id"), null=True, blank=True)
    telegram_bot_token = models.TextField(blank=True, default="", editable=False)
    # The admins' own chat, where the bot reports surges (triage.campaigns); optional.
    telegram_alert_chat_id = models.BigIntegerField(
        _("Telegram chat for alerts"), null=True, blank=True
    )
    # Watch mode (triage.platforms.intake): the bot scores every new message of the chat in
    # memory and files only those at or above the review threshold. Off by default.
    telegram_watch = models.BooleanField(_("watch the chat"), default=False, db_default=False)
    # What the bot may do in the chat, as Telegram said when the link was last checked
    # (getChatMember): {"status": ..., "can_delete": bool, "can_restrict": bool, "checked_at"}.
    telegram_bot_rights = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_threshold__lte=models.F("removal_threshold")),
                name="group_review_threshold_not_above_removal",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.group} ({self.role})"

    @property
    def rank(self) -> int:
        return ROLE_RANK[self.role]

    def has_role(self, min_role: str) -> bool:
        return self.rank >= ROLE_RANK[min_role]

    # For templates, which cannot pass arguments.
    @property
    def can_moderate(self) -> bool:
        return self.has_role(Role.MODERATOR)

    @property
    def can_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class GroupRule(models.Model):
    """One of the group's rules; moderators cite it as the reason for a removal."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class AuthorAction(models.TextChoices):
        NONE = "none", _("Nothing")
        RESTRICT = "restrict", _("Restrict the author (Telegram)")
        BAN = "ban", _("Ban the author (Telegram)")

    # On a removal citing this rule, in a Telegram-linked group.
    author_action = models.CharField(
        _("also, for the author"),
        max_length=10,
        choices=AuthorAction.choices,
        default=AuthorAction.NONE,
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("group rule")
        verbose_name_plural = _("group rules")
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="grouprule_unique_code")
        ]

    def __str__(self) -> str:
        return self.title


class ReplyTemplate(models.Model):
    """A text moderators can copy and send to a post's author."""

    class Language(models.TextChoices):
        UK = "uk", _("Ukrainian")
        EN = "en", _("English")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.UK
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {author} (the author's display name), {group} (this group's name), "
            "{rule} (the rule cited). Never put a post's personal details here."
        ),
    )
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        ordering = ["-is_default", "name", "language"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "language", "group", name="replytemplate_unique_name_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class KeywordRule(models.Model):
    """An admin's word, phrase or regular expression that adds to a post's score.

    Like Facebook keyword alerts or Reddit's AutoModerator. A hit adds ``weight``
    to the model's score (clipped to [0, 1]) and shows up as a reason; with a
    ``category`` the hit also fixes the post's category.
    """

    class Kind(models.TextChoices):
        WORD = "word", _("Word")
        PHRASE = "phrase", _("Phrase")
        REGEX = "regex", _("Regular expression")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="keyword_rules")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHRASE)
    pattern = models.CharField(_("pattern"), max_length=500)
    weight = models.FloatField(
        _("weight"),
        default=0.2,
        validators=[MinValueValidator(-1.0), MaxValueValidator(1.0)],
        help_text=_("Added to the score when the rule matches (-1 to 1)."),
    )
    category = models.CharField(_("category"), max_length=40, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("keyword rule")
        verbose_name_plural = _("keyword rules")

    def __str__(self) -> str:
        return f"{self.kind}: {self.pattern}"


class ApiToken(models.Model):
    """A per-group token for the import API. Only its sha256 is stored; shown once."""

    PREFIX = "varta_"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, so admins can tell tokens apart.
    prefix = models.CharField(max_length=12, db_index=True)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(plain: str) -> str:
        """How a token is kept: its sha256 (the token itself is shown once, never stored)."""
        return hashlib.sha256(plain.encode("utf-8")).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
