"""HTML to text, for notices pasted or saved from an HTML e-mail: blocks and cells kept apart, links' hosts kept."""

from __future__ import annotations

import re

_HTML_HINT = re.compile(
    r"<(?:!--|/?(?:html|head|body|div|p|br|table|tbody|tr|td|th|span|font|b|i|u|strong|em|li|ul|ol|h[1-6]|a|meta|"
    r"style|blockquote|center|hr)(?![a-z0-9]))",
    re.IGNORECASE,
)
_SKIPPED = re.compile(r"<(?:(script|style)(?![a-z0-9])|!--)", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|blockquote|br|center|div|dd|dl|dt|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|"
    r"tbody|tfoot|thead|title|tr|ul)(?![a-z0-9-])[^<>]{0,2000}>",
    re.IGNORECASE,
)
_CELL_TAG = re.compile(r"<t[dh](?![a-z0-9-])[^<>]{0,2000}>", re.IGNORECASE)
# A link's target, kept as text (scheme and host only) so a reader can tell where the message points.
_LINK_TAG = re.compile(
    r"<a\s[^<>]{0,2000}?\bhref\s{0,5}=\s{0,5}[\"']?\s{0,5}((?:https?://|mailto:)[^\"'\s<>/?#]{1,255})[^<>]{0,2000}>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[a-z][a-z0-9:-]{0,30}(?:[\s/][^<>]{0,2000})?>", re.IGNORECASE)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text) is not None


def html_to_text(text: str) -> str:
    """Text of an HTML e-mail: scripts, styles and comments dropped, blocks and cells kept apart, link hosts kept."""
    import html

    folded = text.translate(_ASCII_LOWER)
    kept: list[str] = []
    position = 0
    while True:
        opening = _SKIPPED.search(folded, position)
        if opening is None:
            break
        kept.append(text[position : opening.start()])
        closer = "-->" if opening.group(1) is None else f"</{opening.group(1).lower()}"
        end = folded.find(closer, opening.end())
        if end < 0:
            position = len(text)
            break
        position = end + len(closer) if closer == "-->" else max(folded.find(">", end), end) + 1
    kept.append(text[position:])
    text = "".join(kept)
    text = _LINK_TAG.sub(lambda link: f" [{link.group(1)}] ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _CELL_TAG.sub(" | ", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)
