"""Form fields for what people type as ids, counts, days and scores (see triage.lib.inputs).

Django's own IntegerField and DateField accept "²" or the year 1, which the database or
time-zone arithmetic then refuses with a 500; these accept only what fits.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from triage.lib.inputs import parse_count, parse_day, parse_id


class _Parsed(forms.Field):
    parse: Any = None
    default_error_messages = {"invalid": _("Enter a valid value.")}

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        parsed = type(self).parse(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class IdField(_Parsed):
    """A database id: 1 up to 2**63 - 1."""

    parse = staticmethod(parse_id)


class CountField(_Parsed):
    """A whole number from 0 up to a billion."""

    parse = staticmethod(parse_count)


class DayField(_Parsed):
    """A YYYY-MM-DD day between 2000 and 2100."""

    parse = staticmethod(parse_day)
    default_error_messages = {"invalid": _("Dates are written as YYYY-MM-DD.")}


def _score(value: object) -> float | None:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if 0 <= number <= 1 else None


class ScoreField(_Parsed):
    """A model score, 0 to 1 (a decimal comma is fine)."""

    parse = staticmethod(_score)
    default_error_messages = {"invalid": _("Scores are between 0 and 1.")}


def _percent(value: object) -> float | None:
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if 0 <= number <= 100 else None


class PercentField(_Parsed):
    """A score as every screen shows it, 0 to 100 ("85", "85%", "85,5"): the fraction of 1."""

    parse = staticmethod(_percent)
    default_error_messages = {"invalid": _("Scores are from 0 to 100.")}

    def to_python(self, value: Any) -> Any:
        number = super().to_python(value)
        return None if number is None else round(number / 100, 6)


class TextField(forms.CharField):
    """Text a person typed or pasted, NUL bytes dropped (databases refuse them; Django's own
    CharField refuses the whole value instead)."""

    def to_python(self, value: Any) -> str | None:
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)
