"""Derived fonts: vertical text for a layout engine that only sets horizontal lines (and horizontal text alike).

The PDF is laid out on landscape pages that are turned a quarter clockwise
afterwards (pageturn.py). For that, every character that stands upright in
vertical text (UAX #50 Vertical_Orientation U, Tu, Tr, plus R characters such
as … and ― whose vertical form is a full-width glyph) is mapped straight to
its ``vert`` alternate, rotated a quarter counter-clockwise inside its cell;
its vertical advance becomes the advance. Latin keeps its outline and ends up
sideways, as JLReq wants. Two OpenType features are added:

``tcyf``  縦中横: a 1–3 character run becomes one upright glyph, one em long.
``halt``  half-width brackets and stops (」「 set in one and a half em): the
          glyph keeps its ink and loses its empty half, so the text layer
          never sees two glyphs overlap.

Building one draws only the glyphs the book uses and takes about a second, so
the result is cached under a key made of the source font, the characters and
the options; ``TateFont`` then reads the small derived file. A horizontal book
gets a derived font too: the source's own glyphs, only those it uses, with
``halt`` and with the em box as its ascent and descent, so that both writing
modes go through the same composer and page writer.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.misc.transform import Transform
from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen, ControlBoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from publish.errors import PublishError
from publish.fontfile import BUNDLED_FONTS, BookFont
from publish.jlreq import VARIANT, is_variation_selector
from publish.pdf.cache import cached_file, file_digest

# Bump when the derived glyphs change, so that old cache entries are not reused.
# 2: variants (cmap format 14); 3: named by the source face's PostScript name; 4: horizontal fonts, em box metrics
FORMAT_VERSION = "4"
_VO_FILE = Path(__file__).with_name("VerticalOrientation.txt")
CURVE_TOLERANCE = 1.0  # font units a CFF curve may move when drawn as TrueType curves (1/1000 em)
TCY_FEATURE = "tcyf"
HALF_FEATURE = "halt"


@cache
def _vertical_orientation_table() -> tuple[list[int], list[tuple[int, int, str]]]:
    rows = []
    for line in _VO_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            span, value = line.split(";")
            first, _, last = span.partition("..")
            rows.append((int(first, 16), int(last or first, 16), value.strip()))
    return [row[0] for row in rows], rows


def vertical_orientation(char: str) -> str:
    """UAX #50 Vertical_Orientation of a character: U, R, Tu or Tr."""
    starts, rows = _vertical_orientation_table()
    code = ord(char)
    index = bisect.bisect_right(starts, code) - 1
    return rows[index][2] if index >= 0 and code <= rows[index][1] else "R"


@dataclass(frozen=True)
class Coverage:
    """What a font draws: its characters, and its variants (character, selector)."""

    characters: frozenset[int]
    variants: frozenset[tuple[int, int]]

    def missing(self, text: str) -> set[str]:
        """What of ``text`` the font cannot draw: characters, and variants (a character and its selector).

        Every character must be drawn but line breaks and tabs (spaces too: EM
        SPACE and the like are measured and set like any character); a variation
        selector needs the font to know the variant of the character before it.
        """
        drawn = {char for char in set(text) if char not in "\n\t\f\r" and not is_variation_selector(char)}
        missing = {char for char in drawn if ord(char) not in self.characters}
        pairs = (pair.group() for pair in VARIANT.finditer(text))
        return missing | {pair for pair in pairs if _variant_key(pair) not in self.variants}


def _variant_key(pair: str) -> tuple[int, int]:
    return ord(pair[0]), ord(pair[1])


COVERAGE_VERSION = "1"  # bump when the coverage file's form changes


def font_coverage(source: BookFont) -> Coverage:
    """What ``source`` draws, by its content (the file may change between two builds in one process)."""
    return _coverage_of(file_digest(source.path), source)


@cache
def _coverage_of(digest: str, source: BookFont) -> Coverage:
    """Kept in the cache folder: decompiling a CJK font's cmap took each build of a small book 0.15 s."""
    name = f"coverage{COVERAGE_VERSION}-{digest[:24]}-{source.face}.json"
    data = json.loads(cached_file(name, lambda file: file.write(_coverage(source))).read_bytes())
    characters = frozenset(code for first, last in data["characters"] for code in range(first, last + 1))
    return Coverage(characters, frozenset((code, selector) for code, selector in data["variants"]))


