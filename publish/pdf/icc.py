"""A CMYK output profile (ICC v2) for the PDF/X output intent, computed rather than shipped.

The registered printing condition for Japanese offset is Japan Color 2001
Coated (JC200103), but its characterisation profiles are not free to
redistribute. PDF/X-4 needs *a* profile in the output intent, so this module
builds one from a small ink model: band densities of paper and solid inks
roughly matching JC200103's published solids, additive in density. Our pages
are K-only DeviceCMYK, which a RIP sends to the plate unchanged; the profile
only steers soft proofs. A book can name the print shop's real profile instead.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import struct
from pathlib import Path

from publish.pdf.cache import cached_file

# Linear band reflectances of the paper and density of each solid ink in the
# red, green and blue bands (status-T-like); chosen to land near JC200103's solids.
PAPER = (0.90, 0.90, 0.87)
DENSITY = {
    "c": (1.45, 0.50, 0.20),
    "m": (0.12, 1.40, 0.60),
    "y": (0.03, 0.10, 1.05),
    "k": (1.75, 1.75, 1.75),
}
# linear sRGB → XYZ (D50, Bradford), the bands' colorimetry
TO_XYZ = (
    (0.4360747, 0.3850649, 0.1430804),
    (0.2225045, 0.7168786, 0.0606169),
    (0.0139322, 0.0971045, 0.7141733),
)
D50 = (0.9642, 1.0, 0.8249)
TOTAL_INK = 3.2  # 320 % coverage at most in the separations
GRID_CMYK = 9
GRID_LAB = 17
DESCRIPTION = "publish K-text CMYK (model of Japan Color 2001 Coated)"


def _solve3(matrix: tuple, vector: tuple) -> tuple[float, float, float]:
    """Cramer's rule for the 3 × 3 systems of this module."""

    def det(m):
        return (
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        )

    whole = det(matrix)
    result = []
    for column in range(3):
        replaced = [[vector[row] if c == column else matrix[row][c] for c in range(3)] for row in range(3)]
        result.append(det(replaced) / whole)
    return result[0], result[1], result[2]


