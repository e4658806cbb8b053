"""A group's keyword rule, read and checked: its kind, a pattern that compiles safely, a
weight from -1 to 1, a known category, and room for one more rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Group, KeywordRule
from triage.lib.fields import TextField
from triage.scoring.corpus import CATEGORIES
from triage.scoring.keywords import MAX_RULES, BadPattern, compile_rule


class KeywordRuleForm(forms.Form):
    kind = forms.ChoiceField(
        choices=KeywordRule.Kind.choices,
        error_messages={
            "required": _("Choose word, phrase or regular expression."),
            "invalid_choice": _("Choose word, phrase or regular expression."),
        },
    )
    pattern = TextField(required=False)  # its length is compile_rule's to judge
    weight = forms.CharField(required=False)
    category = forms.ChoiceField(
        choices=[("", ""), *((c, c) for c in CATEGORIES)],
        required=False,
        error_messages={"invalid_choice": _("Unknown category.")},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_pattern(self) -> str:
        return self.cleaned_data.get("pattern") or ""

    def clean_weight(self) -> float:
        raw = str(self.cleaned_data.get("weight") or "0.2").replace(",", ".")
        try:
            weight = float(raw)
        except ValueError:
            weight = 99.0
        if not -1 <= weight <= 1:  # NaN fails this too
            raise forms.ValidationError(_("The weight is a number from -1 to 1."))
        return weight

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.group.keyword_rules.count() >= MAX_RULES:
            raise forms.ValidationError(
                _("A group has at most %(n)s keyword rules; delete one first.") % {"n": MAX_RULES}
            )
        if not self.errors:
            try:
                compile_rule(self.cleaned_data["kind"], self.cleaned_data["pattern"])
            except BadPattern as exc:
                raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.errors.values() for m in errors]
