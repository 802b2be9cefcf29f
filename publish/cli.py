"""The ``publish`` command: build and check a book."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publish import __version__
from publish.build import WRITERS, build, make_outputs
from publish.errors import PublishError
from publish.report import Reporter


def _formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in WRITERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format '{','.join(unknown) or value}' (available: {', '.join(WRITERS)})"
        )
    return [name for name in WRITERS if name in names]


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="publish", description="Vertical-writing Japanese books from reStructuredText."
    )
    main_parser.add_argument("--version", action="version", version=f"publish {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="build the EPUB and the print PDF into DIST")
    build_parser.add_argument(
        "book_dir",
        nargs="?",
        default="manuscript",
        type=Path,
        metavar="BOOK_DIR",
        help="the book folder holding book.toml (default: manuscript)",
    )
    build_parser.add_argument(
        "-o", "--output", default="dist", type=Path, metavar="DIST", help="where to write the outputs (default: dist)"
    )
    build_parser.add_argument(
        "--format",
        default=None,
        type=_formats,
        metavar="FORMATS",
        help=f"comma-separated formats to build: {','.join(WRITERS)} (default: all)",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")

    check_parser = commands.add_parser("check", help="check the book without writing anything")
    check_parser.add_argument("book_dir", nargs="?", default="manuscript", type=Path, metavar="BOOK_DIR")
    check_parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    reporter = Reporter(quiet=args.quiet)
    try:
        if args.command == "build":
            build(args.book_dir, args.output, args.format, reporter)
        else:
            make_outputs(args.book_dir, None, reporter)
            reporter.step("no problems found")
    except PublishError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"publish: {count} problem{'s' if count > 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("publish: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, never a traceback
        print(f"publish: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 3
    return 0
