"""Label placement and page geometry (no drawing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from assetmap.errors import ValidationError
from assetmap.printing.layout import fit_extent, page_size_mm
from assetmap.printing.placement import place_labels, place_names, spread_duplicates
from assetmap.printing.text import shorten, text_width_mm


def _boxes(points, sizes, placements):
    return [(x + p.dx - w / 2, y + p.dy - h / 2, x + p.dx + w / 2, y + p.dy + h / 2)
            for (x, y), (w, h), p in zip(points, sizes, placements, strict=True)]


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-9 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-9


@pytest.mark.parametrize(("paper", "orientation", "size"), [
    ("A4", "portrait", (210, 297)), ("A4", "landscape", (297, 210)),
    ("a3", "portrait", (297, 420)), ("A3", "landscape", (420, 297))])
def test_page_sizes(paper, orientation, size):
    assert page_size_mm(paper, orientation) == size


@pytest.mark.parametrize(("paper", "orientation"), [("A5", "portrait"), ("A4", "sideways")])
def test_bad_paper_is_a_dutch_validation_error(paper, orientation):
    with pytest.raises(ValidationError, match="kiezen|kies"):
        page_size_mm(paper, orientation)


def test_labels_of_a_dense_cluster_overlap_nothing():
    # 12 symbols 4 mm apart in a row: every label must find a free spot
    pts = np.array([[20 + 4 * i, 50.0] for i in range(12)])
    sizes = np.array([[3.0, 2.3]] * 12)
    places = place_labels(pts, sizes, symbol_mm=3.2, bounds=(0, 0, 100, 100))
    assert all(p.clear for p in places)
    boxes = _boxes(pts, sizes, places)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not _overlap(a, b)
        for x, y in pts:  # no label covers a symbol
            assert not _overlap(a, (x - 1.6, y - 1.6, x + 1.6, y + 1.6))
        assert 0 <= a[0] and a[2] <= 100 and 0 <= a[1] and a[3] <= 100


def test_label_avoids_obstacles_and_frame_edge():
    pts = np.array([[99.0, 50.0]])  # at the right edge: the label must go left
    places = place_labels(pts, np.array([[4.0, 2.0]]), symbol_mm=3.0,
                          bounds=(0, 0, 100, 100), obstacles=[(95, 44, 99.5, 49.5)])
    (box,) = _boxes(pts, [[4.0, 2.0]], places)
    assert places[0].clear and box[2] <= 100
    assert not _overlap(box, (95, 44, 99.5, 49.5))
    # the preferred spot (right of the symbol) is taken when free
    places = place_labels(np.array([[50.0, 50.0]]), np.array([[4.0, 2.0]]), symbol_mm=3.0,
                          bounds=(0, 0, 100, 100))
    assert places[0].dx > 0 and places[0].dy == 0


def test_crowded_labels_are_marked_not_clear():
    pts = np.array([[5.0, 5.0]] * 60)  # impossible: 60 labels around one spot in a tiny frame
    places = place_labels(pts, np.array([[3.0, 2.0]] * 60), symbol_mm=3.0,
                          bounds=(0, 0, 12, 12))
    assert not all(p.clear for p in places)


@settings(max_examples=40, deadline=None)
@given(hs.lists(hs.tuples(hs.floats(10, 190), hs.floats(10, 130)), min_size=1, max_size=40))
def test_clear_labels_never_overlap(points):
    pts = np.array(points)
    sizes = np.array([[3.5, 2.2]] * len(pts))
    places = place_labels(pts, sizes, symbol_mm=3.0, bounds=(0, 0, 200, 140))
    boxes = _boxes(pts, sizes, places)
    clear = [b for b, p in zip(boxes, places, strict=True) if p.clear]
    for i, a in enumerate(clear):
        for b in clear[i + 1:]:
            assert not _overlap(a, b)
        for x, y in pts:
            assert not _overlap(a, (x - 1.5, y - 1.5, x + 1.5, y + 1.5))


def test_spread_duplicates_gives_each_symbol_its_own_spot():
    pts = np.array([[10.0, 10.0]] * 5 + [[40.0, 40.0]])
    out = spread_duplicates(pts, radius_mm=2.4)
    assert pts[0].tolist() == [10.0, 10.0]  # input unchanged
    d = np.hypot(*(out[:5, None, :] - out[None, :5, :]).transpose(2, 0, 1))
    assert d[np.triu_indices(5, 1)].min() >= 3.0
    assert out[5].tolist() == [40.0, 40.0]


def test_place_names_moves_off_symbols():
    (dx, dy), = place_names(np.array([[50.0, 50.0]]), np.array([[20.0, 4.0]]),
                            obstacles=[(47, 47, 53, 53)])
    assert (dx, dy) != (0.0, 0.0)
    assert not _overlap((50 + dx - 10, 50 + dy - 2, 50 + dx + 10, 50 + dy + 2), (47, 47, 53, 53))


def test_text_width_and_shorten():
    assert text_width_mm("888", 7) > text_width_mm("8", 7) > 0
    assert text_width_mm("Wide", 10, bold=True) > text_width_mm("Wide", 10)
    s = shorten("Een heel lange omschrijving van een plek in de buurt", 25, 7)
    assert s.endswith("…") and text_width_mm(s, 7) <= 25
    assert shorten("Kort", 25, 7) == "Kort"


def test_fit_extent_keeps_aspect_and_contains_bounds():
    e = fit_extent((0, 0, 1000, 200), 100, 100)
    assert e[0] < 0 and e[2] > 1000
    assert (e[2] - e[0]) == pytest.approx(e[3] - e[1])
