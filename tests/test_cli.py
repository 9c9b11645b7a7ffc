"""The command-line companion: each command, bad arguments, a missing or foreign database."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_crm.cli import main
from desktop_crm.services import Crm


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(db_url):
    crm = Crm.open(db_url, actor="setup")
    crm.managers.create("olga", "Ольга Смирнова")
    crm.managers.create("li", "李明")
    crm.customers.create({"name": "Иван Петров", "mobile": "+7 912 345-67-89", "city": "Москва", "manager": "olga",
                          "tier": "A"})
    crm.customers.create({"name": "Иванна Ковальчук", "manager": "olga"})
    crm.customers.create({"name": "李红梅", "mobile": "138 1234 5678", "company": "红星贸易", "manager": "li"})
    crm.close()
    return db_url


def test_search_text_and_json(capsys, filled):
    code, out, err = run(capsys, "--db", filled, "customers", "search", "иван")
    assert code == 0 and err == ""
    assert "Иван Петров" in out and "Иванна Ковальчук" in out and "李红梅" not in out
    code, out, _ = run(capsys, "--db", filled, "customers", "search", "红", "--json")
    data = json.loads(out)
    assert code == 0 and [c["name"] for c in data["customers"]] == ["李红梅"]
    assert data["customers"][0]["manager_name"] == "李明" and data["more"] is False
    code, out, _ = run(capsys, "--db", filled, "customers", "search", "иван", "--limit", "1", "--json")
    assert len(json.loads(out)["customers"]) == 1 and json.loads(out)["more"] is True
    code, out, _ = run(capsys, "--db", filled, "customers", "search", "zzz")
    assert code == 0 and "No customer matches" in out


def test_show(capsys, filled):
    code, out, _ = run(capsys, "--db", filled, "customers", "search", "Петров", "--json")
    customer_code = json.loads(out)["customers"][0]["code"]
    code, out, _ = run(capsys, "--db", filled, "customers", "show", customer_code, "--json")
    card = json.loads(out)
    assert code == 0 and card["name"] == "Иван Петров" and card["mobile_e164"] == "+79123456789"
    assert card["tier"] == "A" and card["assignments"][0]["manager_login"] == "olga"
    code, out, _ = run(capsys, "--db", filled, "customers", "show", customer_code)
    assert code == 0 and "Иван Петров" in out and "Ольга Смирнова (olga), primary" in out
    code, out, err = run(capsys, "--db", filled, "customers", "show", "C9999999")
    assert code == 1 and out == "" and err.strip() == "desktop-crm: No customer with code 'C9999999'."


def test_handover_and_list(capsys, filled):
    code, out, _ = run(capsys, "--db", filled, "managers", "handover", "olga", "li", "--json")
    assert code == 0 and json.loads(out)["moved"] == 2
    code, out, _ = run(capsys, "--db", filled, "managers", "list", "--json")
    counts = {m["login"]: m["customers"] for m in json.loads(out)}
    assert counts == {"olga": 0, "li": 3}
    code, out, err = run(capsys, "--db", filled, "managers", "handover", "li", "ghost")
    assert code == 1 and "No manager with login 'ghost'" in err and "Traceback" not in err


def test_db_upgrade_and_current(capsys, tmp_path):
    path = str(tmp_path / "new.sqlite3")
    code, out, _ = run(capsys, "--db", path, "db", "current")
    assert code == 1
    code, out, _ = run(capsys, "--db", path, "db", "upgrade")
    assert code == 0 and "→" in out
    code, out, _ = run(capsys, "--db", path, "db", "upgrade")
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "--db", path, "db", "current")
    assert code == 0 and "(up to date)" in out


@pytest.mark.parametrize("argv", [
    ["customers"], ["customers", "find", "x"], ["customers", "search"], ["customers", "search", "x", "--limit", "0"],
    ["customers", "search", "x", "--limit", "many"], ["demo"], ["demo", "--customers", "-5"], ["restore"],
    ["managers", "handover", "only-one"], ["--no-such-flag"], ["db", "sideways"],
])
def test_usage_errors_exit_2(capsys, tmp_path, argv):
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "x.sqlite3"), *argv])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "usage" in err and "Traceback" not in err


def test_missing_database_is_a_clear_error_and_creates_nothing(capsys, tmp_path):
    path = tmp_path / "typo.sqlite3"
    for argv in (["customers", "search", "x"], ["customers", "show", "C1"], ["managers", "handover", "a", "b"],
                 ["backup"], ["managers", "list"]):
        code, out, err = run(capsys, "--db", str(path), *argv)
        assert code == 1 and f"No database at {path}" in err and "Traceback" not in err
    assert not path.exists()


def test_file_that_is_not_a_database(capsys, tmp_path):
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"these are my notes, not a database\n" * 50)
    code, _, err = run(capsys, "--db", str(junk), "customers", "search", "x")
    assert code == 1 and "cannot be read as a desktop_crm database" in err and "Traceback" not in err
    assert junk.read_bytes().startswith(b"these are my notes")


def test_unreachable_server(capsys):
    code, _, err = run(capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "customers", "search", "x")
    assert code == 1 and "Cannot open none on 127.0.0.1:1" in err and "Traceback" not in err


def test_console_entry_point_runs_as_a_module(tmp_path):
    """python -m desktop_crm goes through the same main(); a domain error has no traceback."""
    proc = subprocess.run([sys.executable, "-m", "desktop_crm", "--db", str(tmp_path / "none.sqlite3"),
                           "customers", "search", "x"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "No database at" in proc.stderr and "Traceback" not in proc.stderr


def test_global_options_after_the_command_and_a_closed_pipe(tmp_path):
    """``desktop-crm demo --customers N --db PATH`` (options after the command) works, and piping into
    a reader that stops early ends quietly."""
    path = str(tmp_path / "after.sqlite3")
    cmd = [sys.executable, "-m", "desktop_crm"]
    made = subprocess.run(cmd + ["demo", "--customers", "300", "--db", path], capture_output=True, text=True,
                          timeout=300)
    assert made.returncode == 0 and "Added 300 customers" in made.stdout
    proc = subprocess.Popen(cmd + ["customers", "search", "a", "--limit", "300", "--json", "--db", path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in err


def test_demo_then_search_finds_ivans(capsys, db_url):
    code, out, _ = run(capsys, "demo", "--customers", "2000", "--seed", "7", "--db", db_url, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["customers"] == 2000 and summary["purchases"] > 2000
    code, out, _ = run(capsys, "--db", db_url, "customers", "search", "иван", "--json", "--limit", "200")
    found = json.loads(out)["customers"]
    named_ivan = [c for c in found if c["name"].split()[0] in ("Иван", "Иванов", "Иванова")]
    assert code == 0 and named_ivan
    # every hit is an Иван… by name, or a company with a contact person of that name
    crm = Crm.open(db_url)
    try:
        for hit in found:
            card = crm.customers.get(hit["id"])
            names = [card.name] + [c.name for c in card.contacts]
            assert any(word.lower().startswith("иван") for n in names for word in n.split()), names
    finally:
        crm.close()
