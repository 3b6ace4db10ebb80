"""The code stays ruff clean (the rules are in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

# The ruff installed with the test extras sits beside this interpreter, on PATH or not.
_BESIDE = Path(sys.executable).parent / "ruff"
RUFF = str(_BESIDE) if _BESIDE.exists() else shutil.which("ruff")


@pytest.mark.skipif(RUFF is None or not (REPO / "pyproject.toml").exists(), reason="needs ruff and the checkout")
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command):
    done = subprocess.run([RUFF, *command, "."], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
