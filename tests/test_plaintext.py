"""Plain-text output: exact expectations on small inputs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from poa.plan.text import MAX_TABLE_WIDTH, display_width, markdown_to_text


def text_of(markdown: str) -> str:
    return markdown_to_text(textwrap.dedent(markdown))


def test_headings_are_underlined_by_level() -> None:
    markdown = """\
        # Plan of Action
        ## Root cause
        ### Details
        Body text.
        #### Deeper
        """
    assert text_of(markdown) == (
        "Plan of Action\n==============\n\nRoot cause\n----------\n\nDetails\n\nBody text.\n\nDeeper\n"
    )


def test_underline_counts_wide_characters_twice() -> None:
    assert text_of("# 计划 A\n") == "计划 A\n======\n"
    assert text_of("## Café\n") == "Café\n----\n"


def test_paragraphs_breaks_and_inline_markup() -> None:
    markdown = (
        "First **bold** and *italic* and `code`,\n"
        "same paragraph.\n\n"
        "Hard  \n"  # two trailing spaces: a hard break
        "break and backslash\\\n"
        "break.\n\n"
        "A [link](https://example.com) and ![a *picture*](x.png).\n"
    )
    assert markdown_to_text(markdown) == (
        "First bold and italic and code, same paragraph.\n\n"
        "Hard\nbreak and backslash\nbreak.\n\n"
        "A link and a picture.\n"
    )


def test_backslash_escapes_come_out_as_the_character() -> None:
    assert text_of(r"\*not bold\* and \# and 1\. here") == "*not bold* and # and 1. here\n"
    assert text_of("1\\. Not a list item\n") == "1. Not a list item\n"


def test_html_is_kept_as_literal_text() -> None:
    assert text_of("Use <b>this</b> tag.\n\n<div>\nblock\n</div>\n") == (
        "Use <b>this</b> tag.\n\n<div>\nblock\n</div>\n"
    )


def test_ordered_lists_restart_and_honour_their_start() -> None:
    markdown = """\
        1. one
        2. two

        Between.

        1. again
        2. and

        Then:

        7. seven
        8. eight
        """
    expected = "1. one\n2. two\n\nBetween.\n\n1. again\n2. and\n\nThen:\n\n7. seven\n8. eight\n"
    assert text_of(markdown) == expected


def test_bullets_and_nested_lists_indent_three_spaces() -> None:
    markdown = "- top\n  - inner\n    1. deep\n- next  \n  continued\n"
    assert markdown_to_text(markdown) == "- top\n   - inner\n      1. deep\n- next\n  continued\n"


def test_numbered_item_with_nested_bullets() -> None:
    markdown = """\
        1. Carrier
           - pickup daily
           - tracking
        2. Staff
        """
    assert text_of(markdown) == "1. Carrier\n   - pickup daily\n   - tracking\n2. Staff\n"


def test_loose_list_item_with_two_paragraphs() -> None:
    markdown = """\
        1. First paragraph.

           Second paragraph.

        2. Next item.
        """
    assert text_of(markdown) == "1. First paragraph.\n\n   Second paragraph.\n\n2. Next item.\n"


def test_narrow_table_becomes_aligned_columns() -> None:
    markdown = """\
        | Order | Qty | Note |
        |:------|----:|:----:|
        | 114-1 | 3 | ok |
        | 114-22 | 12 | **late** |
        """
    expected = "Order   Qty  Note\n------  ---  ----\n114-1     3   ok\n114-22   12  late\n"
    assert text_of(markdown) == expected


def test_aligned_columns_pad_by_display_width() -> None:
    markdown = """\
        | Name | City |
        |---|---|
        | 张伟 | 深圳 |
        | Bob | LA |
        """
    assert text_of(markdown) == "Name  City\n----  ----\n张伟  深圳\nBob   LA\n"


def test_wide_table_becomes_header_value_records() -> None:
    long_note = "x" * MAX_TABLE_WIDTH
    markdown = f"""\
        | Order | Note |
        |---|---|
        | 114-1 | {long_note} |
        | 114-2 | short |
        """
    assert text_of(markdown) == f"Order: 114-1\nNote: {long_note}\n\nOrder: 114-2\nNote: short\n"


def test_wide_table_without_rows_keeps_its_header() -> None:
    header = "h" * (MAX_TABLE_WIDTH + 1)
    assert markdown_to_text(f"| {header} |\n|---|\n") == f"{header}\n{'-' * len(header)}\n"


def test_table_exactly_at_the_width_limit_stays_aligned() -> None:
    first = "a" * 50
    second = "b" * (MAX_TABLE_WIDTH - 50 - 2)  # two columns and a two-space gap: exactly the limit
    markdown = f"| {first} | {second} |\n|---|---|\n| 1 | 2 |\n"
    assert markdown_to_text(markdown).splitlines()[0] == f"{first}  {second}"


def test_code_blocks_quotes_and_rules() -> None:
    markdown = """\
        ```
        keep  this
          indented
        ```

        > quoted
        > text

        ---
        """
    assert text_of(markdown) == "keep  this\n  indented\n\n   quoted text\n\n* * *\n"


def test_output_ends_with_exactly_one_newline() -> None:
    assert markdown_to_text("Text\n\n\n\n") == "Text\n"
    assert markdown_to_text("Text") == "Text\n"
    assert markdown_to_text("") == "\n"


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("深圳") == 4
    assert display_width("ｆｕｌｌ") == 8  # fullwidth Latin letters
    assert display_width("e\u0301") == 1  # combining accent takes no column


def test_plain_text_does_not_import_python_docx() -> None:
    code = "import sys, poa.plan.text; sys.exit('docx' in sys.modules)"
    repo = Path(__file__).resolve().parents[1]
    assert subprocess.run([sys.executable, "-c", code], cwd=repo, check=False).returncode == 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_text_ending_in_one_newline(markdown: str) -> None:
    text = markdown_to_text(markdown)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
