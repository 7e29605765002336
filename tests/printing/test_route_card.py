"""Route cards: one A4 page with the numbered stops, the schedule and the totals."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from shapely.geometry import LineString, Point

from assetmap import printing
from assetmap.errors import ValidationError
from assetmap.routing import Leg, Route, Stop
from tests.conftest import two_buurten


def _route(n: int = 5, *, start: datetime | None = datetime(2026, 12, 3, 14, 0),
           round_trip: bool = True, straight: bool = False) -> Route:
    pts = [Point(5.002 + 0.003 * i, 52.003 + 0.001 * (i % 3)) for i in range(n)]
    layers = ["meeting_places", "associations", "entrepreneurs", "talents"]
    stops = [Stop(f"s{i}", f"Stop nummer {i}", layers[i % 4], p) for i, p in enumerate(pts)]
    if round_trip:
        stops.append(Stop("s0", stops[0].name, stops[0].layer, stops[0].geometry))
    legs, t = [], start
    for a, b in itertools.pairwise(stops):
        line = LineString([a.geometry, Point(b.geometry.x, a.geometry.y), b.geometry])
        metres = line.length * 70_000
        legs.append(Leg(a.id, b.id, metres, metres / 75, line))
    if t is not None:
        stops[0].depart = t
        for leg, s in zip(legs, stops[1:], strict=True):
            t = t + timedelta(minutes=leg.minutes)
            s.arrive = t
            s.dwell_min = 10
            t = t + timedelta(minutes=10)
            s.depart = t
    total_m = sum(leg.metres for leg in legs)
    total = sum(leg.minutes for leg in legs) + 10 * (len(stops) - 1)
    return Route(stops=stops, legs=legs, total_m=total_m, total_min=total, speed_kmh=4.5,
                 dwell_min=10, start_time=start, straight_lines=straight)


def test_route_card_is_one_a4_page_with_schedule(tmp_path):
    r = _route(5)
    out = printing.route_card(r, tmp_path / "card.pdf", buurten=two_buurten())
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.28, abs=0.5)
    assert float(box.height) == pytest.approx(841.89, abs=0.5)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Wijksafari" in text
    for i in range(5):
        assert f"Stop nummer {i}" in text
    assert "14:00" in text and "Schema" in text and "Lopen" in text
    assert "terug bij de start" in text
    assert "Totaal:" in text and "km/u" in text
    km = f"{r.total_m / 1000:.1f}".replace(".", ",")
    assert f"{km} km" in text
    assert "5 stops" in text


def test_route_card_without_times_and_straight_lines(tmp_path):
    r = _route(3, start=None, round_trip=False, straight=True)
    out = printing.route_card(r, tmp_path / "card.png", title="Rondje", dpi=50)
    assert out.exists()
    pdf = printing.render_bytes(printing.route_card, r, fmt="pdf")
    from io import BytesIO

    text = " ".join(PdfReader(BytesIO(pdf)).pages[0].extract_text().split())
    assert "hemelsbreed" in text and "Wijksafari" in text


def test_many_stops_still_one_page(tmp_path):
    out = printing.route_card(_route(30), tmp_path / "lang.pdf")
    assert len(PdfReader(out).pages) == 1


def test_route_card_errors(tmp_path):
    with pytest.raises(ValidationError, match="pdf"):
        printing.route_card(_route(3), tmp_path / "card.docx")
    r = _route(3)
    r.stops = []
    with pytest.raises(ValidationError, match="geen stops"):
        printing.route_card(r, tmp_path / "card.pdf")


def test_card_minutes_are_the_minutes_on_the_screen(tmp_path):
    """The page shows legs and totals with routing.format_duration (rounded up); the card
    must show the same numbers, not a differently rounded copy."""
    from assetmap.routing import format_duration

    r = _route(4)
    for leg in r.legs:  # minutes like 7.3 round down but are shown rounded up
        assert leg.minutes % 1 not in (0.0,)
    out = printing.route_card(r, tmp_path / "card.pdf", buurten=two_buurten())
    text = PdfReader(out).pages[0].extract_text()
    for leg in r.legs:
        assert format_duration(leg.minutes) in text
    assert f"{format_duration(r.total_min)} in totaal" in text
    assert f"waarvan {format_duration(r.walk_min)} lopen" in text
    low = [leg for leg in r.legs if leg.minutes % 1 < 0.5]
    assert low, "the route needs a leg whose minutes round down, or the test proves nothing"
