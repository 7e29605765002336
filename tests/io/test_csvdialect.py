"""CSV for Dutch Excel (the default) and for machines."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from assetmap.errors import ValidationError
from assetmap.io import csvdialect


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["=SOM(A1)", "Buurthuis De Linde"],
        "kind": ["park_plein", "buurthuis"],
        "accessible": [True, None],
        "free_to_use": pd.array([False, True], dtype="boolean"),
        "per_1000": pd.array([1.25, None], dtype="Float64"),
        "lon": [5.1234567, 5.2],
    })


def test_excel_nl_is_semicolons_decimal_comma_dutch_words():
    text = csvdialect.csv_bytes(_frame(), layer="meeting_places").decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents
    head, first, second = text.lstrip("\ufeff").splitlines()
    assert head == ("Naam;Soort plek;Rolstoeltoegankelijk;Gratis te gebruiken;per_1000;"
                    "Lengtegraad")
    assert first == "'=SOM(A1);Park of plein;ja;nee;1,25;5,1234567"  # formula made inert
    assert second == "Buurthuis De Linde;Buurthuis;;ja;;5,2"
    back = csvdialect.read_csv(io.StringIO(text.lstrip("\ufeff")))
    assert back["Lengtegraad"].tolist() == [5.1234567, 5.2]  # numbers again, not text


def test_machine_is_commas_points_field_names():
    text = csvdialect.csv_bytes(_frame(), dialect="machine").decode("utf-8").lstrip("\ufeff")
    head, first, _ = text.splitlines()
    assert head == "name,kind,accessible,free_to_use,per_1000,lon"
    assert first == "'=SOM(A1),park_plein,True,False,1.25,5.1234567"


def test_headers_and_values_can_be_given_and_the_input_is_not_changed():
    df = pd.DataFrame({"section": ["added"], "layer": ["talents"], "tie": ["bridging"]})
    before = df.copy()
    out = csvdialect.excel_frame(df, headers={"section": "Onderdeel"},
                                 values={"section": {"added": "erbij"}})
    assert list(out.columns) == ["Onderdeel", "layer", "Soort band"]
    assert out.iloc[0].tolist() == ["erbij", "Talenten", "over grenzen heen"]
    pd.testing.assert_frame_equal(df, before)


def test_unknown_dialect_is_a_dutch_error():
    with pytest.raises(ValidationError, match="Onbekend CSV-dialect 'tsv'"):
        csvdialect.csv_bytes(_frame(), dialect="tsv")


def test_export_bytes_takes_the_dialect(demo_path):
    from assetmap.io.export import export_bytes
    from assetmap.store import GpkgStore

    with GpkgStore(demo_path) as s:
        nl, name = export_bytes(s, "csv", layers=["meeting_places"])
        en, _ = export_bytes(s, "csv", layers=["meeting_places"], csv_dialect="machine")
    assert name.endswith(".csv")
    assert nl.decode("utf-8-sig").splitlines()[0].split(";")[:2] == ["Id", "Naam"]
    assert en.decode("utf-8-sig").splitlines()[0].split(",")[:2] == ["id", "name"]
    assert ";ja;" in nl.decode("utf-8-sig") and "True" not in nl.decode("utf-8-sig")
