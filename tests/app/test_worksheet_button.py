"""AppTest: the worksheet button on the Afdrukken page gives a PDF with the evening's QR code."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from assetmap.paper_grid import stored_grid
from assetmap.store import GpkgStore
from tests.app.conftest import open_page


def test_worksheet_button_makes_a_pdf_and_keeps_the_grid(demo_env):
    at = open_page("afdrukken")
    assert "wat heeft het Spoorkwartier?" in " ".join(c.value for c in at.caption)
    at.radio(key="ws_paper").set_value("A3")
    at.button(key="ws_make").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    done = at.session_state["ws_result"]
    page = PdfReader(BytesIO(done["pdf"])).pages[0]
    box = page.mediabox  # A3; the nine-buurt demo turns the sheet landscape
    assert max(float(box.width), float(box.height)) > 1100
    text = page.extract_text()
    assert "Werkblad: wat heeft de buurt?" in text and "nummer cel soort naam wat" in text
    assert "?avond=" in text  # the join link under the QR code, as on the projector
    assert done["preview"].startswith(b"\x89PNG")
    labels = [b.label for b in at.get("download_button")]
    assert "Download werkblad (PDF)" in labels
    with GpkgStore(demo_env) as s:
        assert stored_grid(s) is not None
