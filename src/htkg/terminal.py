"""Text from the data made safe to print on a terminal through rich.

Values are printed literally: never read as rich markup (where "[accessed 5 October 2015]"
would vanish as an unknown tag and "[/x]" would raise an error), and with every character a
terminal would act on rather than show written as its escape: C0 and C1 controls (ESC begins
the sequences that move the cursor, recolour or retitle a terminal), DEL, and the
bidirectional overrides and isolates that reorder what a line shows. Line breaks and tabs stay."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported only when something is drawn
    from rich.text import Text

__all__ = ["printable", "literal"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text) -> str:
    """`text` with each control character written as its escape: ESC as `\\x1b`, U+202E as
    `\\u202e`."""
    return _CONTROL.sub(_escape, str(text))


def literal(text, style: str = "") -> Text:
    """`text` as a rich Text, printed as it is (no markup, no highlighting), control characters
    escaped."""
    from rich.text import Text

    return Text(printable(text), style=style)
