"""Backups: the database (SQLite's online backup API, or pg_dump for PostgreSQL) and the
uploaded files, in one dated archive with a manifest (row counts per table, a SHA-256 per
file) that `restore` checks against what it restored.

Archive layout: ``manifest.json``, ``db.sqlite3`` or ``db.pgdump``, ``media/...``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from jalinmitra.core.ops import BACKUP_GLOB, backups


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_hashes(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        str(p.relative_to(root)): sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def row_counts(alias: str = "default") -> dict[str, int]:
    conn = connections[alias]
    with conn.cursor() as cursor:
        tables = conn.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _engine() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(target_dir: Path) -> str:
    engine = _engine()
    if engine == "sqlite3":
        connection.ensure_connection()
        out = target_dir / "db.sqlite3"
        dest = sqlite3.connect(out)
        try:
            connection.connection.backup(dest)  # consistent even while others write
        finally:
            dest.close()
        return out.name
    if engine == "postgresql":
        out = target_dir / "db.pgdump"
        args, env = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                *args,
                "--file",
                str(out),
                name,
            ],
            env=env,
            check=True,
        )
        return out.name
    raise BackupError(f"backup: database engine {engine} is not supported")


def backup_create(*, directory: Path | None = None, keep: int | None = None) -> Path:
    """Write a dated archive to `directory` (BACKUP_DIR), keep the newest `keep` (BACKUP_KEEP).
    The archive appears under its final name only once complete."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    final = directory / f"jalinmitra-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        tmp_path = Path(tmp)
        db_file = _dump_database(tmp_path)
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "engine": _engine(),
            "database_file": db_file,
            "row_counts": row_counts(),
            "media": media_hashes(media_root),
        }
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, indent=1))
        partial = tmp_path / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp_path / "manifest.json", arcname="manifest.json")
            tar.add(tmp_path / db_file, arcname=db_file)
            for rel in manifest["media"]:
                tar.add(media_root / rel, arcname=f"media/{rel}")
        os.replace(partial, final)
    os.chmod(final, 0o600)  # personal data inside
    for old in backups(directory)[keep:]:
        old.unlink()
    return final


def _database_is_empty() -> bool:
    """Never migrated: no tables at all (a new SQLite file, a new PostgreSQL database)."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, archive: Path, force: bool = False) -> dict:
    """Restore `archive` onto an empty database and media folder; returns the check: row
    counts and file hashes compared with the manifest."""
    archive = Path(archive)
    engine = _engine()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_path, filter="data")
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        if manifest["engine"] != engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; this site uses {engine}"
            )
        if not force and not _database_is_empty():
            raise BackupError("the database is not empty: restore only onto an empty database")
        media_root = Path(settings.MEDIA_ROOT)
        if not force and media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"the media folder {media_root} is not empty")
        source = tmp_path / manifest["database_file"]
        if engine == "sqlite3":
            connection.ensure_connection()
            src = sqlite3.connect(source)
            try:
                src.backup(connection.connection)
            finally:
                src.close()
        else:
            connection.close()
            args, env = _pg_env()
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    *args,
                    "--dbname",
                    settings.DATABASES["default"]["NAME"],
                    str(source),
                ],
                env=env,
                check=True,
            )
        if (tmp_path / "media").is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp_path / "media", media_root, dirs_exist_ok=True)
    connection.close()
    counts = row_counts()
    hashes = media_hashes(Path(settings.MEDIA_ROOT))
    return {
        "rows_match": counts == manifest["row_counts"],
        "files_match": all(hashes.get(k) == v for k, v in manifest["media"].items()),
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": len(manifest["media"]),
        "row_differences": {
            t: [manifest["row_counts"].get(t), counts.get(t)]
            for t in set(counts) | set(manifest["row_counts"])
            if counts.get(t) != manifest["row_counts"].get(t)
        },
    }


__all__ = ["BACKUP_GLOB", "BackupError", "backup_create", "backup_restore"]
