"""The queue's filters and the decision form, read strictly: a bad value is an error shown
beside the list (or a refused decision), never a 500; the other filters still apply."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from triage.lib.fields import (
    CountField,
    DayField,
    IdField,
    PercentField,
    ScoreField,
    TextField,
)
from triage.lib.labels import CATEGORY_LABELS
from triage.models import Campaign, PostStatus, Source
from triage.queue.selectors import QueueFilters
from triage.queue.services import DecisionInput

MAX_SEARCH = 200
MAX_CATEGORY = 40


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[*PostStatus.choices, ("all", _("All"))],
        required=False,
        error_messages={"invalid_choice": _("Unknown status.")},
    )
    # A code or the name people read, in either language, in any case: "Spam", "спам", "spam";
    # "Telegram", "telegram export", "Експорт Telegram".
    category = forms.CharField(required=False)
    source = forms.CharField(required=False)
    batch = IdField(
        required=False, error_messages={"invalid": _("The import batch must be a number.")}
    )
    cluster = IdField(
        required=False, error_messages={"invalid": _("The cluster must be a number.")}
    )
    date_from = DayField(required=False)
    date_to = DayField(required=False)
    # The queue's form asks 0-100, as the screens show scores (score_from, score_to); links
    # and stored criteria carry the fraction (score_min, score_max), as before.
    score_from = PercentField(required=False)
    score_to = PercentField(required=False)
    score_min = ScoreField(required=False)
    score_max = ScoreField(required=False)
    q = TextField(required=False)
    # Posts handled because of their campaign (triage.campaigns): "auto" lists what Varta
    # removed by itself.
    campaign = forms.ChoiceField(
        choices=[(value, label) for value, label in Campaign.choices if value],
        required=False,
        error_messages={"invalid_choice": _("Unknown campaign filter.")},
    )
    sort = forms.ChoiceField(
        choices=[
            ("", _("Score")),
            ("reports", _("Most reported")),
            ("newest", _("Newest")),
            ("oldest", _("Oldest")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Unknown order; the queue is sorted by score.")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if len(data.get("q") or "") > MAX_SEARCH:
            # Kept, shortened: the list still shows what the first 200 characters find.
            self.add_error(None, _("The search text is too long."))
            data["q"] = data["q"][:MAX_SEARCH]
        for percent, fraction in (("score_from", "score_min"), ("score_to", "score_max")):
            if data.get(percent) is not None:
                data[fraction] = data[percent]
            data.pop(percent, None)
        data["category"] = _code(data.get("category") or "", CATEGORY_LABELS)[:MAX_CATEGORY]
        source = data.get("source") or ""
        if source:
            code = _code(source, dict(Source.choices), partial=True)
            if code in Source.values:
                data["source"] = code
            else:
                self.add_error("source", _("Unknown source."))
                data["source"] = ""
        return data


def _code(value: str, labels: Mapping[str, Any], *, partial: bool = False) -> str:
    """The code a filter value names: the code itself or its label in English or Ukrainian,
    whatever the case (with ``partial``, a label's first word will do: "Telegram"). Anything
    else is returned as given."""
    wanted = value.strip().casefold()
    if not wanted:
        return ""
    for code, label in labels.items():
        names = {code.casefold(), str(label).casefold()}
        for language in ("en", "uk"):
            with translation.override(language):
                names.add(str(label).casefold())
        if wanted in names or (partial and any(n.split()[0] == wanted for n in names if n)):
            return code
    return value.strip()


def _scalars(data: Any, errors: list[str]) -> dict[str, str]:
    """The form's keys as text; query strings, POST bodies and stored criteria (JSON, any
    shape) alike. NUL bytes are dropped, as everywhere a person's text is read."""
    if not isinstance(data, Mapping):
        return {}  # stored criteria of the wrong shape: nothing to filter by
    out = {}
    for key in QueueFilterForm.base_fields:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors.append(str(_("The filters could not be read.")))
            continue
        out[key] = str(value).replace("\x00", "")
    return out


# Search terms are phone numbers and names: they never travel in a URL (access logs, browser
# history, the Referer header). The search form is a POST; the term is kept in the searcher's
# session under a random token, and the queue's links carry the token ("s").
SEARCHES_KEY = "varta-searches"
SEARCHES_KEPT = 20


def search_token(session: Any, q: str) -> str:
    """The session's token for this search text (the same one for the same text)."""
    searches: dict[str, str] = dict(session.get(SEARCHES_KEY) or {})
    for token, text in searches.items():
        if text == q:
            return token
    token = secrets.token_urlsafe(9)
    searches[token] = q
    session[SEARCHES_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def query_without_search(filters: QueueFilters, session: Any) -> dict[str, str]:
    """The filters as a query string's keys: the search text as its session token."""
    query = filters.as_query()
    if "q" in query:
        query["s"] = search_token(session, query.pop("q"))
    return query


def queue_filters(
    data: Any, *, membership: Membership | None = None, session: Any = None
) -> QueueFilters:
    """The filters a query string, a form or stored criteria ask for. ``errors`` says what
    was left out. With ``membership``, a viewer's text search is left out too: searching
    finds text that is masked ("067 123" would tell which post holds that phone number
    without a reveal), so viewers browse and filter, moderators search. With ``session``, a
    search token ("s") stands for the text it was given for."""
    errors: list[str] = []
    scalars = _scalars(data, errors)
    token = data.get("s") if session is not None and isinstance(data, Mapping) else None
    if isinstance(token, str) and token and not scalars.get("q"):
        text = (session.get(SEARCHES_KEY) or {}).get(token)
        if isinstance(text, str):
            scalars["q"] = text
        else:
            errors.append(str(_("That search has expired; search again.")))
    form = QueueFilterForm(scalars)
    form.is_valid()
    for messages in form.errors.values():
        errors.extend(str(m) for m in messages)
    cleaned = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    cleaned["status"] = cleaned.get("status") or PostStatus.PENDING
    filters = QueueFilters(**cleaned, errors=errors)
    if filters.q and membership is not None and not membership.can_moderate:
        filters.q = ""
        errors.append(str(_("Text search is for moderators: it can find hidden personal data.")))
    return filters


class DecisionForm(forms.Form):
    action = TextField(required=False)
    rule = IdField(required=False)
    note = TextField(required=False, strip=False)
    version = CountField(required=False)


def decision_input(data: Mapping[str, Any]) -> tuple[DecisionInput, int | None]:
    """The decision a form asks for, and the post version it was made on (None: missing or
    unreadable, so the form is out of date). What the decision may be is the service's to
    judge (triage.queue.services.validate_decision)."""
    form = DecisionForm({k: data.get(k, "") for k in DecisionForm.base_fields})
    form.is_valid()
    cleaned = form.cleaned_data
    return (
        DecisionInput(
            action=cleaned.get("action") or "",
            rule_id=cleaned.get("rule"),
            note=cleaned.get("note") or "",
        ),
        cleaned.get("version"),
    )
