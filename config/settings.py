"""Varta settings, read from the environment (see .env.example and README "Settings").

Every value that differs between a laptop and a server comes from an environment
variable; a bad value fails loudly at start-up rather than at the first request
(booleans, integers and rates are read by config.env, which names what it expected).
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_rate, redis_url_for_tests

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file is optional and never overrides the real environment.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DJANGO_DEBUG=1 for a local development server."
        )
    # Only for DEBUG: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-varta"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "dev-only-insecure"))
):
    # It signs sessions, and derives the bot-token encryption key, the audit chain's key and
    # the retention HMAC when those are not set on their own: a short one is guessed.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: it must be at least 50 random characters. Make one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_rq",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "axes",
    "csp",
    "groups",
    "triage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed two-factor login.
    "django_otp.middleware.OTPMiddleware",
    # Staff reach /admin/ and /rq/ only with a verified second factor.
    "config.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A page that needs Redis while it is down answers a clear 503 (config/middleware.py).
    "config.middleware.RedisUnavailableMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "groups.context_processors.current_group",
            ],
        },
    },
]

# An empty value (DATABASE_URL= in a copied .env) means the default, like an unset one.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'varta.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates its file but not its folder, and a fresh clone has no var/ yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A file, not memory, for the test database: tests that run a real RQ worker
    # in another process must see the same data.
    # VARTA_TEST_DB_SUFFIX lets several test runs share a machine.
    suffix = env.str("VARTA_TEST_DB_SUFFIX", default="")
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-varta{suffix}.sqlite3")}
    # WAL lets the web process read while a worker writes; the busy timeout makes
    # a writer wait for the lock instead of failing at once. The WAL is copied back into the
    # database every 64 MB (16,384 pages) rather than SQLite's 4 MB: a clustering chunk writes
    # 32,000 band rows at random places in their index, and checkpointing after every chunk
    # wrote the same pages again each time (clustering 9-15% faster in groups of 40,000 to
    # 100,000 posts). Pages are read through a memory map of the file (up to 2 GiB, SQLite's
    # ceiling on Linux) instead of being copied into each connection's page cache: SQLite empties
    # a connection's cache whenever another connection has written since, so two workers
    # writing in turns read every page again each transaction (two workers' jobs took 10% less
    # time with the map, one worker's the same). The mapped pages are the operating system's
    # file cache, shared by every process, and count in a process's RSS.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA wal_autocheckpoint=16384; PRAGMA mmap_size=2147418112;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Connections are kept between requests and jobs, on SQLite too. Closing the last connection to
# a SQLite database in WAL mode copies the whole WAL back into it: a worker that closed its
# connection after every job wrote each job's pages back at once, in 30 ms a job at the start
# of a 50,000-post import and 320 ms by its end (the band index's pages spread as it grows),
# 9.8 s of a one-worker run's 108; kept open, the WAL is copied back every 64 MB instead.
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="") or "redis://127.0.0.1:6379/0"
if "PYTEST_VERSION" in os.environ:
    # The test suite flushes its Redis database. It never uses DB 0 (with REDIS_URL unset,
    # that holds the queue of whatever `make run` left at 127.0.0.1:6379), and each
    # pytest-xdist worker gets a database of its own. The RQ workers that tests start inherit
    # these variables, so they read the queue their test writes to.
    REDIS_URL = redis_url_for_tests(REDIS_URL, os.environ.get("PYTEST_XDIST_WORKER", ""))
RQ_QUEUES = {
    # "default": imports, bulk decisions, exports, retraining; "intake": scoring and clustering
    # of new posts, one job per import chunk, so that a viral campaign's tens of thousands of
    # copies never hold up a moderator's bulk decision or export (a worker takes "default"
    # first); "platform": calls to platform APIs, kept apart so a slow platform never stalls
    # an import.
    "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600},
    "intake": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600},
    "platform": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600},
}
RQ_SHOW_ADMIN_LINK = True
# A job queued inside a transaction is queued when it commits (and not at all if it rolls
# back): a worker never looks for rows that are not there yet. Explicit, not a default.
# Workers run jobs in their own process, keeping the model loaded (triage/worker.py).
RQ = {"COMMIT_MODE": "on_db_commit", "WORKER_CLASS": "triage.worker.Worker"}

CACHES = {
    "default": {
        # Redis, read as a miss while it is down (config/cache.py): pages still work.
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that hangs instead of refusing must not hang every page with it.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="varta"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "groups.forms.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Kyiv")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded import files wait here until their job has read them.
IMPORT_UPLOAD_DIR = env.path("IMPORT_UPLOAD_DIR", default=VAR_DIR / "uploads")

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=12 * 3600, minimum=1)
# Behind HTTPS (every deployment that is not a laptop) cookies are Secure and
# HSTS is on; DJANGO_HTTPS=0 turns that off for a plain-HTTP intranet install.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
if env_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Login throttling counts per client address: behind a proxy that is X-Forwarded-For as
    # the proxy (the last PROXY_COUNT hops) wrote it, or every client would share one address.
    AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", default=1, minimum=1)
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a commitment for the whole domain; leave it to operators.
    "security.W021",
]

# Nothing is loaded from anywhere but this server: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Varta ----------------------------------------------------------------------
VARTA_MAX_UPLOAD_BYTES = env_int("VARTA_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024, minimum=1
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# An upload over VARTA_MAX_UPLOAD_BYTES is refused before it is spooled anywhere.
FILE_UPLOAD_HANDLERS = [
    "triage.importers.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"no_query_strings": {"()": "config.logfilters.WithoutQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # Request lines without their query strings (config/logfilters.py).
        "requests": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_strings"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request logger would print full URLs of failing requests; keep it at
        # WARNING so tokens in query strings (there should be none) are not echoed.
        "django.request": {"level": "WARNING", "handlers": ["requests"], "propagate": False},
        "django.server": {"level": "INFO", "handlers": ["requests"], "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

# Trained model files (joblib, checked against their sha256 before loading) and their metadata.
MODEL_DIR = Path(env.str("MODEL_DIR", default="") or VAR_DIR / "models")
# Retrain a group's model automatically after this many new decisions (0: never).
VARTA_RETRAIN_AFTER_DECISIONS = env_int("VARTA_RETRAIN_AFTER_DECISIONS", default=500)
VARTA_MAX_POST_CHARS = env_int("VARTA_MAX_POST_CHARS", default=20_000, minimum=1)
VARTA_MAX_ROWS_PER_BATCH = env_int("VARTA_MAX_ROWS_PER_BATCH", default=1_000_000, minimum=1)
VARTA_API_MAX_POSTS = 1000
VARTA_API_RATE_LIMIT = env_rate("VARTA_API_RATE_LIMIT", default="60/m")
# The name authenticator apps show beside the account (groups.twofactor).
OTP_TOTP_ISSUER = "Varta"
# The audit chain's HMAC keys (triage.audit.chain), newest first, comma-separated; kept out of
# the database so that someone who can write to it cannot forge events. Default: derived from
# SECRET_KEY. Set it on its own in production, so that rotating SECRET_KEY does not orphan the
# chains; when rotating it, keep the old key after the new one (old events still verify).
VARTA_AUDIT_KEY = env.str("VARTA_AUDIT_KEY", default="")

# Platform actions (triage.platforms): the Telegram Bot API, and the key that
# encrypts bot tokens at rest (default: derived from SECRET_KEY).
TELEGRAM_API_BASE = env.str("TELEGRAM_API_BASE", default="https://api.telegram.org")
if not TELEGRAM_API_BASE.startswith(("https://", "http://")):
    # Without a scheme, urllib's error message would carry the URL, and the URL the bot token.
    raise ImproperlyConfigured("TELEGRAM_API_BASE must start with https:// (or http:// for tests).")
VARTA_FIELD_KEY = env.str("VARTA_FIELD_KEY", default="")


def _weak_keys(name: str, value: str) -> None:
    """Once set, these keys, not SECRET_KEY, protect the bot tokens and the audit chain: each
    listed key is held to SECRET_KEY's standard outside debug (an old key kept for rotation
    included: it still decrypts, or still verifies)."""
    for key in (k.strip() for k in value.split(",")):
        if key and (len(key) < 32 or len(set(key)) < 8):
            raise ImproperlyConfigured(
                f"{name} has a key that is too weak: each must be at least 32 random characters. "
                'Make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
            )


if not DEBUG:
    _weak_keys("VARTA_FIELD_KEY", VARTA_FIELD_KEY)
    _weak_keys("VARTA_AUDIT_KEY", VARTA_AUDIT_KEY)
# Where people open Varta (https://varta.example.org): links in the bot's surge alerts. Empty:
# the alerts give the page's path only.
VARTA_BASE_URL = env.str("VARTA_BASE_URL", default="")
if VARTA_BASE_URL and not VARTA_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("VARTA_BASE_URL must start with https://.")
# This installation's name in the campaign bank files it exports (triage.campaigns.exchange).
VARTA_INSTALLATION = env.str("VARTA_INSTALLATION", default="varta")
# The Telegram bot's intake (triage.platforms.intake): reports one member may file per hour
# (more are not filed); how many of a member's reports moderators must have decided before
# "mostly rejected" makes their reports count less; how long one getUpdates call waits.
VARTA_TELEGRAM_REPORTS_PER_HOUR = env_int("VARTA_TELEGRAM_REPORTS_PER_HOUR", default=20, minimum=1)
VARTA_TELEGRAM_ACCURACY_MIN = env_int("VARTA_TELEGRAM_ACCURACY_MIN", default=5, minimum=1)
VARTA_TELEGRAM_POLL_TIMEOUT = env_int("VARTA_TELEGRAM_POLL_TIMEOUT", default=10, minimum=0)
# How long a worker holds the platform actions it claimed before another may retry them.
VARTA_PLATFORM_LEASE_SECONDS = env_int("VARTA_PLATFORM_LEASE_SECONDS", default=300, minimum=1)
# A running import whose worker sent no heartbeat for this long is resumed by the sweep.
VARTA_IMPORT_LEASE_SECONDS = env_int("VARTA_IMPORT_LEASE_SECONDS", default=120, minimum=1)
# New posts still unscored or unclustered this long after their import are queued again by
# the intake sweep (a worker was killed mid-job, or Redis lost the job).
VARTA_INTAKE_GRACE_SECONDS = env_int("VARTA_INTAKE_GRACE_SECONDS", default=60, minimum=1)
# A job Varta's worker runs says it is alive every quarter of this (triage.worker); a job that
# says it is running but has not said so for this long lost its worker (killed), and a job
# queued under the same fixed id (a sweep, an intake job, a retraining) replaces it instead of
# waiting the hour RQ takes to notice.
VARTA_JOB_ALIVE_SECONDS = env_int("VARTA_JOB_ALIVE_SECONDS", default=90, minimum=2)
