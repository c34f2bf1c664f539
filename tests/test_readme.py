"""The README works as written: its shell examples run against a temporary ledger, and every other command it
shows parses. A user's first contact is the README; a command that fails there fails them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README.read_text(encoding="utf-8")) if lang == kind]


def test_the_readme_is_a_short_guide() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 260
    assert "make demo" in text and "make test" in text and ".venv/bin/claimledger" in text
    assert "docs/benchmarks.md" in text and (ROOT / "docs" / "benchmarks.md").is_file()
    assert blocks("sh"), "the README has no runnable shell examples"


@pytest.mark.slow
def test_the_readmes_shell_examples_run(tmp_path: Path) -> None:
    """Every ```sh block, in order, in one shell (an `export` carries on), from the clone's top folder; files the
    README puts under /tmp go to a temporary folder instead."""
    script = "\n".join(blocks("sh")).replace("/tmp/", f"{tmp_path}/")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "claimledger").exists(), "the claimledger command is not installed beside this Python"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "CLAIMLEDGER_DB": str(tmp_path / "unused.db"),
        "COLUMNS": "100",
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert proc.returncode == 0, f"{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "stored 3 new articles" in proc.stderr  # the ingest summary
    assert (tmp_path / "claimledger-guide.db").exists() and not (tmp_path / "unused.db").exists()
    assert (tmp_path / "claimledger-claims.csv").read_text().startswith("claim_id,")
    assert "event_id_cnty" in proc.stdout  # the ACLED export's header, cut by `| head -2` without a traceback


def test_every_other_command_the_readme_shows_parses() -> None:
    """Commands shown but not run (a server, the network, make): each parses with the real argument parser."""
    shown = [
        line.strip()
        for body in blocks("text")
        for line in body.splitlines()
        if line.strip().startswith("claimledger ") and "--help" not in line and "--version" not in line
    ]
    assert len(shown) >= 4
    for line in shown:
        words = shlex.split(line, comments=True)[1:]
        try:
            build_parser(words).parse_args(words)
        except SystemExit as exc:  # argparse's way of refusing
            pytest.fail(f"the README shows `{line}`, which claimledger refuses ({exc})")


def test_the_python_example_compiles_and_its_imports_exist() -> None:
    (example,) = blocks("python")
    compile(example, "README.md", "exec")
    for module, names in re.findall(r"^from (\S+) import (.+)$", example, re.MULTILINE):
        imported = __import__(module, fromlist=["_"])
        for name in (n.strip() for n in names.split("#")[0].split(",")):
            assert hasattr(imported, name), f"{module} has no {name}"
