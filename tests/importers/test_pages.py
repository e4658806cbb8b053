"""The import pages: paste, upload, column mapping, progress, result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.importers.conftest import DATA
from triage.models import ImportBatch, Post

pytestmark = pytest.mark.django_db


def test_moderator_pastes_posts_and_the_job_imports_them(
    group, moderator_client, redis_conn, django_capture_on_commit_callbacks
):
    import django_rq
    from rq import SimpleWorker

    # The job is enqueued when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/g/{group.slug}/imports/new/", {"text": "Перший допис\n---\nДругий допис"}
        )
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/g/{group.slug}/imports/{batch.pk}/"
    queue = django_rq.get_queue("default")
    assert queue.count == 1
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    batch.refresh_from_db()
    assert (batch.status, batch.imported) == ("done", 2)
    status = moderator_client.get(f"/g/{group.slug}/imports/{batch.pk}/status/").json()
    assert (status["percent"], status["finished"]) == (100, True)
    page = moderator_client.get(f"/g/{group.slug}/imports/{batch.pk}/").content.decode()
    assert 'data-count="imported">2<' in page


def test_csv_upload_goes_through_the_column_mapping(group, moderator_client, redis_conn):
    upload = SimpleUploadedFile("posts.csv", b"col_a,col_b\nAnn,The post text\n", "text/csv")
    response = moderator_client.post(
        f"/g/{group.slug}/imports/new/", {"file": upload, "format": "auto"}
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/g/{group.slug}/imports/{batch.pk}/columns/"
    page = moderator_client.get(response["Location"]).content.decode()
    assert "The post text" in page
    bad = moderator_client.post(response["Location"], {"author": "0"})
    assert "Choose the column" in bad.content.decode()
    same = moderator_client.post(response["Location"], {"text": "1", "author": "1"})
    assert "one field only" in same.content.decode()
    ok = moderator_client.post(
        response["Location"], {"text": "1", "author": "0", "has_header": "1"}
    )
    assert ok.status_code == 302
    batch.refresh_from_db()
    assert batch.options["mapping"] == {"text": 1, "author": 0}
    assert batch.options["has_header"] is True


def test_a_file_without_a_header_keeps_its_first_post(group, moderator_client, run_import):
    """The mapping page asks whether the first row names the columns; a file without a header
    must not lose its first post to it."""
    upload = SimpleUploadedFile(
        "reported.csv",
        '"Шукаю брата з 24 ОМБр, пишіть",Оля\nДругий допис,Іра\n'.encode(),
        "text/csv",
    )
    response = moderator_client.post(f"/g/{group.slug}/imports/new/", {"file": upload})
    batch = ImportBatch.objects.get()
    page = moderator_client.get(response["Location"]).content.decode()
    assert 'name="has_header" value="1" checked' not in page  # it does not look like a header
    moderator_client.post(response["Location"], {"text": "0", "author": "1"})
    batch.refresh_from_db()
    assert batch.options["has_header"] is False
    from triage.importers.services import batch_run

    batch_run(batch_id=batch.pk)
    assert sorted(Post.objects.values_list("text", flat=True)) == [
        "Другий допис",
        "Шукаю брата з 24 ОМБр, пишіть",
    ]


def test_a_refused_upload_says_why(group, moderator_client):
    upload = SimpleUploadedFile("broken.json", b'[{"text": ', "application/json")
    moderator_client.post(f"/g/{group.slug}/imports/new/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert batch.status in ("queued", "refused")


def test_nothing_to_import_is_explained(group, moderator_client):
    response = moderator_client.post(f"/g/{group.slug}/imports/new/", {"text": "   "}, follow=True)
    assert "Paste some posts" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_viewers_see_imports_but_cannot_import(group, viewer_client, outsider_client):
    assert viewer_client.get(f"/g/{group.slug}/imports/").status_code == 200
    assert viewer_client.post(f"/g/{group.slug}/imports/new/", {"text": "x"}).status_code == 403
    assert outsider_client.get(f"/g/{group.slug}/imports/").status_code == 404
    assert not Post.objects.exists()


def test_another_group_s_batch_is_404(group, other_group, outsider, moderator_client, run_import):
    batch = run_import(DATA / "posts.json", target=other_group, user=outsider)
    for suffix in ("", "status/", "columns/"):
        assert (
            moderator_client.get(f"/g/{group.slug}/imports/{batch.pk}/{suffix}").status_code == 404
        )
