"""Every attempt of the bad-input corpus (bad_inputs.py) through its command: no traceback, no hang,
nothing clobbered, nothing half-written; then the attempts that need a process of their own (a full
standard output, signals)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bad_inputs import NOTICE, REPLY, Attempt, all_attempts, case_file, text_file
from helpers import Result

from poa import cli
from poa.case import store
from poa.errors import PoaError
from poa.plan import render, template_process

ATTEMPTS = all_attempts()
pytestmark = pytest.mark.timeout(90)


def test_the_corpus_is_large_and_covers_every_command():
    counts = Counter(attempt.cls for attempt in ATTEMPTS)
    assert len(ATTEMPTS) + len(PRINTING) + len(SIGNAL_TESTS) >= 200
    assert len({(a.cls, a.id) for a in ATTEMPTS}) == len(ATTEMPTS)
    commands = {a.args[0] for a in ATTEMPTS if a.args} | ({"new"} if any(a.wizard for a in ATTEMPTS) else set())
    commands |= {args[0] for args in PRINTING if not args[0].startswith("-")}
    assert commands >= {"new", "render", "check", "notice", "reply", "example", "reasons", "invoice", "bundle"}
    assert len(counts) == 9


def _snapshot(folder: Path) -> dict[str, object]:
    """What is in the folder: the bytes' digest of each regular file, the kind of everything else."""
    state: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if ".cache" in path.parts:
            continue
        mode = path.lstat().st_mode
        name = str(path.relative_to(folder))
        if stat.S_ISREG(mode):
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISLNK(mode):
            state[name] = ("link", os.readlink(path))
        else:
            state[name] = ("kind", stat.S_IFMT(mode))
    return state


def _in_this_process(case, today, user_templates, what):
    render.check_templates_folder(user_templates)
    if what == "plan":
        return render.render_markdown_here(case, today=today, user_templates=user_templates)
    return render.render_sections_here(case, today=today, user_templates=user_templates)


def _run_wizard(folder: Path, options: dict[str, str]) -> Result:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from poa.interview import wizard

    out = io.StringIO()
    paths = {key: folder / value for key, value in options.items()}
    try:
        with create_pipe_input() as pipe:
            pipe.close()  # no keys: the first question meets the end of input
            with create_app_session(input=pipe, output=DummyOutput()):
                code = wizard.start(wizard.Options(lang="en", **paths), out=out)  # type: ignore[arg-type]
    except PoaError as error:  # what cli.main prints for it
        return Result(error.exit_code, out.getvalue(), f"error: {error}\n")
    return Result(code, out.getvalue(), "")


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda a: f"{a.cls.split()[0]}-{a.id}")
def test_bad_input(attempt: Attempt, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(template_process, "TIME_LIMIT_SECONDS", 3)
    if not attempt.child:
        monkeypatch.setattr(render, "_in_child", _in_this_process)
    attempt.setup(tmp_path)
    before = _snapshot(tmp_path)
    if attempt.wizard:
        result = _run_wizard(tmp_path, attempt.wizard)
    else:
        code = cli.main(attempt.argv(tmp_path))
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
    said = result.out + result.err
    assert "Traceback" not in said
    assert result.code in attempt.codes, result
    if result.code == 2 and attempt.one_line:
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert result.err.startswith(("error: ", "错误：")), result.err  # in the language asked for
    for needle in attempt.needles:
        assert needle in said, (needle, said[:2000])
    for word in attempt.absent:
        assert word not in said, (word, said[:2000])
    after = _snapshot(tmp_path)
    for name, state in before.items():  # nothing clobbered
        if name not in attempt.writes:
            assert after.get(name) == state, f"{name} was changed"
    for name in set(after) - set(before):  # nothing half-written, no temporary left
        assert name in attempt.writes, f"{name} was left behind"
        _assert_complete(tmp_path / name)
    if attempt.check is not None:
        attempt.check(tmp_path, result)


def _assert_complete(path: Path) -> None:
    if path.suffix == ".docx":
        from docx import Document

        assert Document(str(path)).paragraphs
    elif path.suffix in (".yaml", ".yml"):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)
    else:
        assert path.stat().st_size > 0


# ---------------------------------------------------------------- a full standard output, in a process

PRINTING = [
    ("reasons",),
    ("reasons", "order_defect_rate"),
    ("reasons", "late_shipment_rate", "--lang", "zh"),
    ("example",),
    ("example", "order_defect_rate"),
    ("example", "inauthentic", "-o", "-"),
    ("render", "case.yaml"),
    ("render", "case.yaml", "--format", "txt"),
    ("render", "case.yaml", "--format", "form"),
    ("render", "case.yaml", "-o", "-"),
    ("check", "case.yaml"),
    ("check", "case.yaml", "--format", "json"),
    ("check", "case.yaml", "--lang", "zh"),
    ("check", "draft.md"),
    ("notice", "notice.txt"),
    ("notice", "notice.txt", "--json"),
    ("notice", "notice.txt", "-o", "-"),
    ("notice", "-"),
    ("reply", "reply.txt"),
    ("reply", "reply.txt", "--json"),
    ("reply", "reply.txt", "--lang", "zh"),
    ("invoice", "invoice.docx"),
    ("render", "case.yaml", "-o", "plan.docx"),
    ("--help",),
    ("--version",),
    ("render", "--help"),
]


