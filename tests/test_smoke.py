import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_renders_for_anonymous_visitor(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
