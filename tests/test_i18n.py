"""Every user-facing string has its Ukrainian translation, and the compiled catalogue is current."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(po: str) -> list[tuple[str, list[str]]]:
    out = []
    for block in po.split("\n\n"):
        ids = re.findall(r'^msgid "(.*)"$', block, re.M)
        if not ids:
            continue
        mid = "".join(re.findall(r'^msgid "(.*)"\n((?:".*"\n?)*)', block, re.M)[0])
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        out.append((mid, ["".join(re.findall(r'"(.*)"', s)) for s in strs]))
    return out


def test_every_message_has_a_ukrainian_translation():
    po = (LOCALE / "uk" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]
    found = entries(po)
    assert len(found) > 300  # the parser sees the catalogue
    missing = [mid for mid, strs in found if mid and not all(strs)]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    msgfmt = subprocess.run(["which", "msgfmt"], capture_output=True, text=True).stdout.strip()
    if not msgfmt:
        pytest.skip("msgfmt (gettext) is not installed")
    source = LOCALE / "uk" / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(source)], check=True)
    assert fresh.read_bytes() == (LOCALE / "uk" / "LC_MESSAGES" / "django.mo").read_bytes()


def test_the_catalogue_has_every_string_of_the_source(tmp_path):
    """`make messages` on a copy of the project adds nothing untranslated: no string in the code
    or the templates was left out of the Ukrainian catalogue."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("gettext is not installed")
    root = LOCALE.parent
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("config", "groups", "triage", "templates", "static", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=ignore)
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "uk", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    po = (tmp_path / "locale" / "uk" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    fuzzy = re.findall(r'#, fuzzy.*\nmsgid "(.*)"', po.split("\n\n", 1)[1])
    missing = [mid for mid, strs in entries(po) if mid and not all(strs)]
    assert (missing, fuzzy) == ([], [])