def _print_files(folder: Path) -> None:
    case_file()(folder)
    text_file("notice.txt", NOTICE)(folder)
    text_file("reply.txt", REPLY)(folder)
    text_file("draft.md", "# Root cause\n\nOur carrier was slow.\n")(folder)
    from invoice_samples import Sample, docx_bytes

    text_file("invoice.docx", docx_bytes(Sample()))(folder)


def _assert_cannot_print(code: int, err: str, folder: Path) -> None:
    assert "Traceback" not in err
    assert code == 2, err
    last = err.strip().splitlines()[-1]
    assert last.startswith(("error: cannot write to standard output", "错误：无法写入标准输出")), err
    assert not list(folder.glob(".poa-*"))


def _argparse_prints(args: tuple[str, ...]) -> bool:
    return "--help" in args or "--version" in args


@pytest.mark.parametrize("args", [a for a in PRINTING if not _argparse_prints(a)], ids=" ".join)
def test_a_full_standard_output_is_one_line(args, tmp_path, capsys, monkeypatch):
    _print_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    full = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - closed below, where closing can fail
    with open("notice.txt", encoding="utf-8") as notice:
        monkeypatch.setattr(sys, "stdout", full)
        monkeypatch.setattr(sys, "stdin", notice)
        code = cli.main(list(args))
        monkeypatch.undo()
    with contextlib.suppress(OSError):  # what poa could not print is still in the buffer
        full.close()
    _assert_cannot_print(code, capsys.readouterr().err, tmp_path)


