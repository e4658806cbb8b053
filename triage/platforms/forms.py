"""The Telegram link: the group's chat id and its bot's token, checked before they are kept."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Platform
from triage.lib.fields import TextField

TOKEN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,100}$")
CHAT_ID = re.compile(r"-?[0-9]{1,20}")  # ASCII digits: int() would also read "١٢٣"


class TelegramLinkForm(forms.Form):
    chat_id = TextField(required=False)
    alert_chat_id = TextField(required=False)
    token = TextField(required=False)
    remove_token = forms.CharField(required=False)
    watch = forms.BooleanField(required=False)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_chat_id(self) -> int | None:
        raw = self.cleaned_data.get("chat_id") or ""
        if not raw:
            return None
        if not CHAT_ID.fullmatch(raw) or abs(int(raw)) >= 2**62:
            raise forms.ValidationError(_("The chat id is a number, like -1001234567890."))
        if self.group.platform != Platform.TELEGRAM:
            raise forms.ValidationError(
                _("Set the group's platform to Telegram first (group settings).")
            )
        return int(raw)

    def clean_alert_chat_id(self) -> int | None:
        """The admins' chat for surge alerts (any chat the bot is in, a private one too)."""
        raw = self.cleaned_data.get("alert_chat_id") or ""
        if not raw:
            return None
        if not CHAT_ID.fullmatch(raw) or abs(int(raw)) >= 2**62:
            raise forms.ValidationError(_("The chat id is a number, like -1001234567890."))
        return int(raw)

    def clean_token(self) -> str | None:
        """The new token; "" to remove the one kept; None to keep it as it is."""
        if self.data.get("remove_token"):
            return ""
        raw = self.cleaned_data.get("token") or ""
        if not raw:
            return None
        if not TOKEN.match(raw):
            raise forms.ValidationError(_("That does not look like a bot token (123456:ABC-...)."))
        return raw

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.errors.values() for m in errors]
