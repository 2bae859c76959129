"""The CI files keep their promises: pinned actions, least privilege, no untrusted text in scripts, full history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projects import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+\.\d+\.\d+$", re.M)


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name and !ENV tags are not needed here."""


_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def test_there_are_the_four_workflows():
    assert [path.name for path in WORKFLOWS] == ["check.yml", "deploy.yml", "liens.yml", "proposition.yml"]


def test_the_workflow_files_are_valid_for_github():
    """Against GitHub's workflow and Dependabot schemas, as shipped by check-jsonschema (no network)."""
    for schema, files in (("vendor.github-workflows", WORKFLOWS), ("vendor.dependabot", [REPO / ".github" / "dependabot.yml"])):
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                                 *map(str, files)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_by_its_full_commit_sha_with_its_version(path):
    workflow = _load(path)
    uses = [step["uses"] for _, step in _steps(workflow) if "uses" in step]
    assert uses, "a workflow without actions?"
    assert [use for use in uses if not PINNED.fullmatch(use)] == []
    assert sorted(VERSION_COMMENT.findall(path.read_text(encoding="utf-8"))) == sorted(uses)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_permissions_are_read_only_at_the_top_and_never_pull_request_target(path):
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in json.dumps(workflow)  # anywhere but in comments


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_event_value_is_written_into_a_script(path):
    for job, step in _steps(_load(path)):
        assert "${{ github.event" not in step.get("run", ""), (job, step.get("name"))
        assert "${{ github.head_ref" not in step.get("run", ""), (job, step.get("name"))


def test_pull_requests_are_checked_built_and_tested():
    workflow = _load(REPO / ".github" / "workflows" / "check.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    runs = [step.get("run") for _, step in _steps(workflow)]
    assert runs.index("make check") < runs.index("make site") < runs.index("make test")
    assert not any("secrets." in str(step) for _, step in _steps(workflow))


def test_properdocs_builds_and_compares_the_site_beside_mkdocs_on_every_pull_request_and_merge_request():
    job = _load(REPO / ".github" / "workflows" / "check.yml")["jobs"]["properdocs"]
    assert [step.get("run") for step in job["steps"] if "run" in step][-1] == "make properdocs"
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))["properdocs"]
    assert gitlab["script"] == ["make properdocs"] and gitlab["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert '"properdocs==' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_dead_links_are_checked_weekly_into_one_issue_and_never_on_pull_requests():
    workflow = _load(REPO / ".github" / "workflows" / "liens.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    job = workflow["jobs"]["liens"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make liens > rapport.txt" in runs and "--body-file corps.md" in runs
    assert "LIENS_LOCAL" not in runs  # 127.0.0.1 is for the tests only


def test_the_dead_links_issue_is_found_by_label_and_bot_author_never_by_title():
    step = next(step for step in _load(REPO / ".github" / "workflows" / "liens.yml")["jobs"]["liens"]["steps"]
                if "gh issue list" in step.get("run", ""))
    lookup = step["run"].split("\n")[0] + step["run"].split("\n")[1]
    assert '--label "$LABEL"' in lookup and '.author.login == "app/github-actions"' in lookup
    assert "title" not in lookup and "--search" not in lookup
    assert 'gh issue create --title "$TITLE" --label "$LABEL"' in step["run"]
    for name in ("check.yml", "deploy.yml"):
        assert "make liens" not in (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
    assert "make liens" not in (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")


def test_only_the_deploy_job_may_write_pages_and_only_after_the_build():
    workflow = _load(REPO / ".github" / "workflows" / "deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    checkout, *_, upload = build["steps"]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert [step.get("run") for step in build["steps"] if "run" in step][-2:] == ["make check", "make site"]
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"]["path"] == "site"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_site_is_built_with_python_alone_without_node():
    for name in ("check.yml", "deploy.yml"):
        uses = [step.get("uses", "") for _, step in _steps(_load(REPO / ".github" / "workflows" / name))]
        assert not [use for use in uses if use.startswith("actions/setup-node@")], name
    assert "nodejs" not in (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert not (REPO / "package.json").exists() and "npm" not in (REPO / "Makefile").read_text(encoding="utf-8")


def test_the_issue_body_reaches_the_command_through_the_environment_only():
    workflow = _load(REPO / ".github" / "workflows" / "proposition.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["portrait"]
    assert job["if"] == "github.event.label.name == 'à publier'"
    assert set(job["permissions"]) == {"contents", "pull-requests", "issues", "actions"}
    convert = next(step for step in job["steps"] if step.get("id") == "portrait")
    assert convert["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert "python -m tierslieux.issue_form portrait" in convert["run"]
    assert "ISSUE_BODY" in convert["run"] and "issue.body" not in convert["run"]


def test_dependabot_updates_actions_and_python_packages_the_map_libraries_included():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert sorted(update["package-ecosystem"] for update in config["updates"]) == ["github-actions", "pip"]


def test_gitlab_checks_merge_requests_and_publishes_the_default_branch():
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert config["variables"]["GIT_DEPTH"] == "0"
    assert config["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert config["check"]["script"] == ["make check", "make site", "make test"]
    assert config["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert config["pages"]["script"] == ["make check", "make site", "mv site public"]
    assert config["pages"]["artifacts"] == {"paths": ["public"]}
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                             str(REPO / ".gitlab-ci.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_checks_content_and_lints_with_a_pinned_ruff():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local, ruff = config["repos"]
    assert local["hooks"][0]["entry"] == "make check" and re.match(local["hooks"][0]["files"], "portraits/x.md")
    assert ruff["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"]) and ruff["hooks"] == [{"id": "ruff-check"}]


def test_contributor_documents_use_the_addresses_of_mkdocs_yml():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    for document in ("CONTRIBUTING.md", "docs/contribuer.md"):
        text = (REPO / document).read_text(encoding="utf-8")
        for url in re.findall(r"https://[^\s)`>\"]+", text):
            if "exemple" in url.lower():
                assert url.startswith((config["site_url"], config["repo_url"])), (document, url)


def test_the_bots_own_pull_request_is_found_by_owner_and_branch_never_a_forks():
    steps = _load(REPO / ".github" / "workflows" / "proposition.yml")["jobs"]["portrait"]["steps"]
    step = next(step for step in steps if step.get("name") == "Open the pull request")
    assert step["env"]["OWNER"] == "${{ github.repository_owner }}"
    lookup = step["run"][step["run"].index("gh pr list"):step["run"].index("if [ -z")]
    assert ".isCrossRepository == false and .headRepositoryOwner.login == env.OWNER" in lookup
