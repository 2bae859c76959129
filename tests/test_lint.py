"""The code follows the project's lint rules (pyproject.toml), in CI as in the pre-commit hook."""

from __future__ import annotations

import subprocess
import sys

from projects import REPO


def test_ruff_finds_nothing_to_fix():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