def _coverage(source: BookFont) -> bytes:
    """The coverage file: the font's characters as runs of code points, and its variants."""
    font = _open(source)
    runs: list[list[int]] = []
    for code in sorted(font.getBestCmap()):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    variants = sorted(_variant_table(font))
    return json.dumps({"characters": runs, "variants": variants}, separators=(",", ":")).encode()


def _variant_table(font: TTFont) -> dict[tuple[int, int], str | None]:
    """(character, selector) → its glyph (None: the character's own) from the font's format 14 cmap."""
    table = {}
    for subtable in font["cmap"].tables:
        if subtable.format == 14:
            for selector, pairs in subtable.uvsDict.items():
                table.update({(code, selector): glyph for code, glyph in pairs})
    return table


def _open(source: BookFont) -> TTFont:
    return TTFont(source.path, fontNumber=source.face, lazy=True)


@lru_cache(maxsize=4)
def _source_font(digest: str, source: BookFont) -> _SourceFont:
    """The source font, opened once a process for each content: a process that builds again and again (a program
    calling the entry point, the tests' fuzzer) reopened it for each derivation, half a second each time."""
    return _SourceFont(source)


class _SourceFont:
    """Reads glyphs, metrics and single substitutions from the source font, lazily (each feature's once)."""

    def __init__(self, source: BookFont):
        self.postscript_name = source.postscript_name
        self.font = _open(source)
        self.glyphs = self.font.getGlyphSet()
        self.cmap = self.font.getBestCmap()
        self.variants = _variant_table(self.font)
        self.upm = self.font["head"].unitsPerEm
        self.hmtx = self.font["hmtx"].metrics
        self.vmtx = self.font["vmtx"].metrics if "vmtx" in self.font else None
        # The ideographic em box; its centre line is the axis of a vertical line.
        self.em_bottom = self.font["OS/2"].sTypoDescender
        self.centre = self.em_bottom + self.upm / 2
        self._substitutions: dict[str, dict[str, str]] = {}
        # derived glyphs by what they are drawn from: a font opened once derives each glyph once
        self.derived: dict[tuple[str, bool | None], _DerivedGlyph] = {}

    def substitutions(self, feature: str) -> dict[str, str]:
        if feature not in self._substitutions:
            self._substitutions[feature] = self._read_substitutions(feature)
        return self._substitutions[feature]

    def _read_substitutions(self, feature: str) -> dict[str, str]:
        mapping: dict[str, str] = {}
        if "GSUB" not in self.font:
            return mapping
        table = self.font["GSUB"].table
        indexes = sorted(
            {
                index
                for record in table.FeatureList.FeatureRecord
                if record.FeatureTag == feature
                for index in record.Feature.LookupListIndex
            }
        )
        for index in indexes:
            lookup = table.LookupList.Lookup[index]
            for subtable in lookup.SubTable:
                if lookup.LookupType == 7:
                    subtable = subtable.ExtSubTable
                if subtable.LookupType == 1:
                    for glyph, alternate in subtable.mapping.items():
                        mapping.setdefault(glyph, alternate)
        return mapping

    def advance(self, glyph: str) -> int:
        return self.hmtx[glyph][0]

    def vertical_advance(self, glyph: str) -> int:
        return self.vmtx[glyph][0] if self.vmtx else self.upm

    def vertical_origin(self, glyph: str) -> float:
        """Where the glyph's cell starts, on the vertical axis (y of its top).

        A CFF font says so in its VORG table; otherwise it is the top of the glyph's box plus its top
        side bearing (vmtx), the box being the points' for TrueType and the outline's for CFF.
        """
        if "VORG" in self.font:
            origins = self.font["VORG"]
            return origins.VOriginRecords.get(glyph, origins.defaultVertOriginY)
        if self.vmtx is not None:
            bounds = self._point_bounds(glyph) if "glyf" in self.font else _bounds(self.record(glyph))
            if bounds is not None:
                return bounds[3] + self.vmtx[glyph][1]
        return self.em_bottom + self.upm

    def _point_bounds(self, glyph: str) -> tuple[float, float, float, float] | None:
        outline = self.font["glyf"][glyph]
        if outline.numberOfContours != 0 and hasattr(outline, "yMax"):
            return outline.xMin, outline.yMin, outline.xMax, outline.yMax
        return None

    def record(self, glyph: str) -> RecordingPen:
        pen = DecomposingRecordingPen(self.glyphs)
        self.glyphs[glyph].draw(pen)
        return pen


