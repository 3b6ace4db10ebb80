from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from poa.case.text import clean_line
from poa.plan.markdown import Markdown, escape

PARSER = MarkdownIt("commonmark").enable("table")


def inline_text(markdown: str) -> str:
    """The text a reader sees: every text token of the parsed paragraph, joined."""
    parts = []
    for token in PARSER.parse(markdown):
        for child in token.children or []:
            if child.type == "text":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
    return "".join(parts)


def test_markdown_syntax_in_answers_stays_literal():
    for text in [
        "1. not a list",
        "# not a heading",
        "**not bold**",
        "- not a bullet",
        "a | b",
        "[link](http://x)",
        "<b>tag</b>",
        "&amp; stays",
        "snake_case_word",
        "> quote",
        "+ plus",
    ]:
        assert inline_text(escape(text)) == text, text


def test_marked_markdown_is_a_str():
    assert isinstance(Markdown("**x**"), str)


@given(st.text(min_size=1, max_size=200))
def test_any_line_round_trips_through_the_parser(raw):
    text = clean_line(raw)
    if not text:
        return
    # Every parse of the escaped text shows exactly the text typed (as one paragraph).
    assert inline_text(escape(text)) == text


@given(st.text(min_size=1, max_size=80))
def test_any_text_in_a_table_cell_round_trips(raw):
    text = clean_line(raw)
    if not text:
        return
    table = f"| a | b |\n| --- | --- |\n| {escape(text)} | x |\n"
    tokens = PARSER.parse(table)
    cells = [t for t in tokens if t.type == "inline"]
    assert cells[2].children is not None
    seen = "".join(c.content for c in cells[2].children if c.type == "text")
    assert seen == text
