"""Shared fixtures: named users in named roles, their groups, real Redis, a browser."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from groups.models import Group, Membership, Role
from groups.services import group_create
from triage.scoring.artifacts import SUFFIX as ARTIFACT_SUFFIX
from triage.scoring.artifacts import artifact_write

PASSWORD = "correct horse battery staple"  # noqa: S105 - test users only
ROOT = Path(__file__).resolve().parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"

# The tests that judge the model itself: they need it trained on the whole corpus. Marked here
# by path because those modules are not this file's to edit; a test elsewhere can carry
# @pytest.mark.model_quality itself.
MODEL_QUALITY_MODULES = frozenset(
    {
        ROOT / "tests" / "scoring" / "test_model.py",
        ROOT / "tests" / "triage" / "test_clustering_quality.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path in MODEL_QUALITY_MODULES:
            item.add_marker(pytest.mark.model_quality)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite creates its file but not its folder, and a fresh clone has no var/ yet.

    pytest-django's own version of this fixture only asks for the parallel suffix (each xdist
    worker's own database: test-varta.sqlite3_gw0, test_varta_gw0); so does this one, and then
    makes the folder of every SQLite test database.
    """
    from django.conf import settings

    for db in settings.DATABASES.values():
        name = str(db.get("TEST", {}).get("NAME") or "")
        if db["ENGINE"] == "django.db.backends.sqlite3" and name and ":memory:" not in name:
            Path(name).parent.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production settings use the manifest storage, which needs collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = True
    # PBKDF2's deliberate slowness, five users a test, would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services called directly speak the default language (Ukrainian); tests read English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _gc_unfrozen() -> Iterator[None]:
    """A worker run in a test freezes what the test process holds (triage.worker): let the
    collector see it again after the test."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached counts and verdicts must not leak from one test's data into the next's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_dirs(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests talk to loopback only: a bot call no test expects goes to the discard port (the
    # fake_telegram fixture points it at the local Bot API server).
    settings.TELEGRAM_API_BASE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _audit_triggers_survive_flush(request) -> Iterator[None]:
    """Keep the append-only triggers in place for every test, and let SQLite flush.

    SQLite flushes a transactional test's tables with DELETE, which the audit
    triggers refuse, and PostgreSQL with TRUNCATE, which its TRUNCATE guard refuses. So
    tests that commit (transactional_db, live_server) drop them just before pytest-django
    flushes, and every test that touches the database puts them back first.
    """
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if not transactional and "db" not in names:
        yield
        return
    from triage.migrations import _audit_triggers as triggers

    request.getfixturevalue("transactional_db" if transactional else "db")
    triggers.create(connection)
    yield
    if transactional and connection.vendor == "sqlite":
        triggers.drop(connection)
    elif transactional:
        triggers.drop_truncate(connection)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


@pytest.fixture
def owner(db):
    return make_user("olena_owner")


@pytest.fixture
def admin_user(db):
    return make_user("andrii_admin")


@pytest.fixture
def moderator(db):
    return make_user("maria_moderator")


@pytest.fixture
def viewer(db):
    return make_user("viktor_viewer")


@pytest.fixture
def outsider(db):
    return make_user("oksana_outsider")


@pytest.fixture
def group(owner, admin_user, moderator, viewer) -> Group:
    g = group_create(name="Good Deeds", slug="good-deeds", owner=owner)
    # Two-factor login is tested where it is the point (tests/auth/test_two_factor.py); the
    # owner and admin of the shared group log in with a password, as in a group that set it off.
    Group.objects.filter(pk=g.pk).update(require_two_factor=False)
    g.require_two_factor = False
    Membership.objects.create(user=admin_user, group=g, role=Role.ADMIN)
    Membership.objects.create(user=moderator, group=g, role=Role.MODERATOR)
    Membership.objects.create(user=viewer, group=g, role=Role.VIEWER)
    return g


@pytest.fixture
def other_group(outsider) -> Group:
    """A group the outsider owns and none of `group`'s members belong to."""
    g = group_create(name="Kyiv Helpers", slug="kyiv-helpers", owner=outsider)
    Group.objects.filter(pk=g.pk).update(require_two_factor=False)
    g.require_two_factor = False
    return g


