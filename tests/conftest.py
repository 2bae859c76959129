"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bretagne import make_bretagne_project
from browser import serve
from projects import (
    FIXTURES,
    PUBLISHED_REPO_URL,
    PUBLISHED_SITE_URL,
    REPO,
    build_site,
    make_project,
    set_setting,
    set_site_url,
)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's own content, built once per test session."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = build_site(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The repository's own content, built as once published: at its own address, from its own repository."""
    project = make_project(tmp_path_factory.mktemp("published") / "projet", with_examples=True)
    set_site_url(project, PUBLISHED_SITE_URL)
    set_setting(project, "repo_url", PUBLISHED_REPO_URL)
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory) -> Path:
    """The example portraits plus the hostile ones, and hostile region texts: text that tries to become HTML,
    JavaScript, a redirect or the theme's settings."""
    root = make_project(tmp_path_factory.mktemp("hostile") / "projet", sorted((FIXTURES / "hostile").glob("*.md")),
                        with_examples=True)
    for region in sorted((FIXTURES / "hostile" / "regions").glob("*.md")):
        shutil.copy(region, root / "regions" / region.name)
    return root


@pytest.fixture(scope="session")
def hostile_site(hostile_project):
    """``hostile_project`` built once per session and served on 127.0.0.1: yields the base URL and the site.

    The site is built for the server's own address, as in production: Material's instant navigation only
    follows links to the host and port named in sitemap.xml.
    """
    site = hostile_project.parent / "site"
    with serve(site) as url:
        set_site_url(hostile_project, url)
        result = build_site(hostile_project, site)
        assert result.returncode == 0, result.stderr
        yield url, site


@pytest.fixture(scope="session")
def bretagne_site(tmp_path_factory) -> Path:
    """The examples plus three places in Bretagne, one with a raster photo (see bretagne.py), built once."""
    project = make_bretagne_project(tmp_path_factory.mktemp("bretagne") / "projet")
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def base(hostile_site) -> str:
    """The URL of the served hostile site, for the browser tests."""
    return hostile_site[0]


@pytest.fixture
def page(driver):
    """The browser tests' driver (each module has its own) with its logs emptied before the test, and the viewport
    reset after it."""
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture(scope="session")
def national_site(tmp_path_factory) -> Path:
    """The places of tests/fixtures/national/ (valid SIRETs and RNA, INSEE codes, OpenStreetMap hours, RNCP and RS
    codes, one place left out of the national file) built once, published at an address of its own."""
    project = make_project(tmp_path_factory.mktemp("national") / "projet",
                           sorted((FIXTURES / "national").glob("*.md")))
    set_site_url(project, "https://national.example.org/")
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site
