"""Fixtures shared by the tests."""

from __future__ import annotations

import copy

import pytest
from helpers import Result, example_data

from poa import cli


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
