from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from triage.lib import labels
from triage.lib.masking import mask_plain
from triage.lib.rendering import masked_excerpt, masked_html
from triage.models.posts import Source

register = template.Library()


@register.filter
def masked(text: str, length: int = 280) -> SafeString:
    """A post's text for lists: escaped, personal data masked, cut to ``length``."""
    return masked_excerpt(text or "", int(length))


@register.filter
def masked_full(text: str) -> SafeString:
    """Text that may quote a post (a moderator's note, an import error), personal data masked."""
    return masked_html(text or "")


@register.filter
def reports_label(count: int) -> str:
    """ "3 reports", as the post page's blocktranslate says it (the same message), for the
    queue's fifty rows at the cost of a function call."""
    return ngettext("%(n)s report", "%(n)s reports", count) % {"n": count}


_SOURCES = dict(Source.choices)


@register.filter
def source_label(source: str) -> str:
    """A post's source in the reader's language (``get_source_display`` without rebuilding
    the choices on every row)."""
    return str(_SOURCES.get(source, source))


@register.filter
def percent(score: float | None) -> str:
    return "–" if score is None else f"{round(score * 100)}"


@register.filter
def percent_value(score: float | None) -> str:
    """A score as the filter form takes it back, 0-100, not rounded to a whole number."""
    return "" if score is None else f"{round(score * 100, 4):g}"


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def category_label(category: str | None) -> str:
    """The category's name in the reader's language (its id stays in URLs and exports)."""
    return labels.category_label(category) if category else ""


@register.filter
def reason_label(reason: object) -> str:
    return labels.reason_label(reason) if isinstance(reason, dict) else ""


@register.filter
def reason_kind(kind: str | None) -> str:
    return str(labels.REASON_KINDS.get(kind or "", kind or ""))


@register.filter
def audit_action(action: str) -> str:
    return labels.audit_action_label(action)


@register.filter
def audit_object(object_type: str) -> str:
    return labels.audit_object_label(object_type)


@register.filter
def audit_details(payload: object) -> str:
    """An event's payload as "key: value; ..." (its values masked like any text), not a
    Python dict."""
    if not isinstance(payload, dict) or not payload:
        return ""
    parts = []
    for key, value in payload.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v not in ("", None))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value[:20])
        parts.append(f"{str(key).replace('_', ' ')}: {value}")
    return mask_plain("; ".join(parts))[:1000]
