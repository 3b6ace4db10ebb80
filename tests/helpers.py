"""Helpers for the tests: bundled examples as data, and the CLI run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from poa import commands

EXAMPLE_NAMES = commands.example_names()
REPO = Path(__file__).resolve().parent.parent


def example_data(name: str) -> dict:
    """A bundled example as plain data, for tests that change one field."""
    return yaml.safe_load((Path(commands.EXAMPLES_DIR) / f"{name}.yaml").read_text(encoding="utf-8"))


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_process(*args: str, cwd: Path | None = None, stdin: str | None = None) -> Result:
    """The CLI as a user runs it: a new interpreter, no terminal."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "poa", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def assert_one_line_error(result: Result, *needles: str) -> None:
    """A user mistake: exit 2, one line on stderr naming each needle, no traceback."""
    assert result.code == 2, result
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for needle in needles:
        assert needle in lines[0], lines[0]
