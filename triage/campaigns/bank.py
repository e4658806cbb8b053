"""The installation's campaign bank (issue 15): groups share the signatures of campaigns they
removed, and groups that opt in match every incoming post against them.

What is shared is a removed cluster's MinHash signatures (a few of its copies), its category and
the title of the rule it was removed for: never text, authors, links or anything personal (a
signature is 128 minima of hashed 5-character shingles, which cannot be read back). Matching
uses the clustering's LSH bands and the same similarity threshold. The removed copies' photos
are shared too, as perceptual hashes (32 bytes each, triage.campaigns.images; Varta never keeps
a photo): a new post with a photo within MAX_DISTANCE bits of one is a "known enemy image".
A group learns of a match only "a campaign like this was removed elsewhere", with its category
and when; the publisher learns only that copies were matched somewhere. Both are audited in
their own group's log.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group, Membership, Role
from triage.audit.services import audit_record
from triage.campaigns.images import HASH_BYTES, MAX_DISTANCE, as_matrix, distances
from triage.clusters.minhash import JACCARD_THRESHOLD, NUM_PERM, bands_of
from triage.models import (
    Campaign,
    CampaignBand,
    CampaignMatch,
    CampaignSignature,
    Cluster,
    DecisionAction,
    Post,
    PostSignature,
    PostStatus,
    PostToDecide,
    Source,
)
from triage.queue.services import DecisionInput, DecisionRefused, decisions_write

# Signatures shared per campaign: as many as a cluster keeps bands for (its first copies).
SHARED_SIGNATURES = 8
# Distinct photo hashes shared per campaign.
MAX_IMAGES = 32
# Hashes looked up per query on SQLite (no arrays there).
_LOOKUP = 5000


def bank_publish(*, membership: Membership, cluster_id: int) -> CampaignSignature:
    """Share a removed campaign with the installation's other groups (admins)."""
    if not membership.has_role(Role.ADMIN):
        raise DecisionRefused(_("Only admins can share a campaign with other groups."))
    cluster = (
        Cluster.objects.select_related("verdict_rule", "verdict_decision")
        .filter(pk=cluster_id, group_id=membership.group_id)
        .first()
    )
    if cluster is None:
        raise DecisionRefused(_("This cluster does not exist in this group."))
    if cluster.verdict != "removed":
        raise DecisionRefused(
            _("Only a campaign whose every copy was removed can be shared with other groups.")
        )
    live = CampaignSignature.objects.filter(cluster=cluster, withdrawn_at__isnull=True).first()
    if live is not None:
        return live
    blobs = [
        bytes(blob)
        for blob in PostSignature.objects.filter(post__cluster=cluster)
        .exclude(minhash=b"")
        .order_by("pk")
        .values_list("minhash", flat=True)[:SHARED_SIGNATURES]
    ]
    if not blobs:
        raise DecisionRefused(_("This campaign's posts are too short to compare."))
    sigs = [np.frombuffer(blob, dtype=np.uint32) for blob in blobs]
    assert all(len(sig) == NUM_PERM for sig in sigs)
    categories = Counter(
        Post.objects.filter(cluster=cluster)
        .exclude(category="")
        .values_list("category", flat=True)[:1000]
    )
    images = _cluster_images(cluster)
    rule_title = (
        cluster.verdict_rule.title
        if cluster.verdict_rule
        else (cluster.verdict_decision.rule_title if cluster.verdict_decision else "")
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                shared = b"".join(sig.astype(np.uint32).tobytes() for sig in sigs)
                entry = CampaignSignature.objects.create(
                    group_id=membership.group_id,
                    cluster=cluster,
                    signatures=shared,
                    images=images,
                    fingerprint=entry_fingerprint(shared, images),
                    category=categories.most_common(1)[0][0] if categories else "",
                    rule_title=rule_title,
                    published_by=membership.user,
                )
        except IntegrityError:  # published by another admin meanwhile
            return CampaignSignature.objects.get(cluster=cluster, withdrawn_at__isnull=True)
        hashes = sorted({h for bands in bands_of(sigs) for h in bands})
        CampaignBand.objects.bulk_create([CampaignBand(entry=entry, hash=h) for h in hashes])
        transaction.on_commit(bank_changed)
        bank_changed()
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="campaign.publish",
            object_type="cluster",
            object_id=cluster.pk,
            payload={
                "entry": entry.pk,
                "signatures": len(sigs),
                "images": len(images) // HASH_BYTES,
                "category": entry.category,
            },
        )
    return entry


