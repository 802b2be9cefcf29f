"""What a picture file is, judged from its header before anything decodes it: the cover's and the figures' check."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

IMAGE_FORMATS = ("JPEG", "PNG")


class ImageError(ValueError):
    """A file that is not a picture a book may hold; the message says why (without the file's name)."""


@dataclass(frozen=True)
class ImageFacts:
    format: str  # "JPEG" or "PNG"
    width: int  # pixels
    height: int


def inspect_image(data: bytes) -> ImageFacts:
    """A readable JPEG or PNG, and its size in pixels (a decompression bomb is refused, never decoded)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError("has too many pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageError("is not a readable image") from None
    if kind not in IMAGE_FORMATS:
        raise ImageError(f"must be a JPEG or PNG image, not {kind}")
    return ImageFacts(kind, width, height)
