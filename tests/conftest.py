"""Fixtures shared by the tests."""

from __future__ import annotations

import copy

import pytest
from helpers import Result, example_data

from poa import cli


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory):
    """The tests' compiled templates and parsed catalogue stay out of the user's own cache."""
    import os

    os.environ["POA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def odr_data() -> dict:
    return copy.deepcopy(example_data("order_defect_rate"))


@pytest.fixture
def run_cli(capsys):
    """The CLI in this process (fast); returns exit code and captured output."""

    def run(*args: str) -> Result:
        code = cli.main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh folder the test runs in: the wizard writes its draft and files where it is started."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
