"""Clustering reads Latin look-alike letters inside Cyrillic words as Cyrillic (normalise), so a
bot that swaps other letters in each copy does not make each copy look new; migration 0033
computes again the signatures that this changes."""

from __future__ import annotations

import random

import numpy as np
import pytest
from django.db import connection

from tests.factories import make_post
from tests.triage.migrating import migrated_back_to
from tests.triage.test_clustering import EDGES, minhash_by_definition
from triage.clusters import minhash
from triage.clusters.evaluation import (
    CLUSTERING_SETS,
    SETS,
    Record,
    clustering_evaluate,
    records_read,
)
from triage.clusters.minhash import bands_of, normalise, signatures
from triage.clusters.services import posts_cluster
from triage.models import Cluster, ClusterBand, Post, PostSignature
from triage.scoring.text import LOOKALIKE

SPAM = (
    "Здравствуйте! Предлагаю работу из дома, заработок от 3000 грн в день без вложений. "
    "Пишите в личку, места ограничены, успейте до конца недели!"
)
# Cyrillic letters and the Latin ones spam puts in their place.
SWAPS = {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i"}


def _swapped(text: str, rng: random.Random, share: float = 0.3) -> str:
    return "".join(SWAPS[c] if c in SWAPS and rng.random() < share else c for c in text)


def test_lookalikes_inside_cyrillic_words_read_as_cyrillic_and_nothing_else_changes():
    assert normalise("Здpaвcтвyйтe! Пpoпoнyю poбoтy") == "здравствуйте пропоную роботу"
    assert normalise("3апит на 3000 грн") == "запит на 3000 грн"
    # Latin words, codes and numbers stay as they are, also beside Cyrillic ones.
    assert normalise("iPhone 16 Pro Max у Києві, Mavic 3T") == "iphone 16 pro max у києві mavic 3t"
    assert normalise("в/ч A4417, тел. 0671234567") == "в ч a4417 тел 0671234567"
    assert normalise("Hello, world") == "hello world"


def test_a_chunk_finds_and_folds_exactly_the_texts_normalise_folds():
    # Look-alikes first and last in a text, at the edge between two texts (a Cyrillic ending,
    # then a Latin beginning), in codes and numbers, in short texts, and in every set's posts.
    texts = [
        "oпис",
        "привіт",
        "ok тест на зв'язок, усе гаразд",
        "опис усього, що сталося вчора ввечері: pоман",
        "А3000 і 3апит",
        "aб",
        "Hello there, nothing to fold",
        *EDGES,
        *(r.text for name in CLUSTERING_SETS for r in records_read(SETS / name)),
    ]
    texts += [_swapped(text, random.Random(len(text))) for text in texts[-300:]]
    norms = [minhash._unfolded(text) for text in texts]
    kept = [norm for norm in norms if norm]
    pieces = [minhash._points(norm) for norm in kept]
    begins = np.cumsum([0] + [len(piece) for piece in pieces[:-1]])
    found = set(minhash._with_lookalikes(np.concatenate(pieces), begins).tolist())
    expected = {
        row for row, norm in enumerate(kept) if minhash._LOOKALIKE_NEXT_TO_CYRILLIC.search(norm)
    }
    assert found == expected
    assert len(expected) > 300
    for text, sig in zip(texts, signatures(texts), strict=True):
        alone = minhash_by_definition(text)  # through normalise, one text at a time
        assert (sig is None) == (alone is None), text
        assert sig is None or np.array_equal(sig, alone), text


def test_a_lookalike_is_folded_to_one_letter_and_words_fold_on_their_own():
    # signatures() folds a chunk's code points in place, which needs one letter for one.
    assert all(len(chr(key)) == len(value) == 1 for key, value in LOOKALIKE.items())
    # Whether a word is folded does not depend on the rest of its text: "dianа" (a Cyrillic а
    # after a Latin n, which looks like no Cyrillic letter) stays as it is beside a folded word.
    assert normalise("dianа") == "dianа"
    assert normalise("dianа Здpaвcтвyйтe") == "dianа здравствуйте"


def test_copies_with_other_letters_swapped_have_the_same_signature():
    rng = random.Random(3)
    copies = [_swapped(SPAM, rng) for _ in range(5)]
    assert len(set(copies)) == 5
    first, *rest = signatures([SPAM, *copies])
    assert all(np.array_equal(first, sig) for sig in rest)


@pytest.mark.django_db
def test_a_campaign_whose_copies_swap_letters_at_random_is_one_cluster(group):
    rng = random.Random(5)
    posts = [make_post(group, _swapped(SPAM, rng, share=0.5)) for _ in range(20)]
    other = make_post(group, "Загубився рудий кіт на Оболоні, відгукується на Барсик, дзвоніть")
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in [*posts[:10], other]])
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts[10:]])
    clusters = dict(Post.objects.filter(group=group).values_list("id", "cluster_id"))
    assert {clusters[p.pk] for p in posts} == {clusters[posts[0].pk]}
    assert clusters[posts[0].pk] is not None
    assert clusters[other.pk] is None


