"""Crash-safe key rotation (``icpbot keys rotate``).

1. The new key is written to the key file in front of the old ones (atomically) before
   anything is re-encrypted; running processes pick it up within PICKUP_SECONDS and are
   given that long (``pickup_wait``) before the data is touched.
2. Every sealed column and every material file is re-encrypted in small steps, each one
   atomic (a row's transaction, a file's rename): at every instant each blob is sealed with
   a key that is in the key file.
3. Passes repeat until one finds nothing left under an old key; only then is the key file
   rewritten with the new key alone.

A run killed at any point leaves the file with both keys; running ``icpbot keys rotate``
again finishes that rotation (with the same new key) instead of starting another.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Engine

from storage.crypto import Cipher
from storage.desk_queries import ENTITIES, SqlDeskQueries
from storage.files import replace_file
from storage.keys import (
    PICKUP_SECONDS,
    KeyProblem,
    check_opens_stored_data,
    read_key_file,
    write_key_file,
)
from storage.tables import sealed_columns

BATCH = 200  # rows per transaction: short write locks for the bot running beside it
MAX_PASSES = 5
PICKUP_WAIT = 2 * PICKUP_SECONDS + 0.5


@dataclass
class Rotation:
    new_key: str
    resumed: bool  # finishing a rotation an earlier run did not complete
    counts: dict[str, int] = field(default_factory=dict)


def rotate_key_file(path: Path, engine: Engine, materials: Path, new_key: str | None = None,
                    pickup_wait: float | None = None) -> Rotation:
    """Rotate the key file's keys to ``new_key`` (made if not given) and re-encrypt all."""
    with _exclusive(path):
        keys = read_key_file(path)
        if not keys:
            raise KeyProblem(f"icpbot: {path} holds no key; nothing to rotate.")
        check_opens_stored_data(engine, Cipher(*keys), materials)  # never rotate a wrong key
        resumed = len(keys) > 1
        if resumed and new_key and new_key != keys[0]:
            raise KeyProblem("icpbot: an earlier rotation to another key is unfinished; run "
                             "`icpbot keys rotate` without --new-key to finish it first.")
        if not resumed:
            keys = [new_key or Cipher.new_key(), *keys]
            write_key_file(path, keys)  # step 1: stored before anything is re-encrypted
        time.sleep(PICKUP_WAIT if pickup_wait is None else pickup_wait)
        rotation = Rotation(keys[0], resumed)
        rotation.counts = reencrypt_everything(engine, Cipher(*keys), materials)
        rotation.counts["entity name index"] = _reindex_names(engine, Cipher(*keys))
        write_key_file(path, keys[:1])  # step 3: nothing is sealed with the old keys now
    return rotation


def reencrypt_everything(engine: Engine, cipher: Cipher, materials: Path) -> dict[str, int]:
    """Passes until nothing is left under an old key; how many blobs each kind had moved."""
    _remove_leftovers(materials)
    totals: dict[str, int] = {}
    for _ in range(MAX_PASSES):
        moved = {**_reencrypt_columns(engine, cipher),
                 "materials": _reencrypt_files(materials, cipher)}
        for name, count in moved.items():
            totals[name] = totals.get(name, 0) + count
        if not any(moved.values()):
            return totals
    raise KeyProblem("icpbot: data sealed with an old key keeps appearing: a process that "
                     "does not follow the key file is still writing. Stop it (or give it "
                     "the new key) and run `icpbot keys rotate` again; both keys are kept.")


def _reindex_names(engine: Engine, cipher: Cipher) -> int:
    """The review desk's blind index of entity names follows the first key: recomputed."""
    with engine.begin() as connection:
        connection.execute(update(ENTITIES).values(name_digest=None))
    return SqlDeskQueries(engine, cipher).index_missing_names()


def _reencrypt_columns(engine: Engine, cipher: Cipher) -> dict[str, int]:
    moved: dict[str, int] = {}
    for table, key, column in sealed_columns():
        name = f"{table.name}.{column}"
        moved[name] = sum(_reencrypt_batch(engine, cipher, table, key, column, batch)
                          for batch in _batches(engine, table, key, column))
    return moved


def _batches(engine: Engine, table: Table, key: str,
             column: str) -> Iterator[list[tuple[object, str]]]:
    last: object = None
    while True:
        query = (select(table.c[key], table.c[column]).where(table.c[column].is_not(None),
                                                             table.c[column] != "")
                 .order_by(table.c[key]).limit(BATCH))
        if last is not None:
            query = query.where(table.c[key] > last)
        with engine.connect() as connection:
            rows = [(row[0], str(row[1])) for row in connection.execute(query)]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _reencrypt_batch(engine: Engine, cipher: Cipher, table: Table, key: str, column: str,
                     rows: list[tuple[object, str]]) -> int:
    moved = 0
    with engine.begin() as connection:  # one short transaction per batch
        for row_key, token in rows:
            if cipher.is_current(token):
                continue
            # Compare-and-set on the token: a row the bot rewrote meanwhile is left to it.
            connection.execute(update(table).where(table.c[key] == row_key,
                                                   table.c[column] == token)
                               .values({column: cipher.rotate(token)}))
            moved += 1
    return moved


def _reencrypt_files(materials: Path, cipher: Cipher) -> int:
    if not materials.exists():
        return 0
    moved = 0
    for path in sorted(materials.rglob("*.bin")):
        token = path.read_bytes()
        if cipher.is_current(token):
            continue
        replace_file(path, cipher.rotate_bytes(token))
        moved += 1
    return moved


def _remove_leftovers(materials: Path, older_than: float = 60.0) -> None:
    """Partial copies left by a killed writer (the originals are intact: replaced only by
    rename); recent ones may be a running bot's upload in flight."""
    if materials.exists():
        for leftover in materials.rglob(".*.partial"):
            with contextlib.suppress(FileNotFoundError):
                if time.time() - leftover.stat().st_mtime > older_than:
                    leftover.unlink()


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One rotation at a time (a lock file beside the key file, released by the kernel when
    the process dies)."""
    lock_path = path.with_name(path.name + ".lock")
    descriptor = os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KeyProblem("icpbot: another `icpbot keys rotate` is running.") from None
        yield
    finally:
        os.close(descriptor)
