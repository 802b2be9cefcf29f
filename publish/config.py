"""book.toml → BookConfig: read, and every key checked against bookschema.py, every problem with its line."""

from __future__ import annotations

import contextlib
import datetime
import difflib
import os
import re
import tomllib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.bookfiles import CONFIG_LIMIT, FONT_LIMIT, IMAGE_LIMIT, MB, PROFILE_LIMIT, BookFolder, RefusedFileError
from publish.bookschema import (
    COLOPHON_KEYS,
    CONFIG_NAME,
    GRID_KEYS,
    KEYS,
    LIMIT_KEYS,
    PRINT_KEYS,
    TOML_TYPE_NAMES,
    TYPESETTING_KEYS,
    Colophon,
    Key,
    PrintSettings,
    Source,
    Typesetting,
)
from publish.errors import Problem, PublishError
from publish.fontfile import BUNDLED_GOTHIC, BUNDLED_MINCHO, BookFont, FontError, choose_face
from publish.imagefile import ImageError, inspect_image
from publish.paper import PageDesign
from publish.textfile import decode_text, unprintable_at, unprintable_message

MAX_COVER_SIDE = 10_000  # pixels
_OUTPUT_SUFFIXES = (".epub", ".pdf", ".png")
FILE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def book_time(date: datetime.date | None) -> datetime.datetime:
    """The time a book shows (its date directive, its colophon's printing), in UTC: book.toml's ``date``, else
    SOURCE_DATE_EPOCH, else now — never a file's time, so the same sources show the same date anywhere."""
    if date is not None:
        return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        with contextlib.suppress(OverflowError, ValueError, OSError):  # out of range: the build says so itself
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def isbn_valid(isbn: str) -> bool:
    """An ISBN-13 (hyphens or spaces allowed): 978 or 979, and its weighted digit sum 1-3-1-3… a multiple of ten."""
    digits = re.sub(r"[- ]", "", isbn.removeprefix("ISBN").strip())
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    return sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits)) % 10 == 0