@pytest.mark.django_db
def test_the_independent_set_with_letters_swapped_in_every_copy_keeps_its_recall():
    # Each family's copies (not its first post) with 30% of the swappable letters swapped: as
    # many pairs are found as in the set as written. (Without the fold, 0.080 of the pairs.)
    rng = random.Random(1)
    seen: set[str] = set()
    plain, swapped = [], []
    for record in records_read(SETS / "clustering_independent.jsonl"):
        if record.family is None or record.family not in seen:
            text = record.text
        else:
            text = _swapped(record.text, rng)
        if record.family is not None:
            seen.add(record.family)
        plain.append(record)
        swapped.append(Record(text=text, family=record.family))
    as_written = clustering_evaluate(plain)
    with_swaps = clustering_evaluate(swapped)
    print(f"as written {as_written.recall:.3f}, letters swapped {with_swaps.recall:.3f}")
    assert with_swaps.recall >= as_written.recall - 0.01
    assert with_swaps.precision >= 0.94


def _stored_bands(post_id: int) -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT band, hash FROM triage_clusterband WHERE post_id = %s ORDER BY band",
            [post_id],
        )
        return list(cursor.fetchall())


def _fullwidth(text: str) -> str:
    """Every Latin letter spelt in its fullwidth form ("ｐ"), which NFKC reads as "p"."""
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "a" <= c <= "z" else c for c in text)


@pytest.mark.django_db(transaction=True)
def test_migration_0033_folds_the_signatures_it_changes_and_only_those(group, monkeypatch):
    rng = random.Random(7)
    spam = make_post(group, _swapped(SPAM, rng))
    wide = make_post(group, _fullwidth(_swapped(SPAM, rng)))
    plain = make_post(group, "Збираємо на генератор для школи у Слов'янську, звіт буде в понеділок")
    english = make_post(group, "Volunteers meet at the station on Saturday, bring warm clothes")
    short = make_post(group, "Дякую!")
    # Too short to compare once folded (one distinct shingle), three shingles before.
    shrinking = make_post(group, "ааaааaааa")
    # The rest of the campaign: past its REPRESENTATIVES, these keep no bands.
    more = [make_post(group, _swapped(SPAM, rng)) for _ in range(8)]
    # Its text purged (retention empties a post and keeps its row).
    purged = make_post(group, _swapped(SPAM, rng))
    posts_cluster(
        group_id=group.pk,
        post_ids=[spam.pk, wide.pk, plain.pk, english.pk, short.pk, shrinking.pk, purged.pk],
    )
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in more])
    Post.objects.filter(pk=purged.pk).update(text="")
    swapped = [spam, wide, *more]
    folded = {post.pk: signatures([post.text])[0] for post in swapped}
    stored = dict(PostSignature.objects.values_list("post_id", "minhash"))
    for post in swapped:
        sig = folded[post.pk]
        assert sig is not None
        assert np.array_equal(np.frombuffer(bytes(stored[post.pk]), dtype=np.uint32), sig)
    assert bytes(stored[short.pk]) == b""
    # As the code before the fold left them: the swapped posts' signatures (and the purged
    # one's) unfolded, with bands for those that held them; the shrinking post compared, alone.
    holding = {post.pk for post in [*swapped, purged] if _stored_bands(post.pk)}
    assert any(post.pk not in holding for post in more)  # past the representatives
    for post in [*swapped, purged, shrinking]:
        with monkeypatch.context() as patched:
            patched.setattr(minhash, "_folded", lambda norm: norm)
            unfolded = signatures([post.text])[0]  # the purged post's text as it was
        assert unfolded is not None
        if post in swapped:
            assert not np.array_equal(unfolded, folded[post.pk])
        PostSignature.objects.filter(pk=post.pk).update(minhash=unfolded.tobytes())
        ClusterBand.objects.filter(post_id=post.pk).delete()
        if post.pk in holding or post == shrinking:
            ClusterBand.objects.bulk_create(
                [
                    ClusterBand(group_id=group.pk, band=band, hash=value, post_id=post.pk)
                    for band, value in enumerate(bands_of([unfolded])[0])
                ]
            )
    unchanged = PostSignature.objects.exclude(pk__in=[*folded, shrinking.pk])
    others = {pk: bytes(blob) for pk, blob in unchanged.values_list("pk", "minhash")}
    assert purged.pk in others
    other_bands = {pk: _stored_bands(pk) for pk in others}
    representatives = dict(Cluster.objects.values_list("pk", "representatives"))

    with migrated_back_to("triage", "0032_clustering_mark"):
        pass  # back, it changes nothing; forward again, it folds

    for post in swapped:
        signature = bytes(PostSignature.objects.get(pk=post.pk).minhash)
        sig = folded[post.pk]
        assert sig is not None
        assert np.array_equal(np.frombuffer(signature, dtype=np.uint32), sig)
        expected = list(enumerate(bands_of([sig])[0])) if post.pk in holding else []
        assert _stored_bands(post.pk) == expected
    # Too short once folded: an empty signature and no bands, as clustering leaves such a post.
    assert bytes(PostSignature.objects.get(pk=shrinking.pk).minhash) == b""
    assert _stored_bands(shrinking.pk) == []
    assert dict(Cluster.objects.values_list("pk", "representatives")) == representatives
    # The purged post (no text to fold), the plain, English and short ones: as they were.
    assert {pk: bytes(blob) for pk, blob in unchanged.values_list("pk", "minhash")} == others
    assert {pk: _stored_bands(pk) for pk in others} == other_bands
    # A copy with other letters swapped, arriving after the upgrade, joins the campaign.
    copy = make_post(group, _swapped(SPAM, rng))
    posts_cluster(group_id=group.pk, post_ids=[copy.pk])
    clusters = dict(Post.objects.values_list("pk", "cluster_id"))
    assert clusters[copy.pk] is not None
    assert {clusters[p.pk] for p in [copy, *swapped]} == {clusters[spam.pk]}