def _transformed(recording: RecordingPen, transform: Transform) -> RecordingPen:
    out = RecordingPen()
    recording.replay(TransformPen(out, transform))
    return out


def _bounds(recording: RecordingPen) -> tuple[float, float, float, float] | None:
    pen = BoundsPen(None)
    recording.replay(pen)
    return pen.bounds


class _DerivedGlyph:
    """A derived glyph: its outline and advance, and, once a font has drawn it, its TrueType glyph and left side
    bearing (a glyph is never changed once made, so every font derived from the same source shares it)."""

    def __init__(self, recording: RecordingPen, advance: float):
        self.recording, self.advance = recording, advance
        self._truetype: tuple[Glyph, int] | None = None

    def truetype(self, cubic: bool) -> tuple[Glyph, int]:
        """The glyph as TrueType outlines (``cubic``: CFF curves made quadratic, within CURVE_TOLERANCE)."""
        if self._truetype is None:
            pen = TTGlyphPen(None)
            self.recording.replay(Cu2QuPen(pen, CURVE_TOLERANCE, reverse_direction=True) if cubic else pen)
            bounds = ControlBoundsPen(None)
            self.recording.replay(bounds)
            self._truetype = pen.glyph(), round(bounds.bounds[0]) if bounds.bounds else 0
        return self._truetype


