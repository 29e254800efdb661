"""Draw the first page of a PDF as a PNG (the README's picture of the sample briefing).

    .venv/bin/python benchmarks/page_picture.py outputs/briefing.pdf docs/briefing-page.png

Renders with PDFium (the ``pypdfium2`` wheel, a dev dependency) at ``--dpi`` dots per
inch, then writes an 8-bit palette PNG, which keeps a text page small.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def page_png(pdf: Path, png: Path, *, dpi: float = 96, colors: int = 64) -> int:
    """Write page 1 of ``pdf`` to ``png``; returns the PNG's size in bytes."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    picture = image.quantize(colors=colors, dither=0)
    png.parent.mkdir(parents=True, exist_ok=True)
    tmp = png.with_suffix(".tmp.png")
    picture.save(tmp, optimize=True)
    tmp.replace(png)
    return png.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--dpi", type=float, default=96)
    parser.add_argument("--colors", type=int, default=64)
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"{args.pdf}: no such PDF (run ./setup.sh first)", file=sys.stderr)
        return 1
    size = page_png(args.pdf, args.png, dpi=args.dpi, colors=args.colors)
    print(f"wrote {args.png} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
