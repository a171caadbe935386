"""Uploaded materials on disk under the data dir, encrypted like all personal data."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from storage.crypto import Cipher
from storage.files import private_dir, replace_file


class FileMaterialStore:
    def __init__(self, root: Path, cipher: Cipher) -> None:
        self._root = root
        self._cipher = cipher
        # Folders this process made owner-only (created, or chmod-ed if they existed): an
        # upload then costs no mkdir and chmod of two folders (~0.1 ms with their paths).
        self._private: set[str] = set()

    def _folder_name(self, owner: str) -> str:
        # Folder names say nothing about the owner: a hash, not the chat id.
        return hashlib.sha256(owner.encode()).hexdigest()[:24]

    def _folder(self, owner: str) -> Path:
        return self._root / self._folder_name(owner)

    def save(self, owner: str, kind: str, file_name: str, content_type: str,
             data: bytes) -> dict[str, Any]:
        digest = hashlib.sha256(data).hexdigest()
        name = self._folder_name(owner)
        key = f"{name}/{digest}.bin"
        sealed = self._cipher.encrypt_bytes(data)
        if name not in self._private:
            self._make_private(name)
        try:
            replace_file(self._root / key, sealed)
        except FileNotFoundError:  # the folder went meanwhile (its owner's files deleted)
            self._make_private(name)
            replace_file(self._root / key, sealed)
        return {"kind": kind, "file_name": file_name[:120], "content_type": content_type,
                "size": len(data), "sha256": digest, "storage_key": key}

    def _make_private(self, name: str) -> None:
        private_dir(self._root)
        private_dir(self._root / name)
        self._private.add(name)

    def load(self, storage_key: str) -> bytes:
        path = (self._root / storage_key).resolve()
        if self._root.resolve() not in path.parents:
            raise ValueError("storage key outside the materials folder")
        return self._cipher.decrypt_bytes(path.read_bytes())

    def delete(self, storage_keys: set[str]) -> int:
        """Delete these files (an anonymised order's); how many were there."""
        gone = 0
        for key in storage_keys:
            path = (self._root / key).resolve()
            if self._root.resolve() in path.parents and path.exists():
                path.unlink()
                gone += 1
        return gone

    def delete_owner(self, owner: str, keep: frozenset[str] = frozenset()) -> int:
        """Delete the owner's files but those in ``keep`` (storage keys of orders still under
        review); how many went."""
        folder = self._folder(owner)
        self._private.discard(folder.name)
        if not folder.exists():
            return 0
        doomed = [path for path in folder.iterdir()
                  if str(path.relative_to(self._root)) not in keep]
        for path in doomed:
            path.unlink(missing_ok=True)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
        return sum(1 for path in doomed if path.suffix == ".bin")
