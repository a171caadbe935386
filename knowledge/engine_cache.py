"""The retrieval engine kept on disk between processes.

Building it (featurising ~6,000 example questions, the topic index, the intent model) takes
~0.6 s on the machines we measured, more than a fresh ``icpbot kb ask`` may take as a whole;
reading it back takes ~0.08 s (bench/kb_bench.py). The file is keyed by a hash of the data
files and of the knowledge package's code, so any change to either builds a new one; it is
written atomically, read only when it belongs to this user and no one else may write it, and a
file that cannot be read is simply rebuilt.

``ICPBOT_KB_CACHE`` names the directory (``off`` turns the cache off); the default is
``$XDG_CACHE_HOME/icpbot`` or ``~/.cache/icpbot``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent


def directory() -> Path | None:
    configured = os.environ.get("ICPBOT_KB_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "icpbot"


def key(data_files: Iterable[Path]) -> str:
    """A hash of the data files and of this package's code."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.glob("*.py")) + sorted(data_files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _path(cache_key: str) -> Path | None:
    where = directory()
    return where / f"kb-engine-{cache_key}.pickle" if where else None


def load(cache_key: str) -> Any | None:
    path = _path(cache_key)
    if path is None:
        return None
    try:
        info = path.stat()
        # Unpickling runs code: only our own file that nobody else may have written.
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a stale or broken cache is rebuilt, never fatal
        log.warning("knowledge engine cache %s unreadable; rebuilding", path.name)
        return None


def store(cache_key: str, engine: Any) -> None:
    path = _path(cache_key)
    if path is None:
        return
    temporary = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kb-engine-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(engine, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        _forget_old(path)
    except Exception as error:  # a read-only home: answer anyway, just slower
        log.info("knowledge engine cache not written: %s", error)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _forget_old(kept: Path) -> None:
    """Engines of other data or code versions unused for a week (checkouts side by side
    share the directory, so recent ones stay)."""
    week_ago = kept.stat().st_mtime - 7 * 24 * 3600
    for old in kept.parent.glob("kb-engine-*.pickle"):
        if old != kept and old.stat().st_mtime < week_ago:
            old.unlink(missing_ok=True)
