"""A usage error (unknown option or command, missing argument, bad value, an option without its value) is one
`error:` line naming the command, exit code 2; the help of a group run without a command stays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("args, command, says", [
    (["extract", "x.txt", "--foo"], "extract", "No such option: --foo"),
    (["extract"], "extract", "Missing argument 'paths'"),
    (["extract", "x.txt", "--n-process", "abc"], "extract", "Invalid value for '--n-process'"),
    (["nosuch"], "", "No such command 'nosuch'"),
    (["--foo"], "", "No such option: --foo"),
    (["clean", "x.txt", "--out"], "clean", "Option '--out' requires an argument"),
    (["doccano", "serve", "--foo"], "doccano serve", "No such option: --foo"),
])
def test_a_usage_error_is_one_line_naming_the_command(args, command, says):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert f"{command} --help" in lines[0] and says in lines[0] and "╭" not in result.output


def test_the_installed_command_prints_the_same_one_line():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "zhibiao", "panel", "--bogus"], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: python -m zhibiao panel: No such option: --bogus")
    assert line.endswith("; see python -m zhibiao panel --help")


def test_a_group_without_a_command_still_shows_its_help():
    result = CliRunner().invoke(app, ["doccano"])
    assert "Usage" in result.output and "serve" in result.output and "error:" not in result.output
