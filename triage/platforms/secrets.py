"""Bot tokens at rest: encrypted with Fernet (AES-128-CBC + HMAC) from the cryptography library.

The key comes from VARTA_FIELD_KEY, or is derived from SECRET_KEY. Rotating the
key makes stored tokens unreadable: admins then enter the token again (the page
says so). A token is never shown again after it is saved.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = getattr(settings, "VARTA_FIELD_KEY", "") or settings.SECRET_KEY
    key = hashlib.sha256(("varta-field-key:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii") if value else ""


def decrypt(value: str) -> str:
    """The plain value, or "" when it cannot be read (no token, or the key changed)."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return ""
