"""Online backups of the SQLite database (SQLite's backup API), rotation, and restore."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from desktop_crm.errors import CrmError

SQLITE_HEADER = b"SQLite format 3\x00"
AUTO_PREFIX = "auto-"
_STAMP = "%Y%m%d-%H%M%S"
_STAMP_RE = re.compile(r"(\d{8}-\d{6})")
REQUIRED_TABLES = {"alembic_version", "customers", "managers", "tiers", "care_events"}


class BackupError(CrmError):
    pass


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database, in a folder named after it."""
    return db_path.parent / f"{db_path.stem}-backups"


def stamp(now: dt.datetime) -> str:
    return now.strftime(_STAMP)


def _read_only_uri(path: Path) -> str:
    """A URI SQLite opens read-only. '#', '?' and '%' in the path are escaped: unescaped, SQLite
    would cut the path there and open (and copy) some other, empty file."""
    return "file:" + urllib.parse.quote(os.fspath(path), safe="/\\:") + "?mode=ro"


def online_backup(src: Path, dest: Path) -> Path:
    """Copy a live database while other connections may go on writing."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(_read_only_uri(src), uri=True, timeout=30)
    try:
        target = sqlite3.connect(tmp)
        try:
            # All pages in one step, from one read snapshot. Copied in several steps, a write by
            # another connection between two steps restarts the copy, so a database larger than
            # one step never finishes while somebody keeps writing. In WAL mode the long read
            # does not hold writers up.
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    os.replace(tmp, dest)
    return dest


@dataclass(frozen=True)
class Check:
    ok: bool
    reason: str = ""


def check_database_file(path: Path) -> Check:
    """Is ``path`` a readable, intact desktop_crm database? The reason says why not."""
    if not path.is_file():
        return Check(False, f"{path} does not exist")
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            return Check(False, f"{path.name} is not an SQLite database file")
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = REQUIRED_TABLES - tables
            if missing:
                return Check(False, f"{path.name} is an SQLite file but not a desktop_crm database "
                                    f"(no {', '.join(sorted(missing))} table)")
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                return Check(False, f"{path.name} is damaged: {result}")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Check(False, f"{path.name} cannot be read: {exc}")
    return Check(True)


def make_backup(db_path: Path, dest: Path | None = None, *, now: dt.datetime | None = None,
                prefix: str = "manual-") -> Path:
    if not db_path.is_file():
        raise BackupError(f"No database at {db_path} to back up.")
    now = now or dt.datetime.now()
    dest = dest or backups_dir(db_path) / f"{prefix}{stamp(now)}.sqlite3"
    if dest.resolve() == db_path.resolve():
        raise BackupError("A backup cannot overwrite the database it copies.")
    return online_backup(db_path, dest)


def restore(db_path: Path, source: Path, *, now: dt.datetime | None = None) -> Path:
    """Put ``source`` in place of the database; the current one is kept aside. Returns its new name."""
    check = check_database_file(source)
    if not check.ok:
        raise BackupError(f"Not restored: {check.reason}. The current database is unchanged.")
    now = now or dt.datetime.now()
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp(now)}{db_path.suffix}")
    if db_path.is_file():
        online_backup(db_path, aside)
    incoming = db_path.with_name(db_path.name + ".restoring")
    online_backup(source, incoming)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(incoming, db_path)
    return aside


def backup_time(path: Path) -> dt.datetime | None:
    match = _STAMP_RE.search(path.name)
    return dt.datetime.strptime(match.group(1), _STAMP) if match else None


def backups_to_keep(times: list[dt.datetime], now: dt.datetime, *, daily: int = 7, weekly: int = 8,
                    monthly: int = 12) -> set[dt.datetime]:
    """Thin backups like a careful person would: the newest of each of the last ``daily`` days,
    of each of the last ``weekly`` ISO weeks, and of each of the last ``monthly`` months."""
    keep: set[dt.datetime] = set()
    newest_per: dict[tuple, dt.datetime] = {}
    for when in sorted(times, reverse=True):
        for key in (("d", when.date()), ("w", *when.isocalendar()[:2]), ("m", when.year, when.month)):
            newest_per.setdefault(key, when)
    today = now.date()
    this_monday = today - dt.timedelta(days=today.weekday())
    for key, when in newest_per.items():
        if key[0] == "d" and (today - key[1]).days < daily:
            keep.add(when)
        elif key[0] == "w" and (this_monday - dt.date.fromisocalendar(key[1], key[2], 1)).days // 7 < weekly:
            keep.add(when)
        elif key[0] == "m" and (today.year - key[1]) * 12 + today.month - key[2] < monthly:
            keep.add(when)
    if times:
        keep.add(max(times))  # however old it is, the newest backup is the one a user may need
    return keep


def auto_backup(db_path: Path, *, now: dt.datetime | None = None, min_interval: dt.timedelta = dt.timedelta(hours=12)
                ) -> Path | None:
    """Take an automatic backup if the newest is older than ``min_interval``, then thin the old ones."""
    if not db_path.is_file():
        return None
    now = now or dt.datetime.now()
    folder = backups_dir(db_path)
    existing = {p: backup_time(p) for p in folder.glob(f"{AUTO_PREFIX}*.sqlite3")} if folder.is_dir() else {}
    existing = {p: t for p, t in existing.items() if t is not None}
    made = None
    if not existing or now - max(existing.values()) >= min_interval:
        made = make_backup(db_path, now=now, prefix=AUTO_PREFIX)
        existing[made] = backup_time(made)
    keep = backups_to_keep(list(existing.values()), now)
    for path, when in existing.items():
        if when not in keep:
            path.unlink(missing_ok=True)
    return made


def copy_file(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)
