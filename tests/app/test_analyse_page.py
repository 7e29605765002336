"""AppTest of the Analyse page on the demo: the deliberate gaps show, controls rerun it."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page


@pytest.fixture
def app(demo_env):
    return open_page("analyse")


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_demo_gaps_show(app):
    assert app.title[0].value == "Wat is er per buurt, en wat mist er?"
    text = _text(app)
    assert "De Akkers heeft geen ontmoetingsplekken en geen verenigingen." in text
    assert "Spoorkwartier heeft maar één ontmoetingsplek." in text
    assert "Spoorkwartier heeft geen verenigingen." in text
    assert "Parkzoom heeft geen lokale ondernemers." in text
    assert "Van De Akkers is het aantal inwoners onbekend" in text
    assert "In Spoorkwartier ligt" in text and "verder dan 400 m" in text
    # the same sentences in a box with a copy button
    assert "In De Akkers ligt" in app.code[0].value
    # nine buurten, eight with inhabitants: Gi* finds a hot spot (the cold one of De Akkers
    # is borderline, p ~ 0.05, once 1-2 private talents stay out of public figures)
    assert not any("minstens 8 buurten" in i.value for i in app.info)
    spots = [d.value for d in app.dataframe if "Soort" in d.value.columns]
    assert len(spots) == 1
    assert "hot spot" in set(spots[0]["Soort"])


def test_table_sorted_columns_and_downloads(app):
    df = app.dataframe[0].value
    assert list(df.index) == [f"BU9999010{i}" for i in range(1, 10)]
    assert df.loc["BU99990105", "Ontmoetingsplekken"] == 0
    assert df.loc["BU99990104", "Verenigingen"] == 0
    assert df.loc["BU99990103", "Lokale ondernemers"] == 0
    assert str(df.loc["BU99990105", "Inwoners"]) == "<NA>"
    assert str(df.loc["BU99990105", "Talenten"]) == "<NA>"  # 1 talent: below 3, not shown
    assert df.loc["BU99990105", "Verder dan 400 m"] > df.loc["BU99990103", "Verder dan 400 m"]
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Download CSV", "Download Excel"]


def test_controls_rerun_the_analysis(app):
    before = app.dataframe[0].value["Verder dan 400 m"]
    app.slider(key="an_threshold").set_value(800).run()
    assert not app.exception
    after = app.dataframe[0].value["Verder dan 800 m"]
    assert (after.to_numpy() <= before.to_numpy()).all() and after.sum() < before.sum()
    app.slider(key="an_eps").set_value(50).run()
    app.number_input(key="an_min_samples").set_value(6).run()
    assert not app.exception
    assert any("Geen clusters" in i.value for i in app.info)
    app.selectbox(key="an_measure").set_value("entrepreneurs_per_km2").run()
    assert not app.exception
    app.multiselect(key="an_layers").set_value(["meeting_places"]).run()
    assert not app.exception
    assert "Talenten" not in app.dataframe[0].value.columns


def test_walking_along_streets(app):
    cb = app.checkbox(key="an_walk")
    assert not cb.disabled  # the demo has streets
    before = app.dataframe[0].value["Verder dan 400 m"].sum()
    cb.check().run()
    assert not app.exception
    assert "lopend over straat" in _text(app)
    assert app.dataframe[0].value["Verder dan 400 m"].sum() >= before


def test_no_layers_chosen(app):
    app.multiselect(key="an_layers").set_value([]).run()
    assert not app.exception
    assert app.warning[0].value == "Kies minstens één laag."


def test_english(app):
    app.session_state["lang"] = "en"  # the sidebar's language switch sets this key
    app.run()
    assert not app.exception
    assert app.title[0].value == "What does each neighbourhood have, and what is missing?"
    assert "Inhabitants" in app.dataframe[0].value.columns


def _shown(df_element):
    """The text a reader sees in an ``st.dataframe`` (the Styler's display values)."""
    import pyarrow as pa

    raw = df_element.proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(raw).read_pandas()


def test_table_reads_dutch_unknown_and_decimal_comma(app):
    shown = _shown(app.dataframe[0])  # indexed by buurt code
    cells = shown.astype(str).to_numpy().ravel().tolist()
    assert "None" not in cells and "<NA>" not in cells and "nan" not in cells
    assert shown.loc["BU99990105", "Inwoners"] == "onbekend"  # De Akkers: secret
    assert shown.loc["BU99990101", "Inwoners"] == "3.180"
    rate = shown.loc["BU99990101", "Ontmoetingsplekken per 1.000 inw."]
    assert rate == "1,89"
    assert shown.loc["BU99990104", "Verder dan 400 m"] == "36%"
    # the numbers underneath still sort as numbers
    assert app.dataframe[0].value["Inwoners"].dtype.name == "Int64"
    spots = [d for d in app.dataframe if "Soort" in d.value.columns][0]
    z = _shown(spots)["z"].tolist()
    assert all("," in v and "." not in v for v in z)


def test_csv_download_for_dutch_excel_or_scripts(app, monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    served: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        served[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)

    def csv_text() -> str:
        btn = [b for b in app.get("download_button") if b.label == "Download CSV"][0]
        file_id = btn.proto.url.rsplit("/", 1)[-1].split(".")[0]
        return served[file_id].decode("utf-8-sig")

    assert app.radio(key="an_csv_dialect").value == "excel-nl"
    app.run()
    text = csv_text()
    assert text.splitlines()[0].startswith("Buurtcode;Buurt;Inwoners;Ontmoetingsplekken;")
    assert "BU99990101;Oude Kern;3180;6;1,89;" in text
    app.radio(key="an_csv_dialect").set_value("machine").run()
    text = csv_text()
    assert text.splitlines()[0].startswith("code,name,inwoners,meeting_places_count,")
    assert "BU99990101,Oude Kern,3180,6,1.887," in text
