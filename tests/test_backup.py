"""Backups of the SQLite database: online copies, checks, restore, thinning, and the CLI commands.

Everything runs on real SQLite files in tmp_path; nothing about the database is mocked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop_crm.cli import main
from desktop_crm.db import Database, backup, migrate
from desktop_crm.db.backup import BackupError
from desktop_crm.services import Crm

NAMES = ["王小明", "Иван Петров", "김민준", "Ada Lovelace", "李红梅"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(path: Path) -> list[str]:
    crm = Crm.open(str(path), actor="tester", must_exist=True)
    try:
        return sorted(row.name for row in crm.customers.rows(crm.customers.ids()))
    finally:
        crm.close()


def _scalar(path: Path, sql: str):
    assert path.is_file(), path
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _make_db(path: Path, names=NAMES) -> Path:
    crm = Crm.open(str(path), actor="tester")
    try:
        for name in names:
            crm.customers.create({"name": name})
    finally:
        crm.close()
    assert not Path(f"{path}-wal").exists()  # closed cleanly: everything is in the main file
    return path


@pytest.fixture
def live(tmp_path) -> Path:
    """A desktop_crm database at head with a few customers, no connection open."""
    return _make_db(tmp_path / "crm.sqlite3")


# ----- 1. an online backup while another connection writes -------------------------------


def _pad(path: Path, megabytes: int) -> None:
    """Make the file larger than one backup step (4096 pages), with rows no check depends on."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO audit_log (at, entity, entity_id, action, new_value) VALUES (?, 'padding', ?, 'create', ?)",
            [("2025-01-01 00:00:00", i, "x" * 10_000) for i in range(megabytes * 100)],
        )
    conn.close()


def test_backup_while_another_connection_keeps_writing(live, tmp_path):
    _pad(live, 40)
    assert live.stat().st_size > 2 * 4096 * 4096  # more than two steps of 4096 pages
    before = _scalar(live, "SELECT count(*) FROM customers")

    max_writes = 3000
    started, stop, finished = threading.Event(), threading.Event(), threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        crm = Crm(Database.connect(str(live), must_exist=True), actor="writer")
        try:
            for i in range(max_writes):
                if stop.is_set():
                    break
                record, _changes = crm.customers.create({"name": f"Писатель {i}", "mobile": f"138{i:08d}"})
                written.append(record.id)
                started.set()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            crm.close()
            finished.set()
            started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(timeout=60)
        dest = backup.make_backup(live, tmp_path / "copies" / "during-writes.sqlite3")
        # The copy finished while the writer was still at it: a backup does not wait for quiet.
        writer_was_still_writing = not finished.is_set()
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert errors == []
    assert writer_was_still_writing, "the backup only finished once the writer had stopped"
    assert 0 < len(written) < max_writes

    assert dest.is_file()
    assert not Path(f"{dest}-wal").exists()
    assert not dest.with_name(dest.name + ".part").exists()
    assert _scalar(dest, "PRAGMA integrity_check") == "ok"
    assert _scalar(dest, "PRAGMA journal_mode") == "delete"  # a self-contained file
    assert backup.check_database_file(dest).ok

    # A consistent snapshot: the customers of some moment, with their index and counters.
    copied = _scalar(dest, "SELECT count(*) FROM customers")
    assert before <= copied <= before + len(written)
    assert _scalar(dest, "SELECT count(*) FROM customer_search") == copied
    assert _scalar(dest, "SELECT sum(n) FROM customer_counts WHERE dim = 'status'") == copied

    crm = Crm(Database.connect(str(dest), must_exist=True), actor="tester")
    try:
        assert migrate.current_revision(crm.db) == migrate.head_revision()
        assert crm.customers.count() == copied
        assert {row.name for row in crm.customers.search("王小明").rows} == {"王小明"}
    finally:
        crm.close()


def test_backup_refuses_to_overwrite_its_own_database(live):
    digest = _sha256(live)
    with pytest.raises(BackupError, match="cannot overwrite"):
        backup.make_backup(live, live)
    assert _sha256(live) == digest


