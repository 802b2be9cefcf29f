"""publish: reStructuredText → vertical-writing Japanese EPUB 3 (and print PDF)."""

__version__ = "0.1.0"
