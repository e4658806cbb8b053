"""Bot tokens at rest: encrypted with Fernet (AES-128-CBC + HMAC) from the cryptography library.

The keys come from VARTA_FIELD_KEY (comma-separated, newest first), or one is derived from
SECRET_KEY. A value is encrypted with the newest key and read with any of them (MultiFernet),
so a key is rotated by putting the new one first, running ``manage.py rotate_field_key`` (which
re-encrypts every stored value with it), then dropping the old one. A value no listed key reads
is shown as unreadable: admins enter the token again (the page says so). A token is never
shown again after it is saved.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _derive(secret: str) -> Fernet:
    key = hashlib.sha256(("varta-field-key:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def field_keys() -> list[str]:
    listed = [k.strip() for k in (getattr(settings, "VARTA_FIELD_KEY", "") or "").split(",")]
    return [k for k in listed if k] or [settings.SECRET_KEY]


def _fernet() -> MultiFernet:
    return MultiFernet([_derive(secret) for secret in field_keys()])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii") if value else ""


def decrypt(value: str) -> str:
    """The plain value, or "" when it cannot be read (no token, or no listed key reads it)."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return ""


def reencrypt(value: str) -> str | None:
    """The value encrypted with the newest key; None when no listed key reads it."""
    if not value:
        return value
    try:
        return _fernet().rotate(value.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None
