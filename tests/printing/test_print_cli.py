"""``assetmap print``: files written, and one-line errors with exit code 2."""

from __future__ import annotations

import pytest
from PIL import Image
from pypdf import PdfReader

from assetmap.cli import main


def test_print_pdf_and_png(demo_path, tmp_path, capsys):
    out = tmp_path / "buurt.pdf"
    rc = main([ "print", str(demo_path), "--paper", "A3", "--orientation", "landscape",
               "--buurt", "BU99990104", "--title", "Het Spoorkwartier", "--layers",
               "meeting_places,talents", "--qr", "https://example.org/kaart", "--out", str(out)])
    assert rc == 0
    assert "Afdruk geschreven" in capsys.readouterr().out
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(1190.55, abs=0.5)
    text = page.extract_text()
    assert "Het Spoorkwartier" in text and "Snackbar Het Spoor" in text
    png = tmp_path / "kaart.png"
    assert main(["print", str(demo_path), "--paper", "a4", "--dpi", "50", "--out", str(png)]) == 0
    with Image.open(png) as im:
        assert im.size == (413, 584)


@pytest.mark.parametrize(("args", "message"), [
    (["--buurt", "BU00000000"], "BU00000000"),
    (["--paper", "A5"], "A5"),
    (["--orientation", "scheef"], "scheef"),
    (["--layers", "kroegen"], "kroegen"),
])
def test_bad_arguments_one_line_exit_2(demo_path, tmp_path, capsys, args, message):
    rc = main(["print", str(demo_path), "--out", str(tmp_path / "x.pdf"), *args])
    err = capsys.readouterr().err
    assert rc == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_wrong_extension_exit_2(demo_path, tmp_path, capsys):
    rc = main(["print", str(demo_path), "--out", str(tmp_path / "kaart.jpg")])
    err = capsys.readouterr().err
    assert rc == 2 and "kaart.jpg" in err and err.count("\n") == 1


def test_missing_project_exit_2(tmp_path, capsys):
    rc = main(["print", str(tmp_path / "weg.gpkg"), "--out", str(tmp_path / "x.pdf")])
    assert rc == 2 and capsys.readouterr().err.count("\n") == 1
