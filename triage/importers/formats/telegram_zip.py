"""A Telegram Desktop export folder uploaded as a ZIP: result.json at the root or inside one
top-level folder, its photos under photos/. Only with the folder do exports carry photos.

result.json is read by the streaming Telegram reader from a temporary copy beside the upload
(bounded in size and in how tightly it was packed, like the XLSX bomb guard), deleted after.
Each captioned message's photo is read from the archive into memory, fingerprinted
(triage.campaigns.images) and dropped: no image byte is ever written anywhere by Varta. A
photo that cannot be read (missing, too large, not an image, a decompression bomb) is
skipped with a line on its post, never failing the import.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from triage.campaigns.images import NotAnImage, image_hash
from triage.importers.formats import telegram
from triage.importers.rows import ImportRefused, ParsedRow

MAX_RESULT_BYTES = 1024 * 1024 * 1024  # result.json unpacked
MAX_RATIO = 200  # JSON shrinks about 10x in a ZIP; far tighter is a bomb
MAX_PHOTO_BYTES = 20 * 1024 * 1024  # Telegram sends photos of at most 10 MB
_NOT_INCLUDED = "(File not included"  # what Telegram writes when photos were not exported


def export_root(archive: zipfile.ZipFile) -> str | None:
    """Where result.json is: "" at the root, "folder/" inside one top-level folder, or None."""
    names = set(archive.namelist())
    if "result.json" in names:
        return ""
    inner = sorted(n for n in names if n.count("/") == 1 and n.endswith("/result.json"))
    if len(inner) == 1:
        return inner[0][: -len("result.json")]
    return None


def is_export(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return export_root(archive) is not None
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _copy_result(archive: zipfile.ZipFile, name: str, target: Path) -> None:
    info = archive.getinfo(name)
    if info.file_size > MAX_RESULT_BYTES:
        raise ImportRefused("The export's result.json unpacks to more than 1 GB.")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ImportRefused("The ZIP is packed suspiciously tightly; it is not read.")
    written = 0
    # The sizes above are the archive's word: the bytes are counted as they come, too.
    with archive.open(info) as source, open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > MAX_RESULT_BYTES or (
                written > 1024 * 1024 and written > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise ImportRefused("The ZIP is packed suspiciously tightly; it is not read.")
            out.write(chunk)


class _Photos:
    """Reads a message's photo from the archive and returns its fingerprint, or why not."""

    def __init__(self, archive: zipfile.ZipFile, root: str) -> None:
        self.archive = archive
        self.root = root
        self.members = {info.filename: info for info in archive.infolist()}

    def __call__(self, value: str) -> tuple[bytes, str]:
        if value.startswith(_NOT_INCLUDED):
            return b"", ""
        # Only names in the archive's own index are read, and none that climbs out of the
        # export folder: nothing is ever resolved on disk.
        name = posixpath.normpath(self.root + value)
        if (
            "\\" in value
            or value.startswith("/")
            or name.startswith(("../", "/"))
            or name == ".."
            or not name.startswith(self.root)
        ):
            return b"", "photo: not read (its path leaves the export folder)"
        info = self.members.get(name)
        if info is None or info.is_dir():
            return b"", "photo: not read (not in the ZIP)"
        if info.file_size > MAX_PHOTO_BYTES:
            return b"", "photo: not read (larger than 20 MB)"
        try:
            with self.archive.open(info) as member:
                data = member.read(MAX_PHOTO_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            return b"", "photo: not read (damaged in the ZIP)"
        if len(data) > MAX_PHOTO_BYTES:
            return b"", "photo: not read (larger than 20 MB)"
        try:
            return image_hash(data), ""  # the bytes go with this call: nothing keeps them
        except NotAnImage as exc:
            return b"", f"photo: not read ({exc})"


def rows(path: Path, *, images: bool = False, skip: int = 0) -> Iterator[ParsedRow]:
    """The export's posts; with ``images``, each with its photo's fingerprint, except the first
    ``skip`` posts (written before a resumed import's crash: not read again)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"The ZIP could not be opened: {type(exc).__name__}.") from None
    extracted = path.with_name(path.name + ".result.json")
    try:
        root = export_root(archive)
        if root is None:
            raise ImportRefused(
                "The ZIP holds no result.json: upload the Telegram Desktop export folder "
                "(result.json and its photos folder) as one ZIP."
            )
        _copy_result(archive, root + "result.json", extracted)
        reader = _Photos(archive, root)
        yielded = 0

        def photo(value: str) -> tuple[bytes, str]:
            # Called for the post about to be yielded: the one after ``yielded`` others.
            return reader(value) if yielded >= skip else (b"", "")

        for row in telegram.rows(extracted, photo=photo if images else None):
            yield row
            yielded += 1
    except (zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
        raise ImportRefused(f"The ZIP is damaged: {type(exc).__name__}.") from None
    finally:
        extracted.unlink(missing_ok=True)
        archive.close()
