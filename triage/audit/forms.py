"""The audit log's filters: who, what, which object, which days; bad days are errors."""

from __future__ import annotations

from typing import Any

from django import forms

from triage.lib.fields import DayField, IdField, TextField

TEXT = 100


class AuditFilterForm(forms.Form):
    actor = TextField(required=False)
    action = TextField(required=False)
    object = TextField(required=False)
    since = DayField(required=False)
    until = DayField(required=False)
    before = IdField(required=False)  # the page: events older than this sequence number

    def clean(self) -> dict[str, Any]:
        super().clean()
        for key in ("actor", "action", "object"):
            self.cleaned_data[key] = (self.cleaned_data.get(key) or "")[:TEXT]
        return self.cleaned_data

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.errors.values() for m in errors]

    @property
    def values(self) -> dict[str, str]:
        """What the form shows again: as typed (shortened), even where it was refused."""
        return {
            k: str(self.data.get(k) or "").replace("\x00", "").strip()[:TEXT]
            for k in ("actor", "action", "object", "since", "until")
        }