class _Builder:
    """Collects the derived glyphs, then writes a TrueType font."""

    def __init__(self, source: _SourceFont, vertical: bool):
        self.source = source
        self.vertical = vertical
        self.vert = source.substitutions("vert")
        self.half = source.substitutions("hwid")
        self.outlines: dict[str, _DerivedGlyph] = {}
        self.plain(".notdef")
        self.cmap: dict[int, str] = {}
        self.uvs: list[tuple[int, int, str]] = []  # (selector, character, glyph): the variants the book uses

    def _add(self, name: str, make: Callable[[], tuple[RecordingPen, float]], variant: bool | None = None) -> str:
        """The glyph ``name`` (``variant``: which of the glyphs of that name), made once for its source font."""
        if name not in self.outlines:
            key = (name, variant)
            if key not in self.source.derived:
                self.source.derived[key] = _DerivedGlyph(*make())
            self.outlines[name] = self.source.derived[key]
        return name

    def plain(self, glyph: str) -> str:
        return self._add(glyph, lambda: (self.source.record(glyph), self.source.advance(glyph)))

    def rotated(self, glyph: str) -> str:
        """The glyph turned a quarter counter-clockwise, its vertical cell becoming a horizontal one."""
        source = self.source
        # x' = top of cell − y; y' = x centred on the em box's centre line.
        turn = Transform(0, 1, -1, 0, source.vertical_origin(glyph), source.centre - source.advance(glyph) / 2)
        return self._add(
            "v." + glyph,
            lambda: (_transformed(source.record(glyph), turn), source.vertical_advance(glyph)),
        )

    def map_char(self, char: str) -> str:
        name = self.derived(char, self.source.cmap[ord(char)])
        self.cmap[ord(char)] = name
        return name

    def map_variant(self, pair: str) -> None:
        """A character with its variation selector: the variant's glyph, derived as the character's would be."""
        code, selector = _variant_key(pair)
        glyph = self.source.variants[code, selector] or self.source.cmap[code]
        self.uvs.append((selector, code, self.derived(pair[0], glyph)))

    def derived(self, char: str, glyph: str) -> str:
        """The derived glyph that sets ``glyph`` (drawn for ``char``) in a line: a horizontal one keeps it as it is."""
        if not self.vertical:
            return self.plain(glyph)
        drawn, upright = self.vertical_form(char, glyph)
        return self.rotated(drawn) if upright else self.plain(drawn)

    def vertical_form(self, char: str, glyph: str) -> tuple[str, bool]:
        """The source glyph a vertical line draws for ``char``, and whether it stands upright (else: sideways).

        UAX #50: U, Tu and Tr stand upright, Tu and Tr in their ``vert`` form;
        … ― ‥ are R, but Japanese sets their full-width vertical forms.
        """
        upright = vertical_orientation(char) in ("U", "Tu", "Tr")
        full_width_form = glyph in self.vert and self.source.advance(glyph) == self.source.upm
        if upright or (ord(char) >= 0x2000 and full_width_form):
            return self.vert.get(glyph, glyph), True
        return glyph, False

    def half_width(self, name: str, ink_first: bool) -> str:
        """A full-width punctuation glyph cut to the half of its cell that holds the ink."""
        outline = self.outlines[name]
        shift = Transform(1, 0, 0, 1, 0 if ink_first else -outline.advance / 2, 0)
        return self._add("h." + name, lambda: (_transformed(outline.recording, shift), outline.advance / 2), ink_first)

    def upright_run(self, text: str) -> str:
        """Half-width characters side by side, upright, squeezed into one em cell and centred in it."""
        source = self.source
        name = "tcy." + "_".join(f"{ord(char):x}" for char in text)

        def make() -> tuple[RecordingPen, float]:
            parts = []
            for char in text:
                glyph = source.cmap[ord(char)]
                glyph = self.half.get(glyph, glyph)
                parts.append((glyph, source.advance(glyph)))
            natural = sum(advance for _, advance in parts)
            scale = min(1.0, source.upm / natural)
            width = natural * scale
            cell = source.upm
            run = RecordingPen()
            x = (cell - width) / 2
            for glyph, advance in parts:
                source.record(glyph).replay(TransformPen(run, Transform(scale, 0, 0, 1, x, 0)))
                x += advance * scale
            bounds = _bounds(run)
            # Centre the ink on the em box, then turn it like any upright glyph.
            shift = source.centre - (bounds[1] + bounds[3]) / 2 if bounds else 0
            turn = Transform(0, 1, -1, 0, source.centre + source.upm / 2, source.centre - cell / 2)
            return _transformed(_transformed(run, Transform(1, 0, 0, 1, 0, shift)), turn), cell

        return self._add(name, make)

    def font(self, family: str, features: str) -> TTFont:
        source = self.source.font
        order = list(self.outlines)
        builder = FontBuilder(self.source.upm, isTTF=True)
        builder.font.recalcTimestamp = False  # the same input gives the same bytes
        builder.setupGlyphOrder(order)
        builder.setupCharacterMap(self.cmap, uvs=self.uvs)
        glyphs, metrics = {}, {}
        cubic = "glyf" not in source  # CFF curves become TrueType's quadratic ones, within CURVE_TOLERANCE
        for name in order:
            glyphs[name], side_bearing = self.outlines[name].truetype(cubic)
            metrics[name] = (round(self.outlines[name].advance), side_bearing)
        builder.setupGlyf(glyphs)
        builder.setupHorizontalMetrics(metrics)
        os2, head = source["OS/2"], source["head"]
        builder.setupHead(unitsPerEm=self.source.upm, created=head.created, modified=head.modified)
        # Ascent and descent are the ideographic em box, whatever the source says: a line one em high
        # (line-height 1) then holds its em boxes exactly, and the page writer knows where every cell is.
        em_top, em_bottom = self.source.em_bottom + self.source.upm, self.source.em_bottom
        builder.setupHorizontalHeader(ascent=em_top, descent=em_bottom, lineGap=0)
        ps_name = postscript_safe(self.source.postscript_name)  # preflight tools read the face's own name
        builder.setupNameTable(
            {
                "familyName": family,
                "styleName": "Regular",
                "psName": ps_name,
                "uniqueFontIdentifier": f"{ps_name} (derived by publish)",
                "copyright": source["name"].getDebugName(0) or "",
                "licenseDescription": source["name"].getDebugName(13) or "",
            }
        )
        builder.setupOS2(
            sTypoAscender=em_top,
            sTypoDescender=em_bottom,
            sTypoLineGap=0,
            usWinAscent=max(em_top, 0),
            usWinDescent=max(-em_bottom, 0),
            usWeightClass=os2.usWeightClass,
            fsType=os2.fsType,
        )
        builder.setupPost()
        # imported here: only a cache miss builds features, and feaLib costs every build 70 ms to import
        from fontTools.feaLib.builder import addOpenTypeFeaturesFromString

        addOpenTypeFeaturesFromString(builder.font, features)
        return builder.font


def _features(rules: dict[str, list[tuple[list[str], str]]]) -> str:
    lines = ["languagesystem DFLT dflt;"]
    for tag, substitutions in rules.items():
        if substitutions:
            lines.append(f"feature {tag} {{")
            lines.extend(f"  sub {' '.join(inputs)} by {output};" for inputs, output in substitutions)
            lines.append(f"}} {tag};")
    return "\n".join(lines)


