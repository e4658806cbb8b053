"""Settings: safe defaults, loud failures, a clean deployment check."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_rate, redis_url_for_tests

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    base.pop("ALLOWED_HOSTS", None)
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key_in_production():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["x", "short-secret-key", "a" * 60, "django-insecure-" + "q1w2e3r4t5" * 5],
)
def test_refuses_a_weak_secret_key_in_production(key):
    result = manage("check", DJANGO_DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="localhost")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_a_long_random_secret_key_is_accepted_in_production():
    key = "k" * 20 + "a-long-random-production-secret-value-0123456789"
    result = manage("check", DJANGO_DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="localhost")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["VARTA_FIELD_KEY", "VARTA_AUDIT_KEY"])
@pytest.mark.parametrize("value", ["a", "short-key", "z" * 40, "q" * 40 + ",x"])
def test_refuses_weak_field_and_audit_keys_in_production(name, value):
    good = "k" * 20 + "a-long-random-production-secret-value-0123456789"
    result = manage(
        "check", DJANGO_DEBUG="0", SECRET_KEY=good, ALLOWED_HOSTS="localhost", **{name: value}
    )
    assert result.returncode != 0
    assert f"{name} has a key that is too weak" in result.stderr


def test_strong_field_and_audit_keys_are_accepted_old_ones_listed_too():
    good = "k" * 20 + "a-long-random-production-secret-value-0123456789"
    result = manage(
        "check",
        DJANGO_DEBUG="0",
        SECRET_KEY=good,
        ALLOWED_HOSTS="localhost",
        VARTA_FIELD_KEY="Zq3-new-field-key-0123456789abcdefXYZ,Yp2-old-field-key-0123456789abcdefWVU",
        VARTA_AUDIT_KEY="Ax9-audit-key-0123456789abcdefghijklmn",
    )
    assert result.returncode == 0, result.stderr


def test_debug_has_a_development_key():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_fails_loudly():
    # Not for the missing SECRET_KEY (read as DJANGO_DEBUG=0, "perhaps" failed for that reason).
    result = manage("check", DJANGO_DEBUG="perhaps", SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG must be 1 or 0" in result.stderr
    assert "'perhaps'" in result.stderr


def test_a_mistyped_rate_limit_fails_loudly_at_start_up():
    # Not at the first API request, as it did.
    result = manage("check", DJANGO_DEBUG="1", VARTA_API_RATE_LIMIT="120/minute")
    assert result.returncode != 0
    assert "ImproperlyConfigured: VARTA_API_RATE_LIMIT must be" in result.stderr
    assert "60/m" in result.stderr
    assert "'120/minute'" in result.stderr


def test_a_bad_integer_fails_loudly():
    result = manage("check", DJANGO_DEBUG="1", VARTA_MAX_POST_CHARS="20k")
    assert result.returncode != 0
    assert "ImproperlyConfigured: VARTA_MAX_POST_CHARS must be a whole number" in result.stderr
    assert "'20k'" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("False", False)],
)
def test_booleans_are_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("VARTA_TEST_FLAG", value)
    assert env_bool("VARTA_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", ["perhaps", "2", "yes please", "ok"])
def test_any_other_boolean_is_refused(monkeypatch, value):
    monkeypatch.setenv("VARTA_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="VARTA_TEST_FLAG must be 1 or 0"):
        env_bool("VARTA_TEST_FLAG", default=False)


def test_an_integer_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("VARTA_TEST_NUMBER", "0")
    assert env_int("VARTA_TEST_NUMBER", default=5) == 0
    with pytest.raises(ImproperlyConfigured, match="at least 1, not '0'"):
        env_int("VARTA_TEST_NUMBER", default=5, minimum=1)
    monkeypatch.setenv("VARTA_TEST_NUMBER", "1.5")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("VARTA_TEST_NUMBER", default=5)


def test_an_empty_value_means_the_default_like_an_unset_one(monkeypatch):
    for name in ("VARTA_TEST_FLAG", "VARTA_TEST_NUMBER", "VARTA_TEST_RATE"):
        monkeypatch.setenv(name, "")
    assert env_bool("VARTA_TEST_FLAG", default=True) is True
    assert env_int("VARTA_TEST_NUMBER", default=7) == 7
    assert env_rate("VARTA_TEST_RATE", default="60/m") == "60/m"


@pytest.mark.parametrize("value", ["60/m", "5/s", "1000/h", "10000/d", "30/min", "100/10m", "5/30"])
def test_every_accepted_rate_is_one_django_ninja_enforces(monkeypatch, value):
    from ninja.throttling import SimpleRateThrottle

    monkeypatch.setenv("VARTA_TEST_RATE", value)
    assert env_rate("VARTA_TEST_RATE", default="1/s") == value
    throttle = SimpleRateThrottle(value)
    assert throttle.num_requests >= 1
    assert throttle.duration >= 1


@pytest.mark.parametrize("value", ["120/minute", "60 per minute", "60", "1/ms", "m/60"])
def test_a_rate_django_ninja_cannot_read_is_refused(monkeypatch, value):
    from ninja.throttling import SimpleRateThrottle

    with pytest.raises(ValueError, match="Invalid rate"):
        SimpleRateThrottle(value)  # every API request would fail
    monkeypatch.setenv("VARTA_TEST_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="VARTA_TEST_RATE must be"):
        env_rate("VARTA_TEST_RATE", default="60/m")


@pytest.mark.parametrize("value", ["0/m", "-5/m", "60/0"])
def test_a_rate_that_refuses_every_request_is_refused(monkeypatch, value):
    # django-ninja reads these as a limit no request passes: a typo, not a way to close the API.
    monkeypatch.setenv("VARTA_TEST_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_rate("VARTA_TEST_RATE", default="60/m")


def test_deploy_check_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        SECRET_KEY="k" * 20 + "a-long-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="varta.example.org",
        CSRF_TRUSTED_ORIGINS="https://varta.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_responses_carry_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sqlite_gets_the_folder_it_is_in(tmp_path):
    """A fresh clone has no var/: SQLite would fail with "unable to open database file"."""
    path = tmp_path / "fresh" / "varta.sqlite3"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.db import connection; connection.ensure_connection()",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert path.is_file()


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        # make test's private server, or the default one: never database 0.
        ("redis://127.0.0.1:6379/0", "", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379", "gw0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:41234/0", "gw1", "redis://127.0.0.1:41234/2"),
        # A database chosen on purpose is the first one used.
        ("redis://:secret@redis.internal:6380/5", "gw1", "redis://:secret@redis.internal:6380/6"),
        ("unix:///run/redis.sock?db=0", "gw1", "unix:///run/redis.sock?db=2"),
    ],
)
def test_each_test_process_has_a_redis_database_of_its_own(url, worker, expected):
    assert redis_url_for_tests(url, worker) == expected


def test_the_queue_and_the_cache_share_this_processs_own_redis_database():
    import django_rq
    from django.core.cache import cache

    db = django_rq.get_connection("default").connection_pool.connection_kwargs["db"]
    assert db != 0
    assert cache._cache.get_client().connection_pool.connection_kwargs["db"] == db


@pytest.mark.django_db
def test_sqlite_connections_use_wal_checkpoint_every_64_mb_and_map_the_file(tmp_path):
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "wal_autocheckpoint", "mmap_size")
        }
    mapped = pragmas.pop("mmap_size")
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "wal_autocheckpoint": 16384}
    # 2 GiB asked: as much as this build of SQLite maps (its SQLITE_MAX_MMAP_SIZE, 2 GiB less
    # 64 KiB by default on Linux and macOS), which a connection without the setting does not.
    with closing(sqlite3.connect(tmp_path / "probe.sqlite3")) as probe:
        assert probe.execute("PRAGMA mmap_size").fetchone()[0] < 2**30
        ceiling = probe.execute("PRAGMA mmap_size=2147418112").fetchone()[0]
    assert mapped == ceiling
