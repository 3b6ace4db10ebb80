"""Every text the seller reads exists in both languages, with the same fields to fill in."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from poa.case.catalog import DATA_DIR

TEXT_FILES = ("messages.yaml", "wizard.yaml")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def translation_problems(path: Path) -> list[str]:
    problems = []
    for key, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        if not isinstance(entry, dict) or not {"en", "zh"} <= set(entry):
            problems.append(f"{key}: needs en and zh")
        elif not str(entry["zh"]).strip():
            problems.append(f"{key}: empty zh")
        elif _fields(str(entry["en"])) != _fields(str(entry["zh"])):
            problems.append(f"{key}: fields differ: {_fields(str(entry['en']))} vs {_fields(str(entry['zh']))}")
    return problems


@pytest.mark.parametrize("name", TEXT_FILES)
def test_every_text_has_english_and_chinese_with_the_same_fields(name):
    problems = translation_problems(DATA_DIR / name)
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_missing_translation_and_a_lost_field(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text('a: {en: "Hello {name}"}\nb: {en: "x {n}", zh: "x"}\nc: {en: "ok", zh: "好"}\n', encoding="utf-8")
    problems = translation_problems(broken)
    assert problems[0] == "a: needs en and zh"
    assert problems[1].startswith("b: fields differ")
    assert len(problems) == 2
