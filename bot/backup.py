"""``icpbot backup`` / ``icpbot restore``: the database, the uploaded materials and the key
that encrypts both, in one .tar.gz, so that a restore never pairs data with the wrong key.

Order matters for consistency: the database is copied first (storage/snapshots.py), then the
materials folder; a file uploaded meanwhile is merely extra, and files are never changed in
place (their names are their content's hash). The key is bundled when it lives in the data
dir (secret.key); when it comes from ICPBOT_SECRET_KEY it stays out of the file and only its
fingerprint is recorded, so that restore can refuse a different key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from storage import snapshots

FORMAT = 1
MANIFEST = "manifest.json"
KEY_FILE = "secret.key"
MATERIALS = "materials"


def fingerprint(keys: list[str]) -> str:
    """Identifies the encrypting key without revealing it."""
    return hashlib.sha256(keys[0].encode()).hexdigest()[:16] if keys else ""


def _database_name(kind: str) -> str:
    return "database.pgdump" if kind == "postgresql" else "database.sqlite3"


def backup(settings: Settings, output: Path) -> dict[str, Any]:
    from bot import bootstrap

    url = bootstrap.migrate(settings)
    keys = settings.keys()
    kind = snapshots.kind(url)
    manifest: dict[str, Any] = {
        "format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind, "key": "environment" if settings.secret_key else "file",
        "key_fingerprint": fingerprint(keys)}
    with tempfile.TemporaryDirectory(prefix="icpbot-backup-") as work:
        staging = Path(work)
        snapshots.dump(url, staging / _database_name(kind))
        materials = settings.data_dir / MATERIALS
        files = 0
        if materials.exists():
            shutil.copytree(materials, staging / MATERIALS)
            files = sum(1 for path in (staging / MATERIALS).rglob("*") if path.is_file())
        manifest["materials"] = files
        if not settings.secret_key:
            shutil.copy2(settings.data_dir / KEY_FILE, staging / KEY_FILE)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle, \
                tarfile.open(fileobj=handle, mode="w:gz") as bundle:
            for path in sorted(staging.iterdir()):
                bundle.add(path, arcname=path.name)
        partial.replace(output)  # never a half-written backup under the final name
    return manifest


def restore(settings: Settings, source: Path, *, force: bool = False) -> dict[str, Any]:
    from bot import bootstrap

    url = bootstrap.database_url(settings)
    with tempfile.TemporaryDirectory(prefix="icpbot-restore-") as work:
        staging = Path(work)
        with tarfile.open(source, "r:gz") as bundle:
            bundle.extractall(staging, filter="data")
        manifest: dict[str, Any] = json.loads((staging / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise snapshots.SnapshotError(f"unknown backup format {manifest.get('format')}")
        if manifest["database"] != snapshots.kind(url):
            raise snapshots.SnapshotError(
                f"the backup holds a {manifest['database']} database, ICPBOT_DATABASE_URL "
                f"points at {snapshots.kind(url)}; restore into the same kind")
        _check_key(settings, manifest, staging)
        if not force and snapshots.holds_data(url):
            raise snapshots.SnapshotError("the database already holds conversations or "
                                          "orders; stop the bot and use --force to replace it")
        snapshots.load(url, staging / _database_name(manifest["database"]))
        materials = settings.data_dir / MATERIALS
        if materials.exists():
            shutil.rmtree(materials)
        if (staging / MATERIALS).exists():
            shutil.copytree(staging / MATERIALS, materials)
        if (staging / KEY_FILE).exists() and not settings.secret_key:
            target = settings.data_dir / KEY_FILE
            target.unlink(missing_ok=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write((staging / KEY_FILE).read_text())
    bootstrap.migrate(settings)  # a backup of an older version is brought up to date
    return manifest


def _check_key(settings: Settings, manifest: dict[str, Any], staging: Path) -> None:
    wanted = manifest.get("key_fingerprint", "")
    if settings.secret_key:
        have = fingerprint([k.strip() for k in settings.secret_key.split(",") if k.strip()])
        if have != wanted:
            raise snapshots.SnapshotError(
                f"ICPBOT_SECRET_KEY is not the key of this backup (fingerprint {wanted}); "
                "set it to the key that was in use when the backup was made")
    elif not (staging / KEY_FILE).exists():
        raise snapshots.SnapshotError(
            "the backup's key came from ICPBOT_SECRET_KEY and is not in the file; set "
            f"ICPBOT_SECRET_KEY to that key (fingerprint {wanted}) and run restore again")


def backup_command(settings: Settings, output: str | None) -> int:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(output or f"icpbot-backup-{stamp}.tar.gz")
    try:
        manifest = backup(settings, path)
    except (snapshots.SnapshotError, OSError) as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    key = ("the key is inside: keep this file as safe as the key itself"
           if manifest["key"] == "file" else
           "the key (ICPBOT_SECRET_KEY) is not inside: keep it separately")
    print(f"backed up the {manifest['database']} database and {manifest['materials']} "
          f"material files to {path} ({key})")
    return 0


def restore_command(settings: Settings, source: str, *, force: bool = False) -> int:
    try:
        manifest = restore(settings, Path(source), force=force)
    except (snapshots.SnapshotError, OSError, tarfile.TarError, KeyError,
            json.JSONDecodeError) as error:
        print(f"restore failed: {error}", file=sys.stderr)
        return 1
    print(f"restored the backup of {manifest['created_at']}: the {manifest['database']} "
          f"database and {manifest['materials']} material files")
    return 0
