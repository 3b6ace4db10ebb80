"""A plain (non-editable) `pip install .` into a fresh virtual environment renders every example.

The fresh environment borrows the already-installed dependencies through a .pth file, so the
test needs no network; poa itself comes only from the wheel pip builds from this checkout.
"""

from __future__ import annotations

import io
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLE_NAMES, REPO

pytestmark = pytest.mark.skipif(not (REPO / "pyproject.toml").exists(), reason="needs the source checkout")


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fresh")
    env = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root).strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--quiet",
        REPO,
        cwd=root,
    )
    return env


@pytest.mark.timeout(600)
def test_installed_package_renders_every_example(fresh_venv, tmp_path):
    python = fresh_venv / "bin" / "python"
    location = run(python, "-c", "import poa; print(poa.__file__)", cwd=tmp_path)
    assert location.startswith(str(fresh_venv)), location
    package = Path(location.strip()).parent
    assert (package / "templates" / "plan.md.j2").is_file()
    assert (package / "data" / "reasons.yaml").is_file()
    poa = fresh_venv / "bin" / "poa"
    for name in EXAMPLE_NAMES:
        run(poa, "example", name, "-o", f"{name}.yaml", cwd=tmp_path)
        run(poa, "render", f"{name}.yaml", "-o", f"{name}.docx", cwd=tmp_path)
        document = docx.Document(io.BytesIO((tmp_path / f"{name}.docx").read_bytes()))
        assert document.paragraphs[0].text == "Plan of Action"
        assert any(p.text == "Root causes" for p in document.paragraphs)