def entry_fingerprint(signatures: bytes, images: bytes) -> str:
    """What keeps one campaign once in the bank (the same as before images for one without)."""
    return hashlib.sha256(signatures + images).hexdigest()


def _cluster_images(cluster: Cluster) -> bytes:
    """The distinct photo hashes of the cluster's copies, at most MAX_IMAGES."""
    seen: list[bytes] = []
    for blob in (
        Post.objects.filter(cluster=cluster)
        .exclude(image_hashes=b"")
        .order_by("id")
        .values_list("image_hashes", flat=True)[:1000]
    ):
        for row in as_matrix(bytes(blob)):
            value = row.tobytes()
            if value not in seen and len(seen) < MAX_IMAGES:
                seen.append(value)
    return b"".join(seen)


def bank_withdraw(*, membership: Membership, entry_id: int) -> CampaignSignature:
    """Take a shared campaign back (admins of the group that shared it): it matches nothing
    from now on; the matches already made stay, saying when it was shared."""

    if not membership.has_role(Role.ADMIN):
        raise DecisionRefused(_("Only admins can withdraw a shared campaign."))
    with transaction.atomic():
        entry = (
            CampaignSignature.objects.select_for_update()
            .filter(pk=entry_id, group_id=membership.group_id)
            .first()
        )
        if entry is None:
            raise DecisionRefused(_("This shared campaign does not exist in this group."))
        if entry.withdrawn_at is None:
            entry.withdrawn_at = timezone.now()
            entry.save(update_fields=["withdrawn_at"])
            CampaignBand.objects.filter(entry=entry).delete()
            transaction.on_commit(bank_changed)
            bank_changed()
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="campaign.withdraw",
                object_type="cluster",
                object_id=entry.cluster_id or "",
                payload={"entry": entry.pk},
            )
    return entry


# The bank's band hashes, kept in each worker process and read again only when the bank changed
# (a campaign shared, withdrawn or imported): a chunk's hashes are then looked up in memory, and
# only those found are read from the database.
_HASHES: dict[str, object] = {"version": None, "hashes": np.empty(0, dtype=np.int64)}


def bank_changed() -> None:
    """This process changed the bank: read its hashes again next time (other processes see
    the change in the bank's version)."""
    _HASHES["version"] = None
    _IMAGES["version"] = None


def _bank_version() -> tuple[object, ...]:
    return tuple(
        CampaignSignature.objects.aggregate(
            last=Max("id"), withdrawn=Count("withdrawn_at"), n=Count("id")
        ).values()
    )


def _bank_hashes() -> np.ndarray:
    version = _bank_version()
    if version != _HASHES["version"]:
        _HASHES["hashes"] = np.unique(
            np.fromiter(CampaignBand.objects.values_list("hash", flat=True), dtype=np.int64)
        )
        _HASHES["version"] = version
    hashes = _HASHES["hashes"]
    assert isinstance(hashes, np.ndarray)
    return hashes


# The live bank's photo hashes, the same way: an N×32 uint8 array, with each row's entry and
# the group that shared it (-1: imported from another installation).
_IMAGES: dict[str, object] = {
    "version": None,
    "hashes": np.empty((0, HASH_BYTES), dtype=np.uint8),
    "entries": np.empty(0, dtype=np.int64),
    "groups": np.empty(0, dtype=np.int64),
}


