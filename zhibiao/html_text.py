"""An HTML page to its text, with Python's html.parser: one line per block, table cells and definitions kept
apart, and the text no reader of the page sees (head, scripts, forms, templates, frames, drawings) left out.
A `.txt` file with HTML tags in it (a page saved as text, or text pasted from one) is read as a page too."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

HTML_SUFFIXES = {".html", ".htm"}
_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|head|!doctype)\b", re.I)
# A tag as a page writes it: an ASCII name (Word's `o:p` too) and ASCII attributes, a comment, a declaration.
_ATTRIBUTE = r"""\s+[a-z_:][-a-z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
_TAG = rf"</?[a-z][a-z0-9]*(?::[a-z][a-z0-9]*)?(?:{_ATTRIBUTE})*\s*/?>|<!--.*?-->|<[!?][a-z][^<>]*>"
# A `.txt` is a page when it has a tag of an element a page's text uses (not `<y>`, which may be a formula)
_ELEMENTS = ("a|b|big|blockquote|body|br|center|dd|div|dl|dt|em|font|h[1-6]|head|hr|html|i|img|li|meta|ol|p|pre|"
             "section|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|title|tr|u|ul|o:p")
_TXT_TAG = re.compile(rf"</?(?:{_ELEMENTS})(?:{_ATTRIBUTE})*\s*/?>|<!--.*?-->", re.I | re.S)
# A page escaped once or twice more than it should be shows its tags as entities (`&lt;p&gt;`).
EXTRA_ESCAPINGS = 2
# In a `.txt` read as a page, a `<` that starts no tag is the text's own (`a<b 时`): read as `&lt;`, it stays.
_TAG_OR_LESS_THAN = re.compile(rf"({_TAG})|<", re.I | re.S)
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
        self.tags = 0  # tags, comments and declarations read

    def handle_startendtag(self, tag: str, attrs) -> None:  # `<br/>`: one tag
        self.handle_starttag(tag, attrs)
        if tag not in _SKIP_TAGS:
            self.handle_endtag(tag)
            self.tags -= 1

    def handle_comment(self, data: str) -> None:
        self.tags += 1

    def handle_decl(self, decl: str) -> None:
        self.tags += 1

    def handle_pi(self, data: str) -> None:
        self.tags += 1

    def unknown_decl(self, data: str) -> None:
        self.tags += 1

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags += 1
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
        self.tags += 1
        if tag in _SKIP_TAGS:
            if tag in self._skipped:
                del self._skipped[len(self._skipped) - 1 - self._skipped[::-1].index(tag):]
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self.parts.append(data)


def is_html(text: str, path: Path | None = None) -> bool:
    """A page is HTML by its name (`.html`, `.htm`: a fragment of `<span>`s or a `<table>` is HTML too), by an
    HTML tag near its start (a `.txt` saved from a browser), or by a tag of a page's text anywhere (`<br>`,
    `<span style=…>` in a `.txt`): read as plain text, the tags would stay in the sentences."""
    return (path is not None and path.suffix.lower() in HTML_SUFFIXES) or looks_like_html(text)


def looks_like_html(text: str) -> bool:
    """An HTML tag near the start, a tag of a page's text anywhere, or one escaped (`&lt;p&gt;`, `&amp;lt;br&amp;gt;`:
    a page escaped once or twice too often, whose tags decoding the entities would put in the sentences)."""
    return bool(_HTML_HINT.search(text[:2000])) or _has_tags(text)


def _has_tags(text: str) -> bool:
    """A tag of a page's text, as written or escaped up to EXTRA_ESCAPINGS times."""
    for _ in range(EXTRA_ESCAPINGS):
        if _TXT_TAG.search(text):
            return True
        if "&" not in text:
            return False
        text = unescape(text)
    return bool(_TXT_TAG.search(text))


def html_to_text(html: str) -> str:
    return page_text(html)[0]


def page_text(html: str, plain: bool = False) -> tuple[str, int]:
    """The page's text and the number of tags (comments, declarations) read. `plain`: the page is a `.txt` file,
    whose `<` that starts no tag is text (a `.html` page writes it `&lt;`)."""
    text, tags = _parsed(html, plain)
    for _ in range(EXTRA_ESCAPINGS):  # a page escaped too often: its tags come out of the parser as text
        if not _has_tags(text):
            break
        text, more = _parsed(text, plain=True)
        tags += more
    return text, tags


def _parsed(html: str, plain: bool) -> tuple[str, int]:
    if plain:
        html = _TAG_OR_LESS_THAN.sub(lambda match: match.group(1) or "&lt;", html)
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.tags
