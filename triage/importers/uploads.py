"""An upload is refused at the door when it is larger than VARTA_MAX_UPLOAD_BYTES.

Django spools an upload to disk (or memory) before any view sees it; without this, a 200 MB
upload would be written to the temporary folder whole before the 50 MB refusal. This handler
runs first: a declared body that is too large is refused before any of the file is stored,
and a body that grows past the limit (chunked, or a Content-Length that lied) is stopped at
the first chunk over it. The rest of the body is read and discarded, never stored, so that
the refusal reaches the browser; the view says why (``refused_upload``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
REFUSED = "_varta_upload_refused"


def refused_upload(request: HttpRequest) -> bool:
    """Whether this request's upload was refused as too large (read request.POST first)."""
    return bool(getattr(request, REFUSED, False))


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.declared_too_large = False

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, REFUSED, True)
        raise StopUpload(connection_reset=False)

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # Refused when the file begins (new_file), not here: the fields before it, the CSRF
        # token among them, are still read, so the refusal is shown rather than a CSRF error.
        self.declared_too_large = content_length > settings.VARTA_MAX_UPLOAD_BYTES + FORM_OVERHEAD

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.VARTA_MAX_UPLOAD_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) holds the file
