"""``assetmap analyse``: JSON and CSV reports, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from assetmap import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assetmap.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_json_report(demo_path, tmp_path):
    out = tmp_path / "report.json"
    r = run("analyse", str(demo_path), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "9 buurten" in r.stdout
    d = json.loads(out.read_text(encoding="utf-8"))
    assert {"buurten", "clusters", "ties", "ties_rules", "ties_sentences", "voices"} <= set(d)
    rows = {row["code"]: row for row in d["buurten"]}
    assert rows["BU99990105"]["count"]["meeting_places"] == 0
    assert rows["BU99990105"]["inwoners"] is None
    assert rows["BU99990104"]["count"]["associations"] == 0
    assert rows["BU99990103"]["count"]["entrepreneurs"] == 0
    assert 0.2 < rows["BU99990104"]["uncovered_share"] < 0.5
    assert all(c["hull"].startswith("POLYGON ((5.") for c in d["clusters"])  # lon/lat WKT


def test_csv_report_and_settings(demo_path, tmp_path):
    out = tmp_path / "report.csv"
    assert cli.main(["analyse", str(demo_path), "--out", str(out), "--threshold", "800",
                     "--eps", "300", "--min-samples", "4", "--csv-dialect", "machine"]) == 0
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns[:4]) == ["code", "name", "inwoners", "meeting_places_count"]
    assert len(df) == 9 and df["uncovered_share"].between(0, 1).all()
    out400 = tmp_path / "r400.csv"
    assert cli.main(["analyse", str(demo_path), "--out", str(out400)]) == 0
    # the default opens in Dutch Excel as columns: ';', decimal comma, Dutch headers
    raw = out400.read_text(encoding="utf-8-sig")
    assert raw.splitlines()[0].startswith("Buurtcode;Buurt;Inwoners;Ontmoetingsplekken;")
    assert "1,887" in raw and "1.887" not in raw  # Oude Kern: meeting places per 1,000
    df400 = pd.read_csv(out400, sep=";", decimal=",", encoding="utf-8-sig")
    assert (df["uncovered_share"] <= df400["Deel verder dan drempel (0-1)"]).all()


@pytest.mark.parametrize("extra", [
    ["--out", "x.txt"],
    ["--out", "x.json", "--threshold", "0"],
    ["--out", "x.json", "--threshold", "ver"],
    ["--out", "x.json", "--eps", "-1"],
    ["--out", "x.json", "--min-samples", "2.5"],
    [],
])
def test_bad_arguments_exit_2_with_one_line(demo_path, tmp_path, extra, capsys):
    extra = [str(tmp_path / e) if e.startswith("x.") else e for e in extra]
    code = cli.main(["analyse", str(demo_path), *extra])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("fout:")


def test_missing_project(tmp_path):
    r = run("analyse", str(tmp_path / "weg.gpkg"), "--out", str(tmp_path / "r.json"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_walking_network_of_the_project(demo_path, tmp_path):
    """Along the demo's streets every buurt is at least as uncovered as in a straight line."""
    straight, walk = tmp_path / "s.json", tmp_path / "w.json"
    assert cli.main(["analyse", str(demo_path), "--out", str(straight)]) == 0
    assert cli.main(["analyse", str(demo_path), "--out", str(walk), "--network", "project"]) == 0
    s = {r["code"]: r["uncovered_share"] for r in json.loads(straight.read_text())["buurten"]}
    w = {r["code"]: r["uncovered_share"] for r in json.loads(walk.read_text())["buurten"]}
    assert all(w[c] >= s[c] - 1e-9 for c in s) and sum(w.values()) > sum(s.values())
