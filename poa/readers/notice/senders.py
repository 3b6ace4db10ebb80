"""Whether a notice is from Amazon at all: its sender and its links, against Amazon's domains.

Fake "deactivation" e-mails are common (DOMAIN.md). A sender or a link outside Amazon's domains
(poa/data/senders.yaml, and every marketplace's domain) gets a warning that tells the seller where
to check instead; nothing else about the reading changes.
"""

from __future__ import annotations

import re
from functools import cache

from poa.readers.notice.reading import Said
from poa.readers.notice.text import MAX_HITS, NoticeText

WARNING = "this may not be from Amazon: check Performance Notifications in Seller Central"
WARNING_ZH = "这封邮件可能不是亚马逊发的：请在卖家平台的“绩效通知”中核对"
_SENDER_LINE = re.compile(r"^(?:from|reply-to|sender|return-path|发件人|寄件人|寄件者|回复地址) ?: ?(.{1,300})$", re.M)
_ADDRESS = re.compile(r"[a-z0-9._%+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6})")
_LINK = re.compile(r"(?<![a-z0-9@.-])(?:https?://|www\.)([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6})")
_LOOKS_LIKE_AMAZON = re.compile(r"amaz[o0]n|amzn|seller ?central|seller-performance")


@cache
def _domains() -> tuple[frozenset[str], frozenset[str]]:
    from poa.case.catalog import DATA_DIR, _cached, _load_yaml, load_marketplaces

    path = DATA_DIR / "senders.yaml"
    data = _cached(path, lambda: _load_yaml(path))  # kept in the cache, like the catalogue: no YAML parse per run
    amazon = frozenset([*data["amazon"], *load_marketplaces()])
    return amazon, frozenset(data["also_linked"])


def _within(host: str, domains: frozenset[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def phishing_warnings(notice: NoticeText) -> list[str]:
    """One warning when the sender or a link points outside Amazon's domains, naming what was found."""
    if not notice.mentions("@", "http", "www."):
        return []
    amazon, linked = _domains()
    outside: list[str] = []
    outside_zh: list[str] = []
    senders = []
    for index, line in enumerate(_SENDER_LINE.finditer(notice.folded)):
        if index >= MAX_HITS:
            break
        for address in _ADDRESS.finditer(line.group(1)):
            senders.append((line.group(1), address.group(0), address.group(1).rstrip(".")))
    # The original message is the last one in a forward; a sender that calls itself Amazon must be Amazon.
    for position, (line, address, host) in enumerate(senders):
        claims = _LOOKS_LIKE_AMAZON.search(line) is not None
        if (claims or position == len(senders) - 1) and not _within(host, amazon):
            outside.append(f"the sender {address}")
            outside_zh.append(f"发件人 {address}")
    for index, link in enumerate(_LINK.finditer(notice.folded)):
        if index >= MAX_HITS:
            break
        host = link.group(1).rstrip(".")
        if not _within(host, amazon) and not _within(host, linked):
            outside.append(f"a link to {host}")
            outside_zh.append(f"指向 {host} 的链接")
    if not outside:
        return []
    found = list(dict.fromkeys(outside))
    found_zh = list(dict.fromkeys(outside_zh))
    verb = "is" if len(found) == 1 else "are"
    english = f"{WARNING} ({', '.join(found)} {verb} outside Amazon's domains); do not open its links or reply to it"
    places = "、".join(found_zh)
    chinese = f"{WARNING_ZH}（{places}不属于亚马逊的域名）；请不要打开其中的链接，也不要回复"
    return [Said(english, chinese)]