def test_backup_of_a_database_in_a_folder_with_uri_characters(live, tmp_path):
    """'#', '?' and '%' in a path must not make SQLite open (and copy) some other, empty file."""
    folder = tmp_path / "Team #2 ? 100%25 (客户)"
    folder.mkdir()
    path = folder / "crm.sqlite3"
    shutil.copyfile(live, path)
    assert backup.check_database_file(path).ok
    dest = backup.make_backup(path, folder / "copy #1.sqlite3")
    assert backup.check_database_file(dest).ok
    assert _scalar(dest, "SELECT count(*) FROM customers") == len(NAMES)
    stranger = backup.make_backup(live, folder / "other ? #.sqlite3")
    aside = backup.restore(path, stranger)
    assert _scalar(aside, "SELECT count(*) FROM customers") == len(NAMES)
    assert _scalar(path, "SELECT count(*) FROM customers") == len(NAMES)
    assert _scalar(path, "PRAGMA integrity_check") == "ok"
    # Nothing was created where an unescaped '#' or '?' would have cut the path.
    strays = {p.name for p in tmp_path.iterdir()} - {folder.name, live.name, f"{live.name}-wal", f"{live.name}-shm"}
    assert strays == set()


# ----- 2. restore refuses what is not a good backup ---------------------------------------


def _text_file(path: Path) -> None:
    path.write_text("name,phone\n王小明,13800138000\nИван Петров,+7 912 345-67-89\n", encoding="utf-8")


def _binary_file(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(64 * 1024))


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('not ours')")
    conn.close()


JUNK = {
    "text": (_text_file, r"is not an SQLite database file"),
    "binary": (_binary_file, r"is not an SQLite database file"),
    "empty": (_empty_file, r"is not an SQLite database file"),
    "foreign-sqlite": (_foreign_sqlite, r"is an SQLite file but not a desktop_crm database \(no .*alembic_version"),
}


def _truncated(live: Path, dest: Path) -> Path:
    whole = backup.make_backup(live, dest.with_name("whole.sqlite3"))
    data = whole.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


@pytest.mark.parametrize("kind", [*JUNK, "truncated", "missing"])
def test_restore_refuses_what_is_not_a_good_backup(live, tmp_path, kind):
    junk = tmp_path / "incoming" / f"{kind}.sqlite3"
    junk.parent.mkdir()
    if kind == "truncated":
        _truncated(live, junk)
        expected = r"(is damaged|cannot be read)"
    elif kind == "missing":
        expected = r"does not exist"
    else:
        make, expected = JUNK[kind]
        make(junk)
    digest = _sha256(live)
    files = sorted(p.name for p in live.parent.iterdir())

    with pytest.raises(BackupError) as info:
        backup.restore(live, junk)

    message = str(info.value)
    assert message.startswith("Not restored: ")
    assert junk.name in message
    assert re.search(expected, message), message
    assert message.endswith("The current database is unchanged.")
    assert "\n" not in message
    assert _sha256(live) == digest
    assert sorted(p.name for p in live.parent.iterdir()) == files  # nothing set aside, nothing left behind
    assert _names(live) == sorted(NAMES)


# ----- 3. restore of a good backup --------------------------------------------------------

CRASHING_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("BEGIN")
for i in range(3):
    conn.execute("INSERT INTO app_settings (key, value) VALUES (?, '\\"committed, not checkpointed\\"')", (f"crash-{i}",))