def _bank_images() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    version = _bank_version()
    if version != _IMAGES["version"]:
        hashes, entries, groups = [], [], []
        for pk, group_id, blob in (
            CampaignSignature.objects.filter(withdrawn_at__isnull=True)
            .exclude(images=b"")
            .values_list("id", "group_id", "images")
        ):
            matrix = as_matrix(bytes(blob))
            hashes.append(matrix)
            entries += [pk] * len(matrix)
            groups += [-1 if group_id is None else group_id] * len(matrix)
        _IMAGES["hashes"] = (
            np.concatenate(hashes) if hashes else np.empty((0, HASH_BYTES), dtype=np.uint8)
        )
        _IMAGES["entries"] = np.array(entries, dtype=np.int64)
        _IMAGES["groups"] = np.array(groups, dtype=np.int64)
        _IMAGES["version"] = version
    known, entries_of, groups_of = _IMAGES["hashes"], _IMAGES["entries"], _IMAGES["groups"]
    assert isinstance(known, np.ndarray)
    assert isinstance(entries_of, np.ndarray)
    assert isinstance(groups_of, np.ndarray)
    return known, entries_of, groups_of


def bank_image_match(*, group: Group, post_ids: Sequence[int]) -> dict[int, CampaignSignature]:
    """Which of these new posts carry a photo within MAX_DISTANCE bits of one another group
    shared ("known enemy image"): the nearest such campaign per post."""
    if group.campaign_bank == Group.CampaignBank.OFF or not post_ids:
        return {}
    known, entries_of, groups_of = _bank_images()
    # A group's own shared campaigns are not matched: its verdicts handle its copies.
    others = groups_of != group.pk
    if not others.any():
        return {}
    known, entries_of = known[others], entries_of[others]
    nearest: dict[int, tuple[int, int]] = {}
    for post_id, blob in (
        Post.objects.filter(pk__in=list(post_ids), status=PostStatus.PENDING, campaign="")
        .exclude(image_hashes=b"")
        .values_list("id", "image_hashes")
    ):
        apart = distances(as_matrix(bytes(blob)), known).min(axis=0)
        best = int(np.argmin(apart))
        if int(apart[best]) <= MAX_DISTANCE:
            nearest[post_id] = (int(apart[best]), int(entries_of[best]))
    if not nearest:
        return {}
    entries = CampaignSignature.objects.in_bulk([e for _d, e in nearest.values()], field_name="pk")
    return {
        post_id: entries[entry_id]
        for post_id, (_d, entry_id) in nearest.items()
        if entry_id in entries and entries[entry_id].withdrawn_at is None
    }


def bank_images_apply(*, group: Group, post_ids: Sequence[int]) -> int:
    """Handle the new posts whose photo is a known enemy image, as text matches are."""
    return _bank_handle(group, bank_image_match(group=group, post_ids=post_ids), image=True)


def _lookup(hashes: list[int]) -> list[tuple[int, int]]:
    """(hash, entry id) of shared bands with any of these hashes: by the hash index alone (a
    join here would let SQLite's planner walk every band of the bank instead)."""
    found: list[tuple[int, int]] = []
    for start in range(0, len(hashes), _LOOKUP):
        found += list(
            CampaignBand.objects.filter(hash__in=hashes[start : start + _LOOKUP]).values_list(
                "hash", "entry_id"
            )
        )
    return found


