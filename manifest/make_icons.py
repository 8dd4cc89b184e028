"""Draws the two Teams app icons: a telephone handset, white, on the accent colour or on transparency.

Run once after changing the glyph or the manifest's `accentColor`; the PNGs are checked in.
`python -m manifest.make_icons`
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

MANIFEST_DIR = Path(__file__).resolve().parent
SUPERSAMPLE = 8
WHITE = (255, 255, 255)

log = logging.getLogger(__name__)


def handset_mask(size: int, margin: float) -> Image.Image:
    """An anti-aliased 'L' mask of a handset filling a `size` square less `margin` (a fraction) per side.

    The handle is a quarter ring around the top-right corner of the glyph box; the ear and mouth
    pieces are pads at its two ends, reaching in towards that corner. Drawn large, its corners
    rounded by blur-and-threshold, then scaled down.
    """
    big = size * SUPERSAMPLE
    box = big * (1 - 2 * margin)
    left, top = big * margin, big * margin
    cx, cy = left + box, top  # the centre of the ring: the glyph box's top-right corner
    outer, inner, pad_inner, pad_width = box, box * 0.76, box * 0.46, box * 0.30
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    draw.pieslice((cx - outer, cy - outer, cx + outer, cy + outer), 90, 180, fill=255)
    draw.pieslice((cx - inner, cy - inner, cx + inner, cy + inner), 90, 180, fill=0)
    draw.rectangle((cx - pad_width, cy + pad_inner, cx, cy + outer), fill=255)  # mouthpiece
    draw.rectangle((cx - outer, cy, cx - pad_inner, cy + pad_width), fill=255)  # earpiece
    radius = box * 0.045
    mask = mask.filter(ImageFilter.GaussianBlur(radius)).point(lambda v: 255 if v >= 128 else 0)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def accent_color(manifest: Path = MANIFEST_DIR / "manifest.json") -> tuple[int, int, int]:
    value = json.loads(manifest.read_text(encoding="utf-8"))["accentColor"].lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def color_icon(background: tuple[int, int, int], size: int = 192) -> Image.Image:
    """Full colour: a white handset (about 100 px) centred on a solid accent-colour square."""
    icon = Image.new("RGB", (size, size), background)
    icon.paste(Image.new("RGB", (size, size), WHITE), (0, 0), handset_mask(size, margin=0.24))
    return icon


def outline_icon(size: int = 32) -> Image.Image:
    """White on transparent: every pixel is white; only the alpha channel carries the shape."""
    icon = Image.new("RGBA", (size, size), (*WHITE, 0))
    icon.putalpha(handset_mask(size, margin=0.04))
    return icon


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    color_icon(accent_color()).save(MANIFEST_DIR / "color.png", optimize=True)
    outline_icon().save(MANIFEST_DIR / "outline.png", optimize=True)
    log.info("wrote %s and %s", MANIFEST_DIR / "color.png", MANIFEST_DIR / "outline.png")


if __name__ == "__main__":
    main()