def build_tate_font(
    source: BookFont,
    family: str,
    chars: str,
    tcy: Iterable[str],
    half_width: dict[str, bool] | None = None,
    variants: Iterable[str] = (),
    vertical: bool = True,
) -> TTFont:
    """The derived font for ``chars`` (all present in ``source``), with 縦中横 glyphs for ``tcy``.

    ``half_width`` maps punctuation to whether its ink is in the first half of its cell; ``variants``
    are the character + variation selector pairs the book uses (all known to ``source``). A font for
    horizontal lines (``vertical`` false) keeps the source's glyphs and adds only the half widths.
    """
    tcy = set(tcy)
    builder = _Builder(_source_font(file_digest(source.path), source), vertical)
    for char in sorted(set(chars).union(" ", *tcy)):
        if ord(char) in builder.source.cmap:
            builder.map_char(char)
    for pair in sorted(set(variants)):
        builder.map_variant(pair)
    rules: dict[str, list[tuple[list[str], str]]] = {TCY_FEATURE: [], HALF_FEATURE: []}
    for char, ink_first in sorted((half_width or {}).items()):
        glyph = builder.cmap.get(ord(char))
        if glyph is None or (vertical and not glyph.startswith("v.")):  # a sideways glyph keeps its width
            continue
        if builder.outlines[glyph].advance == builder.source.upm:
            rules[HALF_FEATURE].append(([glyph], builder.half_width(glyph, ink_first)))
    # Longest runs first: a feature applies its first matching rule.
    for text in sorted(tcy, key=lambda run: (-len(run), run)):
        full_width = chr(ord(text) + 0xFEE0) if len(text) == 1 else ""
        if full_width and ord(full_width) in builder.source.cmap:
            glyph = builder.source.cmap[ord(full_width)]
            target = builder.rotated(builder.vert.get(glyph, glyph))
        else:
            target = builder.upright_run(text)
        rules[TCY_FEATURE].append(([builder.cmap[ord(char)] for char in text], target))
    return builder.font(family, _features(rules))


def _cache_key(
    source: BookFont,
    family: str,
    chars: str,
    tcy: list[str],
    half_width: dict[str, bool],
    variants: list[str],
    vertical: bool,
) -> str:
    digest = hashlib.sha256()
    for part in (
        FORMAT_VERSION,
        "vertical" if vertical else "horizontal",
        file_digest(source.path),
        str(source.face),
        family,
        "".join(sorted(set(chars))),
        "\0".join(tcy),
        "\0".join(variants),
        "".join(f"{char}{int(first)}" for char, first in sorted(half_width.items())),
    ):
        digest.update(part.encode() + b"\1")
    return digest.hexdigest()[:24]


def tate_font_file(
    source: BookFont,
    family: str,
    chars: str,
    tcy: Iterable[str],
    half_width: dict[str, bool],
    variants: Iterable[str],
    vertical: bool = True,
) -> Path:
    """The cached derived font file, built first if the cache has none for these inputs."""
    tcy, variants = sorted(set(tcy)), sorted(set(variants))
    key = _cache_key(source, family, chars, tcy, half_width, variants, vertical)
    name = f"{family.replace(' ', '')}-{key}.ttf"
    try:
        return cached_file(
            name, lambda file: build_tate_font(source, family, chars, tcy, half_width, variants, vertical).save(file)
        )
    except Exception as exc:
        if source in BUNDLED_FONTS:  # ours are sound: a failure is our bug
            raise
        # a book's font passed fontfile.py's table checks, but a glyph it draws is damaged
        message = f"the font is damaged: fontTools cannot draw the glyphs this book uses ({type(exc).__name__})"
        raise PublishError.at(source.path, None, message) from None


class _PDFPathPen(BasePen):
    """A glyph's contours as PDF path operators (quadratic curves become cubic ones, as PDF has only those)."""

    def __init__(self, glyph_set) -> None:
        super().__init__(glyph_set)
        self.operators: list[str] = []

    def _point(self, *points: tuple[float, float]) -> str:
        return " ".join(f"{round(x, 1):g} {round(y, 1):g}" for x, y in points)

    def _moveTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(point)} m")

    def _lineTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(point)} l")

    def _curveToOne(self, first: tuple[float, float], second: tuple[float, float], end: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(first, second, end)} c")

    def _closePath(self) -> None:
        self.operators.append("h")


def postscript_safe(name: str) -> str:
    """``name`` as a PDF font name may hold it: PostScript name characters only (a font's name table is input)."""
    return re.sub(r"[^A-Za-z0-9._+-]", "", name)[:63] or "Font"


