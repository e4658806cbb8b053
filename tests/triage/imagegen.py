"""Images the project draws itself (no photo from anywhere), and the ways copies get changed
on their way between groups: resized, re-encoded, cropped, brightened, turned grey."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageEnhance


def drawn(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A varied picture from a seed: a background (flat, gradient or noise), shapes, and
    strokes like lines of text."""
    rnd = random.Random(seed)
    width, height = size
    kind = seed % 3
    if kind == 0:
        image = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    elif kind == 1:
        a = [rnd.randrange(256) for _ in range(3)]
        b = [rnd.randrange(256) for _ in range(3)]
        image = Image.linear_gradient("L").resize(size).rotate(rnd.choice([0, 90, 180, 270]))
        image = Image.merge(
            "RGB",
            [
                image.point(lambda v, x=x, y=y: x + (y - x) * v // 255)
                for x, y in zip(a, b, strict=True)
            ],
        )
    else:
        image = Image.effect_noise(size, rnd.randrange(20, 80)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(rnd.randrange(3, 9)):
        x0, y0 = rnd.randrange(width), rnd.randrange(height)
        x1, y1 = x0 + rnd.randrange(40, width // 2), y0 + rnd.randrange(40, height // 2)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        shape = rnd.choice(("rectangle", "ellipse", "polygon"))
        if shape == "rectangle":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.polygon(
                [(rnd.randrange(width), rnd.randrange(height)) for _ in range(rnd.randrange(3, 7))],
                fill=colour,
            )
    ink = tuple(rnd.randrange(256) for _ in range(3))
    top = rnd.randrange(height // 2)
    for line in range(rnd.randrange(2, 7)):  # strokes like lines of text
        x = rnd.randrange(10, width // 4)
        y = top + line * 28
        while x < width - 40:
            step = rnd.randrange(6, 22)
            draw.line((x, y, x + step, y + rnd.randrange(-10, 10)), fill=ink, width=3)
            x += step + rnd.randrange(2, 12)
    return image


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def copies(image: Image.Image, seed: int) -> dict[str, bytes]:
    """The ways a copy differs from the original, each as the JPEG a group would get."""
    rnd = random.Random(seed)
    width, height = image.size
    # 1% off each edge (2% of each side in all): pHash at 256 bits does not hold beyond that
    # (3-5% crops measured 66-142 bits away, as far as different images; see the README).
    dx, dy = max(1, width // 100), max(1, height // 100)
    return {
        "half": jpeg(image.resize((width // 2, height // 2))),
        "half_and_up": jpeg(image.resize((width // 2, height // 2)).resize((width, height))),
        "bigger": jpeg(image.resize((width * 3 // 2, height * 3 // 2))),
        "jpeg": jpeg(image, quality=rnd.randrange(30, 61)),
        "crop": jpeg(image.crop((dx, dy, width - dx, height - dy))),
        "brighter": jpeg(ImageEnhance.Brightness(image).enhance(rnd.uniform(1.05, 1.15))),
        "darker": jpeg(ImageEnhance.Brightness(image).enhance(rnd.uniform(0.85, 0.95))),
        "grey": jpeg(image.convert("L")),
        "all": jpeg(
            ImageEnhance.Brightness(
                image.crop((dx, dy, width - dx, height - dy)).resize((width // 2, height // 2))
            ).enhance(1.08),
            quality=40,
        ),
    }
