"""An upload over the limit is refused before Django spools it anywhere."""

from __future__ import annotations

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test.client import encode_multipart

from conftest import client_for
from triage.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def spooled(monkeypatch, settings):
    """Bytes that reached the handler that writes uploads to the temporary folder."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload would go to disk
    received = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    return received


def upload(client, group, payload: bytes, **extra):
    body = encode_multipart("BoUnDaRy", {"format": "csv", "file": _File(payload)})
    return client.post(
        f"/g/{group.slug}/imports/new/",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **extra,
    )


class _File:
    """A file-like object for encode_multipart."""

    def __init__(self, payload: bytes) -> None:
        self.payload, self.name = payload, "big.csv"

    def read(self) -> bytes:
        return self.payload


def test_an_upload_over_the_limit_is_refused_before_it_is_spooled(
    group, moderator, settings, spooled
):
    settings.VARTA_MAX_UPLOAD_BYTES = 200 * 1024
    payload = b"text\n" + b"x" * (1024 * 1024)  # 1 MB: five times the limit
    response = upload(client_for(moderator), group, payload, follow=True)
    assert response.status_code == 200
    assert "larger than the limit of 200.0\xa0KB; nothing was stored" in response.content.decode()
    assert sum(spooled) == 0  # refused on its declared length: nothing reached the disk
    assert not ImportBatch.objects.filter(group=group).exists()


def test_a_body_that_grows_past_the_limit_is_stopped_at_the_first_chunk_over_it(
    group, moderator, settings, spooled
):
    # The declared length is within the limit plus the form's room, the file is not.
    settings.VARTA_MAX_UPLOAD_BYTES = 200 * 1024
    payload = b"text\n" + b"x" * (250 * 1024)
    response = upload(client_for(moderator), group, payload, follow=True)
    assert "larger than the limit" in response.content.decode()
    assert sum(spooled) <= 200 * 1024 + 64 * 1024  # at most one chunk past the limit
    assert not ImportBatch.objects.filter(group=group).exists()


def test_an_upload_within_the_limit_is_imported_as_before(group, moderator, settings, spooled):
    settings.VARTA_MAX_UPLOAD_BYTES = 200 * 1024
    response = upload(client_for(moderator), group, "text\nПродам велосипед\n".encode())
    assert response.status_code == 302
    assert ImportBatch.objects.filter(group=group).count() == 1
    assert sum(spooled) > 0


def test_the_refusal_reaches_a_browser_that_sends_its_csrf_token_first(group, moderator, settings):
    from django.test import Client

    settings.VARTA_MAX_UPLOAD_BYTES = 200 * 1024
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(moderator)
    client.get(f"/g/{group.slug}/imports/")
    token = client.cookies["csrftoken"].value
    body = encode_multipart(
        "BoUnDaRy",
        {"csrfmiddlewaretoken": token, "format": "csv", "file": _File(b"x" * (1024 * 1024))},
    )
    response = client.post(
        f"/g/{group.slug}/imports/new/",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        follow=True,
    )
    assert response.status_code == 200  # not a CSRF failure
    assert "larger than the limit" in response.content.decode()
