"""The layout shows the design: imports go one way, and only the terminal shell imports the prompt library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "poa"

# Lower layers never import higher ones: interview -> review -> plan / readers -> case -> shared base.
LAYERS = {
    "poa": 0,
    "poa.errors": 0,
    "poa.languages": 0,
    "poa.cache": 0,
    "poa.case": 1,
    "poa.readers": 2,
    "poa.plan": 2,
    "poa.review": 3,
    "poa.interview": 4,
    "poa.reasons_view": 5,
    "poa.commands": 5,
    "poa.cli": 5,
    "poa.__main__": 5,
}
PROMPT_LIBRARIES = ("questionary", "prompt_toolkit")
# The terminal shell of `poa new`: the prompt loop and its screens, the only modules allowed to use the prompt library.
TERMINAL_SHELL = {
    f"poa.interview.{name}" for name in ("wizard", "terminal", "prompts", "review_screen", "editors", "output_screen")
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str) -> set[str]:
    """Every module a module imports, at the top or inside a function (lazy imports count too)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _project_imports(name: str) -> set[str]:
    return {other for other in _imported(name) if other in MODULES and other != name}


def _layer(name: str) -> int:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return LAYERS[prefix]
    raise AssertionError(f"{name} is in no layer; add its folder to LAYERS")


def test_every_module_belongs_to_a_layer():
    for name in MODULES:
        _layer(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_one_way(name):
    upward = [other for other in _project_imports(name) if _layer(other) > _layer(name)]
    assert not upward, f"{name} imports a higher layer: {upward}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n not in TERMINAL_SHELL))
def test_only_the_terminal_shell_imports_the_prompt_library(name):
    used = {m.split(".")[0] for m in _imported(name)} & set(PROMPT_LIBRARIES)
    assert not used, f"{name} imports {sorted(used)}; keep prompts in the terminal shell"


def test_no_import_cycle():
    graph = {name: _project_imports(name) for name in MODULES}
    state: dict[str, int] = {}  # 1 on the current path, 2 finished

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycle = [*path[path.index(other) :], other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, path)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_cycle_check_sees_a_cycle(monkeypatch):
    """The check above can fail: two modules importing each other are reported."""
    fake = {"poa.case.a": {"poa.case.b"}, "poa.case.b": {"poa.case.a"}}
    monkeypatch.setattr("test_layout._project_imports", lambda name: fake.get(name, set()) if name in fake else set())
    monkeypatch.setattr("test_layout.MODULES", {**MODULES, **{name: MODULES["poa"] for name in fake}})
    with pytest.raises(AssertionError, match="import cycle"):
        test_no_import_cycle()


def test_the_core_loads_no_prompt_library():
    """Importing every module outside the terminal shell, together with all they import, loads no prompt library."""
    core = sorted(name for name in MODULES if name not in TERMINAL_SHELL and name != "poa.__main__")
    assert {"poa.interview.flow", "poa.interview.answers", "poa.interview.draft_file"} <= set(core)
    script = (
        f"import sys\nfor name in {core!r}:\n    __import__(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {PROMPT_LIBRARIES!r}))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
