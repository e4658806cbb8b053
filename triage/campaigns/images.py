"""Perceptual fingerprints of photos (issue 15, item 5): Varta keeps no images, only 32 bytes
per photo, computed in memory at import and the photo discarded.

The hash is imagehash's pHash at hash_size=16: 256 bits, like PDQ. PDQ itself (the `pdqhash`
package) publishes only a source distribution, so installing it needs a C++ compiler and
Python headers on every machine; the issue allows this fallback.

The match distance was measured, not guessed (MAX_DISTANCE below): see the README's
campaigns section and tests/triage/test_known_images.py.
"""

from __future__ import annotations

import io
import warnings

import imagehash
import numpy as np
from PIL import Image, UnidentifiedImageError

HASH_BYTES = 32  # 256 bits
# The largest photo decoded: a Telegram photo is at most 2560 px a side (6.5 M pixels); a
# "decompression bomb" claiming more is refused before its pixels are unpacked.
MAX_PIXELS = 40_000_000
# Photos within this many differing bits (of 256) are the same image. Measured on 200 images
# the project draws itself (tests/triage/imagegen.py), each halved, halved and enlarged again,
# enlarged, re-encoded as JPEG at quality 30-60, cropped by 1% at each edge, brightened or
# darkened 5-15%, turned grey, and all of these at once: copies differed by at most 54 bits,
# different images (19,900 pairs) by at least 90 (mean 127.5). 64 lies between. Crops of 3-5%
# at each edge are not held: they moved pHash by up to 142 bits, as far as another image.
COPIES_MAX = 54
DIFFERENT_MIN = 90
MAX_DISTANCE = 64

# Set bits of each byte value: Hamming distance is XOR, then this table, then a sum.
_POPCOUNT = np.array([bin(n).count("1") for n in range(256)], dtype=np.uint8)


class NotAnImage(ValueError):
    """The bytes are not a photo Varta will read (damaged, not an image, or too large)."""


def image_hash(data: bytes) -> bytes:
    """The photo's 256-bit perceptual hash; the decoded image is dropped on return."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and twice that; refuse there too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise NotAnImage("the photo is too large")
                # A JPEG is decoded at a reduced size (pHash works at 64x64): a 1280x960 photo
                # is hashed in about 7 ms instead of 15.
                image.draft("L", (64, 64))
                gray = image.convert("L")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAnImage("the photo is too large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage(f"the photo could not be read ({type(exc).__name__})") from None
    bits = imagehash.phash(gray, hash_size=16).hash
    return bytes(np.packbits(bits.ravel()))


def as_matrix(blob: bytes) -> np.ndarray:
    """N hashes laid end to end, as an N×32 uint8 array."""
    usable = len(blob) - len(blob) % HASH_BYTES
    return np.frombuffer(blob[:usable], dtype=np.uint8).reshape(-1, HASH_BYTES)


def distances(queries: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Hamming distances, queries × known, vectorised over the known hashes (XOR and a
    popcount table). About 2 ms per query for a bank of 32,000 photo hashes."""
    out = np.zeros((len(queries), len(known)), dtype=np.int32)
    if not len(queries) or not len(known):
        return out
    # One query at a time: blocks of several were slower (measured), and memory stays N×32.
    # np.take is about twice as fast as indexing the table with the array.
    for row, query in enumerate(queries):
        xor = np.bitwise_xor(query[None, :], known)
        out[row] = np.take(_POPCOUNT, xor).sum(axis=1, dtype=np.uint16)
    return out
