"""The manuscript's pictures as the press prints them: on white, in the output profile's CMYK, greys in black ink.

PDF/X has no RGB and no transparency: each picture is flattened onto the
paper's white, and separated into CMYK through the book's output profile (the
print shop's, or the computed Japan Color one: publish/pdf/icc.py) with
LittleCMS; a grey picture goes to the black plate alone (K = 1 − grey), as
the text does. The result is a CMYK JPEG in the cache, keyed on the picture's
content and the profile, which the page writer (render.py) embeds as it is.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import IO

from publish.bookfiles import IMAGE_LIMIT, BookFolder
from publish.pdf.cache import cached_file, file_digest
from publish.pdf.icc import output_profile_file
from publish.pdf.pages import Page
from publish.reader import Book
from publish.reader.images import printed_images

JPEG_QUALITY = 95
PICTURE_VERSION = "1"  # bump when _separate changes, so that old cache entries are not reused


def print_pictures(book: Book, pages: list[Page]) -> dict[str, Path]:
    """digest → the print file of every picture the pages place."""
    wanted = {picture.digest for page in pages for picture in page.pictures}
    wanted |= {
        unit.data[0] for page in pages for line in page.lines for unit in line.line.units if unit.kind == "picture"
    }
    files = {
        node["digest"]: Path(node["book_file"])
        for chapter in book.chapters
        for node in printed_images(chapter.document)
        if node["digest"] in wanted
    }
    profile = book.config.print.output_profile or output_profile_file()
    profile_key = file_digest(profile)[:12]
    return {
        digest: cached_file(
            f"picture-{PICTURE_VERSION}-{digest}-{profile_key}.jpg",
            functools.partial(_separate, book.config.folder, path, profile),  # read only when not cached
        )
        for digest, path in sorted(files.items())
    }


def _separate(folder: BookFolder, path: Path, profile: Path, out: IO[bytes]) -> None:
    """Write the picture at ``path`` (read through the gate) to ``out`` as a CMYK JPEG for ``profile``."""
    from PIL import Image, ImageChops, ImageCms, ImageOps

    data = folder.read_bytes(path, IMAGE_LIMIT)
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)  # a camera's picture stands as it was taken
        source_profile = opened.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    image = image.convert("RGB") if image.mode != "L" else image
    if image.mode == "RGB":
        red, green, blue = image.split()
        if ImageChops.difference(red, green).getbbox() is None and ImageChops.difference(green, blue).getbbox() is None:
            image = red  # a grey picture in colour's clothes
    if image.mode == "L":
        black = ImageOps.invert(image)
        blank = Image.new("L", image.size, 0)
        cmyk = Image.merge("CMYK", (blank, blank, blank, black))
    else:
        source = (
            ImageCms.ImageCmsProfile(io.BytesIO(source_profile)) if source_profile else ImageCms.createProfile("sRGB")
        )
        cmyk = ImageCms.buildTransform(source, str(profile), "RGB", "CMYK").apply(image)
    cmyk.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
