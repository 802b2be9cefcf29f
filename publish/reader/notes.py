"""Notes: the marks of footnotes and citations, written into the tree once for every writer.

docutils numbers footnotes (``[#]_``, ``[#label]_``, ``[1]_``) and gives
symbols to ``[*]_``; this transform replaces the label, where the text refers
to a note and on the note itself, with the mark the book prints (publish/marks.py):
※1 (or ※一 with ``[typesetting] note_numbers = "kanji"``), ＊ †, ［漱石1905］
for a citation. It runs before the vertical forms, so the digits of ※12 become
縦中横 like any short number. The writers set the notes at the chapter's end
(後注): in the EPUB as pop-up footnotes, in the print PDF under 注.
"""

from __future__ import annotations

from docutils import nodes
from docutils.transforms import Transform

from publish.marks import note_mark

NOTE_REFERENCES = (nodes.footnote_reference, nodes.citation_reference)
NOTES = (nodes.footnote, nodes.citation)


class NoteMarks(Transform):
    default_priority = 715  # after docutils numbers the footnotes (619–620), before VerticalForms (730)

    def apply(self) -> None:
        numerals = self.document.settings.note_numbers  # read_document sets it from [typesetting]
        for reference in list(self.document.findall(lambda node: isinstance(node, NOTE_REFERENCES))):
            mark = note_mark(reference.astext(), isinstance(reference, nodes.citation_reference), numerals)
            reference.children = []
            reference += nodes.Text(mark)
        for note in list(self.document.findall(lambda node: isinstance(node, NOTES))):
            label = note[0]
            if isinstance(label, nodes.label):
                mark = note_mark(label.astext(), isinstance(note, nodes.citation), numerals)
                label.children = []
                label += nodes.Text(mark)
