"""The queue's and bulk forms read hostile input as errors, never as a crash or a filter."""

from __future__ import annotations

import json

import pytest
from django.http import QueryDict

from groups.models import Membership
from triage.bulk.forms import bulk_decision, selection_criteria
from triage.queue.forms import decision_input, queue_filters
from triage.queue.services import DecisionRefused


def test_good_filters_are_read_with_their_types():
    f = queue_filters(
        {"status": "all", "batch": "12", "date_from": "2026-11-01", "score_min": "0,8", "q": " x "}
    )
    assert (f.status, f.batch, f.date_from.isoformat(), f.score_min, f.q) == (
        "all",
        12,
        "2026-11-01",
        0.8,
        "x",
    )
    assert f.errors == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"batch": "²"}, "The import batch must be a number."),
        ({"cluster": "9" * 30}, "The cluster must be a number."),
        ({"score_max": "nan"}, "Scores are between 0 and 1."),
        ({"score_min": "1e309"}, "Scores are between 0 and 1."),
        ({"date_to": "0001-01-01"}, "Dates are written as YYYY-MM-DD."),
        ({"status": "deleted"}, "Unknown status."),
        ({"source": "Viber\x00"}, "Unknown source."),  # "Telegram" is a source's name
        ({"status": ["pending"]}, "The filters could not be read."),
        ({"batch": {"$gt": 1}}, "The filters could not be read."),
        ({"q": "a" * 500}, "The search text is too long."),
    ],
)
def test_a_bad_filter_is_an_error_and_the_rest_still_applies(data, message):
    f = queue_filters({**data, "category": "spam"})
    assert message in f.errors
    assert f.category == "spam"
    assert f.batch is None or "batch" not in data
    assert len(f.q) <= 200


def test_stored_criteria_of_the_wrong_shape_filter_nothing():
    assert queue_filters(["status", "all"]).as_dict() == {"status": "pending"}


def test_a_viewer_s_text_search_is_left_out_with_a_reason(group, viewer, moderator):
    as_viewer = queue_filters({"q": "067"}, membership=Membership.objects.get(user=viewer))
    assert as_viewer.q == ""
    assert any("for moderators" in e for e in as_viewer.errors)
    assert queue_filters({"q": "067"}, membership=Membership.objects.get(user=moderator)).q == "067"


def test_a_decision_form_with_junk_keeps_nothing_it_cannot_read():
    data, version = decision_input(
        {"action": "remove", "rule": "1²", "note": "a\x00b", "version": "-1"}
    )
    assert (data.action, data.rule_id, data.note, version) == ("remove", None, "ab", None)


@pytest.mark.parametrize(
    "criteria",
    [
        "not json",
        "[1, 2]",
        json.dumps({"kind": "everything"}),
        json.dumps({"kind": "cluster", "cluster": "²"}),
        json.dumps({"kind": "filter", "filters": {"score_min": "2"}}),
    ],
)
def test_unreadable_sent_back_criteria_are_refused(criteria):
    with pytest.raises(DecisionRefused):
        selection_criteria(QueryDict(mutable=True) | {"criteria": criteria})


def test_sent_back_criteria_keep_only_what_they_may_name():
    sent = json.dumps({"kind": "ids", "ids": [3, "4", "x", True, -1], "max_id": "9", "sql": 1})
    assert selection_criteria(QueryDict(mutable=True) | {"criteria": sent}) == {
        "kind": "ids",
        "ids": [3, 4],
        "max_id": 9,
    }


def test_a_bulk_confirmation_needs_a_count():
    data = QueryDict("ids=1&ids=2&action=keep")
    with pytest.raises(DecisionRefused, match="Confirm the number"):
        bulk_decision(data)
    criteria, decision, count = bulk_decision(
        QueryDict("ids=1&ids=2&action=keep&confirmed_count=2")
    )
    assert (criteria, decision.action, count) == ({"kind": "ids", "ids": [1, 2]}, "keep", 2)


@pytest.mark.parametrize(
    ("given", "fraction"),
    [("85", 0.85), ("85%", 0.85), (" 85,5 % ", 0.855), ("0", 0.0), ("100", 1.0), ("7", 0.07)],
)
def test_the_queue_form_takes_scores_as_the_screens_show_them(given, fraction):
    filters = queue_filters({"score_from": given, "score_to": given})
    assert filters.score_min == pytest.approx(fraction)
    assert filters.score_max == pytest.approx(fraction)
    assert not filters.errors
    # Links carry the fraction, and read back the same.
    again = queue_filters(filters.as_query())
    assert again.score_min == pytest.approx(fraction)


@pytest.mark.parametrize("bad", ["101", "-1", "abc", "nan", "1e309", "%", "½", "8 5"])
def test_a_score_outside_0_to_100_is_explained_and_left_out(bad):
    filters = queue_filters({"score_from": bad, "category": "spam"})
    assert filters.score_min is None
    assert filters.errors == ["Scores are from 0 to 100."]
    assert filters.category == "spam"


def test_the_queue_page_shows_the_score_filter_in_percent(group, moderator_client):
    page = moderator_client.get(f"/g/{group.slug}/queue/?score_min=0.855").content.decode()
    assert 'name="score_from" value="85.5"' in page
