"""Install slsguard the way another repository does, without the network.

A consumer runs ``pip install slsguard[checkov]`` (from a tag, a wheel or ``github.action_path``).
The tests do the same into fresh virtual environments outside the repository, with pip offline:
``--no-index --find-links`` a wheelhouse that holds the slsguard wheel built from this tree and
every dependency repacked from the project's own ``.venv`` (already installed from the pinned
requirements), so the versions are exactly the pinned ones.

Repacking an installed distribution gives back the wheel it was installed from: the files its
RECORD lists under site-packages plus its .dist-info (METADATA, WHEEL tags, entry points, from
which pip regenerates console scripts). Plain scripts (Checkov's ``checkov`` is one) go back to
the wheel's ``.data/scripts/`` with the ``#!python`` line pip rewrites on install; other files
installed outside site-packages (headers, shared data) are left out, the gate needs none.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
# What `pip wheel` needs from the tree: the project file, the README it names, the package (whose
# data link reaches policies/); the action also runs its script and reads the constraints.
SOURCE_PARTS = ("pyproject.toml", "README.md", "checks", "policies", "action.yml", "scripts", "requirements")


def offline_pip_environment(wheelhouse: Path) -> dict[str, str]:
    """pip (also when pre-commit or a script runs it) reads only the wheelhouse: no index, and no
    machine-wide configuration naming other indexes."""
    environment = dict(os.environ)
    # No byte-compiling at install: on two cores it is most of an install's time, and the first
    # import writes the few modules the gate loads anyway.
    environment.update({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_CONFIG_FILE": os.devnull,
                        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_COMPILE": "1"})
    return environment


def copy_source(destination: Path) -> Path:
    """The files a build reads, copied so that the build leaves nothing in the checkout."""
    destination.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".terraform*")
    for part in SOURCE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(source, destination / part)
    return destination


def build_slsguard_wheel(wheelhouse: Path, scratch: Path) -> Path:
    """``pip wheel`` of a copy of this tree, with the build backend the .venv already has."""
    source = copy_source(scratch / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheelhouse), str(source)],
                   check=True, capture_output=True, text=True, env=offline_pip_environment(wheelhouse), timeout=300)
    (wheel,) = wheelhouse.glob("slsguard-*.whl")
    return wheel


def _requirements(distribution: metadata.Distribution, extras: set[str]) -> list[Requirement]:
    wanted = []
    for text in distribution.requires or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({**default_environment(), "extra": extra}) for extra in extras | {""}):
            wanted.append(requirement)
    return wanted


def dependency_closure(root: str, extras: set[str]) -> list[metadata.Distribution]:
    """The installed distributions ``root[extras]`` needs, transitively (root excluded)."""
    seen: dict[str, metadata.Distribution] = {}
    pending = [(requirement, set(requirement.extras))
               for requirement in _requirements(metadata.distribution(root), extras)]
    while pending:
        requirement, wanted_extras = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise AssertionError(f"{requirement} is not installed in {sys.prefix}; run `make setup`") from None
        seen[name] = distribution
        pending += [(child, set(child.extras)) for child in _requirements(distribution, wanted_extras)]
    return list(seen.values())


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def repack(distribution: metadata.Distribution, wheelhouse: Path) -> Path:
    """Write the wheel of an installed distribution back into ``wheelhouse``."""
    files = distribution.files or []
    dist_info = next(str(file).split("/")[0] for file in files if str(file).split("/")[0].endswith(".dist-info"))
    wheel_metadata = distribution.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel_metadata.splitlines() if line.startswith("Tag:")]
    if not tags:
        raise AssertionError(f"{dist_info} has no WHEEL tags to repack it with")
    pythons, abis, platforms = (sorted({tag.split("-")[index] for tag in tags}) for index in range(3))
    name = re.sub(r"[^\w.]+", "_", canonicalize_name(distribution.metadata["Name"]))
    target = wheelhouse / f"{name}-{distribution.version}-{'.'.join(pythons)}-{'.'.join(abis)}-{'.'.join(platforms)}.whl"
    generated = {entry.name for entry in distribution.entry_points if entry.group in ("console_scripts", "gui_scripts")}
    scripts_dir = Path(sys.prefix) / "bin"
    record: list[list[str]] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for file in files:
            relative = str(file)
            if relative.endswith((".pyc", f"{dist_info}/RECORD", f"{dist_info}/INSTALLER", f"{dist_info}/direct_url.json")):
                continue
            path = Path(distribution.locate_file(file))
            if not path.is_file():
                continue
            data = path.read_bytes()
            if relative.startswith(".."):
                if path.resolve().parent != scripts_dir.resolve() or path.name in generated:
                    continue
                relative = f"{dist_info.removesuffix('.dist-info')}.data/scripts/{path.name}"
                if data.startswith(b"#!") and b"python" in data.split(b"\n", 1)[0]:
                    data = b"#!python\n" + data.split(b"\n", 1)[1]
            entry = zipfile.ZipInfo(relative, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = path.stat().st_mode << 16  # type and permission bits: pip keeps "executable"
            archive.writestr(entry, data)
            record.append(_record_line(relative, data))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([*record, [f"{dist_info}/RECORD", "", ""]])
        archive.writestr(f"{dist_info}/RECORD", buffer.getvalue())
    return target


def build_wheelhouse(wheelhouse: Path, scratch: Path, extras: set[str], also: tuple[str, ...] = ()) -> Path:
    """The slsguard wheel, its dependencies (with ``extras``) and the distributions ``also`` names."""
    wheelhouse.mkdir(parents=True, exist_ok=True)
    build_slsguard_wheel(wheelhouse, scratch)
    names = {canonicalize_name(distribution.metadata["Name"]): distribution
             for distribution in dependency_closure("slsguard", extras)}
    for extra_name in also:
        names.setdefault(canonicalize_name(extra_name), metadata.distribution(extra_name))
    for distribution in names.values():
        repack(distribution, wheelhouse)
    return wheelhouse


def fresh_venv(location: Path) -> Path:
    """A new virtual environment (with pip) at ``location``; returns its bin directory."""
    venv.EnvBuilder(with_pip=True, symlinks=True).create(location)
    return location / "bin"
