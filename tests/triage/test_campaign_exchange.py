"""Exchange of the campaign bank between installations (issue 15): a versioned JSON file with a
manifest, read strictly, holding no text, author or personal data."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import verify_second_factor
from groups.models import Group
from tests.triage.test_campaign_bank import arrive, published
from tests.triage.test_campaigns import COPIES, NEW_COPY, member, removed_campaign
from triage.campaigns.bank import bank_publish
from triage.campaigns.exchange import ExchangeError, bank_export, bank_import, bank_read
from triage.models import AuditEvent, CampaignBand, CampaignSignature, Post

pytestmark = pytest.mark.django_db


# Two photo fingerprints the campaign's copies carried (32 bytes each; never the photos).
PHOTOS = (bytes(range(32)), bytes(range(100, 132)))


def exported(group, moderator, admin_user):
    copies = removed_campaign(group, moderator)
    Post.objects.filter(pk=copies[0].pk).update(image_hashes=PHOTOS[0] + PHOTOS[1])
    Post.objects.filter(pk=copies[1].pk).update(image_hashes=PHOTOS[0])
    bank_publish(membership=member(admin_user, group), cluster_id=copies[0].cluster_id)
    Post.objects.filter(group=group).update(author="Олена Коваль", category="pow_solicitation")
    return bank_export(installation="Kharkiv Varta")


def document(data):
    return json.loads(data.decode("utf-8"))


def resealed(doc):
    """The document with its manifest made to match its (edited) entries."""
    canonical = json.dumps(
        doc["entries"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    doc["manifest"]["sha256"] = hashlib.sha256(canonical).hexdigest()
    doc["manifest"]["count"] = len(doc["entries"])
    return json.dumps(doc).encode()


def test_the_file_holds_signatures_and_no_text_author_group_or_personal_data(
    group, moderator, admin_user
):
    data = exported(group, moderator, admin_user)
    doc = document(data)
    assert doc["format"] == "varta-campaign-signatures"
    assert doc["version"] == 2
    assert doc["manifest"]["installation"] == "Kharkiv Varta"
    assert doc["manifest"]["count"] == 1
    [entry] = doc["entries"]
    assert set(entry) == {"category", "rule_title", "published_at", "signatures", "images"}
    assert len(entry["signatures"]) == len(COPIES)
    # The photos' fingerprints, each once, as hex: 32 bytes per photo, nothing else of them.
    assert entry["images"] == [PHOTOS[0].hex(), PHOTOS[1].hex()]
    text = data.decode("utf-8")
    for post in Post.objects.filter(group=group):
        for word in set(post.text.split()):
            if len(word) > 3:
                assert word not in text
    for secret in ("Олена", "Коваль", group.name, group.slug, "Іванова", "Полтавщини"):
        assert secret not in text


def test_a_file_imported_elsewhere_catches_the_campaign_and_is_kept_once(
    group, moderator, admin_user, other_group
):
    data = exported(group, moderator, admin_user)
    CampaignSignature.objects.all().delete()  # another installation: an empty bank
    result = bank_import(data)
    assert (result.origin, result.imported, result.already) == ("Kharkiv Varta", 1, 0)
    entry = CampaignSignature.objects.get()
    assert entry.group is None
    assert entry.origin == "Kharkiv Varta"
    assert CampaignBand.objects.filter(entry=entry).exists()
    assert bank_import(data).already == 1
    assert CampaignSignature.objects.count() == 1
    assert bytes(entry.images) == PHOTOS[0] + PHOTOS[1]
    Group.objects.filter(pk=other_group.pk).update(campaign_bank="queue")
    copy = arrive(other_group, NEW_COPY)
    assert copy.campaign == "bank"
    event = AuditEvent.objects.filter(action="campaign.bank_import").first()
    assert event.payload == {"origin": "Kharkiv Varta", "imported": 1, "already": 0}


def _hostile(data):
    doc = document(data)
    entry = doc["entries"][0]
    one_sig = entry["signatures"][0]
    cases = {
        "not json": b"\xff\xfe not json",
        "a list": b"[]",
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "other format": json.dumps({**doc, "format": "hma"}).encode(),
        "version 3": json.dumps({**doc, "version": 3}).encode(),
        "version text": json.dumps({**doc, "version": "2"}).encode(),
        "version true": json.dumps({**doc, "version": True}).encode(),
        "extra field": json.dumps({**doc, "extra": 1}).encode(),
        "tampered": json.dumps({**doc, "entries": [{**entry, "category": "ordinary"}]}).encode(),
        "count": json.dumps({**doc, "manifest": {**doc["manifest"], "count": 2}}).encode(),
        "no name": resealed({**doc, "manifest": {**doc["manifest"], "installation": " "}}),
        "naive time": resealed(
            {**doc, "manifest": {**doc["manifest"], "created": "2026-12-05T10:00:00"}}
        ),
    }
    changes: dict[str, dict[str, Any]] = {
        "category": {"category": "Spam'; DROP TABLE"},
        "rule control": {"rule_title": "rule\u202eevil"},
        "rule long": {"rule_title": "x" * 201},
        "bad base64": {"signatures": ["!!!"]},
        "short sig": {"signatures": [base64.b64encode(b"\0" * 100).decode()]},
        "no sigs": {"signatures": []},
        "many sigs": {"signatures": [one_sig] * 9},
        "sig number": {"signatures": [12345]},
        "when": {"published_at": "yesterday"},
        "entry extra": {"text": "Іванов Петро"},
        "image short": {"images": ["ab" * 31]},
        "image long": {"images": ["ab" * 33]},
        "image not hex": {"images": ["zz" * 32]},
        "image upper": {"images": ["AB" * 32]},
        "image number": {"images": [12345]},
        "image spaces": {"images": [" " + "ab" * 31 + " "]},
        "images not list": {"images": "ab" * 32},
        "many images": {"images": ["ab" * 32] * 33},
    }
    for name, change in changes.items():
        cases[name] = resealed({**doc, "entries": [{**entry, **change}]})
    return cases


def test_every_malformed_file_is_refused_whole_with_a_clear_error(group, moderator, admin_user):
    data = exported(group, moderator, admin_user)
    CampaignSignature.objects.all().delete()
    for name, hostile in _hostile(data).items():
        with pytest.raises(ExchangeError) as refused:
            bank_read(hostile)
        assert str(refused.value), name
        with pytest.raises(ExchangeError):
            bank_import(hostile)
        assert not CampaignSignature.objects.exists(), name
    with pytest.raises(ExchangeError, match="50 MB"):
        bank_read(b" " * (50 * 1024 * 1024 + 1))


def test_the_commands_write_and_read_the_file(group, moderator, admin_user, tmp_path):
    published(group, moderator, admin_user)
    out = tmp_path / "bank.json"
    call_command("export_signatures", "-o", str(out), "--installation", "Lviv")
    assert document(out.read_bytes())["manifest"]["installation"] == "Lviv"
    CampaignSignature.objects.all().delete()
    call_command("import_signatures", str(out))
    assert CampaignSignature.objects.get().origin == "Lviv"
    with pytest.raises(CommandError, match="No file"):
        call_command("import_signatures", str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_bytes(out.read_bytes().replace(b'"version": 2', b'"version": 7'))
    with pytest.raises(CommandError, match="Refused, nothing imported"):
        call_command("import_signatures", str(broken))
    with pytest.raises(CommandError, match="folder"):
        call_command("export_signatures", "-o", str(tmp_path / "no" / "bank.json"))
    with pytest.raises(CommandError, match="installation"):
        call_command("export_signatures", "-o", str(out), "--installation", "bad\x00name")


def test_only_staff_exchange_the_bank_on_its_page(group, moderator, admin_user, admin_client_):
    published(group, moderator, admin_user)
    url = f"/g/{group.slug}/campaigns/bank/"
    assert "data-bank-export" not in admin_client_.get(url).content.decode()
    assert admin_client_.post(url + "export/").status_code == 403
    assert admin_client_.post(url + "import/").status_code == 403
    admin_user.is_staff = True
    admin_user.save()
    staff = Client(headers={"accept-language": "en"})
    staff.force_login(admin_user)
    verify_second_factor(staff, admin_user)  # staff exchange the bank verified, always
    assert "data-bank-export" in staff.get(url).content.decode()
    download = staff.post(url + "export/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    data = download.content
    CampaignSignature.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = staff.post(
        url + "import/",
        {"file": SimpleUploadedFile("bank.json", data, "application/json")},
        follow=True,
    ).content.decode()
    assert "campaigns added: 1; already in the bank: 0." in page
    page = staff.post(
        url + "import/",
        {"file": SimpleUploadedFile("bank.json", b"{nope", "application/json")},
        follow=True,
    ).content.decode()
    assert "Refused, nothing imported: The file is not JSON in UTF-8." in page
    page = staff.post(url + "import/", {}, follow=True).content.decode()
    assert "Choose a campaign bank file" in page


def test_a_version_1_file_without_images_is_still_read(group, moderator, admin_user, other_group):
    doc = document(exported(group, moderator, admin_user))
    CampaignSignature.objects.all().delete()
    doc["version"] = 1
    doc["entries"] = [{k: v for k, v in entry.items() if k != "images"} for entry in doc["entries"]]
    result = bank_import(resealed(doc))
    assert (result.imported, result.already) == (1, 0)
    entry = CampaignSignature.objects.get()
    assert bytes(entry.images) == b""
    # A version 1 file has no images field: one that has it is refused.
    doc["entries"][0]["images"] = []
    with pytest.raises(ExchangeError, match="exactly these fields"):
        bank_read(resealed(doc))
