"""A seller's own templates (--templates) run in a child process, bounded in time, memory and output.

Jinja2's sandbox bounds what a template may touch, not how long it runs or how much it builds:
`{% for a in range(99999) %}{% for b in range(99999) %}...` never ends and `'x'|center(10**9)` fills
the memory. Only a process can be stopped from outside on every platform, so the user's templates
render in one, which is killed after TIME_LIMIT_SECONDS; on POSIX its memory is capped too. The
built-in templates are ours and run in the poa process itself. The child's side is
poa/plan/template_child.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.errors import PoaError

if TYPE_CHECKING:
    from poa.case.model import Case

TIME_LIMIT_SECONDS = 10
MEMORY_LIMIT_BYTES = 1 << 30
MAX_REPLY_BYTES = 20_000_000  # what the child may send back: the bounded plan, as JSON


def render_in_child(case: Case, *, today: dt.date, user_templates: Path, what: str) -> Any:
    """The plan's Markdown (what="plan"), its sections (what="sections") or the appeal form's sections
    (what="form_sections"), rendered by a child process."""
    request = json.dumps(
        {
            "case": case.model_dump(mode="json"),
            "today": today.isoformat(),
            "templates": str(user_templates),
            "what": what,
        }
    ).encode("utf-8")
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "poa.plan.template_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        raise PoaError(f"{user_templates}: the templates cannot be run ({error.strerror or error})") from None
    try:
        reply, _ = child.communicate(request, timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise PoaError(
            f"{user_templates}: the templates ran for more than {TIME_LIMIT_SECONDS} seconds and were stopped "
            "(a loop that never ends?); simplify them"
        ) from None
    try:
        answer = json.loads(reply[:MAX_REPLY_BYTES].decode("utf-8"))
    except ValueError:
        raise PoaError(
            f"{user_templates}: the templates stopped the program that runs them (exit status {child.returncode}); "
            "simplify them"
        ) from None
    if "error" in answer:
        raise PoaError(answer["error"])
    return answer["result"]
