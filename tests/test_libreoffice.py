"""The plans as a reader sees them: converted to PDF by LibreOffice and read back, pages counted."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import shutil
import subprocess

import pytest
from helpers import EXAMPLE_NAMES, example_data

from poa.case.catalog import load_marketplaces
from poa.case.model import Case
from poa.plan import outputs
from poa.plan.layout import estimate_pages
from poa.plan.render import render_markdown

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and poppler-utils"
)
TODAY = dt.date(2026, 11, 26)
# The examples, and one run long on purpose: every action and measure written twice.
LONG = "order_defect_rate_long"


def squash(text: str) -> str:
    """Line wrapping and hyphenation differ from one renderer to another; compare words only."""
    return re.sub(r"\s+", " ", text)


def case_data(name: str) -> dict:
    if name != LONG:
        return example_data(name)
    data = example_data("order_defect_rate")
    plan = data["plans"]["order_defect_rate"]
    for part in ("corrective_actions", "preventive_measures"):
        plan[part] = plan[part] + copy.deepcopy(plan[part])
    return data


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("pdf")
    documents = []
    for name in [*EXAMPLE_NAMES, LONG]:
        case = Case.model_validate(case_data(name))
        path = folder / f"{name}.docx"
        path.write_bytes(outputs.render(case, "docx", today=TODAY))
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
    found = {}
    for name in [*EXAMPLE_NAMES, LONG]:
        pdf = str(folder / f"{name}.pdf")
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
        info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
        fonts = subprocess.run(["pdffonts", pdf], check=True, capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
        found[name] = {"text": text, "pages": pages, "size": (float(size[1]), float(size[2])), "fonts": fonts}
    return found


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_shows_the_plan(pdfs, name):
    data = example_data(name)
    text = pdfs[name]["text"]
    flat = squash(text)
    assert "Plan of Action" in text
    pages = text.count("\f")
    assert "Page 1 of" in flat
    assert f"Page {pages} of {pages}" in flat
    assert data["seller"]["legal_name"] in flat
    first_reason = data["reasons"][0]
    plan = data["plans"][first_reason]
    assert squash(plan["root_causes"][0]["text"])[:60] in flat
    assert squash(plan["preventive_measures"][-1]["text"])[:60] in flat
    for asin in data.get("affected_asins", []):
        assert asin in flat
    assert not re.search(r"\{\{|\{%|\\\*", text)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_fits_its_page_budget_with_calibris_metrics(pdfs, name):
    """Two pages for one reason (and one more for each further reason), Letter on .com, A4 elsewhere."""
    case = Case.model_validate(example_data(name))
    pdf = pdfs[name]
    # Calibri's metrics: Carlito stands in for Calibri where Word's own font is not installed.
    assert re.search(r"Carlito|Calibri", pdf["fonts"]), pdf["fonts"]
    paper = load_marketplaces()[case.marketplace].paper
    assert pdf["size"] == ((612.0, 792.0) if paper == "letter" else (595.304, 841.89)) or (
        paper == "a4" and abs(pdf["size"][0] - 595.3) < 1 and abs(pdf["size"][1] - 841.9) < 1
    )
    budget = 2 + (len(case.reasons) - 1)
    assert pdf["pages"] <= budget
    if len(case.reasons) == 1:
        assert pdf["pages"] <= 2


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, LONG])
def test_the_checkers_page_estimate_agrees_with_libreoffice(pdfs, name):
    case = Case.model_validate(case_data(name))
    paper = load_marketplaces()[case.marketplace].paper
    estimate = estimate_pages(render_markdown(case, today=TODAY), paper)
    assert math.ceil(estimate) == pdfs[name]["pages"], estimate
    if name == LONG:
        assert pdfs[name]["pages"] > 2  # the long one is over budget, and the estimate says so


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_asin_date_or_file_name_is_broken_across_lines(pdfs, name):
    data = example_data(name)
    lines = [line.strip() for line in pdfs[name]["text"].split("\n")]
    words = {word for line in lines for word in line.split()}
    for asin in data.get("affected_asins", []):
        assert any(asin in word for word in words), asin
        # A broken ASIN would leave a line ending in its first part.
        assert not any(re.search(rf"\b{asin[:5]}[A-Z0-9]{{0,4}}$", line) for line in lines), asin
    for plan in data["plans"].values():
        for item in plan.get("evidence", []):
            if item.get("file"):
                assert item["file"] in squash(pdfs[name]["text"]).replace("‑", "-"), item["file"]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_page_holds_only_the_sign_off(pdfs, name):
    """The signature stays with the request before it, and each page has more than the two of them."""
    for page in pdfs[name]["text"].split("\f"):
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        body = [line for line in lines[1:] if not re.search(r"Page \d+ of \d+", line)]  # after the page header
        if any(line.startswith(("Sincerely,", "Kind regards,")) for line in body):
            ask = next(i for i, line in enumerate(body) if line.startswith("We ask that you reinstate"))
            assert body[ask + 1].startswith(("Sincerely,", "Kind regards,"))
            assert ask > 0, body  # something of the plan above the closing on the same page
