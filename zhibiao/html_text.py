"""An HTML page to its text, with Python's html.parser: one line per block, table cells and definitions kept
apart, and the text no reader of the page sees (head, scripts, forms, templates, frames, drawings) left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

HTML_SUFFIXES = {".html", ".htm"}
_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|head|!doctype)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article", "table",
               "caption"}
# A table cell or a definition starts after a space: glued to the cell before, `5.8` and `6左右` read as `5.86左右`.
# A row stays one line, so that a row's name and its figures stay one sentence.
_CELL_TAGS = {"td", "th", "dd"}
CELL_SEPARATOR = " "
# A term of a definition list starts a line that its definitions go on (`地区生产总值 增长6%`).
_TERM_TAGS = {"dt"}
# Text the reader of a page never reads as the page's prose: scripts, the head, a form's choices, an unused
# template, a frame's fallback, a drawing's labels.
_SKIP_TAGS = {"script", "style", "noscript", "head", "select", "option", "template", "textarea", "iframe", "svg"}
# What HTML5 lets stand in a head; any other tag opens the body even where `</head>` and `<body>` are left out.
_HEAD_TAGS = {"title", "meta", "link", "style", "script", "noscript", "base", "template"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipped: list[str] = []  # the open tags whose text is no report text

    def handle_starttag(self, tag: str, attrs) -> None:
        # HTML5 may leave </head> and <body> out: <body>, or the first body element, closes the head
        if "head" in self._skipped and (tag == "body" or (self._skipped[-1] == "head" and tag not in _HEAD_TAGS)):
            del self._skipped[self._skipped.index("head"):]
        if tag in _SKIP_TAGS:
            self._skipped.append(tag)
        elif tag in _BLOCK_TAGS or tag in _TERM_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(CELL_SEPARATOR)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if tag in self._skipped:
                del self._skipped[len(self._skipped) - 1 - self._skipped[::-1].index(tag):]
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self.parts.append(data)


def is_html(text: str, path: Path | None = None) -> bool:
    """A page is HTML by its name (`.html`, `.htm`: a fragment of `<span>`s or a `<table>` is HTML too), or by an
    HTML tag near its start (a `.txt` saved from a browser)."""
    return (path is not None and path.suffix.lower() in HTML_SUFFIXES) or looks_like_html(text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:2000]))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