def _lab(xyz: tuple[float, float, float], white: tuple[float, float, float]) -> tuple[float, float, float]:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, white, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _xyz(lab: tuple[float, float, float], white: tuple[float, float, float]) -> tuple[float, float, float]:
    light, a, b = lab
    fy = (light + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inverse(t: float) -> float:
        return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    return tuple(inverse(t) * w for t, w in zip((fx, fy, fz), white, strict=True))  # type: ignore[return-value]


def _bands_to_xyz(bands: tuple[float, ...]) -> tuple[float, float, float]:
    return tuple(sum(m * b for m, b in zip(row, bands, strict=True)) for row in TO_XYZ)  # type: ignore[return-value]


PAPER_XYZ = _bands_to_xyz(PAPER)


def cmyk_to_lab(c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
    """Media-relative Lab of a CMYK tint (the paper is L* 100)."""
    cover = {"c": c, "m": m, "y": y, "k": k}
    bands = tuple(
        PAPER[band] * 10 ** -sum(amount * DENSITY[ink][band] for ink, amount in cover.items()) for band in range(3)
    )
    return _lab(_bands_to_xyz(bands), PAPER_XYZ)


def lab_to_cmyk(lab: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """Separation with grey component replacement: black carries the neutral density."""
    xyz = _xyz(lab, PAPER_XYZ)
    bands = _solve3(TO_XYZ, xyz)
    density = [-math.log10(min(max(b / p, 1e-4), 1.0)) for b, p in zip(bands, PAPER, strict=True)]
    k = min(1.0, max(0.0, min(density) - 0.25) / DENSITY["k"][0])
    rest = tuple(d - k * DENSITY["k"][band] for band, d in enumerate(density))
    inks = _solve3(tuple(tuple(DENSITY[ink][band] for ink in "cmy") for band in range(3)), rest)
    c, m, y = (min(1.0, max(0.0, v)) for v in inks)
    excess = c + m + y + k - TOTAL_INK
    if excess > 0:
        c, m, y = (max(0.0, v - excess / 3) for v in (c, m, y))
    return c, m, y, k


def _u16(value: float) -> int:
    return max(0, min(0xFFFF, round(value)))


def _encode_lab(lab: tuple[float, float, float]) -> list[int]:
    """ICC v2 16-bit Lab: L* 0…100 → 0…0xFF00; a*, b* −128…127.996 → 0…0xFFFF."""
    light, a, b = lab
    return [_u16(light * 0xFF00 / 100), _u16((a + 128) * 256), _u16((b + 128) * 256)]


def _decode_lab(index: tuple[int, ...]) -> tuple[float, float, float]:
    step = [(GRID_LAB - 1)] * 3
    light, a, b = (i * 0xFFFF / s for i, s in zip(index, step, strict=True))
    return light * 100 / 0xFF00, a / 256 - 128, b / 256 - 128


def _lut16(inputs: int, outputs: int, grid: int, table: list[int]) -> bytes:
    """lut16Type ('mft2') with identity curves around a grid table."""
    identity = struct.pack(">9i", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x10000)
    curve = struct.pack(">2H", 0, 0xFFFF)
    return (
        b"mft2\0\0\0\0"
        + struct.pack(">BBBB", inputs, outputs, grid, 0)
        + identity
        + struct.pack(">HH", 2, 2)
        + curve * inputs
        + struct.pack(f">{len(table)}H", *table)
        + curve * outputs
    )


def _text_description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)
        + b"\0" * 67  # no ScriptCode description
    )


def _xyz_tag(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + struct.pack(">3i", *(round(v * 0x10000) for v in xyz))


def output_profile_file() -> Path:
    """The profile from the cache; computing it takes half a second."""
    key = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # this model, this encoder
    return cached_file(f"cmyk-{key}.icc", lambda file: file.write(output_profile()))


def output_profile() -> bytes:
    """The profile, byte for byte the same on every run (fixed date, no random ID)."""
    forward: list[int] = []
    for c, m, y, k in itertools.product(range(GRID_CMYK), repeat=4):
        forward += _encode_lab(cmyk_to_lab(*(v / (GRID_CMYK - 1) for v in (c, m, y, k))))
    backward: list[int] = []
    gamut: list[int] = []
    for index in itertools.product(range(GRID_LAB), repeat=3):
        lab = _decode_lab(index)
        inks = lab_to_cmyk(lab)
        backward += [_u16(v * 0xFFFF) for v in inks]
        error = math.dist(lab, cmyk_to_lab(*inks))
        gamut.append(0 if error < 3.0 else 0xFFFF)  # ΔE*ab over 3: out of gamut
    a_to_b = _lut16(4, 3, GRID_CMYK, forward)
    b_to_a = _lut16(3, 4, GRID_LAB, backward)
    tags = [
        (b"desc", _text_description(DESCRIPTION)),
        (b"cprt", b"text\0\0\0\0" + b"No copyright, use freely\0"),
        (b"wtpt", _xyz_tag(PAPER_XYZ)),
        (b"A2B0", a_to_b),
        (b"A2B1", a_to_b),
        (b"A2B2", a_to_b),
        (b"B2A0", b_to_a),
        (b"B2A1", b_to_a),
        (b"B2A2", b_to_a),
        (b"gamt", _lut16(3, 1, GRID_LAB, gamut)),
    ]
    directory, data = [], b""
    offset = 128 + 4 + 12 * len(tags)
    seen: dict[bytes, tuple[int, int]] = {}
    for signature, body in tags:
        if body not in seen:  # the three intents share one table
            seen[body] = (offset + len(data), len(body))
            data += body + b"\0" * (-len(body) % 4)
        directory.append(struct.pack(">4sII", signature, *seen[body]))
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"\0\0\0\0", 0x02100000, b"prtr", b"CMYK", b"Lab ")
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual
        + struct.pack(">3i", *(round(v * 0x10000) for v in D50))
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(directory) + data