@pytest.mark.parametrize("args", [a for a in PRINTING if _argparse_prints(a)], ids=" ".join)
def test_help_into_a_full_standard_output_is_one_line(args, tmp_path):
    """--help and --version print from argparse, before any command: the console script itself."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "POA_CACHE_DIR": str(tmp_path / ".cache")}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "poa", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    _assert_cannot_print(done.returncode, done.stderr, tmp_path)


# ---------------------------------------------------------------- signals

SIGNAL_TESTS: list[str] = []  # the tests below, counted in the corpus


def signal_test(test):
    SIGNAL_TESTS.append(test.__name__)
    return test


WRITER = """
import signal, sys
from pathlib import Path
from poa import cli
from poa.case.store import atomic_write
signal.signal(signal.SIGTERM, cli._terminated)
data = b"x" * 400_000_000
print("writing", flush=True)
atomic_write(Path(sys.argv[1]), data)
"""


def _start_large_write(folder: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder / "plan.docx")], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    for _ in range(2000):  # until the temporary is there and growing
        temps = list(folder.glob(".poa-*.tmp"))
        if temps and temps[0].stat().st_size > 0:
            return child
        time.sleep(0.005)
    child.kill()
    raise AssertionError("the write never started")


@signal_test
def test_sigterm_during_a_large_write_leaves_nothing(tmp_path):
    child = _start_large_write(tmp_path)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@signal_test
def test_sigkill_leaves_a_temporary_the_next_run_removes(tmp_path):
    child = _start_large_write(tmp_path)
    child.kill()
    child.wait(timeout=60)
    (temp,) = tmp_path.glob(".poa-*.tmp")
    old = time.time() - store.STALE_AFTER_SECONDS - 1
    os.utime(temp, (old, old))
    store.atomic_write(tmp_path / "case.yaml", b"schema_version: 1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


@signal_test
def test_a_temporary_a_live_run_holds_is_kept(tmp_path):
    import fcntl

    temp = tmp_path / ".poa-live.tmp"
    with open(temp, "wb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        old = time.time() - store.STALE_AFTER_SECONDS - 1
        os.utime(temp, (old, old))
        store.remove_stale_temporaries(tmp_path)
        assert temp.exists()
    store.remove_stale_temporaries(tmp_path)
    assert not temp.exists()


@signal_test
def test_a_fresh_temporary_is_kept(tmp_path):
    temp = tmp_path / ".poa-just-started.tmp"
    temp.write_bytes(b"")
    (tmp_path / ".plan.docx.tmp").write_bytes(b"")  # not poa's: never touched
    store.remove_stale_temporaries(tmp_path)
    assert temp.exists() and (tmp_path / ".plan.docx.tmp").exists()


@signal_test
def test_the_console_script_turns_sigterm_into_an_orderly_exit(tmp_path):
    """The handler `poa` installs: SIGTERM unwinds (finally blocks run) with status 143."""
    with pytest.raises(SystemExit) as done:
        cli._terminated(signal.SIGTERM, None)
    assert done.value.code == 128 + signal.SIGTERM


class _Typing:
    """A prompt on screen with text typed in it, whose terminal goes away (EIO) when it reads."""

    def __init__(self, typed: str, error: BaseException) -> None:
        from types import SimpleNamespace

        self.application = SimpleNamespace(key_bindings=None, current_buffer=SimpleNamespace(text=typed))
        self.error = error

    def unsafe_ask(self):
        raise self.error


def _wizard(folder: Path):
    import datetime as dt

    from poa.interview import wizard
    from poa.interview.flow import Interview

    iv = Interview(lang="en", lang_fixed=True, today=dt.date(2026, 11, 26))
    return wizard, wizard.Wizard(iv, folder / "poa-draft.yaml", out=io.StringIO())


@signal_test
def test_a_terminal_gone_mid_question_keeps_the_text_typed(tmp_path, monkeypatch):
    import errno

    wizard, run = _wizard(tmp_path)
    from poa.interview import terminal

    monkeypatch.setattr(terminal.questionary, "text", lambda *a, **k: _Typing("Acme Tra", OSError(errno.EIO, "EIO")))
    assert run.run() == wizard.EXIT_HANGUP
    draft = yaml.safe_load((tmp_path / "poa-draft.yaml").read_text(encoding="utf-8"))
    assert draft["poa_draft"]["pending"] == {"question": "seller.legal_name", "text": "Acme Tra"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["poa-draft.yaml"]


@signal_test
def test_a_hang_up_during_a_save_waits_for_it_then_saves_the_text_typed(tmp_path, monkeypatch):
    wizard, run = _wizard(tmp_path)
    run.iv.data = {"seller": {"legal_name": "Acme Trading Ltd"}}
    run.term._prompt, run.term._prompt_id = _Typing("Acme Ho", EOFError()), "seller.store_name"

    def exit_(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(wizard.os, "_exit", exit_)
    saved = []

    def save_draft(iv, path):  # the signal arrives while the draft is being written
        if not saved:
            saved.append("first")
            run._hang_up(signal.SIGHUP, None)  # must not leave in the middle of this save
            assert (tmp_path / "poa-draft.yaml").exists() is False
        data = yaml.safe_dump({"poa_draft": {"pending": iv.pending}, "case": iv.data}).encode()
        store.atomic_write(path, data, force=True)
        saved.append("saved")

    monkeypatch.setattr(wizard, "save_draft", save_draft)
    with pytest.raises(SystemExit) as done:
        run.save()
    assert done.value.code == wizard.EXIT_HANGUP
    assert saved == ["first", "saved", "saved"]  # the save under way, then one with the text typed
    draft = yaml.safe_load((tmp_path / "poa-draft.yaml").read_text(encoding="utf-8"))
    assert draft["poa_draft"]["pending"] == {"question": "seller.store_name", "text": "Acme Ho"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["poa-draft.yaml"]


@signal_test
@pytest.mark.parametrize("pause", [0.0, 0.02, 0.1])
def test_closing_the_terminal_while_typing_keeps_the_text_and_no_temporary(tmp_path, pause):
    pexpect = pytest.importorskip("pexpect")
    poa = Path(sys.executable).parent / "poa"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "POA_CACHE_DIR": str(tmp_path / ".cache")}
    child = pexpect.spawn(str(poa), ["new", "--lang", "en"], cwd=str(tmp_path), env=env, encoding="utf-8")
    child.expect_exact("Business name")
    time.sleep(0.05)
    child.send("Acme Trading Ltd\r")
    child.expect_exact("Store name")
    time.sleep(0.05)
    child.send("Acme Ho")
    child.expect_exact("Acme Ho")
    time.sleep(pause)
    child.close(force=True)
    draft_path = tmp_path / "poa-draft.yaml"
    for _ in range(100):
        draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
        if draft["poa_draft"].get("pending"):
            break
        time.sleep(0.05)
    assert draft["poa_draft"]["pending"] == {"question": "seller.store_name", "text": "Acme Ho"}
    time.sleep(0.2)
    assert not list(tmp_path.glob(".poa-*"))


# ---------------------------------------------------------------- the decoding every reader shares


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_text_in_the_encodings_sellers_save_is_read(encoding):
    from poa.readers.inputs import detect_and_decode

    text = "seller:\n  legal_name: 深圳一帆贸易有限公司 (Yifan Trading)\n  signer_name: 林晓雨\n"
    assert detect_and_decode(text.encode(encoding)) == text


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)), b"caf\xe9 au lait\n", b"\x00\x01" * 50],
    ids=["png", "all-bytes", "latin-1", "nul-pairs"],
)
def test_bytes_that_are_no_such_text_are_not_decoded(data):
    from poa.readers.inputs import detect_and_decode

    assert detect_and_decode(data) is None
