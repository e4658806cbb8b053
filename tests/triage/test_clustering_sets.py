"""Clustering measured on copies nobody here wrote: a set written by a separate session from the
issue and the taxonomy alone, and real public posts whose look-alikes a separate session sorted
into copies and different posts (triage/lib/evalsets/README.md); the evaluate_clustering command
that reads them; and the pair counting both rest on."""

from __future__ import annotations

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command

from groups.models import Group
from tests.triage.families import pair_scores as pair_scores_by_pairs
from triage.clusters import evaluation
from triage.clusters.evaluation import (
    CLUSTERING_SETS,
    SETS,
    clustering_evaluate,
    clusters_found,
    pair_scores,
    records_read,
)
from triage.models import (
    AuditChain,
    AuditEvent,
    Cluster,
    ClusterBand,
    ClusteringMark,
    Post,
    PostSignature,
    UnclusteredPost,
)

pytestmark = pytest.mark.django_db

INDEPENDENT = SETS / "clustering_independent.jsonl"
REAL = SETS / "clustering_real.jsonl"
SECOND = SETS / "clustering_second.jsonl"
# (precision, recall) below which a change is a regression: what they measured on 7 December
# 2026, less 0.001 (the figures are exact: the signatures are seeded, the chunks fixed). The
# independent set: precision 0.948, recall 0.785 when it came in, 0.949 and 0.797 once
# look-alike letters were folded (0.944 without its 19 translated posts, which no spelling can
# match). The second, written after the fold: 0.903 and 0.796 (0.902 and 0.765 without it). The
# real set: 0.484 and 0.680 in imports of 1,000, 0.489 and 0.696 a few at a time, 0.480 and 0.680
# among every real post; most clustered pairs its sessions call different are one template with
# other figures, or two translations of one passage (README, "How well copies are found").
FLOORS = {INDEPENDENT.name: (0.948, 0.796), SECOND.name: (0.902, 0.795), REAL.name: (0.479, 0.679)}


def test_pairs_are_counted_as_going_through_every_pair_would():
    rng = random.Random(5)
    for _ in range(200):
        n = rng.randint(0, 30)
        labels = [rng.choice([None, "a", "b", "c", "d"]) for _ in range(n)]
        clusters = [rng.choice([None, 1, 2, 3]) for _ in range(n)]
        scores = pair_scores(labels, clusters)
        # The tests' own count, pair by pair (its labels and clusters are numbers).
        names = {None: None, "a": 1, "b": 2, "c": 3, "d": 4}
        expected = pair_scores_by_pairs([names[label] for label in labels], clusters)
        assert (scores.precision, scores.recall) == pytest.approx(expected)


def test_the_posts_that_part_from_their_family_or_join_another_are_named():
    labels = ["a", "a", "a", "b", "b", None, None]
    clusters = [1, 1, None, 1, 2, 2, None]
    scores = pair_scores(labels, clusters)
    assert (scores.true_pairs, scores.predicted_pairs, scores.found_pairs) == (4, 4, 1)
    # Post 2 is alone. b's posts are split one and one: the home of a family in a tie is the
    # cluster its first post is in, so post 4 is apart, and post 3 joined a's cluster.
    assert [index for index, _f, _c in scores.apart] == [2, 4]
    assert [(index, family) for index, family, _c in scores.joined] == [(3, "b"), (5, None)]
    # A family none of whose posts was clustered: every one of them is apart; of c, the two
    # left alone (its home is where its one clustered post is).
    scores = pair_scores(["a", "a", "c", "c", "c"], [None, None, 7, None, None])
    assert scores.recall == 0.0
    assert [index for index, _f, _c in scores.apart] == [0, 1, 3, 4]
    with pytest.raises(ValueError, match="one cluster per label"):
        pair_scores(["a"], [])


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("", "no posts"),
        ("\n  \n", "no posts"),
        ("{not json\n", "line 1: not JSON"),
        ('{"text": "a", "family": null}\n[1, 2]\n', "line 2: not an object"),
        ('{"family": "F1"}\n', "line 1: no text"),
        ('{"text": "   ", "family": "F1"}\n', "line 1: no text"),
        ('{"text": 5, "family": "F1"}\n', "line 1: no text"),
        ('{"text": "a", "family": 3}\n', "line 1: family must be a name or null"),
        ('{"text": "a", "family": ""}\n', "line 1: family must be a name or null"),
        ('{"text": "a", "family": ["F1"]}\n', "line 1: family must be a name or null"),
        ('{"text": "\\u0000", "family": null}\n', "line 1: no text"),
        ("[" * 100_000 + "\n", "line 1: not JSON \\(nested too deep\\)"),
    ],
)
def test_a_malformed_set_is_refused_naming_its_line(tmp_path, content, error):
    path = tmp_path / "set.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        records_read(path)


def test_a_set_too_large_for_one_transaction_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(evaluation, "MAX_POSTS", 3)
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "a", "family": null}\n' * 4, encoding="utf-8")
    with pytest.raises(ValueError, match="more than 3 posts"):
        records_read(path)
    monkeypatch.setattr(evaluation, "MAX_LINE", 50)
    path.write_text('{"text": "' + "a" * 60 + '", "family": null}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: longer than 50 characters"):
        records_read(path)


def test_a_set_is_read_as_an_import_reads_text_and_keeps_its_line_numbers(tmp_path):
    path = tmp_path / "set.jsonl"
    lines = [
        '{"text": "  перший\\u0000 допис ", "family": "F1"}',
        "",
        '{"text": "другий \\ud800 допис", "family": null}',
    ]
    # A byte-order mark first, as some editors write one.
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    records = records_read(path)
    assert [(r.text, r.family, r.line) for r in records] == [
        ("перший допис", "F1", 1),
        ("другий \ufffd допис", None, 3),
    ]


def _tables() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Group,
            Post,
            UnclusteredPost,
            PostSignature,
            Cluster,
            ClusterBand,
            ClusteringMark,
            AuditEvent,
            AuditChain,
        )
    )


