"""The author drawer: an author's history in the group, and the moderators' note on them."""

from __future__ import annotations

import pytest

from tests.factories import make_post
from triage.models import AuditEvent, AuthorNote, Post

pytestmark = pytest.mark.django_db


def url(group, post):
    return f"/g/{group.slug}/posts/{post.pk}/author/"


def test_the_drawer_counts_the_authors_posts_here_and_nowhere_else(
    group, other_group, viewer_client
):
    mine = [make_post(group, f"Допис {i}", author="Ірина Коваль", report_count=2) for i in range(4)]
    Post.objects.filter(pk=mine[0].pk).update(status="removed")
    Post.objects.filter(pk=mine[1].pk).update(status="kept")
    make_post(group, "чужий", author="Інша Людина")
    make_post(other_group, "в іншій групі", author="Ірина Коваль")
    page = viewer_client.get(url(group, mine[2]) + "?partial=1")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-author="total">4<' in html
    assert 'data-author="removed">1<' in html
    assert 'data-author="kept">1<' in html
    assert 'data-author="reports">8<' in html
    assert "в іншій групі" not in html
    assert "чужий" not in html
    # Viewers read it, and cannot write a note.
    assert "data-author-note" not in html
    assert viewer_client.post(url(group, mine[2]), {"note": "x"}).status_code == 403
    assert not AuthorNote.objects.exists()


def test_a_moderators_note_is_saved_masked_for_readers_and_audited_without_its_text(
    group, moderator_client, viewer_client
):
    post = make_post(group, "Хто впізнає?", author="Ірина Коваль")
    note = "Третій раз постить збір даних, дзвонила з +380 67 123 45 67"
    response = moderator_client.post(url(group, post), {"note": note})
    assert response.status_code == 302
    assert AuthorNote.objects.get().note == note
    event = AuditEvent.objects.get(action="author.note")
    assert note not in str(event.payload)
    assert "Коваль" not in str(event.payload) + event.object_id
    assert event.payload == {"post": post.pk, "length": len(note)}
    seen = viewer_client.get(url(group, post)).content.decode()
    assert "Третій раз постить" in seen
    assert "+380 67 123 45 67" not in seen
    # Empty removes it, audited too.
    moderator_client.post(url(group, post), {"note": "  "})
    assert not AuthorNote.objects.exists()
    assert AuditEvent.objects.filter(action="author.note").count() == 2


@pytest.mark.parametrize("note", ["x" * 2001, "a\x00b" * 1000])
def test_hostile_notes_are_refused_or_cleaned(group, moderator_client, note):
    post = make_post(group, "Допис", author="Автор")
    response = moderator_client.post(url(group, post) + "?partial=1", {"note": note})
    if len(note.replace("\x00", "")) > 2000:
        assert response.status_code == 400
        assert "too long" in response.content.decode()
        assert not AuthorNote.objects.exists()
    else:
        assert "\x00" not in AuthorNote.objects.get().note


def test_no_author_no_drawer_and_other_groups_posts_are_404(group, other_group, moderator_client):
    anonymous = make_post(group, "Без автора", author="")
    assert "gave no author" in moderator_client.get(url(group, anonymous)).content.decode()
    assert moderator_client.post(url(group, anonymous), {"note": "x"}).status_code == 400
    theirs = make_post(other_group, "чужий", author="Хтось")
    assert moderator_client.get(f"/g/{group.slug}/posts/{theirs.pk}/author/").status_code == 404
    assert moderator_client.get(f"/g/{group.slug}/posts/{10**30}/author/").status_code == 404
