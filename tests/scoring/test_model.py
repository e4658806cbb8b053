"""The model on its held-out split, its explanations, and the text it sees."""

from __future__ import annotations

import pytest

from triage.scoring import services
from triage.scoring.corpus import load_corpus
from triage.scoring.evaluate import metrics
from triage.scoring.explain import weights_summary
from triage.scoring.text import normalise

pytestmark = pytest.mark.django_db


def test_normalise_folds_lookalikes_repeats_emoji_and_links():
    assert normalise("Здpaвcтвyйтe") == "здравствуйте"
    assert normalise("Hello there") == "hello there"
    assert normalise("поширтееееее!!!!") == "поширтее!!"
    assert normalise("дивіться 🙏🙏🙏 https://t.me/x") == "дивіться emojitoken urltoken"
    assert normalise("зв’язок") == "зв'язок"


def test_the_held_out_split_is_fixed_and_never_trained_on():
    examples = load_corpus()
    held = {e.id for e in examples if e.held_out}
    assert 0.1 < len(held) / len(examples) < 0.3
    assert held == {e.id for e in load_corpus() if e.held_out}


def assert_meets_the_targets(pipeline, texts: list[str], labels: list[int], name: str) -> None:
    """The issue's targets: ROC-AUC >= 0.95, recall >= 0.85 at precision 0.90, far above the
    keyword-list baseline."""
    result = metrics(labels, pipeline.predict_proba(texts)[:, 1], texts=texts)
    print(f"{name}: {result['roc_auc']=} {result['recall_at_precision_90']=} {result['baseline']=}")
    assert result["roc_auc"] >= 0.95
    assert result["recall_at_precision_90"] >= 0.85
    assert result["roc_auc"] > result["baseline"]["roc_auc"] + 0.1


def test_held_out_metrics_meet_the_targets_and_beat_the_keyword_baseline(base_model):
    held = [e for e in load_corpus() if e.held_out]
    assert_meets_the_targets(
        services.load_pipeline(base_model),
        [e.text for e in held],
        [e.label for e in held],
        "held-out",
    )


def test_explanations_point_at_the_words_that_raised_the_score(base_model):
    pipeline = services.load_pipeline(base_model)
    text = "Хто впізнає цього хлопця? Пишіть у коментарях, поширте максимально! Мама: 067 123 45 67"
    score, category, reasons = services.score_texts(pipeline, [text])[0]
    assert score > 0.5
    assert category in {"pow_solicitation", "doxxing"}
    assert any(r["weight"] > 0 for r in reasons)
    for reason in reasons:
        for start, end in reason["spans"]:
            assert 0 <= start < end <= len(text)
    phone = [r for r in reasons if r["label"] == "phone"]
    if phone:
        start, end = phone[0]["spans"][0]
        assert text[start:end] == "067 123 45 67"


def test_counter_messaging_that_quotes_a_solicitation_scores_lower(base_model):
    pipeline = services.load_pipeline(base_model)
    plea = "Хто впізнає цього хлопця на відео? Пишіть у коментарях, поширте максимально!"
    warning = (
        "Бачите допис «хто впізнає, пишіть у коментарях, поширте»? Не поширюйте і не "
        "коментуйте — ворог збирає контакти рідних. Пишіть у Коордштаб."
    )
    plea_score = services.score_texts(pipeline, [plea])[0][0]
    warning_score = services.score_texts(pipeline, [warning])[0][0]
    assert plea_score > warning_score


def test_normalise_masks_every_digit():
    assert normalise("в/ч А1234, тел. +380 67 123-45-67") == "в/ч а0000, тел. +000 00 000-00-00"


