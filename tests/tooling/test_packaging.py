"""`slsguard zip`: the same source gives byte-identical zips whatever the file metadata says."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness.cli import CLI_TIMEOUT, slsguard
from slsguard import packaging
from slsguard.errors import SlsguardError

HANDLER = b"def handler(event, context):\n    return {'ok': True}\n"
BOOTSTRAP = b"#!/bin/sh\nexec ./app\n"


def write_source(root: Path, order: list[str], mtime: int, data_mode: int) -> Path:
    """A small function folder; ``order`` decides which files are created first."""
    contents = {
        "handler.py": HANDLER,
        "lib/orders/model.py": b"ORDER_STATES = ('new', 'paid')\n",
        "lib/orders/__init__.py": b"",
        "data/rates.json": b'{"eur": 1}\n',
        "bootstrap": BOOTSTRAP,
    }
    for name in order:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(contents[name])
    (root / "bootstrap").chmod(0o700)  # executable for the owner only: still packaged 0755
    (root / "data/rates.json").chmod(data_mode)
    for path in root.rglob("*"):
        os.utime(path, (mtime, mtime))
    return root


def test_same_input_gives_identical_bytes_despite_order_mtime_and_modes(tmp_path: Path):
    names = ["handler.py", "lib/orders/model.py", "lib/orders/__init__.py", "data/rates.json", "bootstrap"]
    first = write_source(tmp_path / "a", names, mtime=1_600_000_000, data_mode=0o600)
    second = write_source(tmp_path / "b", list(reversed(names)), mtime=1_700_000_000, data_mode=0o664)

    hash_a = packaging.build_zip(first, tmp_path / "a.zip")
    hash_b = packaging.build_zip(second, tmp_path / "b.zip")

    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert hash_a == hash_b == base64.b64encode(hashlib.sha256((tmp_path / "a.zip").read_bytes()).digest()).decode()


def test_entries_are_sorted_files_with_fixed_time_and_modes(tmp_path: Path):
    names = ["handler.py", "lib/orders/model.py", "lib/orders/__init__.py", "data/rates.json", "bootstrap"]
    source = write_source(tmp_path / "src", names, mtime=1_650_000_000, data_mode=0o600)
    packaging.build_zip(source, tmp_path / "out.zip")

    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(names), "sorted POSIX paths, no directory entries"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
        modes = {i.filename: stat.S_IMODE(i.external_attr >> 16) for i in infos}
        assert modes == {name: 0o755 if name == "bootstrap" else 0o644 for name in names}
        assert all(stat.S_ISREG(i.external_attr >> 16) for i in infos)
        assert archive.read("handler.py") == HANDLER and archive.read("bootstrap") == BOOTSTRAP


def test_content_change_changes_the_hash(tmp_path: Path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_bytes(HANDLER)
    before = packaging.build_zip(source, tmp_path / "out.zip")
    (source / "handler.py").write_bytes(HANDLER + b"# changed\n")
    assert packaging.build_zip(source, tmp_path / "out.zip") != before


def test_caches_and_debris_are_left_out(tmp_path: Path):
    source = tmp_path / "src"
    (source / "__pycache__").mkdir(parents=True)
    (source / "pkg" / "__pycache__").mkdir(parents=True)
    (source / "handler.py").write_bytes(HANDLER)
    (source / "pkg" / "util.py").write_bytes(b"X = 1\n")
    (source / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"\x00cache")
    (source / "pkg" / "__pycache__" / "util.cpython-311.pyc").write_bytes(b"\x00cache")
    (source / "stray.pyc").write_bytes(b"\x00cache")
    (source / ".DS_Store").write_bytes(b"finder")
    (source / "pkg" / ".DS_Store").write_bytes(b"finder")

    packaging.build_zip(source, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == ["handler.py", "pkg/util.py"]


def test_output_inside_the_source_folder_is_not_packaged_again(tmp_path: Path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_bytes(HANDLER)
    first = packaging.build_zip(source, source / "function.zip")
    second = packaging.build_zip(source, source / "function.zip")
    assert first == second
    with zipfile.ZipFile(source / "function.zip") as archive:
        assert archive.namelist() == ["handler.py"]


def test_symlinked_folder_is_refused(tmp_path: Path):
    source, elsewhere = tmp_path / "src", tmp_path / "elsewhere"
    source.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.py").write_bytes(b"X = 1\n")
    (source / "handler.py").write_bytes(HANDLER)
    (source / "vendor").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SlsguardError, match="symbolic link to a folder"):
        packaging.build_zip(source, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_cli_prints_the_hash_terraform_expects(tmp_path: Path, toolchain):
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_bytes(HANDLER)
    result = slsguard("zip", str(source), str(tmp_path / "out.zip"))
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip()

    # terraform's own filebase64sha256 of the file, the value source_code_hash is compared with.
    console = subprocess.run([str(toolchain.terraform), "console"], input='filebase64sha256("out.zip")\n',
                             cwd=tmp_path, env=toolchain.environ(), capture_output=True, text=True,
                             timeout=CLI_TIMEOUT, check=True)
    assert console.stdout.strip().strip('"') == printed


@pytest.mark.parametrize("case", ["missing", "file", "empty", "only_caches"])
def test_bad_source_exits_2_with_one_sentence(tmp_path: Path, case: str):
    source = tmp_path / "src"
    if case == "file":
        source.write_text("not a folder")
    elif case in ("empty", "only_caches"):
        source.mkdir()
        if case == "only_caches":
            (source / "__pycache__").mkdir()
            (source / "__pycache__" / "x.pyc").write_bytes(b"\x00")
    result = slsguard("zip", str(source), str(tmp_path / "out.zip"))
    assert result.returncode == 2
    assert result.stderr.startswith("slsguard zip: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.zip").exists()


def test_output_that_is_a_folder_exits_2(tmp_path: Path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "handler.py").write_bytes(HANDLER)
    (tmp_path / "out.zip").mkdir()
    result = slsguard("zip", str(source), str(tmp_path / "out.zip"))
    assert result.returncode == 2 and "is a folder" in result.stderr
