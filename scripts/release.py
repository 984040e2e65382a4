"""Cut a module release: an annotated local git tag ``<module>/vX.Y.Z`` from its CHANGELOG entry.

`make release MODULE=<module> VERSION=X.Y.Z` runs this. The release notes are the
``## [X.Y.Z] - YYYY-MM-DD`` section of ``modules/<module>/CHANGELOG.md``, which must exist and say
something. The version must be new and higher than the module's last tag, and the module folder
must have no uncommitted changes, so the tag names exactly the committed code the notes describe.
The tag is created at HEAD and never pushed: publishing it is a deliberate ``git push``. Whether
the module's tests pass on that commit is CI's job.

Exit codes: 0 tagged (or checked, with ``--check``), 2 refused with one sentence saying why.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.M)


class ReleaseError(Exception):
    pass


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def parse_version(text: str) -> tuple[int, int, int]:
    match = _VERSION.match(text)
    if not match:
        raise ReleaseError(f"version {text!r} is not X.Y.Z (semantic version without a leading v).")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def changelog_section(changelog: Path, version: str) -> str:
    """The body of the ``## [version] - date`` section (text up to the next ``## `` heading)."""
    if not changelog.is_file():
        raise ReleaseError(f"{changelog} does not exist; every module keeps its release notes there.")
    text = changelog.read_text(encoding="utf-8")
    headings = list(_SECTION.finditer(text))
    for index, heading in enumerate(headings):
        if heading["version"] != version:
            continue
        if not heading["date"]:
            raise ReleaseError(f"{changelog}: the [{version}] heading has no date (`## [{version}] - YYYY-MM-DD`).")
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = text[heading.end():end].strip()
        if not re.search(r"^\s*[-*] \S", body, re.M):
            raise ReleaseError(f"{changelog}: the [{version}] section lists no change (`- ...` lines).")
        return body
    raise ReleaseError(
        f"{changelog} has no `## [{version}] - YYYY-MM-DD` section; write the release notes first "
        "(rename `## [Unreleased]`) and commit them."
    )


def module_tags(repo: Path, module: str) -> list[tuple[int, int, int]]:
    versions = []
    for tag in _git(repo, "tag", "--list", f"{module}/v*").split():
        try:
            versions.append(parse_version(tag.removeprefix(f"{module}/v")))
        except ReleaseError:
            continue  # a tag such as kms-key/v1.0.0-rc1 is not a release
    return sorted(versions)


def release(repo: Path, module: str, version: str, *, check_only: bool = False) -> str:
    """Validate the release and (unless ``check_only``) create the tag; returns the tag name."""
    module_dir = repo / "modules" / module
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", module) or not (module_dir / "versions.tf").is_file():
        raise ReleaseError(f"{module!r} is not a module (no modules/{module}/versions.tf).")
    wanted = parse_version(version)
    tag = f"{module}/v{version}"
    notes = changelog_section(module_dir / "CHANGELOG.md", version)
    released = module_tags(repo, module)
    if wanted in released:
        raise ReleaseError(f"tag {tag} already exists; a released version is never moved.")
    if released and wanted < released[-1]:
        latest = ".".join(map(str, released[-1]))
        raise ReleaseError(f"{version} is lower than {module}'s latest release {latest}.")
    dirty = _git(repo, "status", "--porcelain", "--", f"modules/{module}").strip()
    if dirty:
        raise ReleaseError(f"modules/{module} has uncommitted changes; commit them before tagging:\n{dirty}")
    if not check_only:
        _git(repo, "tag", "--annotate", tag, "--message", f"{module} v{version}\n\n{notes}\n", "HEAD")
    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="folder name under modules/, e.g. kms-key")
    parser.add_argument("version", help="X.Y.Z")
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: current folder)")
    parser.add_argument("--check", action="store_true", help="validate only, create no tag")
    args = parser.parse_args(argv)
    try:
        tag = release(args.repo.resolve(), args.module, args.version, check_only=args.check)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 2
    if args.check:
        print(f"release: {tag} can be cut")
    else:
        commit = _git(args.repo, "rev-list", "-n", "1", tag).strip()
        print(f"release: tagged {tag} at {commit[:12]} (local only); publish it with: git push origin {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
