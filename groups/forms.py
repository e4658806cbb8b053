from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from groups.models import Group, GroupRule, Membership, ReplyTemplate, Role


class GroupSettingsForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "description",
            "platform",
            "review_threshold",
            "removal_threshold",
            "retention_days",
            "require_two_factor",
            "campaign_auto_remove",
            "campaign_bank",
            "surge_copies",
            "surge_minutes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "review_threshold": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "removal_threshold": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if membership is not None and membership.role != Role.OWNER:
            # What protects the owners' own accounts is the owners' to weaken, not an admin's:
            # the field shows, and keeps its value whatever is posted.
            field = self.fields["require_two_factor"]
            field.disabled = True
            field.help_text = _("Only an owner can change this.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        review, removal = data.get("review_threshold"), data.get("removal_threshold")
        if review is not None and removal is not None and review > removal:
            raise forms.ValidationError(
                _("The review threshold cannot be above the removal threshold.")
            )
        return data


def role_choices(membership: Membership) -> list[tuple[str, Any]]:
    # Only owners may hand out the owner role.
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.OWNER or membership.role == Role.OWNER
    ]


class AddMemberForm(forms.Form):
    identifier = forms.CharField(label=_("Username or e-mail"), max_length=254, strip=True)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MODERATOR)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(membership)  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(membership)  # type: ignore[attr-defined]


class RuleForm(forms.ModelForm):
    class Meta:
        model = GroupRule
        fields = ["code", "title", "description", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = GroupRule.objects.filter(group=self.group, code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This group already has a rule with that code."))
        return code


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "language", "body", "is_default"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, language = data.get("name"), data.get("language")
        if name and language:
            clash = ReplyTemplate.objects.filter(
                group=self.group, name__iexact=name, language=language
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    _("A template with this name and language already exists.")
                )
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100)

    def clean_name(self) -> str:
        return self.cleaned_data["name"].replace("\x00", "").strip()


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an over-long username before anything looks it up.

    AuthenticationForm sets the username's max_length after its validators were
    built, so a 10,000-character username reached authenticate() and django-axes,
    whose attempt log stores at most 255 characters.
    """

    MAX_USERNAME = 150

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "") or ""
        if len(username) > self.MAX_USERNAME:
            raise self.get_invalid_login_error()
        return super().clean()


def axes_username(request: Any, credentials: dict[str, Any] | None) -> str:
    """The username django-axes records: never longer than its column."""
    value = (credentials or {}).get("username") or (request.POST.get("username") if request else "")
    return str(value or "")[:150]
