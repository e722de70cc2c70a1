"""Run the real ``lif`` command line in-process and capture what a user would see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from generator.cli import lif


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_lif(*args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None,
            input_text: str | None = None) -> Result:
    """Invoke ``lif ARGS`` the way the console script does, in ``cwd`` (``input_text`` on
    standard input; an ``env`` value of None unsets the variable)."""
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=None) if cwd is None else _chdir(cwd):
        result = runner.invoke(lif, list(args), env=env, input=input_text,
                               catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


class _chdir:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.old = Path.cwd()

    def __enter__(self) -> Path:
        import os

        os.chdir(self.path)
        return self.path

    def __exit__(self, *exc: object) -> None:
        import os

        os.chdir(self.old)
