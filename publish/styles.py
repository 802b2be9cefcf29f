"""Where the typography lives: the ``styles/`` folder beside the package."""

from pathlib import Path

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
EPUB_CSS = STYLES_DIR / "epub" / "book.css"
MINCHO = STYLES_DIR / "fonts" / "BIZUDMincho-Regular.ttf"
GOTHIC = STYLES_DIR / "fonts" / "BIZUDGothic-Bold.ttf"
