"""With Redis down, what was decided stays decided and pages say what is wrong, in the
reader's language, instead of a bare 500."""

from __future__ import annotations

import django_rq
import pytest
from django.test import Client, override_settings
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

import config.urls
from conftest import client_for
from tests.factories import make_post
from triage.models import Decision

pytestmark = pytest.mark.django_db

DEAD_CACHE = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        # Nothing listens on port 1 of the loopback: every connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


class DeadQueue:
    """A queue whose Redis refuses every connection, as django-rq's would."""

    def enqueue(self, *args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    enqueue_in = enqueue


@pytest.fixture
def redis_down(monkeypatch, settings):
    monkeypatch.setattr(django_rq, "get_queue", lambda *a, **k: DeadQueue())
    with override_settings(CACHES=DEAD_CACHE):
        yield


def test_a_decision_made_while_redis_is_down_answers_as_decided(
    group, moderator, redis_down, django_capture_on_commit_callbacks
):
    post = make_post(group, "Продам велосипед, 3000 грн")
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/g/{group.slug}/posts/{post.pk}/decide/", {"version": "0", "action": "keep"}
        )
    assert response.status_code in (200, 302)
    assert callbacks  # the retrain check was queued after the commit, and failed quietly
    assert Decision.objects.filter(post=post, action="keep").count() == 1


def test_the_queue_and_audit_pages_work_while_redis_is_down(group, owner, redis_down):
    make_post(group, "Шукаємо Петра, тел. +380 67 123 45 67")
    client = client_for(owner)
    queue = client.get(f"/g/{group.slug}/queue/")
    assert queue.status_code == 200
    assert "+380 67 123 45 67" not in queue.content.decode()
    audit = client.get(f"/g/{group.slug}/audit/")
    assert audit.status_code == 200
    assert 'data-verdict="ok"' in audit.content.decode()


def _needs_redis(request):
    django_rq.get_queue("default").enqueue("triage.jobs.purge_expired_job")


urlpatterns = [path("needs-redis/", _needs_redis), *config.urls.urlpatterns]


@pytest.mark.urls("tests.ops.test_redis_down")
@pytest.mark.parametrize(
    ("language", "says"), [("en", "cannot reach Redis"), ("uk", "не може з’єднатися з Redis")]
)
def test_a_page_that_needs_redis_says_so_in_the_readers_language(owner, redis_down, language, says):
    response = client_for(owner, language).get("/needs-redis/")
    assert response.status_code == 503
    assert says in response.content.decode()


@pytest.mark.urls("tests.ops.test_redis_down_500")
def test_an_unexpected_error_gets_a_page_not_a_bare_500(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page or "Щось пішло не так" in page
    assert "Traceback" not in page


def test_the_configured_cache_reads_a_redis_outage_as_a_miss():
    from django.conf import settings as django_settings

    assert django_settings.CACHES["default"]["BACKEND"] == "config.cache.TolerantRedisCache"
    assert "config.middleware.RedisUnavailableMiddleware" in django_settings.MIDDLEWARE


def test_two_factor_codes_are_checked_while_redis_is_down(group, admin_user, redis_down):
    """Wrong codes are counted per address in the cache; with Redis down that count is
    skipped (the authenticator's own throttle still holds), never a 500."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.auth.test_two_factor import code_for

    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client = client_for(admin_user)
    wrong = client.post("/account/two-factor/verify/", {"code": "000000"})
    assert wrong.status_code == 200
    page = wrong.content.decode()
    assert "That code is not right" in page or "Too many wrong codes" in page
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post("/account/two-factor/verify/", {"code": code_for(device)})
    assert right.status_code == 302
