"""Files of personal data on disk: owner-only folders and files, written atomically."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def private_dir(folder: Path) -> Path:
    """``folder`` (and missing parents) made owner-only (700), also if it existed before."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder


def private_file(path: Path) -> None:
    """Create ``path`` owner-only (600) if it is missing, else make it so. An existing file
    is only chmod-ed, never opened: closing any descriptor of an SQLite database drops the
    locks every connection of this process holds on it (POSIX), which corrupts it. SQLite
    gives its -wal and -shm files the database file's mode; older ones are chmod-ed too."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        path.chmod(0o600)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).chmod(0o600)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably, owner-only: a crash leaves the old
    content or the new, never a truncated file. (Paths as strings: pathlib's parsing of the
    four paths involved cost as much as writing a photo.)"""
    folder, name = os.path.split(os.fspath(path))
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    sync_directory(folder)


def sync_directory(folder: Path | str) -> None:
    """Make a rename in ``folder`` durable (POSIX: fsync the directory)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
