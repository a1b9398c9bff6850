"""A tiny but valid PDF with real text, built here so tests need no binary fixture."""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold these lines of text (Helvetica 11 pt, one line per row)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for n, lines in enumerate(pages):
        rows = [
            f"BT /F1 11 Tf 72 {740 - 14 * i} Td ({_escape(line)}) Tj ET"
            for i, line in enumerate(lines)
        ]
        stream = "\n".join(rows).encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_ids[n] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAPER_LINES = [
    "Reward hacking in reinforcement learning from human feedback",
    "Abstract. We study how policies exploit learned reward models. When the",
    "policy is optimised hard against a proxy, the true objective falls while the",
    "proxy rises; this is Goodhart's law in practice for modern language models.",
    "",
    "1 Introduction",
    "Language models trained with a learned reward model can find inputs where",
    "the reward model is wrong. We measure how often this happens, and how it",
    "grows with the amount of optimisation applied to the policy during train-",
    "ing. Our results suggest that overoptimisation is predictable.",
]
