"""Tall webtoon strips cut into panels of a readable height, at the gutters between panels where there are any.

Webtoon episodes are often delivered as a few very tall strips (720 × 30,000 px is usual). A strip that tall
cannot be a reader rendition (WebP stops at 16,383 px) and would be one enormous download, so at upload it is
cut into panels no taller than MAX_PANEL_ASPECT × its width (1,600 px for a 720 px strip: about two phone
screens). A cut goes in the middle of the longest run of rows of near-uniform colour (a gutter) in the lower
half of the tallest allowed panel; with no gutter there, at the tallest allowed height. The reader shows panels
edge to edge, so the pieces read as the original strip.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps

# Displayed 720 CSS px wide, a panel is at most 1,600 px tall. Phone screenshots (1080 × 2400) stay whole.
MAX_PANEL_ASPECT = 1600 / 720
# A cut is looked for between half and all of the tallest allowed panel, so no piece is a sliver.
SHORTEST_CUT = 0.5
# How far (in grey levels, 0–255) the pixels of a gutter row may differ: JPEG noise, faint paper texture.
GUTTER_TOLERANCE = 16
# A strip so narrow that it would make more pieces than this is refused instead (a 720 px strip of the
# 40-megapixel limit makes at most 70).
MAX_PIECES = 100
ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Piece:
    content: bytes
    width: int
    height: int


def oriented_size(image):
    """(width, height) as the image is shown: phones store rotated photos with an EXIF orientation."""
    width, height = image.size
    if image.getexif().get(EXIF_ORIENTATION) in ROTATED_ORIENTATIONS:
        return height, width
    return width, height


def tallest_panel(width):
    return max(1, math.floor(width * MAX_PANEL_ASPECT))


def is_tall(width, height):
    return height > tallest_panel(width)


def cut_rows(grey):
    """Rows at which to cut a greyscale ("L") strip, top to bottom."""
    width, height = grey.size
    pixels = grey.tobytes()
    tallest = tallest_panel(width)
    cuts, top = [], 0
    while height - top > tallest:
        lowest, highest = top + max(1, int(tallest * SHORTEST_CUT)), top + tallest
        top = _gutter_middle(pixels, width, lowest, highest) or highest
        cuts.append(top)
    return cuts


def _gutter_middle(pixels, width, lowest, highest):
    """The middle row of the longest run of near-uniform rows in [lowest, highest) (on ties, the lower run)."""
    best_start = best_length = 0
    run_start = None
    for row in range(lowest, highest + 1):
        uniform = False
        if row < highest:
            line = pixels[row * width : (row + 1) * width]
            uniform = max(line) - min(line) <= GUTTER_TOLERANCE
        if uniform and run_start is None:
            run_start = row
        elif not uniform and run_start is not None:
            if row - run_start >= best_length:
                best_start, best_length = run_start, row - run_start
            run_start = None
    return best_start + best_length // 2 if best_length else None


def too_many_pieces(width, height):
    """Whether a strip could make more than MAX_PIECES pieces (counting every cut at its shortest)."""
    return math.ceil(height / max(1, int(tallest_panel(width) * SHORTEST_CUT))) > MAX_PIECES


def slice_strip(content):
    """The strip as pieces in reading order, each encoded in the strip's own format; [] if it is not too tall.

    EXIF orientation is applied first (the pieces carry no EXIF at all); CMYK becomes RGB, as the web needs.
    """
    with PILImage.open(io.BytesIO(content)) as original:
        if not is_tall(*oriented_size(original)):
            return []
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        if image.mode == "CMYK":
            image, icc_profile = image.convert("RGB"), None  # the CMYK profile would not fit RGB pixels
        cuts = cut_rows(image.convert("L"))
        bounds = zip([0, *cuts], [*cuts, image.height])
        return [
            _encode(image.crop((0, top, image.width, bottom)), image_format, icc_profile, image.info)
            for top, bottom in bounds
        ]


def _encode(piece, image_format, icc_profile, info):
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=92)
    elif image_format == "WEBP":
        options.update(quality=92, lossless=bool(info.get("lossless")))
    elif "transparency" in info:
        options["transparency"] = info["transparency"]
    buffer = io.BytesIO()
    piece.save(buffer, image_format, **options)
    return Piece(content=buffer.getvalue(), width=piece.width, height=piece.height)
