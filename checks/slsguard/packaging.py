"""Deterministic Lambda deployment zips: the same source folder always gives the same bytes.

No archive provider is available to terraform here, so Make and the tests build function packages
with ``slsguard zip SRC_DIR OUT.zip``. Everything that usually makes zips differ between machines
and checkouts is pinned:

- entries in sorted order of their POSIX path, files only (no directory entries);
- every timestamp 1980-01-01 00:00:00 (the earliest a zip can hold);
- permissions 0644, or 0755 when the owner, group or others may execute the file (bootstrap
  scripts of custom runtimes must stay executable), recorded as Unix attributes;
- DEFLATE at a fixed level; no comment, no extra fields;
- caches and desktop debris (``__pycache__/``, ``*.pyc``, ``.DS_Store``) left out.

The command prints the base64-encoded SHA-256 of the zip, which is what ``source_code_hash``
(``filebase64sha256``) of ``aws_lambda_function`` expects.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from slsguard.errors import SlsguardError

FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
EXCLUDED_DIRECTORIES = frozenset({"__pycache__"})
EXCLUDED_FILES = frozenset({".DS_Store"})
EXCLUDED_SUFFIXES = (".pyc",)
COMPRESSION_LEVEL = 9
# Unix "regular file" type bits; zip readers need them to apply the permission bits.
_REGULAR_FILE = stat.S_IFREG
_MADE_ON_UNIX = 3


def _excluded(name: str) -> bool:
    return name in EXCLUDED_FILES or name.endswith(EXCLUDED_SUFFIXES)


def source_files(source_dir: Path, skip: Path | None = None) -> list[tuple[str, Path]]:
    """(archive name, file) for every file to package, sorted by archive name.

    ``skip`` is left out too (the output zip when it is written inside the source folder, so a
    second build does not swallow the first one).
    """
    if not source_dir.is_dir():
        raise SlsguardError(f"source folder {source_dir} does not exist or is not a folder.")
    skip_resolved = skip.resolve() if skip else None
    found: list[tuple[str, Path]] = []
    for folder, directories, files in os.walk(source_dir):
        folder_path = Path(folder)
        for directory in directories:
            if (folder_path / directory).is_symlink():
                # os.walk does not descend into it, and silently dropping its files would ship a
                # package that differs from the folder the author sees.
                raise SlsguardError(f"{folder_path / directory} is a symbolic link to a folder; "
                                    "copy its content into the source folder instead.")
        directories[:] = [d for d in directories if d not in EXCLUDED_DIRECTORIES]
        for name in files:
            path = folder_path / name
            if _excluded(name) or (skip_resolved is not None and path.resolve() == skip_resolved):
                continue
            if not path.is_file():
                raise SlsguardError(f"{path} is not a regular file (a dangling link or a special file).")
            found.append((path.relative_to(source_dir).as_posix(), path))
    if not found:
        raise SlsguardError(f"source folder {source_dir} holds no files to package.")
    return sorted(found)


def _entry(name: str, path: Path) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _MADE_ON_UNIX
    executable = path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    info.external_attr = (_REGULAR_FILE | (0o755 if executable else 0o644)) << 16
    return info


def build_zip(source_dir: Path, output: Path) -> str:
    """Write the deterministic zip of ``source_dir`` to ``output``; return its base64 SHA-256."""
    if output.exists() and output.is_dir():
        raise SlsguardError(f"output {output} is a folder; give the path of the zip file to write.")
    entries = source_files(source_dir, skip=output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed, so a reader never sees half a zip.
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", compresslevel=COMPRESSION_LEVEL) as archive:
            for name, path in entries:
                archive.writestr(_entry(name, path), path.read_bytes(), compresslevel=COMPRESSION_LEVEL)
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return base64_sha256(output)


def base64_sha256(path: Path) -> str:
    """What terraform's ``filebase64sha256(path)`` returns."""
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="slsguard zip",
        description="Build a deterministic Lambda deployment zip from a folder and print its base64 SHA-256 "
                    "(the value of source_code_hash).",
    )
    parser.add_argument("source_dir", type=Path, metavar="SRC_DIR", help="folder whose files are packaged")
    parser.add_argument("output", type=Path, metavar="OUT.zip", help="zip file to write (replaced if present)")
    args = parser.parse_args(argv)
    sys.stdout.write(build_zip(args.source_dir, args.output) + "\n")
    return 0