class TateFont:
    """A font file as the composer and the page writers need it: advances and outlines.

    Usually a derived tate font; the horizontal writer reads a source font through it for its ruby outlines.
    """

    def __init__(self, path: Path):
        self.path = path
        self._font = TTFont(path)
        self._glyphs = self._font.getGlyphSet()
        self._cmap = self._font.getBestCmap()
        self._upm = self._font["head"].unitsPerEm
        self._hmtx = self._font["hmtx"].metrics
        self._advances: dict[str, float] = {}
        self._variants = _variant_table(self._font)
        self._half, self._runs = self._features()

    def _features(self) -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
        """Our own two features, as the derived font declares them: ``halt``'s half-width glyphs and ``tcyf``'s
        縦中横 runs. They are all the shaping a line needs (no other substitution, no positioning), so the page
        writer applies them itself."""
        half: dict[str, str] = {}
        runs: dict[tuple[str, ...], str] = {}
        if "GSUB" not in self._font:
            return half, runs
        table = self._font["GSUB"].table
        for record in table.FeatureList.FeatureRecord:
            for index in record.Feature.LookupListIndex:
                for subtable in table.LookupList.Lookup[index].SubTable:
                    subtable = getattr(subtable, "ExtSubTable", subtable)  # an extension lookup's own
                    if record.FeatureTag == HALF_FEATURE:
                        half.update(subtable.mapping)
                    elif record.FeatureTag == TCY_FEATURE and hasattr(subtable, "mapping"):  # a one-character run
                        runs.update({(first,): glyph for first, glyph in subtable.mapping.items()})
                    elif record.FeatureTag == TCY_FEATURE:
                        for first, ligatures in subtable.ligatures.items():
                            runs.update({(first, *ligature.Component): ligature.LigGlyph for ligature in ligatures})
        return half, runs

    def advance(self, text: str) -> float:
        """The length of ``text`` along the line, in em (measured once per text: a book measures the same
        characters a hundred thousand times)."""
        if text not in self._advances:
            # a variation selector takes no room: its variant stands in the character's cell
            units = sum(self._hmtx[self._cmap[ord(char)]][0] for char in text if not is_variation_selector(char))
            self._advances[text] = units / self._upm
        return self._advances[text]

    def glyphs(self, text: str, half: bool = False) -> list[tuple[str, int]]:
        """The glyphs that set ``text`` in a line, each with the text it draws: a character, or one with its
        variation selector (the variant's glyph); ``half`` sets a punctuation mark's half-width glyph."""
        glyphs = []
        for index, char in enumerate(text):
            if is_variation_selector(char):
                continue
            name = self._cmap.get(ord(char), ".notdef")
            following = text[index + 1 : index + 2]
            if following and is_variation_selector(following):
                name = self._variants.get((ord(char), ord(following))) or name
                char += following
            if half:
                name = self._half.get(name, name)
            glyphs.append((char, self._font.getGlyphID(name)))
        return glyphs

    def upright_run(self, text: str) -> list[tuple[str, int]]:
        """縦中横: the run's one upright glyph (``tcyf``), or its characters when the font has none for it."""
        names = tuple(self._cmap.get(ord(char), ".notdef") for char in text)
        if names in self._runs:
            return [(text, self._font.getGlyphID(self._runs[names]))]
        return self.glyphs(text)

    def glyph_advance(self, glyph: int) -> int:
        """A glyph's advance in font units."""
        return self._hmtx[self._font.getGlyphName(glyph)][0]

    @property
    def units_per_em(self) -> int:
        return self._upm

    @property
    def postscript_name(self) -> str:
        return self._font["name"].getDebugName(6) or "Font"

    @property
    def bounding_box(self) -> tuple[int, int, int, int]:
        """The box of all its glyphs, in font units."""
        head = self._font["head"]
        return head.xMin, head.yMin, head.xMax, head.yMax

    @property
    def em_box_top(self) -> int:
        """The top of the em box in font units, above the baseline (the glyphs of a line sit in their em box)."""
        return self._font["OS/2"].sTypoDescender + self._upm

    def pdf_path(self, char: str) -> bytes:
        """The (turned) glyph as PDF path operators in font units, y up from the baseline."""
        pen = _PDFPathPen(self._glyphs)
        self._glyphs[self._cmap[ord(char)]].draw(pen)
        return " ".join(pen.operators).encode()
