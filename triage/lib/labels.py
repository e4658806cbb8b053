"""Names people read for the model's categories and signals (their ids stay in data and URLs)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CATEGORY_LABELS = {
    "pow_solicitation": _("Asking about prisoners or the missing"),
    "pow_enemy_media": _("Enemy media of prisoners"),
    "doxxing": _("Personal data of soldiers or families"),
    "extortion_scam": _("Extortion or scam"),
    "unverified_fake": _("Unverified fake"),
    "spam": _("Spam"),
    "ordinary": _("Ordinary post"),
    "official_guidance": _("Official guidance"),
    "counter_messaging": _("Warning not to share"),
    "verified_fundraising": _("Verified fundraising"),
    "news_discussion": _("News and discussion"),
}

# Reasons of kind "signal" carry the signal's id with "_" as spaces (see scoring.explain).
SIGNAL_LABELS = {
    "phone": _("phone number"),
    "card": _("bank card number"),
    "unit": _("military unit"),
    "callsign": _("call sign"),
    "dob": _("date of birth"),
    "handle": _("handle or profile"),
    "link": _("link"),
    "address": _("address"),
    "name": pgettext_lazy("personal data", "name"),
    "email": _("e-mail address"),
    "document": _("document number"),
    "tax id": _("tax number"),
    "crypto": _("crypto wallet"),
    "share call": _("call to share"),
    "comment call": _("call to write in the comments"),
    "warning cue": _("warning not to share"),
    "caps ratio": _("capital letters"),
    "exclamations": _("exclamation marks"),
}

REASON_KINDS = {
    "signal": _("signal"),
    "ngram": _("words"),
    "keyword": _("group keyword rule"),
}


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def reason_label(reason: dict) -> str:
    label = str(reason.get("label", ""))
    if reason.get("kind") == "signal":
        return str(SIGNAL_LABELS.get(label, label))
    return label  # words of the post, or the group's own keyword rule


def signal_name(kind: str) -> str:
    """A personal-data kind as people read it ("tax_id" is "tax number")."""
    return str(SIGNAL_LABELS.get(kind.replace("_", " "), kind))
