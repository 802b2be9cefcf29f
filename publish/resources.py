"""Where the typography lives: ``styles/`` (CSS and fonts).

In a checkout it is the top-level ``styles/`` folder beside the package; a
wheel carries the same files as ``publish/styles/`` (see pyproject.toml).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
STYLES_DIR = _PACKAGE / "styles" if (_PACKAGE / "styles").is_dir() else _PACKAGE.parent / "styles"
EPUB_CSS = STYLES_DIR / "epub" / "book.css"
MINCHO = STYLES_DIR / "fonts" / "BIZUDMincho-Regular.ttf"
GOTHIC = STYLES_DIR / "fonts" / "BIZUDGothic-Bold.ttf"
