"""The ``publish`` command: build and check a book."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from publish import __version__
from publish.bookschema import CONFIG_NAME
from publish.build import WRITERS, build, build_booklet, build_proof, check, read_config
from publish.errors import Problem, PublishError, internal_error_line, terminal_safe
from publish.paper import SHEETS
from publish.report import Reporter

if TYPE_CHECKING:
    from publish.impose import Booklet  # pikepdf loads only when a booklet is made
    from publish.proofread import Finding


def _formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in WRITERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format '{','.join(unknown) or value}' (available: {', '.join(WRITERS)})"
        )
    return [name for name in WRITERS if name in names]


def _sheet(value: str) -> str:
    names = {name.lower(): name for name in SHEETS}
    if value.lower() not in names:
        raise argparse.ArgumentTypeError(f"unknown sheet '{value}' (available: {', '.join(SHEETS)})")
    return names[value.lower()]


def _signature(value: str) -> int:
    if not value.isdigit() or int(value) == 0 or int(value) % 4:
        raise argparse.ArgumentTypeError(f"a signature is a number of pages, a multiple of 4 (8, 16, …), not '{value}'")
    return int(value)


def _creep(value: str) -> float:
    try:
        thickness = float(value)
    except ValueError:
        thickness = -1.0
    if not 0 <= thickness <= 1:
        raise argparse.ArgumentTypeError(f"creep is the paper thickness in mm, 0 to 1 (0.1 is usual), not '{value}'")
    return thickness


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535, not '{value}'")
    return int(value)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="publish", description="Vertical-writing Japanese books from reStructuredText."
    )
    main_parser.add_argument("--version", action="version", version=f"publish {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, writes: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.add_argument(
            "book_dir",
            nargs="?",
            type=Path,
            metavar="BOOK_DIR",
            help="the book folder holding book.toml (default: this folder if it has one, else manuscript)",
        )
        if writes:
            sub.add_argument(
                "-o", "--output", default="dist", type=Path, metavar="DIST", help="where to write (default: dist)"
            )
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
        return sub

    build_parser = command("build", "build the EPUB and the print PDF into DIST")
    build_parser.add_argument(
        "--format",
        default=None,
        type=_formats,
        metavar="FORMATS",
        help=f"comma-separated formats to build: {','.join(WRITERS)} (default: all)",
    )
    check_parser = command("check", "check and proofread the book without writing anything", writes=False)
    check_parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one 'file:line:col: rule: message' a line; json: a list of objects, for editors (default: text)",
    )
    booklet_parser = command("booklet", "impose the print PDF for a home printer: fold, staple, read")
    booklet_parser.add_argument(
        "--sheet",
        type=_sheet,
        metavar="SHEET",
        help=f"printer paper: {', '.join(SHEETS)} (default: the smallest that holds two pages, A4 for A5 books)",
    )
    booklet_parser.add_argument(
        "--signature",
        type=_signature,
        metavar="N",
        help="fold the sheets in signatures of N pages (a multiple of 4) for thick books (default: one)",
    )
    booklet_parser.add_argument(
        "--creep",
        type=_creep,
        default=0.0,
        metavar="MM",
        help="paper thickness in mm: inner sheets move their pages that much per sheet toward the fold (default: 0)",
    )
    command("proof", "pictures of every spread of the print PDF, to check the layout at a glance")
    preview_parser = command("preview", "show the book as pages in the browser, rebuilt on every save", writes=False)
    preview_parser.add_argument(
        "--port", type=_port, default=8000, help="the port on 127.0.0.1 (default: 8000; 0: any free one)"
    )
    new_parser = commands.add_parser("new", help="start a new book folder that builds at once")
    new_parser.add_argument("folder", type=Path, metavar="DIR", help="the new book folder (must not exist yet)")
    new_parser.add_argument("--title", help="the book's title (default: the folder's name)")
    new_parser.add_argument("--horizontal", action="store_true", help="横書き: horizontal, pages turn to the left")
    new_parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    import_parser = commands.add_parser("import", help="turn a text in another notation into a book folder")
    import_parser.add_argument("notation", choices=("aozora",), help="aozora: a 青空文庫 text (Shift_JIS or UTF-8)")
    import_parser.add_argument("source", type=Path, metavar="SOURCE", help="the text file")
    import_parser.add_argument(
        "dest", type=Path, nargs="?", metavar="DEST", help="the book folder to make (default: SOURCE without .txt)"
    )
    import_parser.add_argument("--force", action="store_true", help="replace DEST if it exists")
    import_parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    doctor_parser = commands.add_parser("doctor", help="check that this machine has what building books needs")
    doctor_parser.add_argument("-q", "--quiet", action="store_true", help="say only what is missing")
    completion_parser = commands.add_parser("completion", help="print the shell completion script for bash or zsh")
    completion_parser.add_argument("shell", choices=("bash", "zsh"), help="the shell")
    return main_parser


def _printing_instructions(path: Path, booklet: Booklet) -> str:
    signature = booklet.signature
    lines = [
        f"{path}: {booklet.pages} pages on {booklet.sheets} {booklet.sheet} sheets, printed on both sides.",
        "To print it:",
        f"  1. Print on {booklet.sheet} paper, double-sided, flipping on the SHORT edge,"
        " at actual size (100 %, not 'fit to page').",
    ]
    if signature:
        lines.append(
            f"  2. Keep the sheets in order; every {signature // 4} sheets make one signature: fold each sheet"
            " in half, nest the sheets of a signature (its first sheet outside), stack the signatures in order."
        )
        lines.append("  3. Sew or glue the signatures at the fold.")
    else:
        lines.append("  2. Keep the sheets in order, fold each in half and nest them, the first sheet outside.")
        lines.append("  3. Staple twice on the fold.")
    side = "right" if booklet.right_bound else "left"
    lines.append(f"The fold is the spine, on the {side} of the first page.")
    return "\n".join(lines)


def _print_json(items: list[dict[str, object]]) -> None:
    print(json.dumps(items, ensure_ascii=False, indent=1))


def _problem_json(problem: Problem) -> dict[str, object]:
    path = str(problem.path) if problem.path else None
    return {"file": path, "line": problem.line, "column": None, "rule": "error", "message": problem.message}


def _report_findings(findings: list[Finding], form: str, reporter: Reporter) -> int:
    """Proofreading findings on stdout; exit code 1 when there are any."""
    if form == "json":
        _print_json([finding.as_json() for finding in findings])
    else:
        for finding in findings:
            print(finding)
    if findings:
        count = len(findings)
        print(f"publish: {count} proofreading finding{'s' if count > 1 else ''}", file=sys.stderr)
        return 1
    if not reporter.quiet:
        print("publish: no problems found", file=sys.stderr)
    return 0


def _stop_on_sigterm() -> None:
    """SIGTERM stops a command as Ctrl-C does: partial files removed, nothing replaced."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _book_here() -> Path:
    """The book a command without BOOK_DIR means: the one in this folder (publish new, then cd), else manuscript/."""
    return Path(".") if Path(CONFIG_NAME).is_file() else Path("manuscript")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if "book_dir" in vars(args) and args.book_dir is None:
        args.book_dir = _book_here()
    reporter = Reporter(quiet=getattr(args, "quiet", False))  # completion prints only its script
    _stop_on_sigterm()
    try:
        if args.command == "build":
            build(args.book_dir, args.output, args.format, reporter)
        elif args.command == "booklet":
            path, booklet = build_booklet(args.book_dir, args.output, args.sheet, args.signature, args.creep, reporter)
            reporter.result(_printing_instructions(path, booklet))
        elif args.command == "proof":
            build_proof(args.book_dir, args.output, reporter)
        elif args.command == "preview":
            from publish.preview import serve  # the HTTP server loads only for the preview

            try:
                serve(args.book_dir, args.port, reporter)
            except KeyboardInterrupt:
                print("publish: preview stopped", file=sys.stderr)
        elif args.command == "import":
            from publish.importers.aozora import import_aozora  # only its own command pays for its imports

            folder, warnings = import_aozora(args.source, args.dest, args.force, reporter)
            for warning in warnings:
                print(terminal_safe(f"{warning.path}:{warning.line}: warning: {warning.message}"), file=sys.stderr)
            reporter.result(f"{folder}: the book, {len(warnings)} warnings. Build it: publish build {folder}")
        elif args.command == "completion":
            import shtab  # only this command writes shell scripts

            print(shtab.complete(parser(), shell=args.shell))
        elif args.command == "doctor":
            from publish.doctor import examine

            health = examine()
            for finding in health:
                if not (finding.passed and args.quiet):
                    print("\n".join(terminal_safe(line) for line in finding.lines()))
            return 0 if all(finding.passed or not finding.required for finding in health) else 1
        elif args.command == "new":
            from publish.new import new_book  # as the preview: only its own command pays for its imports

            folder = new_book(args.folder, args.title, args.horizontal, reporter)
            reporter.result(f"{folder}: a new book. Edit its chapters and see them: publish preview {folder}")
        else:
            findings = check(read_config(args.book_dir, reporter), reporter)
            return _report_findings(findings, args.format, reporter)
    except PublishError as exc:
        if args.command == "check" and args.format == "json":  # an editor reads these as findings too
            _print_json([_problem_json(problem) for problem in exc.problems])
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"publish: {count} problem{'s' if count > 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("publish: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception:  # a bug of ours: one line here, the traceback in a file for the report
        print(internal_error_line(), file=sys.stderr)
        return 3
    return 0