def verify_second_factor(client: Client, user) -> None:
    """Give the user an authenticator and mark the client's session verified with it, as a
    correct code would (django-otp keeps the device's id in the session)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def client_for(user, language: str = "en") -> Client:
    # Test assertions read English; Ukrainian is tested where it is the point.
    c = Client(headers={"accept-language": language})
    c.force_login(user)
    return c


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def admin_client_(admin_user):
    return client_for(admin_user)


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture(autouse=True)
def _audit_witness_forgotten():
    """The audit witness lives in Redis, outside the test's database: a chain one test checked
    must not be held against the next test's chain of the same key."""
    yield
    from redis.exceptions import RedisError

    from triage.audit.witness import KEY

    try:
        import django_rq

        django_rq.get_connection("default").delete(KEY)
    except RedisError:
        pass


@pytest.fixture
def redis_conn():
    """The test process's own Redis database, flushed before and after each use.

    `make test` starts a private server; under pytest, settings never use database 0 and give
    each xdist worker a database of its own (config.env.redis_url_for_tests)."""
    import django_rq

    conn = django_rq.get_connection("default")
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures is not present")
    return SHARED_FIXTURES


def _chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    path = _chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page that fails the test on any request leaving the server."""
    context = browser.new_context(locale="en-US")
    pg = context.new_page()
    outside: list[str] = []

    def check(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            outside.append(request.url)

    pg.on("request", check)
    yield pg
    context.close()
    assert not outside, f"the page loaded from outside the server: {outside}"


# The scoring model, for any test that needs posts scored or a Model page to show.
@pytest.fixture(autouse=True)
def _small_corpus(request, monkeypatch) -> None:
    """Training in tests uses a small slice of the corpus (tests/small_corpus.py), except in the
    model-quality tests. Most tests that train check promotion, rollback and job wiring, and
    five fits on the whole corpus were about 40% of the suite's time."""
    if request.node.get_closest_marker("model_quality"):
        return
    # A module imported while load_corpus is replaced would keep the slice for good, if it
    # imports the function by name. The Model page (triage.scoring.selectors) measures held-out
    # metrics on the whole corpus, as the tests that check them do: every module the URLconf
    # imports is imported first, with the real function.
    import config.urls  # noqa: F401
    from tests.small_corpus import small_corpus
    from triage.scoring import corpus, services

    # services imported the function by name, so its name is replaced too.
    monkeypatch.setattr(corpus, "load_corpus", small_corpus)
    monkeypatch.setattr(services, "load_corpus", small_corpus)


def _train_artifact(examples, directory: Path) -> tuple[Path, str, str]:
    from triage.scoring.model import fit_pipeline, training_set

    # Fitted exactly as the shipped model is (weights and augmentation included).
    pipeline = fit_pipeline(training_set([e for e in examples if not e.held_out]))
    path = directory / f"base-test{ARTIFACT_SUFFIX}"
    artifact_write(pipeline, path)
    return directory, path.name, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def _whole_corpus_artifact(tmp_path_factory) -> tuple[Path, str, str]:
    """The model the quality tests judge: the shipped one (what a fresh install scores with),
    when it was trained on this very corpus with these libraries (tests/scoring/test_shipped.py
    checks that it is); otherwise one trained here, exactly as the shipped one is."""
    from triage.scoring.corpus import corpus_sha256, load_corpus
    from triage.scoring.services import library_versions
    from triage.scoring.shipped import ShippedUnusable, load_shipped

    examples = load_corpus()
    directory = tmp_path_factory.mktemp("models")
    try:
        shipped = load_shipped(corpus_sha256=corpus_sha256(examples), libraries=library_versions())
    except ShippedUnusable:
        return _train_artifact(examples, directory)
    path = directory / f"base-test{ARTIFACT_SUFFIX}"
    artifact_write(shipped.pipeline, path)
    return directory, path.name, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def _small_corpus_artifact(tmp_path_factory) -> tuple[Path, str, str]:
    from tests.small_corpus import small_corpus

    return _train_artifact(small_corpus(), tmp_path_factory.mktemp("models"))


@pytest.fixture
def trained_artifact(request) -> tuple[Path, str, str]:
    """The corpus model, trained once a session: (dir, file name, sha256).

    On the whole corpus for model-quality tests, on the small slice for the rest."""
    if request.node.get_closest_marker("model_quality"):
        return request.getfixturevalue("_whole_corpus_artifact")
    return request.getfixturevalue("_small_corpus_artifact")


@pytest.fixture
def base_model(db, settings, trained_artifact):
    from triage.models import ModelVersion
    from triage.scoring import services

    directory, name, sha = trained_artifact
    settings.MODEL_DIR = directory
    services._CACHE.clear()
    return ModelVersion.objects.create(
        version="base-test",
        status=ModelVersion.Status.ACTIVE,
        training_data_sha256="0" * 64,
        artifact_path=name,
        artifact_sha256=sha,
        metrics={"held_out": {"roc_auc": 0.9}},
    )
