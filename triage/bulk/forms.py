"""What a bulk form names: the selection (ids ticked in the queue, a filter, a cluster, or
the preview's own criteria sent back), the decision and the confirmed count."""

from __future__ import annotations

import json
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from triage.bulk.services import MAX_IDS
from triage.lib.inputs import parse_count, parse_id, parse_ids
from triage.queue.forms import decision_input, queue_filters
from triage.queue.services import DecisionInput, DecisionRefused

KINDS = {"ids", "filter", "cluster"}


def _unreadable() -> DecisionRefused:
    return DecisionRefused(_("The selection could not be read."))


def _filters(data: Any) -> dict[str, Any]:
    filters = queue_filters(data)
    if filters.errors:
        raise DecisionRefused(" ".join(filters.errors))
    return filters.as_dict()


def _sent_back(raw: str) -> dict[str, Any]:
    """The preview's criteria, as the confirmation form sends them back (JSON, any shape)."""
    try:
        criteria = json.loads(raw)
    except ValueError as exc:
        raise _unreadable() from exc
    if not isinstance(criteria, dict) or criteria.get("kind") not in KINDS:
        raise _unreadable()
    kind = criteria["kind"]
    if kind == "cluster":
        cluster = parse_id(criteria.get("cluster"))
        if cluster is None:
            raise _unreadable()
        out: dict[str, Any] = {"kind": kind, "cluster": cluster}
    elif kind == "ids":
        ids = criteria.get("ids")
        out = {"kind": kind, "ids": parse_ids(ids if isinstance(ids, list) else [])[:MAX_IDS]}
    else:
        out = {"kind": kind, "filters": _filters(criteria.get("filters") or {})}
    # The preview's newest post: the confirmation decides only what the preview counted,
    # never a post that arrived between the two (it only ever narrows the selection).
    max_id = parse_id(criteria.get("max_id"))
    if max_id is not None:
        out["max_id"] = max_id
    return out


def selection_criteria(data: QueryDict) -> dict[str, Any]:
    """The selection a bulk form names, as stored criteria; DecisionRefused if unreadable."""
    sent_back = data.get("criteria", "")
    if sent_back:
        return _sent_back(str(sent_back))
    if data.get("scope") == "filter":
        return {"kind": "filter", "filters": _filters(data)}
    ids = parse_ids(data.getlist("ids"))
    if not ids:
        raise DecisionRefused(_("Select at least one post."))
    if len(ids) > MAX_IDS:
        raise DecisionRefused(_("Select at most %(n)d posts at once.") % {"n": MAX_IDS})
    return {"kind": "ids", "ids": ids}


def bulk_decision(data: QueryDict) -> tuple[dict[str, Any], DecisionInput, int]:
    """A confirmation: the selection, the decision, and the count the moderator confirmed."""
    criteria = selection_criteria(data)
    decision, _version = decision_input(data)
    count = parse_count(data.get("confirmed_count", ""))
    if count is None:
        raise DecisionRefused(_("Confirm the number of posts."))
    return criteria, decision, count