def test_a_long_benign_post_is_not_a_removal_for_its_length(base_model):
    """Every post over 250 characters in the corpus is a removal; length alone must not count."""
    pipeline = services.load_pipeline(base_model)
    ordinary = [e.text for e in load_corpus() if e.held_out and e.category == "ordinary"][:12]
    one = services.score_texts(pipeline, ordinary[:1])[0][0]
    twelve = services.score_texts(pipeline, ["\n\n".join(ordinary)])[0][0]
    repeated = services.score_texts(pipeline, [" ".join(ordinary[:1] * 20)])[0][0]
    assert len("\n\n".join(ordinary)) > 1000
    assert twelve < 0.7, (one, twelve)
    assert abs(repeated - one) < 0.1, (one, repeated)


def test_no_personal_number_or_one_off_name_is_in_the_models_vocabulary(trained_artifact):
    """Model files outlive retention: they must not hold a post's phone, card or unit number,
    or a word seen in one post only."""
    import joblib

    from triage.scoring.features import feature_union

    directory, name, _ = trained_artifact
    names = joblib.load(directory / name).named_steps["features"].get_feature_names_out()
    assert not [n for n in names if any(c in "123456789" for c in n)]
    texts = [
        "Шукаю Мирослава Ґудзенка, в/ч А7777, тел 0671112233",
        "Загубився кіт, рудий, район Оболоні, поширте",
        "Загубився пес, рудий, район Оболоні, поширте",
    ]
    features = feature_union().fit(texts)
    words = set(dict(features.transformer_list)["words"].vocabulary_)
    assert "оболоні" in words
    assert not [w for w in words if "ґудзенк" in w or "мирослав" in w or "7777" in w]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Зв’язок з рідними — тільки через Коордштаб", "Зв’язок"),  # typographic apostrophe
        ("ПОШИРТЕЕЕЕ всім!!!", "ПОШИРТЕЕЕЕ"),  # repeated letters
        ("всім, ПОШИРТЕЕЕЕ", "ПОШИРТЕЕЕЕ"),  # ... at the very end
        ("Пишiть у коментарях", "Пишiть"),  # a Latin i inside a Cyrillic word
        ("ﬁnd him, Straße 5", "ﬁnd"),  # NFKC ligature before a case-folded ß
        ("Наші бі\u0438\u0306ці в полоні", "бі\u0438\u0306ці"),  # и + combining breve is й
        ("купуйhttps://t.me/x зараз", "купуй"),  # a URL glued to a word
    ],
)
def test_spans_point_at_the_original_spelling(text, word):
    from triage.scoring.explain import _word_spans
    from triage.scoring.text import normalise, normalise_with_positions

    label = normalise(word)
    folded, where = normalise_with_positions(text)
    spans = _word_spans(folded, where, label, len(text))
    assert spans, (folded, label)
    start, end = spans[0]
    assert text[start:end] == word


def test_reasons_are_words_a_moderator_can_read(base_model):
    """Masked numbers ("00") and function words ("там", "your") carry weight in the model but
    explain nothing: they are not shown; the signals explain the numbers."""
    pipeline = services.load_pipeline(base_model)
    texts = [e.text for e in load_corpus() if e.held_out][:150]
    labels = {
        r["label"] for _, _, reasons in services.score_texts(pipeline, texts) for r in reasons
    }
    assert labels
    assert not [label for label in labels if set(label) <= set("0 ")]
    assert not labels & {"там", "your", "из", "його", "the", "для"}
    summary = weights_summary(pipeline, top=40)
    assert not [w for w, _ in summary["up"] + summary["down"] if set(w) <= set("0 ")]


def test_the_model_meets_the_targets_on_an_independently_written_set(base_model):
    """triage/scoring/evalsets/independent.csv was written apart from the training corpus (its
    README says how); the issue's targets hold on any fair labeled set of such posts."""
    import csv
    from pathlib import Path

    import triage.scoring

    path = Path(triage.scoring.__file__).parent / "evalsets" / "independent.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) >= 150
    assert_meets_the_targets(
        services.load_pipeline(base_model),
        [r["text"] for r in rows],
        [1 if r["label"] == "remove" else 0 for r in rows],
        "independent set",
    )


