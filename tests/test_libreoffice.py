"""The plans as a reader sees them: converted to PDF by LibreOffice and read back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from helpers import EXAMPLE_NAMES, example_data

from poa.case.model import Case
from poa.plan import outputs

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and poppler-utils"
)


def squash(text: str) -> str:
    """Line wrapping and hyphenation differ from one renderer to another; compare words only."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("pdf")
    documents = []
    for name in EXAMPLE_NAMES:
        case = Case.model_validate(example_data(name))
        path = folder / f"{name}.docx"
        path.write_bytes(outputs.render(case, "docx", today=dt.date(2026, 11, 26)))
        documents.append(str(path))
    # One LibreOffice start for all files; a private profile so a running instance does not interfere.
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *documents,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    texts = {}
    for name in EXAMPLE_NAMES:
        done = subprocess.run(
            ["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"], check=True, capture_output=True, text=True
        )
        texts[name] = done.stdout
    return texts


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_shows_the_plan(pdf_texts, name):
    data = example_data(name)
    text = pdf_texts[name]
    flat = squash(text)
    assert "Plan of Action" in text
    pages = text.count("\f")
    assert "Page 1 of" in flat
    assert f"Page {pages} of {pages}" in flat
    assert data["seller"]["legal_name"] in flat
    first_reason = data["reasons"][0]
    plan = data["plans"][first_reason]
    assert squash(plan["root_causes"][0])[:60] in flat
    assert squash(plan["preventive_measures"][-1]["text"])[:60] in flat
    for asin in data.get("affected_asins", []):
        assert asin in flat
    assert not re.search(r"\{\{|\{%|\\\*", text)
