"""Writing systems a marketplace's reviewers may not read, for the wrong-language rule.

A marketplace's own script is allowed, and Latin always is (names, ASINs, units). Greek is left
out: Ω and μ are units in product specifications.
"""

from __future__ import annotations

import re
from functools import cache

from poa.review.rules import load_rules

_SCRIPTS = {
    "cjk": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff",
    "cyrillic": "\u0400-\u052f",
    "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "hebrew": "\u0590-\u05ff",
    "indic": "\u0900-\u0dff",
    "thai": "\u0e00-\u0eff",
}
SCRIPT_NAMES = {
    "cjk": {"en": "Chinese, Japanese or Korean", "zh": "中文、日文或韩文"},
    "cyrillic": {"en": "Cyrillic (Russian, Ukrainian, ...)", "zh": "西里尔文（俄文、乌克兰文等）"},
    "arabic": {"en": "Arabic script", "zh": "阿拉伯文"},
    "hebrew": {"en": "Hebrew", "zh": "希伯来文"},
    "indic": {"en": "Hindi or another Indian script", "zh": "印地文或其他印度文字"},
    "thai": {"en": "Thai or Lao", "zh": "泰文或老挝文"},
}
_OWN_SCRIPTS = {"ar": {"arabic"}}  # and cjk for the rule book's cjk_languages


@cache
def foreign_script(language: str) -> re.Pattern[str] | None:
    """Letters a reviewer of this language cannot read, one named group per script."""
    own = set(_OWN_SCRIPTS.get(language, ()))
    if language in load_rules().settings.cjk_languages:
        own.add("cjk")
    foreign = [name for name in _SCRIPTS if name not in own]
    if not foreign:
        return None
    return re.compile("|".join(f"(?P<{name}>[{_SCRIPTS[name]}]+)" for name in foreign))