def _is_date(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


@dataclass(frozen=True)
class BookConfig:
    root: Path
    folder: BookFolder = field(compare=False, repr=False)  # the gate every read of the book's files goes through
    title: str
    identifier: str
    language: str
    writing_mode: str
    name: str
    sources: tuple[Source, ...]
    category: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    cover: Path | None = None
    print: PrintSettings = field(default_factory=PrintSettings)
    typesetting: Typesetting = field(default_factory=Typesetting)
    colophon: Colophon = field(default_factory=Colophon)
    file_insertion_enabled: bool = False  # include, and raw/csv-table with :file:, inside the book folder only
    raw_enabled: bool = False  # raw HTML reaches the EPUB (the print PDF refuses it)
    proofread_off: frozenset[str] = frozenset()  # proofreading rules turned off in [proofread]

    @property
    def vertical(self) -> bool:
        return self.writing_mode == "vertical"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def files(self) -> list[Path]:
        """Every file of the book folder a build reads (for timestamps and caches)."""
        paths = [self.config_path] + [source.path for source in self.sources]
        paths += [self.cover] if self.cover else []
        if self.file_insertion_enabled:  # an included file may be anything in the book folder but our outputs
            paths += [path for path in folder_files(self.root) if path not in paths]
        return paths


MAX_FOLDER_DEPTH = 32  # folders inside the book folder inside each other


def book_tree(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` but hidden ones, sorted; symlinked folders are not entered.

    Walked with a stack, not recursion, and no deeper than ``MAX_FOLDER_DEPTH``.
    """
    files: list[Path] = []
    stack = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            raise PublishError.at(current, None, f"cannot list the folder: {exc.strerror}") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = current / entry.name
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_FOLDER_DEPTH:
                    raise PublishError.at(path, None, f"folders nested more than {MAX_FOLDER_DEPTH} deep in the book")
                stack.append((path, depth + 1))
            elif entry.is_file():
                files.append(path)
    return sorted(files)


def folder_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but hidden ones and our outputs, sorted."""
    return [path for path in book_tree(folder) if path.suffix not in _OUTPUT_SUFFIXES]


def config_path(book_dir: Path) -> Path:
    """``book_dir``'s book.toml; PublishError when there is no such folder or file."""
    path = book_dir / CONFIG_NAME
    if not book_dir.is_dir():
        raise PublishError.at(book_dir, None, "book folder not found")
    if not path.exists() and not path.is_symlink():
        raise PublishError.at(path, None, "book.toml not found: every book folder needs one")
    return path


def load_config(book_dir: Path) -> BookConfig:
    """Read and validate ``book_dir/book.toml``; raise PublishError listing every problem."""
    path = config_path(book_dir)
    folder = BookFolder(book_dir)
    # book.toml itself passes the gate: a symlink out of the book, a FIFO or a huge file is refused
    text = decode_text(folder.read_bytes(path, CONFIG_LIMIT), path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise PublishError.at(path, int(match.group(1)) if match else None, f"TOML syntax error: {message}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise PublishError.at(path, None, "TOML nested too deeply: a book.toml needs two levels") from None
    return _Validator(folder, path, text, data).config()


class _Validator:
    def __init__(self, folder: BookFolder, path: Path, text: str, data: dict):
        self.folder, self.root, self.path, self.lines, self.data = folder, folder.root, path, text.splitlines(), data
        self.problems: list[Problem] = []

    def fail(self, key: str | None, message: str, needle: str | None = None) -> None:
        self.problems.append(Problem(self.path, self._line_of(key, needle), message))

    def unknown(self, key: str, known: Iterable[str], message: str) -> None:
        close = difflib.get_close_matches(key, known, n=1)
        self.fail(key, message + (f" (did you mean '{close[0]}'?)" if close else ""))

    def _line_of(self, key: str | None, needle: str | None) -> int | None:
        # tomllib gives no positions: find the key (or a value) in the text instead.
        for number, line in enumerate(self.lines, 1):
            if needle is not None and (f'"{needle}"' in line or f"'{needle}'" in line):
                return number
            if needle is None and key and re.match(rf"""\s*["']?{re.escape(key)}["']?\s*=""", line):
                return number
        return None

    def config(self) -> BookConfig:
        for key in self.data:
            if key not in KEYS:
                self.unknown(key, KEYS, f"unknown key '{key}'")
        for key in KEYS.values():
            if key.name in self.data:
                self._check(key, self.data[key.name])
            elif key.required:
                self.problems.append(Problem(self.path, None, f"missing key '{key.name}'"))
        if self.problems:
            raise PublishError(self.problems)
        self._check_strings(self.data, ())
        if self.problems:
            raise PublishError(self.problems)

        get = self.value
        title, identifier = self.data["title"], self.data["identifier"]  # required: their absence stopped us above
        self._limits(get("limits"))
        self._check_text("title", title)
        self._check_identifier(identifier)
        language = get("language")
        if not _LANGUAGE_RE.match(language):
            self.fail("language", f"'language' must be a language tag such as 'ja', not '{language}'")
        writing_mode = get("writing_mode")
        name = self.data.get("name", self.root.resolve().name)
        if not FILE_NAME_RE.match(name):
            self.fail("name", f"'name' must be a file name of letters, digits, '.', '_' or '-', not '{name}'")
        for key in ("category", "author"):
            if key in self.data:
                self._check_text(key, self.data[key])
        cover = self._cover(self.data["cover"]) if "cover" in self.data else None
        settings = self._print_settings(get("print"), writing_mode == "vertical")
        sources = self._sources()
        proofread_off = self._proofread_off(get("proofread"))
        typesetting = self._typesetting(get("typesetting"))
        colophon = self._colophon(get("colophon"))
        if self.problems:
            raise PublishError(self.problems)
        return BookConfig(
            root=self.root,
            folder=self.folder,
            title=title.strip(),
            identifier=identifier.strip(),
            language=language,
            writing_mode=writing_mode,
            name=name,
            sources=sources,
            category=get("category"),
            author=get("author"),
            date=get("date"),
            cover=cover,
            print=settings,
            typesetting=typesetting,
            colophon=colophon,
            file_insertion_enabled=get("file_insertion_enabled"),
            raw_enabled=get("raw_enabled"),
            proofread_off=proofread_off,
        )

    def value(self, name: str) -> Any:
        """A top-level key's value, else its default."""
        return self.data.get(name, KEYS[name].default)

    def _check(self, key: Key, value: object) -> bool:
        """Whether ``value`` suits ``key`` (its type, its values, its range); reported when not."""
        problem = key.problem(value)
        if problem:
            self.fail(key.name, problem)
        return problem is None

    def _check_strings(self, value: object, keys: tuple[str, ...]) -> None:
        """Every string of book.toml (TOML escapes can spell any code point) passes the manuscript's rule."""
        if isinstance(value, dict):
            for key, item in value.items():
                self._check_strings(key, keys)
                self._check_strings(item, (*keys, key))
        elif isinstance(value, list):
            for item in value:
                self._check_strings(item, keys)
        elif isinstance(value, str):
            at = unprintable_at(value)
            if at is not None:
                self.fail(keys[-1] if keys else None, unprintable_message(value[at], "in a value"))

    def _limits(self, table: dict) -> None:
        for key, value in self._known(table, LIMIT_KEYS, "limits"):
            if self._check(key, value):
                self.folder.text_limit = value * MB

    def _known(self, table: dict, known: dict[str, Key], name: str) -> Iterator[tuple[Key, Any]]:
        """The keys of the table ``[name]`` that it has, with their values; any other is reported, with a
        suggestion."""
        for key, value in table.items():
            if key in known:
                yield known[key], value
            else:
                self.unknown(key, known, f"unknown key '{key}' in [{name}]")

    def _typesetting(self, table: dict) -> Typesetting:
        for key, value in self._known(table, TYPESETTING_KEYS, "typesetting"):
            self._check(key, value)
        return Typesetting(**{key: value for key, value in table.items() if key in TYPESETTING_KEYS})

    def _colophon(self, table: dict) -> Colophon:
        for key, value in self._known(table, COLOPHON_KEYS, "colophon"):
            if self._check(key, value) and isinstance(value, str):
                self._check_text(key.name, value)
        printings, isbn = table.get("printings", ()), table.get("isbn")
        if isinstance(printings, list) and not all(_is_date(day) for day in printings):
            self.fail("printings", "'printings' must be a list of dates (YYYY-MM-DD), the first printing first")
        elif isinstance(printings, list) and (printings != sorted(printings) or len(printings) > 99):
            self.fail("printings", "'printings' must run from the first printing to the latest, at most 99")
        if isinstance(isbn, str) and not isbn_valid(isbn):
            self.fail("isbn", f"'isbn' is not a valid ISBN-13 (978 or 979, 13 digits, a right check digit): '{isbn}'")
        names = ("publisher", "printer", "contact", "isbn", "edition")
        return Colophon(**{key: table[key] for key in names if key in table}, printings=tuple(printings))

    def _proofread_off(self, table: dict) -> frozenset[str]:
        if not table:
            return frozenset()
        from publish.proofread import RULES  # publish.proofread reads document trees; only its names are needed

        for key, value in table.items():
            if key not in RULES:
                self.unknown(key, RULES, f"unknown proofreading rule '{key}' in [proofread]")
            elif not isinstance(value, bool):
                kind = TOML_TYPE_NAMES.get(type(value), "that")
                self.fail(key, f"'{key}' must be true (check) or false (do not check), not {kind}")
        return frozenset(key for key, value in table.items() if value is False)

    def _print_settings(self, table: dict, vertical: bool) -> PrintSettings:
        for key, value in self._known(table, PRINT_KEYS, "print"):
            self._check(key, value)
        trim = table.get("trim", PRINT_KEYS["trim"].default)
        standard = table.get("pdf", PRINT_KEYS["pdf"].default)
        profile = None
        if "output_profile" in table:
            read = self._book_bytes("output_profile", table["output_profile"], PROFILE_LIMIT)
            if read is not None:
                profile, data = read
                if not _is_cmyk_output_profile(data):
                    self.fail("output_profile", f"'{profile.name}' is not a CMYK output (printer) ICC profile")
        defaults = (("body_font", BUNDLED_MINCHO), ("heading_font", BUNDLED_GOTHIC))
        fonts = {key: self._font(table, key, default) for key, default in defaults}
        if self.problems:
            return PrintSettings()
        characters, lines, size, gap = (table.get(key) for key in GRID_KEYS)
        design = PageDesign.of(trim, vertical, size, characters, lines, gap)
        misfit = design.misfit(vertical)
        if misfit:
            named = [key for key in GRID_KEYS if key in table]
            self.fail(named[0] if named else "trim", misfit)
        return PrintSettings(design, standard, profile, fonts["body_font"], fonts["heading_font"])

    def _font(self, table: dict, key: str, default: BookFont) -> BookFont:
        """The font ``key`` names (the face ``key``_face names, in a collection), else the bundled ``default``."""
        face_key = f"{key}_face"
        if key not in table:
            if face_key in table:
                self.fail(face_key, f"'{face_key}' needs '{key}': the font file whose face it names")
            return default
        read = self._book_bytes(key, table[key], FONT_LIMIT)
        if read is None:
            return default
        path, data = read
        try:
            return BookFont(path, choose_face(data, table.get(face_key)))
        except FontError as problem:
            self.fail(face_key if face_key in table else key, f"'{path.name}' {problem}")
            return default

    def _check_text(self, key: str, value: str) -> None:
        if not value.strip():
            self.fail(key, f"'{key}' must not be empty")

    def _check_identifier(self, value: str) -> None:
        if value.startswith("urn:uuid:"):
            try:
                uuid.UUID(value.removeprefix("urn:uuid:"))
            except ValueError:
                self.fail("identifier", f"'identifier' is not a valid urn:uuid: '{value}'")
        elif not re.match(r"^(urn|https?):\S+$", value):
            self.fail("identifier", "'identifier' must be a URN such as 'urn:uuid:…' or 'urn:isbn:…'")

    def _book_file(self, key: str, name: str, limit: int | None = None) -> Path | None:
        """A file named in book.toml: the gate must let it through (a regular file inside the book folder)."""
        candidate = Path(name)
        if candidate.is_absolute() or ".." in candidate.parts:
            self.fail(key, f"'{name}' must be a path inside the book folder", needle=name)
            return None
        path = self.root / candidate
        try:
            self.folder.admit(path, limit)
        except RefusedFileError as error:
            if error.why == "does not exist":
                self.fail(key, f"file '{name}' listed in '{key}' not found", needle=name)
            else:
                self.fail(key, f"'{name}' {error.why}", needle=name)
            return None
        return path

    def _book_bytes(self, key: str, name: str, limit: int) -> tuple[Path, bytes] | None:
        path = self._book_file(key, name, limit)
        return None if path is None else (path, self.folder.read_bytes(path, limit))

    def _cover(self, name: str) -> Path | None:
        """A readable JPEG or PNG of a sensible size (the file's header tells; a bomb is never decoded)."""
        read = self._book_bytes("cover", name, IMAGE_LIMIT)
        if read is None:
            return None
        path, data = read
        try:
            facts = inspect_image(data)
        except ImageError as error:
            self.fail("cover", f"'{name}' {error}{' to be a cover' if 'pixels' in str(error) else ''}", needle=name)
            return None
        if max(facts.width, facts.height) > MAX_COVER_SIDE:
            self.fail(
                "cover",
                f"'{name}' is {facts.width} × {facts.height} pixels: at most {MAX_COVER_SIDE:,} on a side "
                "(the stores ask for about 1600 × 2560)",
                needle=name,
            )
        return path

    def _parts(self) -> dict[str, str]:
        """[[parts]]: each 部's title by the chapter it opens (from), in the order of 'chapters'."""
        chapters = [name for name in self.data.get("chapters", []) if isinstance(name, str)]
        opened: dict[str, str] = {}
        last = -1
        for part in self.data.get("parts", []):
            if not (isinstance(part, dict) and set(part) == {"title", "from"} and all(map(_is_str, part.values()))):
                self.fail("parts", "each [[parts]] table gives a 'title' and the chapter it starts 'from'")
                continue
            title, first = part["title"], part["from"]
            if not title.strip():
                self.fail("parts", "a part's 'title' must not be empty", needle=first)
            elif first not in chapters:
                self.fail(
                    "parts", f"part '{title}' starts from '{first}', which 'chapters' does not list", needle=title
                )
            elif chapters.index(first) <= last:
                self.fail("parts", f"part '{title}' must start after the part before it", needle=title)
            else:
                last = chapters.index(first)
                opened[first] = title.strip()
        return opened

    def _sources(self) -> tuple[Source, ...]:
        sources: list[Source] = []
        seen: set[str] = set()
        parts = self._parts()
        for key, part in (("front", "front"), ("chapters", "chapter"), ("back", "back")):
            for name in self.data.get(key, []):
                if not isinstance(name, str):
                    self.fail(key, f"'{key}' must list file names (strings)")
                    continue
                if name in seen:
                    self.fail(key, f"'{name}' is listed twice", needle=name)
                    continue
                seen.add(name)
                if not name.endswith(".rst"):
                    self.fail(key, f"'{name}' is not a reStructuredText file (.rst)", needle=name)
                    continue
                path = self._book_file(key, name)
                if path is not None:
                    sources.append(Source(path, part, parts.get(name) if part == "chapter" else None))
        if not self.data.get("chapters"):
            self.fail("chapters", "'chapters' must list at least one file")
        total = sum(source.path.stat().st_size for source in sources)
        if total > self.folder.text_limit:  # refused up front, not after minutes of layout
            limit = self.folder.text_limit // MB
            self.fail(
                "chapters",
                f"the manuscript is {total / MB:,.1f} MB: more than the limit of {limit} MB for a book "
                "(raise it with [limits] text_mb in book.toml)",
            )
        # every name listed counts, refused or not: a refused one has its own message
        names = [name for key in ("front", "chapters", "back") for name in self.data.get(key, [])]
        listed = {(self.root / name).resolve() for name in names if isinstance(name, str)}
        for path in (path for path in book_tree(self.root) if path.suffix == ".rst"):
            if path.resolve() not in listed:
                self.problems.append(
                    Problem(
                        path, None, "chapter file not listed in book.toml (add it to 'chapters', 'front' or 'back')"
                    )
                )
        return tuple(sources)


def _is_cmyk_output_profile(data: bytes) -> bool:
    header = data[:40]
    return len(header) == 40 and header[36:40] == b"acsp" and header[12:20] == b"prtrCMYK"