@pytest.mark.django_db(transaction=True)
def test_an_evaluation_clusters_copies_and_leaves_nothing_behind(group):
    # Outside a test's transaction, as the command runs: the evaluation's own transaction is
    # the outermost, and its rollback is what takes every row back.
    copy = "Терміново! Шукаємо бійця третього батальйону, хто знає щось, пишіть у коментарях"
    before = _tables()
    clusters = clusters_found(
        [copy, "UPD: " + copy + " 🙏", "Зовсім інший допис про збір на генератор для школи"],
        step=1,
    )
    assert clusters[0] is not None
    assert clusters[0] == clusters[1]
    assert clusters[2] is None
    assert _tables() == before
    with pytest.raises(ValueError, match="step"):
        clusters_found(["a"], step=0)


@pytest.mark.parametrize("name", CLUSTERING_SETS)
def test_the_sets_are_well_formed_and_attributed(name):
    records = records_read(SETS / name)
    families = {r.family for r in records if r.family is not None}
    assert len(records) >= 300
    assert len(families) >= 40
    assert name in (SETS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CLUSTERING_SETS)
@pytest.mark.parametrize("step", [1000, 7])
def test_copies_nobody_here_wrote_are_clustered(name, step):
    # In imports of 1,000 and of 7 posts: a family's later copies then meet only the stored
    # bands of its representatives.
    scores = clustering_evaluate(records_read(SETS / name), step=step)
    print(f"{name} step {step}: precision {scores.precision:.3f} recall {scores.recall:.3f}")
    precision, recall = FLOORS[name]
    assert scores.precision >= precision, scores.joined
    assert scores.recall >= recall, scores.apart


def test_among_every_real_post_the_labeled_copies_are_found_and_nothing_else_joins(
    shared_fixtures,
):
    # The real set holds the posts that look alike; here they are among every other real post
    # of ../shared (labeled posts by their source, every other post a post of its own).
    family_of = {}
    for line in (REAL).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        family_of[row["source"]] = row["family"]
    texts, labels = [], []
    for path in sorted((shared_fixtures / "real_keep").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row["text"])
            labels.append(family_of.pop(row.get("source"), None))
    for name in ("spam", "ham"):
        path = shared_fixtures / "spam" / f"tg-spam_{name}-samples.txt"
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if line.strip():
                texts.append(line)
                source = f"umputun/tg-spam@e14d516e:data/{name}-samples.txt#L{number}"
                labels.append(family_of.pop(source, None))
    assert not family_of, "every labeled post is found among the real posts"
    scores = pair_scores(labels, clusters_found(texts))
    print(f"every real post: precision {scores.precision:.3f} recall {scores.recall:.3f}")
    precision, recall = FLOORS[REAL.name]
    assert scores.precision >= precision, scores.joined
    assert scores.recall >= recall, scores.apart


def test_the_command_reports_a_set_and_refuses_bad_input(tmp_path):
    path = tmp_path / "mine.jsonl"
    copy = "Увага! Збираємо на дрони для 47 бригади, картка у коментарях, поширте будь ласка"
    rows = [
        {"text": copy, "family": "F1"},
        {"text": copy + " UPD: зібрали половину", "family": "F1"},
        {"text": "Котика знайшли біля парку, шукаємо господарів", "family": None},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_clustering", str(path), "--missed", stdout=out)
    assert "mine.jsonl: 3 posts, 1 families; pair precision 1.000" in out.getvalue()
    assert "recall 1.000 (1 of 1 copy pairs)" in out.getvalue()
    out = io.StringIO()
    call_command("evaluate_clustering", str(path), "--json", "--step", "1", stdout=out)
    assert json.loads(out.getvalue())["mine.jsonl"]["found_pairs"] == 1

    # --missed names the file's lines: here the copy left alone is on line 3, after a blank one.
    alone = tmp_path / "alone.jsonl"
    alone.write_text(
        "\n".join(
            [
                json.dumps(rows[0], ensure_ascii=False),
                "",
                json.dumps(
                    {"text": "Зовсім інший текст про зустріч волонтерів у суботу", "family": "F1"},
                    ensure_ascii=False,
                ),
            ]
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("evaluate_clustering", str(alone), "--missed", stdout=out)
    assert "apart from F1 (not clustered), line 1: " in out.getvalue()
    assert "apart from F1 (not clustered), line 3: " in out.getvalue()
    out = io.StringIO()
    call_command("evaluate_clustering", str(alone), "--json", stdout=out)
    assert json.loads(out.getvalue())["alone.jsonl"]["apart"] == [1, 3]

    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.jsonl").write_text(path.read_text(encoding="utf-8"))
    with pytest.raises(CommandError, match=r"Two sets are named mine\.jsonl"):
        call_command("evaluate_clustering", str(path), str(tmp_path / "other" / "mine.jsonl"))
    with pytest.raises(CommandError, match="No such file"):
        call_command("evaluate_clustering", str(tmp_path / "absent.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"text": "a", "family": null}\n\xff\xfe')
    with pytest.raises(CommandError, match="not a labeled clustering set"):
        call_command("evaluate_clustering", str(bad))
    bad.write_text('{"text": "a"}\n{"text": "b", "family": 7}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: family must be a name or null"):
        call_command("evaluate_clustering", str(bad))
    with pytest.raises(CommandError, match="--step must be at least 1"):
        call_command("evaluate_clustering", str(path), "--step", "0")
