"""The escaping boundary: making text from transcripts and configs inert wherever it is shown.

Every renderer takes its escaping from here, one function per output context, so a new field
(a tip's context, a request mark) is inert by going through the same call as its neighbours:

- terminal: ``inert_console`` reads no string as markup or emoji code, and its last step shows
  any control character left in the text visibly, whoever built the renderable;
- HTML: ``html`` (markupsafe: only ``Markup`` passes unescaped) and ``script_json``;
- Markdown, CSV, XML (JUnit) and GitHub annotations: ``markdown_text``, ``csv_cell``,
  ``xml_text``, ``annotation_data`` and ``annotation_property``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from markupsafe import Markup, escape
from rich.console import Console
from rich.segment import Segment

_CONTROL = {
    c: "\ufffd"
    for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0), 0x2028, 0x2029,
              *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if c != 10
}  # fmt: skip
"""C0 and C1 controls (terminal escapes), Unicode line separators and bidi overrides, which can
break lines or disguise text."""


def visible_controls(text: str) -> str:
    """Control characters (terminal escape sequences, bells, NULs) as U+FFFD; offsets kept."""
    return text.translate(_CONTROL)


# ---- terminal ---------------------------------------------------------------------------


class _InertConsole(Console):
    """A Console whose output holds no escape sequence but Rich's own styling."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(_inert_segments(buffer))

    def on_broken_pipe(self) -> None:
        """Rich exits with 1 here; the output layer (``output.guarded_output``) decides."""
        self.quiet = True
        raise BrokenPipeError


def _inert_segments(buffer: Iterable[Segment]) -> Iterator[Segment]:
    for segment in buffer:
        if segment.control:  # Rich's own cursor movements
            yield segment
        else:
            yield Segment(visible_controls(segment.text), segment.style)


def inert_console(file: TextIO | None = None, **options: Any) -> Console:
    """The console every terminal output prints on: strings are plain text (no markup such as
    "[bold]" or "[/]", no emoji codes, no highlighting), and a control character that reached a
    renderable unescaped is still shown as U+FFFD, never sent to the terminal."""
    return _InertConsole(file=file, markup=False, emoji=False, highlight=False, **options)


# ---- HTML -------------------------------------------------------------------------------


def html(text: object) -> Markup:
    """Text for any HTML element or quoted attribute: escaped (``&<>"'``), control characters
    made visible. ``Markup`` (HTML built here from escaped parts) passes as it is."""
    if isinstance(text, Markup):
        return text
    return escape(visible_controls(str(text)))


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
"""Inside <script>, "</script>" or "<!--" in a transcript would end the element: JSON's own
escapes keep every character and make that impossible."""


def script_json(data: Any) -> str:
    """``data`` as JSON to embed in a <script> element: no "<", ">" or "&" in it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


# ---- Markdown ---------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_MARKDOWN_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """Text inert in Markdown, in one table cell or line: HTML as entities (no raw tag can
    reach a renderer that allows HTML), Markdown's own punctuation backslash-escaped."""
    flat = " ".join(visible_controls(text).split()).translate(_MARKDOWN_ENTITIES)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


# ---- CSV --------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")
_LEADING = " \t\r\n\x0b\x0c" + "".join(map(chr, range(0, 32)))


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: a formula start after any leading whitespace or
    control character ("\\r=1+1") is defused with an apostrophe."""
    if isinstance(value, str) and value.lstrip(_LEADING).startswith(_FORMULA_START):
        return "'" + value
    return value


# ---- XML --------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters from a transcript); the XML
    serialiser escapes the rest."""
    return _NOT_XML.sub("", text)


# ---- GitHub workflow commands -----------------------------------------------------------


def annotation_data(text: str) -> str:
    """A workflow command's data: %, CR and LF encoded as GitHub asks; NUL, ESC and other
    controls shown inert, so transcript text can neither end the command nor colour the log."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible_controls(encoded)


def annotation_property(text: str) -> str:
    """A workflow command's property value: also no ":" or "," to end it."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")