conn.execute("COMMIT")
os._exit(0)  # die without closing: the WAL and its index stay behind, like after a crash
"""


def test_restore_keeps_the_current_database_aside_and_ignores_its_stale_wal(live, tmp_path):
    good = backup.make_backup(live, tmp_path / "good.sqlite3")
    good_digest = _sha256(good)

    crm = Crm.open(str(live), actor="tester")
    try:
        crm.customers.create({"name": "Added after the backup"})
    finally:
        crm.close()
    subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(live)], check=True, timeout=60)
    wal, shm = Path(f"{live}-wal"), Path(f"{live}-shm")
    assert wal.is_file() and wal.stat().st_size > 0 and shm.is_file()

    aside = backup.restore(live, good, now=dt.datetime(2026, 5, 4, 3, 2, 1))

    assert aside == live.with_name("crm.before-restore-20260504-030201.sqlite3")
    assert aside.is_file()
    # The database as it was, including what only its WAL held.
    assert _scalar(aside, "PRAGMA integrity_check") == "ok"
    assert _names(aside) == sorted([*NAMES, "Added after the backup"])
    assert _scalar(aside, "SELECT count(*) FROM app_settings WHERE key LIKE 'crash-%'") == 3

    # The restored database is the backup's, and the old WAL was not replayed into it.
    assert not wal.exists() and not shm.exists()
    assert not live.with_name(live.name + ".restoring").exists()
    assert _scalar(live, "PRAGMA integrity_check") == "ok"
    assert _scalar(live, "SELECT count(*) FROM app_settings WHERE key LIKE 'crash-%'") == 0
    assert _names(live) == sorted(NAMES)
    assert _sha256(good) == good_digest  # the backup itself is untouched


def test_restore_to_a_path_without_a_database(live, tmp_path):
    target = tmp_path / "new" / "crm.sqlite3"
    target.parent.mkdir()
    aside = backup.restore(target, live)
    assert not aside.exists()
    assert _names(target) == sorted(NAMES)


# ----- 4. thinning --------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 18, 15, 30)  # a Wednesday


def _two_years_of_backups(now: dt.datetime) -> list[dt.datetime]:
    """Twice a day for two years, and every hour for the last three days."""
    times = set()
    for days in range(730):
        day = now.date() - dt.timedelta(days=days)
        for hour in (2, 14):
            times.add(dt.datetime.combine(day, dt.time(hour, 0)))
    for hours in range(72):
        times.add(now.replace(minute=0) - dt.timedelta(hours=hours))
    return sorted(t for t in times if t <= now)


def _expected_kept(times: list[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """The policy written out by calendar units: 7 days, 8 ISO weeks, 12 months, and the newest."""
    today = now.date()
    days = {today - dt.timedelta(days=i) for i in range(7)}
    monday = today - dt.timedelta(days=today.weekday())
    weeks = {(monday - dt.timedelta(weeks=i)).isocalendar()[:2] for i in range(8)}
    months = set()
    year, month = today.year, today.month
    for _ in range(12):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)

    def newest(key, wanted) -> set[dt.datetime]:
        best: dict = {}
        for t in times:
            k = key(t)
            if k in wanted and (k not in best or t > best[k]):
                best[k] = t
        return set(best.values())

    kept = newest(lambda t: t.date(), days)
    kept |= newest(lambda t: t.isocalendar()[:2], weeks)
    kept |= newest(lambda t: (t.year, t.month), months)
    if times:
        kept.add(max(times))
    return kept


def test_backups_to_keep_thins_by_day_week_and_month():
    times = _two_years_of_backups(NOW)
    kept = backup.backups_to_keep(times, NOW)

    assert kept == _expected_kept(times, NOW)
    assert max(times) in kept
    # Newest of each of the last 7 days.
    for i in range(7):
        day = NOW.date() - dt.timedelta(days=i)
        assert max(t for t in times if t.date() == day) in kept
    assert not any(t.date() == NOW.date() and t != max(times) for t in kept)  # one per day, not every hour
    # Nothing from before the 12-month window.
    assert min(kept) >= dt.datetime(2025, 12, 1)
    assert dt.datetime(2025, 12, 31, 14, 0) in kept  # the newest of the oldest kept month
    # At most one per day, week and month slot.
    assert len(kept) <= 7 + 8 + 12


def test_backups_to_keep_always_keeps_the_newest():
    old = [dt.datetime(2023, 1, d, 12, 0) for d in range(1, 20)]
    assert backup.backups_to_keep(old, NOW) == {max(old)}
    assert backup.backups_to_keep([], NOW) == set()
    single = [NOW - dt.timedelta(minutes=5)]
    assert backup.backups_to_keep(single, NOW) == set(single)


def _auto_files(folder: Path) -> dict[Path, dt.datetime]:
    return {p: backup.backup_time(p) for p in folder.glob(f"{backup.AUTO_PREFIX}*.sqlite3")}


def test_auto_backup_respects_the_interval_and_thins_old_files(live, tmp_path):
    folder = backup.backups_dir(live)
    folder.mkdir()
    template = backup.make_backup(live, tmp_path / "template.sqlite3")
    start = dt.datetime(2026, 11, 18, 9, 0)
    aged = [dt.datetime.combine(start.date() - dt.timedelta(days=d), dt.time(3, 15, 7)) for d in range(1, 400)]
    for when in aged:
        shutil.copyfile(template, folder / f"{backup.AUTO_PREFIX}{backup.stamp(when)}.sqlite3")
    # Backups the user or an upgrade asked for are never thinned away.
    manual = folder / f"manual-{backup.stamp(dt.datetime(2020, 1, 1))}.sqlite3"
    pre_upgrade = folder / f"pre-upgrade-0001-{backup.stamp(dt.datetime(2020, 1, 2))}.sqlite3"
    for path in (manual, pre_upgrade):
        shutil.copyfile(template, path)

    first = backup.auto_backup(live, now=start)

    assert first == folder / f"{backup.AUTO_PREFIX}{backup.stamp(start)}.sqlite3"
    assert backup.check_database_file(first).ok
    assert _names(first) == sorted(NAMES)
    remaining = _auto_files(folder)
    assert set(remaining.values()) == _expected_kept([*aged, start], start)
    assert len(remaining) < len(aged) / 10
    assert min(remaining.values()) >= dt.datetime(2025, 12, 1)
    assert manual.is_file() and pre_upgrade.is_file()

    # Within the interval: no new file, nothing deleted.
    assert backup.auto_backup(live, now=start + dt.timedelta(hours=11, minutes=59)) is None
    assert _auto_files(folder) == remaining

    # After it: a new backup, and the thinning moves on.
    later = start + dt.timedelta(hours=12)
    second = backup.auto_backup(live, now=later)
    assert second == folder / f"{backup.AUTO_PREFIX}{backup.stamp(later)}.sqlite3"
    assert second.is_file() and backup.check_database_file(second).ok
    after = _auto_files(folder)
    assert second in after
    assert set(after.values()) == _expected_kept([*remaining.values(), later], later)
    assert first not in after  # same day, superseded by the newer backup of that day
    assert manual.is_file() and pre_upgrade.is_file()


def test_auto_backup_without_a_database_does_nothing(tmp_path):
    missing = tmp_path / "none.sqlite3"
    assert backup.auto_backup(missing, now=NOW) is None
    assert not backup.backups_dir(missing).exists()


# ----- 5. the CLI -----------------------------------------------------------------------------


def test_cli_backup_writes_a_valid_copy(live, tmp_path, capsys):
    dest = tmp_path / "cli" / "copy.sqlite3"
    assert main(["--db", str(live), "backup", str(dest)]) == 0
    out, err = capsys.readouterr()
    assert str(dest) in out
    assert err == ""
    assert backup.check_database_file(dest).ok
    assert _scalar(dest, "PRAGMA integrity_check") == "ok"
    assert _names(dest) == sorted(NAMES)


def test_cli_backup_without_destination_goes_to_the_backups_folder(live, capsys):
    assert main(["--db", str(live), "backup"]) == 0
    made = list(backup.backups_dir(live).glob("manual-*.sqlite3"))
    assert len(made) == 1
    assert str(made[0]) in capsys.readouterr().out
    assert backup.check_database_file(made[0]).ok


@pytest.mark.parametrize("kind", list(JUNK))
def test_cli_restore_of_junk_fails_in_one_line(live, tmp_path, capsys, kind):
    junk = tmp_path / f"junk-{kind}.sqlite3"
    JUNK[kind][0](junk)
    digest = _sha256(live)

    assert main(["--db", str(live), "restore", str(junk)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert err.startswith("desktop-crm: Not restored: ")
    assert _sha256(live) == digest
    assert _names(live) == sorted(NAMES)


def test_cli_restore_of_a_good_backup(live, tmp_path, capsys):
    good = backup.make_backup(live, tmp_path / "good.sqlite3")
    crm = Crm.open(str(live), actor="tester")
    try:
        crm.customers.create({"name": "Only in the current database"})
    finally:
        crm.close()

    assert main(["--db", str(live), "restore", str(good)]) == 0

    out, _err = capsys.readouterr()
    assert "Restored" in out
    asides = list(live.parent.glob("crm.before-restore-*.sqlite3"))
    assert len(asides) == 1 and str(asides[0]) in out
    assert "Only in the current database" in _names(asides[0])
    assert _names(live) == sorted(NAMES)


def test_cli_backup_of_a_missing_database_fails(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "crm.sqlite3"
    assert main(["--db", str(missing), "backup", str(tmp_path / "copy.sqlite3")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert str(missing) in err
    assert not missing.exists() and not (tmp_path / "copy.sqlite3").exists()
