"""Known enemy images, by fingerprint only (issue 15, item 5): a Telegram export uploaded as a
ZIP gives its posts 32-byte perceptual hashes of their photos, and no image byte is kept; a
removed campaign's photo hashes are shared in the bank, and a new post elsewhere with a photo
near one is a "known enemy image", handled as text matches are."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from PIL import Image

from groups.models import Group
from tests.triage.imagegen import copies, drawn, jpeg, png
from tests.triage.test_campaign_bank import arrive
from tests.triage.test_campaigns import member, removed_campaign
from triage.campaigns.bank import bank_publish, bank_withdraw
from triage.campaigns.images import (
    HASH_BYTES,
    MAX_DISTANCE,
    NotAnImage,
    as_matrix,
    distances,
    image_hash,
)
from triage.importers.formats.registry import detect_format, iter_rows
from triage.importers.services import batch_create, batch_run
from triage.models import AuditEvent, CampaignMatch, CampaignSignature, Post

pytestmark = pytest.mark.django_db

# Texts unlike the campaign's and unlike each other: only a photo can make them match.
CAPTIONS = [
    "Загубився кіт, рудий, район Оболонь, відгукується на Барсик. Поширте будь ласка!",
    "Здам квартиру в центрі Полтави, довгостроково, без тварин.",
    "Шукаємо волонтерів на склад гуманітарної допомоги у суботу, з 10 до 14.",
    "Продам дитячий велосипед, майже новий, самовивіз з Лівого берега.",
]


def distance(a: bytes, b: bytes) -> int:
    return int(distances(as_matrix(a), as_matrix(b))[0, 0])


def test_a_fingerprint_holds_for_changed_copies_and_tells_different_images_apart():
    originals = []
    for seed in range(30):
        image = drawn(seed)
        original = image_hash(jpeg(image, 90))
        assert len(original) == HASH_BYTES
        for change, data in copies(image, seed).items():
            assert distance(original, image_hash(data)) <= MAX_DISTANCE, (seed, change)
        originals.append(original)
    apart = distances(
        np.stack([as_matrix(h)[0] for h in originals]),
        np.stack([as_matrix(h)[0] for h in originals]),
    )
    others = apart[~np.eye(len(originals), dtype=bool)]
    assert others.min() > MAX_DISTANCE


def test_what_is_not_an_image_or_too_large_is_refused():
    with pytest.raises(NotAnImage, match="could not be read"):
        image_hash(b"\xff\xd8\xff not a jpeg at all")
    with pytest.raises(NotAnImage, match="too large"):
        image_hash(png(Image.new("1", (7000, 7000))))  # 49 M pixels in a few KB
    with pytest.raises(NotAnImage, match="too large"):
        image_hash(png(Image.new("1", (10000, 10000))))


# A Telegram Desktop export folder, zipped.


def message(number: int, text: str, photo: str | None = None) -> dict:
    out: dict = {
        "id": number,
        "type": "message",
        "date": "2026-12-05T10:00:00",
        "date_unixtime": str(1_765_000_000 + number),
        "from": "Олена Коваль",
        "from_id": "user42",
        "text": text,
    }
    if photo is not None:
        out["photo"] = photo
        out["width"], out["height"] = 640, 480
    return out


def export_zip(
    path: Path, messages: list[dict], members: dict[str, bytes], folder: str = "ChatExport/"
) -> Path:
    chat = {"name": "Громада", "type": "private_supergroup", "id": 1234, "messages": messages}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(folder + "result.json", json.dumps(chat, ensure_ascii=False))
        for name, data in members.items():
            archive.writestr(name if name.startswith("/") else folder + name, data)
    return path


def imported(group, user, path: Path):
    with open(path, "rb") as handle:
        batch = batch_create(
            group=group, user=user, chunks=iter([handle.read()]), filename=path.name
        )
    return batch_run(batch_id=batch.pk) if batch.status == "queued" else batch


def images_in(folder: Path, since: float = 0) -> list[Path]:
    """Files under the folder (newer than ``since``) that begin as a JPEG or PNG does."""
    found = []
    for path in folder.rglob("*") if folder.exists() else []:
        try:
            if path.is_file() and path.stat().st_mtime >= since:
                with open(path, "rb") as handle:
                    if handle.read(8).startswith((b"\xff\xd8\xff", b"\x89PNG")):
                        found.append(path)
        except OSError:
            continue  # another process's file, gone meanwhile
    return found


def test_an_export_zip_imports_posts_with_their_photo_fingerprints_and_keeps_no_image(
    group, moderator, tmp_path
):
    started = tmp_path.stat().st_mtime - 1
    photos = {f"photos/photo_{n}.jpg": jpeg(drawn(n)) for n in range(3)}
    path = export_zip(
        tmp_path / "export.zip",
        [
            message(1, CAPTIONS[0], "photos/photo_0.jpg"),
            message(2, CAPTIONS[1], "photos/photo_1.jpg"),
            message(3, CAPTIONS[2]),
            message(4, "", "photos/photo_2.jpg"),  # a photo without a caption: skipped
            message(5, CAPTIONS[3], "(File not included. Change data exporting settings.)"),
        ],
        photos,
    )
    assert detect_format(path, "export.zip") == "telegram"
    path_copy = path.read_bytes()
    path.unlink()  # the test's own copy is not what is looked for below
    upload = tmp_path / "upload.zip"
    upload.write_bytes(path_copy)
    batch = imported(group, moderator, upload)
    upload.unlink()
    assert (batch.status, batch.imported, batch.rejected) == ("done", 4, 0)
    posts = {p.external_id: p for p in Post.objects.filter(group=group)}
    assert set(posts) == {"1234:1", "1234:2", "1234:3", "1234:5"}
    assert bytes(posts["1234:1"].image_hashes) == image_hash(photos["photos/photo_0.jpg"])
    assert bytes(posts["1234:2"].image_hashes) == image_hash(photos["photos/photo_1.jpg"])
    assert bytes(posts["1234:3"].image_hashes) == b""
    assert bytes(posts["1234:5"].image_hashes) == b""
    assert posts["1234:1"].text == CAPTIONS[0]
    # No image, and no copy of result.json, anywhere Varta writes: the upload is gone too.
    uploads = Path(settings.IMPORT_UPLOAD_DIR)
    assert not [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else True
    assert images_in(Path(settings.MEDIA_ROOT)) == []
    assert images_in(Path(tempfile.gettempdir()), since=started) == []
    assert images_in(tmp_path) == []


def test_a_resumed_import_does_not_read_again_the_photos_of_the_rows_it_wrote(tmp_path):
    photos = {f"photos/photo_{n}.jpg": jpeg(drawn(n)) for n in range(2)}
    path = export_zip(
        tmp_path / "export.zip",
        [
            message(1, CAPTIONS[0], "photos/photo_0.jpg"),
            message(2, CAPTIONS[1]),
            message(3, CAPTIONS[2], "photos/photo_1.jpg"),
        ],
        photos,
    )
    every = list(iter_rows(path, "telegram", images=True))
    assert [bool(r.image_hashes) for r in every] == [True, False, True]
    resumed = list(iter_rows(path, "telegram", images=True, skip=2))
    assert [r.external_id for r in resumed] == [r.external_id for r in every]
    assert [r.image_hashes for r in resumed] == [b"", b"", every[2].image_hashes]
    # The count pass reads no photo at all.
    assert not any(r.image_hashes for r in iter_rows(path, "telegram"))


def test_hostile_members_are_skipped_with_a_line_on_their_post_and_nothing_else_is_lost(
    group, moderator, tmp_path
):
    good = jpeg(drawn(11))
    members = {
        "photos/good.jpg": good,
        "photos/bomb.png": png(Image.new("1", (10000, 10000))),
        "photos/fake.jpg": b"GIF89a? no: plain text pretending to be a photo",
        "photos/huge.jpg": b"\xff\xd8\xff" + b"\0" * (21 * 1024 * 1024),
        "photos/inner.jpg": _zip_bytes({"result.json": b"{}"}),
        "/etc/outside.jpg": good,  # an absolute name in the archive
    }
    path = export_zip(
        tmp_path / "hostile.zip",
        [
            message(1, CAPTIONS[0], "photos/good.jpg"),
            message(2, CAPTIONS[1], "../../../etc/passwd"),
            message(3, CAPTIONS[2], "photos/bomb.png"),
            message(4, CAPTIONS[3], "photos/fake.jpg"),
            message(5, "Ще один допис про збір на генератор для школи", "photos/huge.jpg"),
            message(6, "Оголошення про збори мешканців будинку в четвер", "photos/inner.jpg"),
            message(7, "Хто знає гарного сантехніка на Салтівці, підкажіть", "/etc/outside.jpg"),
            message(8, "Допис із фото, якого немає в архіві, але з підписом", "photos/gone.jpg"),
        ],
        members,
    )
    batch = imported(group, moderator, path)
    assert (batch.status, batch.imported, batch.rejected) == ("done", 8, 0)
    posts = {p.external_id: p for p in Post.objects.filter(group=group)}
    assert bytes(posts["1234:1"].image_hashes) == image_hash(good)
    expected = {
        "1234:2": "leaves the export folder",
        "1234:3": "too large",
        "1234:4": "could not be read",
        "1234:5": "larger than 20 MB",
        "1234:6": "could not be read",
        "1234:7": "leaves the export folder",
        "1234:8": "not in the ZIP",
    }
    for external_id, why in expected.items():
        post = posts[external_id]
        assert bytes(post.image_hashes) == b"", external_id
        assert any(line.startswith("photo: not read") and why in line for line in post.media), (
            external_id,
            post.media,
        )


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_without_result_json_or_hiding_it_in_another_zip_is_refused_clearly(
    group, moderator, tmp_path
):
    plain = tmp_path / "photos.zip"
    plain.write_bytes(_zip_bytes({"photos/a.jpg": jpeg(drawn(1))}))
    nested = tmp_path / "nested.zip"
    nested.write_bytes(_zip_bytes({"export.zip": _zip_bytes({"result.json": b'{"messages": []}'})}))
    for path in (plain, nested):
        batch = imported(group, moderator, path)
        assert batch.status == "refused"
        assert "holds no result.json" in batch.error
        assert batch.stored_path == ""
    assert not Post.objects.filter(group=group).exists()


def test_a_result_json_packed_like_a_bomb_is_refused(group, moderator, tmp_path):
    padding = " " * (5 * 1024 * 1024)  # JSON whitespace: 5 MB that packs to a few KB
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("result.json", '{"messages": [' + padding + "]}")
    batch = imported(group, moderator, path)
    assert batch.status == "refused"
    assert "packed suspiciously tightly" in batch.error
    assert not list(tmp_path.glob("*.result.json"))
    uploads = Path(settings.IMPORT_UPLOAD_DIR)
    assert not list(uploads.glob("*.result.json")) if uploads.exists() else True


# The bank: a removed campaign's photos, caught in another group.

ENEMY = drawn(101)


def published_with_photo(group, moderator, admin_user):
    posts = removed_campaign(group, moderator)
    Post.objects.filter(pk=posts[0].pk).update(image_hashes=image_hash(jpeg(ENEMY)))
    return bank_publish(membership=member(admin_user, group), cluster_id=posts[0].cluster_id)


def opt_in(group, how):
    Group.objects.filter(pk=group.pk).update(campaign_bank=how)


def test_a_published_campaign_shares_its_photo_fingerprints_never_photos_or_text(
    group, moderator, admin_user
):
    entry = published_with_photo(group, moderator, admin_user)
    assert bytes(entry.images) == image_hash(jpeg(ENEMY))
    assert AuditEvent.objects.get(action="campaign.publish").payload["images"] == 1
    for post in Post.objects.filter(group=group):
        for word in post.text.split()[:5]:
            assert word.encode() not in bytes(entry.images)


def test_a_known_enemy_image_is_queued_first_in_a_group_that_opted_in(
    group, moderator, admin_user, other_group, outsider_client
):
    entry = published_with_photo(group, moderator, admin_user)
    opt_in(other_group, "queue")
    altered = image_hash(copies(ENEMY, 5)["all"])  # cropped, halved, brighter, JPEG 40
    copy = arrive(other_group, CAPTIONS[0], image_hashes=altered)
    other = arrive(other_group, CAPTIONS[1], image_hashes=image_hash(jpeg(drawn(102))))
    short = arrive(other_group, "Дивіться!", image_hashes=image_hash(jpeg(ENEMY, 35)))
    plain = arrive(other_group, CAPTIONS[2])
    assert (copy.campaign, copy.status) == ("bank", "pending")
    assert short.campaign == "bank"  # too short to compare as text; its photo still counts
    assert (other.campaign, plain.campaign) == ("", "")
    match = CampaignMatch.objects.get(post=copy)
    assert (match.entry_id, match.image, match.group_id) == (entry.pk, True, other_group.pk)
    here = AuditEvent.objects.filter(action="campaign.bank_match", group=other_group).first()
    assert here.payload["image"] is True
    there = AuditEvent.objects.filter(action="campaign.bank_matched", group=group).first()
    assert there.payload["image"] is True
    pane = outsider_client.get(f"/g/{other_group.slug}/posts/{copy.pk}/?partial=1").content.decode()
    assert "Known enemy image" in pane
    assert "data-known-image" in pane
    assert group.name not in pane
    bank_page = outsider_client.get(f"/g/{other_group.slug}/campaigns/bank/").content.decode()
    assert f'data-match="{copy.pk}"' in bank_page
    assert "data-known-image" in bank_page
    # The queue's row says it too, for the photo's match only.
    queue = outsider_client.get(f"/g/{other_group.slug}/queue/").content.decode()
    rows = {
        pk: queue.split(f'&amp;post={pk}">', 1)[1].split("</a>", 1)[0]
        for pk in (copy.pk, other.pk)
        if f'&amp;post={pk}">' in queue
    }
    assert "data-known-image" in rows[copy.pk]
    assert "data-known-image" not in rows[other.pk]
    # The publishing group's own copies are its verdicts' business, not the bank's.
    own = arrive(group, CAPTIONS[3], image_hashes=altered)
    assert own.campaign != "bank"


def test_removal_mode_removes_a_known_image_but_never_a_post_sent_through_the_api(
    group, moderator, admin_user, other_group
):
    published_with_photo(group, moderator, admin_user)
    opt_in(other_group, "remove")
    altered = image_hash(copies(ENEMY, 9)["half_and_up"])
    copy = arrive(other_group, CAPTIONS[0], image_hashes=altered)
    from_api = arrive(other_group, CAPTIONS[1], image_hashes=altered, source="api")
    assert (copy.status, copy.campaign) == ("removed", "auto")
    assert (from_api.status, from_api.campaign) == ("pending", "bank")
    assert CampaignMatch.objects.filter(image=True).count() == 2


def test_a_withdrawn_campaign_or_a_group_that_opted_out_matches_no_image(
    group, moderator, admin_user, other_group
):
    entry = published_with_photo(group, moderator, admin_user)
    altered = image_hash(copies(ENEMY, 3)["jpeg"])
    assert arrive(other_group, CAPTIONS[0], image_hashes=altered).campaign == ""  # off
    opt_in(other_group, "queue")
    bank_withdraw(membership=member(admin_user, group), entry_id=entry.pk)
    assert arrive(other_group, CAPTIONS[1], image_hashes=altered).campaign == ""
    assert not CampaignMatch.objects.exists()
    assert CampaignSignature.objects.get().withdrawn_at is not None
