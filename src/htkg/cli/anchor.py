"""`htkg anchor`: print the offsets of a quote in a source text, for curators."""

from __future__ import annotations

from pathlib import Path

from .. import anchors
from ._common import out


def register(sub) -> None:
    parser = sub.add_parser(
        "anchor",
        help="print the start and end offsets of a quote in a source text",
        description="Find QUOTE in TEXT (a file under sources/) and print its offsets in Unicode code points "
        "(end exclusive), ready for htkg:start and htkg:end. Exit 1 when the quote is not in the text; exit 2 when "
        "TEXT cannot be read, is not UTF-8 or is bigger than 50 MB.",
    )
    parser.add_argument("text", help="the source text file, e.g. sources/us-tip-2004-azerbaijan.txt")
    parser.add_argument("quote", help="the exact words")
    parser.set_defaults(handler=run)


def run(args) -> int:
    text, _ = anchors.read_text(Path(args.text), where=args.text, limit=anchors.MAX_TEXT_BYTES)
    spans = anchors.find_all(text, args.quote)
    for span in spans:
        out(f'htkg:start {span.start} ; htkg:end {span.end} ;')
    if spans:
        if len(spans) > 1:
            out(f"# the quote stands {len(spans)} times: lengthen it, or pick the occurrence you mean")
        return 0
    near = anchors.nearest_match(text, args.quote)
    if near is not None:
        out(f"# not found; nearest match at {near.start}-{near.end}: {near.text!r}")
    else:
        out("# not found")
    return 1