def test_capitals_and_exclamations_neither_decide_a_score_nor_are_reasons(base_model):
    """How people write on Telegram is not what they write: shouting the same plea changes its
    score a little at most, and style is never given as a reason."""
    pipeline = services.load_pipeline(base_model)
    calm, loud = services.score_texts(
        pipeline,
        [
            "Шукаю брата Олега, він служив під Бахмутом. Хто бачив — напишіть, будь ласка.",
            "ШУКАЮ БРАТА ОЛЕГА!!! ВІН СЛУЖИВ ПІД БАХМУТОМ!!! ХТО БАЧИВ ПИШІТЬ!!!",
        ],
    )
    assert abs(calm[0] - loud[0]) < 0.15, (calm[0], loud[0])
    labels = {r["label"] for r in calm[2] + loud[2]}
    assert not labels & {"caps ratio", "exclamations", "caps_ratio"}


# Metamorphic checks: what a line anyone can type does to held-out posts. The lines differ from
# the ones training appends (triage.scoring.augment), so this is not a test of memory. The
# floors are today's measurements less a margin (2 December 2026: 5.4% pushed over, 87.6% still
# flagged, see README); issue 11's targets are stricter (no post crossing) and still open.
LINK_AND_HANDLE = " Деталі тут: https://t.me/novyny_kyiv_24, пишіть @oleh_k"
COUNTER_LINE = "\nНе поширюйте такі дописи і не коментуйте, звертайтеся до Координаційного штабу."
NEUTRAL_LINE = "\nВсім дякую, гарних вихідних!"


def _written_held_out(label: int):
    return [e.text for e in load_corpus() if e.held_out and not e.real and e.label == label]


def test_a_link_and_a_handle_do_not_flag_a_kept_post(base_model):
    pipeline = services.load_pipeline(base_model)
    kept = _written_held_out(0)
    before = pipeline.predict_proba(kept)[:, 1]
    after = pipeline.predict_proba([t + LINK_AND_HANDLE for t in kept])[:, 1]
    calm = before < 0.5
    crossed = float(((after >= 0.5) & calm).sum() / calm.sum())
    print(f"kept posts that a link and a handle push over 0.5: {crossed:.3f}")
    assert crossed <= 0.08


def test_a_neutral_or_counter_messaging_line_does_not_hide_a_removal(base_model):
    from sklearn.metrics import roc_auc_score

    pipeline = services.load_pipeline(base_model)
    removals, kept = _written_held_out(1), _written_held_out(0)
    flagged = pipeline.predict_proba(removals)[:, 1] >= 0.5
    neutral = pipeline.predict_proba([t + NEUTRAL_LINE for t in removals])[:, 1] >= 0.5
    still = float((neutral & flagged).sum() / flagged.sum())
    print(f"flagged removals still flagged after a neutral line: {still:.3f}")
    assert still >= 0.85
    # A counter-messaging line lowers every removal's score, but must not reorder them below
    # the posts that are kept (it was 0.30 before the model was trained against it).
    scores = pipeline.predict_proba([t + COUNTER_LINE for t in removals] + kept)[:, 1]
    auc = roc_auc_score([1] * len(removals) + [0] * len(kept), scores)
    print(f"ROC-AUC with a counter-messaging line on every removal: {auc:.3f}")
    assert auc >= 0.85


@pytest.mark.parametrize(("source", "at_most"), [("uagec", 0.05), ("tgnews", 0.05), ("tgham", 0.1)])
def test_real_posts_a_group_keeps_are_rarely_flagged(base_model, source, at_most):
    """Each real source's held-out fifth (never trained on): the share scoring 0.5 or more."""
    pipeline = services.load_pipeline(base_model)
    texts = [e.text for e in load_corpus() if e.held_out and e.real and e.id.startswith(source)]
    assert len(texts) > 50
    flagged = float((pipeline.predict_proba(texts)[:, 1] >= 0.5).mean())
    print(f"{source}: {flagged:.3f} of {len(texts)} flagged")
    assert flagged <= at_most
