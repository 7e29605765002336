"""Issue 12 item 3 beyond the projector: no public figure lets a small number of private
talents be worked out as "the count minus the public points"."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from assetmap import privacy
from assetmap.analysis import analyse_layers, public_table
from assetmap.webmap import build_map
from tests.conftest import two_buurten


def _talents(public: int, private: int, code: str = "BU0001") -> gpd.GeoDataFrame:
    rows = [{"id": f"p{i}", "name": f"Publiek {i}", "visibility": "public",
             "wants_to_share": True} for i in range(public)]
    rows += [{"id": f"q{i}", "name": f"Prive {i}", "visibility": "facilitators",
              "wants_to_share": True} for i in range(private)]
    for r in rows:
        r.update(status="approved", buurt_code=code, location_precision="buurt",
                 gifts_hand=r["name"])
    a = two_buurten().set_index("code").geometry[code].representative_point()
    return gpd.GeoDataFrame(rows, geometry=[Point(a.x, a.y)] * len(rows), crs=4326)


def test_one_private_talent_beside_public_ones_is_not_counted_in_public():
    t = _talents(public=4, private=1)
    assert int(privacy.talent_counts(t)["BU0001"]) == 4  # was 5: 5 - 4 points = 1 private
    assert len(privacy.public_view("talents", t)) == 4
    assert int(privacy.live_counts(t, ["BU0001", "BU0002"])["BU0001"]) == 4


def test_three_private_talents_count_and_small_totals_stay_hidden():
    assert int(privacy.talent_counts(_talents(public=1, private=3))["BU0001"]) == 4
    only_private = privacy.talent_counts(_talents(public=0, private=2))
    assert only_private.isna()["BU0001"]  # "<3", never "0" when there are talents
    mixed = privacy.talent_counts(_talents(public=1, private=1))
    assert mixed.isna()["BU0001"]


def test_analysis_public_table_and_map_agree():
    layers = {"talents": _talents(public=4, private=2)}
    result = analyse_layers(two_buurten(), layers)
    exact = result.gaps.table.loc["BU0001", "talents"]
    public = public_table(result.gaps.table, shown=result.gaps.public_talents)
    assert exact == 6 and public.loc["BU0001", "talents"] == 4
    rate_exact = result.gaps.table.loc["BU0001", "talents_per_1000"]
    assert abs(public.loc["BU0001", "talents_per_1000"] - rate_exact * 4 / 6) < 1e-9
    html = build_map(layers, two_buurten(), audience="public", assets="inline",
                     tiles=False).get_root().render()
    assert "Prive" not in html
