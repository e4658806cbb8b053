"""The report's period and export options, and the reason an evidence package needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, Role
from triage.lib.fields import TextField
from triage.reports.exports import FORMATS
from triage.reports.selectors import Period

MAX_REASON = 500
MIN_REASON = 10


def _reason(value: Any) -> str:
    return str(value or "")[:MAX_REASON]


class PeriodForm(forms.Form):
    # Read as text and judged by Period.parse, which knows the days a report may cover.
    since = forms.CharField(required=False)
    until = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        try:
            self.cleaned_data["period"] = Period.parse(
                self.cleaned_data.get("since") or None, self.cleaned_data.get("until") or None
            )
        except ValueError:
            raise forms.ValidationError(
                _("Choose a period of at most a year, as YYYY-MM-DD, that starts before it ends.")
            ) from None
        return self.cleaned_data

    @property
    def period(self) -> Period:
        """The period asked for, or the last 30 days when it could not be read."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return Period.parse(None, None)

    @property
    def error(self) -> str:
        return " ".join(str(m) for errors in self.errors.values() for m in errors)


class ReportExportForm(PeriodForm):
    format = forms.ChoiceField(
        choices=[(f, f) for f in FORMATS],
        required=False,
        error_messages={"invalid_choice": _("Unknown export format.")},
    )
    unredacted = forms.CharField(required=False)
    reason = TextField(required=False)
    links = forms.CharField(required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["format"] = data.get("format") or "csv"
        data["redact"] = data.get("unredacted") != "1"
        data["reason"] = _reason(data.get("reason"))
        if not data["redact"]:
            if not self.membership.has_role(Role.ADMIN):
                raise forms.ValidationError(_("Only admins may export personal data unredacted."))
            if len(data["reason"]) < MIN_REASON:
                raise forms.ValidationError(
                    _("State why you need personal data unredacted (at least 10 characters).")
                )
        # Links to the original posts lead to the authors and their threads: not for viewers.
        data["links"] = data.get("links") == "1" and self.membership.has_role(Role.MODERATOR)
        return data


class EvidenceForm(forms.Form):
    reason = TextField(required=False)

    def clean_reason(self) -> str:
        reason = _reason(self.cleaned_data.get("reason"))
        if len(reason) < MIN_REASON:
            raise forms.ValidationError(
                _("State why you need the evidence package (at least 10 characters).")
            )
        return reason
