"""The start-up cache, the user's own templates and the sandbox, and the deadline reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import example_data, write_yaml

from poa import cache
from poa.case.catalog import DATA_DIR, load_catalog
from poa.case.model import Case
from poa.plan import outputs
from poa.plan.render import MAX_TEMPLATE_BYTES, render_markdown

TODAY = dt.date(2026, 11, 26)


def test_cache_round_trip_and_stale_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "c"))
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    assert cache.load(source, "t") is None
    cache.store(source, "t", {"a": 1, "when": dt.date(2026, 1, 2)})
    assert cache.load(source, "t") == {"a": 1, "when": dt.date(2026, 1, 2)}
    assert cache.load(source, "other tag") is None
    source.write_text("a: 22\n", encoding="utf-8")  # a new size: the old entry no longer answers
    assert cache.load(source, "t") is None
    cache.store(source, "t", {"a": 22})
    assert len(list((tmp_path / "c").rglob("data.yaml-*.pickle"))) == 1  # the stale entry is gone


def test_unusable_cache_folder_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("POA_CACHE_DIR", str(blocker / "cache"))
    assert cache.cache_dir() is None
    cache.store(DATA_DIR / "reasons.yaml", "t", {"x": 1})  # silently nothing
    monkeypatch.setenv("POA_CACHE_DIR", "")
    assert cache.cache_dir() is None
    load_catalog.cache_clear()
    assert "order_defect_rate" in load_catalog()
    load_catalog.cache_clear()


def test_a_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path))
    source = DATA_DIR / "marketplaces.yaml"
    folder = cache.cache_dir()
    assert folder is not None
    cache._entry(folder, source, "t").write_bytes(b"\x80\x05 not a pickle")
    assert cache.load(source, "t") is None


def test_cached_catalogue_equals_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path))
    load_catalog.cache_clear()
    fresh = load_catalog()  # validated from the YAML, then stored
    assert list(tmp_path.rglob("reasons.yaml-*.pickle"))
    load_catalog.cache_clear()
    cached = load_catalog()  # read back from the cache
    load_catalog.cache_clear()
    assert cached is not fresh
    assert cached.ids() == fresh.ids()
    assert all(cached[i] == fresh[i] for i in fresh.ids())
    assert cached["order_defect_rate"].metric.target_percent == 1.0


def test_user_template_overrides_a_section(tmp_path, run_cli):
    (tmp_path / "templates" / "sections").mkdir(parents=True)
    (tmp_path / "templates" / "sections" / "closing.md.j2").write_text(
        "## Closing\n\nRegards,\\\n{{ seller.signer_name }}\n", encoding="utf-8"
    )
    write_yaml(tmp_path / "case.yaml", example_data("order_defect_rate"))
    result = run_cli("render", str(tmp_path / "case.yaml"), "--templates", str(tmp_path / "templates"))
    assert result.code == 0
    assert "## Closing\n\nRegards,\\\nLin Xiaoyu\n\n## Attachments" in result.out
    assert "Sincerely," not in result.out
    assert "## Root causes" in result.out  # the other sections are the built-in ones


@pytest.mark.parametrize(
    ("template", "needle"),
    [
        ("{{ seller.__class__.__mro__ }}", "not allowed in a template"),
        ("{{ seller.nonexistent_field }}", "check the variable names"),
        ("{% if %}", "template error"),
        ("x" * (MAX_TEMPLATE_BYTES + 1), "larger than"),
    ],
)
def test_bad_user_templates_give_one_line(tmp_path, run_cli, template, needle):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plan.md.j2").write_text(template, encoding="utf-8")
    write_yaml(tmp_path / "case.yaml", example_data("order_defect_rate"))
    result = run_cli("render", str(tmp_path / "case.yaml"), "--templates", str(tmp_path / "templates"))
    assert result.code == 2
    assert needle in result.err and len(result.err.strip().splitlines()) == 1


def test_missing_templates_folder(tmp_path, run_cli):
    write_yaml(tmp_path / "case.yaml", example_data("order_defect_rate"))
    result = run_cli("render", str(tmp_path / "case.yaml"), "--templates", str(tmp_path / "nope"))
    assert result.code == 2 and "no such templates folder" in result.err


def test_answers_are_never_run_as_templates():
    data = example_data("order_defect_rate")
    data["seller"]["store_name"] = "{{ 7 * 6 }} {% raw %}"
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "**Store name:** {{ 7 \\* 6 }} {% raw %}\n" in markdown


def test_reminders_name_the_deadline_while_it_is_ahead():
    case = Case.model_validate(example_data("review_manipulation"))
    lines = outputs.reminders(case, today=dt.date(2026, 11, 6))
    assert len(lines) == 1
    assert lines[0].endswith("usually allow 17 days: respond by 2026-11-22 (check the deadline in your own notice).")
    assert outputs.reminders(case, today=dt.date(2026, 11, 23)) == []
    performance = Case.model_validate(example_data("order_defect_rate"))
    assert outputs.reminders(performance, today=dt.date(2026, 8, 4)) == []


def test_the_deadline_the_notice_states_comes_first():
    data = example_data("review_manipulation")
    data["notice"] = {"deadline": "2026-11-12"}
    case = Case.model_validate(data)
    assert outputs.reminders(case, today=dt.date(2026, 11, 6)) == ["Your notice asks for a response by 2026-11-12."]
    assert outputs.reminders(case, today=dt.date(2026, 11, 13)) == []
