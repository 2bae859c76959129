"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from projects import REPO, build_site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's own content, built once per test session."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = build_site(REPO, site)
    assert result.returncode == 0, result.stderr
    return site
