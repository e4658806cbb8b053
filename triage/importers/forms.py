"""What an import form names: a file or pasted posts, and which column of a table is which."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from triage.importers import fields
from triage.lib.fields import CountField, TextField
from triage.lib.inputs import parse_count


class ImportForm(forms.Form):
    format = forms.CharField(required=False)  # judged by batch_create, which knows the formats
    file = forms.FileField(
        required=False, allow_empty_file=True
    )  # refused, on record, by the service
    text = TextField(required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if (
            self.cleaned_data.get("file") is None
            and not (self.cleaned_data.get("text") or "").strip()
        ):
            raise forms.ValidationError(_("Paste some posts or choose a file."))
        self.cleaned_data["format"] = self.cleaned_data.get("format") or "auto"
        return self.cleaned_data


class ColumnMappingForm(forms.Form):
    """One column number per field, out of the table's ``width``; the text is required and no
    column serves two fields."""

    has_header = forms.CharField(required=False)

    def __init__(self, *args: Any, width: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.width = width
        for key in fields.FIELDS:
            self.fields[key] = CountField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        mapping = {
            key: column
            for key in fields.FIELDS
            if (column := self.cleaned_data.get(key)) is not None and column < self.width
        }
        if "text" not in mapping:
            raise forms.ValidationError(_("Choose the column that holds the post's text."))
        if len(set(mapping.values())) != len(mapping):
            raise forms.ValidationError(_("Each column can be used for one field only."))
        self.cleaned_data["mapping"] = mapping
        return self.cleaned_data

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.errors.values() for m in errors]

    @property
    def chosen(self) -> dict[str, int]:
        """The columns as chosen, valid or not, to show the form again."""
        if not self.is_bound:
            return {}
        chosen = {
            key: parse_count(self.data.get(key, ""), limit=self.width - 1) for key in fields.FIELDS
        }
        return {key: column for key, column in chosen.items() if column is not None}
