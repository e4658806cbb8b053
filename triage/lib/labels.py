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


# What each audit action means, as people read it (the code stays in data, exports and filters).
AUDIT_ACTIONS = {
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "audit.export": _("Audit log exported"),
    "auth.login": _("Logged in"),
    "bulk.create": _("Bulk decision started"),
    "bulk.finish": _("Bulk decision finished"),
    "bulk.undo": _("Bulk decision undone"),
    "evidence.export": _("Evidence package exported"),
    "group.create": _("Group created"),
    "group.settings": _("Group settings changed"),
    "group.telegram": _("Telegram link changed"),
    "group.telegram_rights": _("Telegram bot's rights in the chat checked"),
    "import.api": _("Posts sent through the API"),
    "import.telegram": _("Message filed by the Telegram bot"),
    "import.finish": _("Import finished"),
    "import.refused": _("Import refused"),
    "import.start": _("Import started"),
    "keyword_rule.create": _("Keyword rule added"),
    "keyword_rule.update": _("Keyword rule changed"),
    "keyword_rule.delete": _("Keyword rule deleted"),
    "membership.add": _("Member added"),
    "membership.remove": _("Member removed"),
    "membership.role": _("Role changed"),
    "model.install": _("Model installed"),
    "model.rollback": _("Model rolled back"),
    "model.train": _("Model trained"),
    "model.promote": _("Model made active"),
    "platform.manual_done": _("Marked done on the platform"),
    "platform.retry": _("Platform action retried"),
    "platform.telegram": _("Telegram message deleted"),
    "post.decide": _("Post decided"),
    "post.auto_decide": _("Post removed automatically (copy of a removed campaign)"),
    "campaign.undo_day": _("A day's automatic removals undone"),
    "campaign.surge": _("Surge began"),
    "campaign.surge_alert": _("Surge alert to the admins' chat (sent or refused)"),
    "campaign.publish": _("Campaign shared with other groups"),
    "campaign.withdraw": _("Shared campaign withdrawn"),
    "campaign.bank_match": _("Posts matched a campaign another group shared"),
    "campaign.bank_matched": _("A shared campaign was caught in another group"),
    "campaign.bank_export": _("Campaign bank exported"),
    "campaign.bank_import": _("Campaign bank imported from another installation"),
    "post.reopen": _("Decision reopened"),
    "author.note": _("Note on an author changed"),
    "appeal.record": _("Appeal recorded"),
    "appeal.decide": _("Appeal decided"),
    "post.reveal": _("Personal data revealed"),
    "reply_template.create": _("Reply template added"),
    "reply_template.update": _("Reply template changed"),
    "reply_template.delete": _("Reply template deleted"),
    "report.export": _("Report exported"),
    "retention.purge": _("Expired posts purged"),
    "rule.create": _("Rule added"),
    "rule.update": _("Rule changed"),
    "two_factor.enrol": _("Two-factor login set up"),
    "two_factor.recovery_code": _("Recovery code used"),
    "two_factor.remove": _("Two-factor login turned off"),
    "two_factor.reset": _("Member's two-factor login reset"),
}

AUDIT_OBJECTS = {
    "post": _("post"),
    "cluster": _("cluster"),
    "author": _("author"),
    "appeal": _("appeal"),
    "import": _("import"),
    "group": _("group"),
    "user": _("user"),
    "membership": _("member"),
    "bulkoperation": _("bulk decision"),
    "modelversion": _("model version"),
    "apitoken": _("API token"),
    "grouprule": _("rule"),
    "keywordrule": _("keyword rule"),
    "replytemplate": _("reply template"),
    "audit": _("audit log"),
    "report": _("report"),
}


def audit_action_label(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action))


def audit_object_label(object_type: str) -> str:
    return str(AUDIT_OBJECTS.get(object_type, object_type))