def bank_match(
    *, group: Group, new: Sequence[tuple[int, np.ndarray]], new_bands: Sequence[list[int]]
) -> dict[int, CampaignSignature]:
    """Which of these new posts (id, signature, band hashes) match a campaign another group
    shared: a shared band, then at least the clustering's similarity with one of its
    signatures."""
    if group.campaign_bank == Group.CampaignBank.OFF or not new:
        return {}
    known = _bank_hashes()
    if not len(known):  # nothing shared on this installation
        return {}
    flat = np.array(new_bands, dtype=np.int64).ravel()
    # ``known`` is sorted: a binary search per hash (np.isin would sort the bank every time).
    at = np.minimum(np.searchsorted(known, flat), len(known) - 1)
    hit = known[at] == flat
    if not hit.any():
        return {}
    rows_of: dict[int, set[int]] = {}
    for spot in np.flatnonzero(hit).tolist():
        rows_of.setdefault(int(flat[spot]), set()).add(spot // len(new_bands[0]))
    found = _lookup(sorted(rows_of))
    if not found:
        return {}
    pairs = {(row, entry_id) for h, entry_id in found for row in rows_of.get(h, ())}
    # A group's own shared campaigns are not matched: its verdicts handle its copies.
    entries = {
        e.pk: e
        for e in CampaignSignature.objects.filter(
            pk__in={e for _row, e in pairs}, withdrawn_at__isnull=True
        ).exclude(group_id=group.pk)
    }
    threshold = int(np.ceil(JACCARD_THRESHOLD * NUM_PERM))
    matched: dict[int, CampaignSignature] = {}
    for row, entry_id in sorted(pairs):
        post_id, sig = new[row]
        entry = entries.get(entry_id)
        if entry is None or entry.withdrawn_at is not None or post_id in matched:
            continue
        shared = np.frombuffer(bytes(entry.signatures), dtype=np.uint32).reshape(-1, NUM_PERM)
        if int(np.count_nonzero(shared == sig[None, :], axis=1).max()) >= threshold:
            matched[post_id] = entry
    return matched


def bank_apply(
    *, group: Group, new: Sequence[tuple[int, np.ndarray]], new_bands: Sequence[list[int]]
) -> int:
    """Handle the new posts that match a shared campaign as the group chose: first in the queue
    (``Post.campaign`` = bank), or removed by Varta. Posts already handled by the group's own
    campaigns are left as they are. Audited in both groups. Returns the posts matched."""
    return _bank_handle(group, bank_match(group=group, new=new, new_bands=new_bands), image=False)


def _bank_handle(group: Group, matched: dict[int, CampaignSignature], *, image: bool) -> int:
    if not matched:
        return 0
    waiting = set(
        Post.objects.filter(
            pk__in=list(matched), status=PostStatus.PENDING, campaign=""
        ).values_list("pk", flat=True)
    )
    if not waiting:
        return 0
    CampaignMatch.objects.bulk_create(
        [
            CampaignMatch(
                group=group,
                post_id=post_id,
                entry=matched[post_id],
                category=matched[post_id].category,
                image=image,
                published_at=matched[post_id].published_at,
            )
            for post_id in sorted(waiting)
        ],
        ignore_conflicts=True,
    )
    by_entry: dict[int, list[int]] = {}
    for post_id in sorted(waiting):
        by_entry.setdefault(matched[post_id].pk, []).append(post_id)
    remove = group.campaign_bank == Group.CampaignBank.REMOVE
    # What an API token sent is never removed without a person (its holder chose its text and
    # ids): it goes first in the queue as a match.
    from_api = set(
        Post.objects.filter(pk__in=sorted(waiting), source=Source.API).values_list("pk", flat=True)
    )
    for entry_id, post_ids in by_entry.items():
        entry = matched[post_ids[0]]
        removed = [pid for pid in post_ids if pid not in from_api] if remove else []
        if removed:
            _remove_matches(group, entry, removed)
        Post.objects.filter(pk__in=[pid for pid in post_ids if pid not in removed]).update(
            campaign=Campaign.BANK
        )
        audit_record(
            group=group,
            actor=None,
            action="campaign.bank_match",
            object_type="post",
            object_id=post_ids[0],
            payload={
                "entry": entry_id,
                "posts": post_ids[:100],
                "matched": len(post_ids),
                "removed": len(removed),
                "category": entry.category,
                "image": image,
            },
        )
        # The publisher hears that its campaign was met again, never where.
        audit_record(
            group=entry.group,
            actor=None,
            action="campaign.bank_matched",
            object_type="cluster",
            object_id=entry.cluster_id or "",
            payload={"entry": entry_id, "copies": len(post_ids), "image": image},
        )
    return len(waiting)


def _remove_matches(group: Group, entry: CampaignSignature, post_ids: list[int]) -> None:

    posts = PostToDecide.read(
        Post.objects.select_for_update().filter(pk__in=post_ids, status=PostStatus.PENDING)
    )
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        status=PostStatus.REMOVED,
        version=F("version") + 1,
        decided_at=timezone.now(),
        claimed_by=None,
        claimed_until=None,
        campaign=Campaign.AUTO,
    )
    decisions_write(
        group=group,
        user=None,
        posts=posts,
        data=DecisionInput(action=DecisionAction.REMOVE),
        rule=None,
        rule_title=_("Campaign removed by another group: %(rule)s") % {"rule": entry.rule_title},
    )
