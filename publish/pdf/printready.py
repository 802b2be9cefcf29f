"""The framed pages → a PDF/X file: output intent, identification, XMP, outline, reading direction.

PDF/X-4 (the default) carries a CMYK output profile: the print shop's if the
book names one, else the model profile of icc.py under the registered Japan
Color 2001 Coated condition. PDF/X-1a:2001 names the registered condition
alone and is written as PDF 1.3. Everything is derived from the sources and
``modified``, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import uuid
from xml.sax.saxutils import escape

import pikepdf

from publish.bookfiles import PROFILE_LIMIT
from publish.config import BookConfig
from publish.pdf.icc import output_profile_file

REGISTERED_CONDITION = ("JC200103", "Japan Color 2001 Coated")
REGISTRY = "http://www.color.org"
# standard → (PDF version, identification keys of the document information and of XMP)
STANDARDS = {
    "PDF/X-4": ("1.6", {"GTS_PDFXVersion": "PDF/X-4"}, "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"),
    "PDF/X-1a": (
        "1.3",
        {"GTS_PDFXVersion": "PDF/X-1:2001", "GTS_PDFXConformance": "PDF/X-1a:2001"},
        "<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>"
        "<pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>",
    ),
}


def finish_pdf(
    pdf: pikepdf.Pdf,
    config: BookConfig,
    outline: list[tuple[str, int, int]],
    modified: datetime.datetime,
    front_pages: int = 0,
) -> bytes:
    """Make ``pdf`` a PDF/X book; ``outline`` is (title, level, page index) in book order; ``front_pages``
    come before page 1 (numbered on their own: front_matter_numbers)."""
    standard = config.print.standard
    version, info_keys, xmp_keys = STANDARDS[standard]
    for page in pdf.pages:  # PDF/X: no annotation inside the bleed but printer's marks (the contents' links)
        if "/Annots" in page.obj:
            del page.obj.Annots
    pdf.Root.OutputIntents = pikepdf.Array([_output_intent(pdf, config, standard)])
    if config.vertical:
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(Direction=pikepdf.Name.R2L)
        pdf.Root.PageLayout = pikepdf.Name.TwoPageLeft
    else:
        pdf.Root.PageLayout = pikepdf.Name.TwoPageRight
    pdf.Root.Lang = pikepdf.String(config.language)
    _write_outline(pdf, outline)
    if front_pages:  # a viewer shows i, ii … then 1 where the print's count starts again
        labels = [0, pikepdf.Dictionary(S=pikepdf.Name.r), front_pages, pikepdf.Dictionary(S=pikepdf.Name.D)]
        pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
    stamp = modified.strftime("D:%Y%m%d%H%M%SZ")
    info = {"Title": config.title, "CreationDate": stamp, "ModDate": stamp, "Creator": "publish", "Producer": "publish"}
    if config.author:
        info["Author"] = config.author
    pdf.docinfo = pdf.make_indirect(
        pikepdf.Dictionary(
            {f"/{key}": pikepdf.String(value) for key, value in {**info, **info_keys}.items()}
            | {"/Trapped": pikepdf.Name.False_}
        )
    )
    pdf.Root.Metadata = pdf.make_stream(_xmp(config, modified, xmp_keys).encode(), Type=pikepdf.Name.Metadata)
    pdf.Root.Metadata.Subtype = pikepdf.Name.XML
    output = io.BytesIO()
    pdf.save(
        output,
        deterministic_id=True,
        compress_streams=True,
        force_version=version,
        # object streams came with PDF 1.5
        object_stream_mode=pikepdf.ObjectStreamMode.generate if version >= "1.5" else pikepdf.ObjectStreamMode.disable,
    )
    return output.getvalue()


def _output_intent(pdf: pikepdf.Pdf, config: BookConfig, standard: str) -> pikepdf.Dictionary:
    custom = config.print.output_profile
    identifier, condition = ("Custom", custom.name) if custom else REGISTERED_CONDITION
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(identifier),
        OutputCondition=pikepdf.String(condition),
        Info=pikepdf.String(condition),
        RegistryName=pikepdf.String(REGISTRY),
    )
    # PDF/X-1a may name a registered condition alone; PDF/X-4 always embeds a profile.
    if custom or standard == "PDF/X-4":
        profile = config.folder.read_bytes(custom, PROFILE_LIMIT) if custom else output_profile_file().read_bytes()
        intent.DestOutputProfile = pdf.make_stream(profile, N=4)
    return intent


def _xmp(config: BookConfig, modified: datetime.datetime, identification: str) -> str:
    date = modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    document = uuid.uuid5(uuid.NAMESPACE_URL, config.identifier)
    creator = (
        f"<dc:creator><rdf:Seq><rdf:li>{escape(config.author)}</rdf:li></rdf:Seq></dc:creator>" if config.author else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"'
        ' xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(config.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:language><rdf:Bag><rdf:li>{escape(config.language)}</rdf:li></rdf:Bag></dc:language>{creator}"
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate><xmp:CreatorTool>publish</xmp:CreatorTool>"
        "<pdf:Producer>publish</pdf:Producer><pdf:Trapped>False</pdf:Trapped>"
        f"<xmpMM:DocumentID>uuid:{document}</xmpMM:DocumentID><xmpMM:VersionID>1</xmpMM:VersionID>"
        f"<xmpMM:RenditionClass>default</xmpMM:RenditionClass>{identification}"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>'
    )


def _write_outline(pdf: pikepdf.Pdf, outline: list[tuple[str, int, int]]) -> None:
    with pdf.open_outline() as tree:
        tree.root.clear()
        parents: list[tuple[int, list]] = [(0, tree.root)]
        for title, level, index in outline:
            item = pikepdf.OutlineItem(title, index)
            while parents[-1][0] >= level:
                parents.pop()
            parents[-1][1].append(item)
            parents.append((level, item.children))
