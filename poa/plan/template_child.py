"""The child process of poa.plan.template_process: renders a seller's templates and answers in JSON."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from poa.errors import PoaError
from poa.plan.template_process import MEMORY_LIMIT_BYTES


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit alone
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def _child() -> int:
    """In the child: read the request, render, and answer with the result or one line of error."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    _limit_memory()
    try:
        from poa.case.model import Case
        from poa.plan import render

        case = Case.model_validate(request["case"])
        today = dt.date.fromisoformat(request["today"])
        folder = Path(request["templates"])
        if request["what"] in ("sections", "form_sections"):
            form = request["what"] == "form_sections"  # the appeal form's blocks: no tables
            result: Any = render.render_sections_here(case, today=today, user_templates=folder, form=form)
        else:
            result = render.render_markdown_here(case, today=today, user_templates=folder)
        answer = {"result": result}
    except PoaError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {
            "error": f"{request['templates']}: the templates built more than {MEMORY_LIMIT_BYTES >> 20} MB "
            "and were stopped; simplify them"
        }
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
