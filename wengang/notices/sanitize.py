"""Rich text for announcements, made safe: a small whitelist of tags, nothing else survives.

The output is rebuilt from the parser's tokens — every text and attribute value escaped, only
whitelisted tags and attributes written, links only to http(s) and mailto — so no input, however
malformed, reaches the page as markup of its own. Script and style contents are dropped with their tags.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a"})
VOID = frozenset({"br"})
#: tags whose content is dropped too
DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea", "title", "head"})
SAFE_HREF = re.compile(r"^(https?://|mailto:)[^\s\"'<>]*$", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED:
            return
        if tag == "a":
            href = next((v for k, v in attrs if k == "href" and v), "")
            href = CONTROL.sub("", href).strip()
            if not SAFE_HREF.match(href):
                self.out.append("<a>")
            else:
                self.out.append(f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer">')
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID and not self.skipping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED or tag in VOID or tag not in self.open:
            return
        while self.open:  # close what was left open inside it
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(CONTROL.sub("", data), quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def clean_html(text: str) -> str:
    """``text`` with only the whitelisted tags kept (see the module docstring)."""
    cleaner = _Cleaner()
    cleaner.feed(text or "")
    cleaner.close()
    return "".join(cleaner.out).strip()


def plain_text(cleaned: str) -> str:
    """The words of cleaned rich text, for summaries."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cleaned)).split())
