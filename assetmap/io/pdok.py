"""PDOK: address search (Locatieserver) and CBS buurten per gemeente (OGC API Features).

Small and dependency-free (``urllib`` through :mod:`assetmap.io._http`: a time budget per call,
retries, our user agent). Every network failure becomes a
:class:`~assetmap.errors.GeocodeError` with a Dutch message, so the UI can say "PDOK is niet
bereikbaar" and let the user pick the place on the map instead.

The base addresses can be changed with the environment variables ``ASSETMAP_PDOK_URL``
(Locatieserver) and ``ASSETMAP_PDOK_OGC_URL`` (wijken en buurten), or per call with ``base_url``;
the tests point them at a local stand-in server.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import geopandas as gpd

from .. import i18n
from ..config import Config
from ..errors import GeocodeError
from . import _http

LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
WIJKEN_BUURTEN_URL = "https://api.pdok.nl/cbs/wijken-en-buurten-2023/ogc/v1"
TIMEOUT_S = 8.0
MAX_PAGES = 30
_POINT = re.compile(r"POINT\s*\(\s*([-0-9.eE]+)\s+([-0-9.eE]+)\s*\)")


def locatieserver_url() -> str:
    return (Config.from_env().pdok_url or LOCATIESERVER_URL).rstrip("/")


def ogc_url() -> str:
    return (Config.from_env().pdok_ogc_url or WIJKEN_BUURTEN_URL).rstrip("/")


_ADVICE_PLACE = i18n.Msg("adv_pick_on_map")
_ADVICE_BUURTEN = i18n.Msg("adv_buurten_file")


def _get_json(url: str, *, timeout: float, advice: str = _ADVICE_PLACE) -> Any:
    return _http.get_json(url, service="PDOK", timeout=timeout, advice=advice)


def _docs(data: Any) -> list[dict[str, Any]]:
    try:
        docs = data["response"]["docs"]
    except (KeyError, TypeError):
        raise GeocodeError(key="http_unreadable", params={"service": "PDOK"}) from None
    return [d for d in docs if isinstance(d, dict)]


def _lonlat(doc: dict[str, Any]) -> tuple[float, float] | None:
    m = _POINT.search(str(doc.get("centroide_ll") or ""))
    return (float(m[1]), float(m[2])) if m else None


def suggest(q: str, *, rows: int = 5, base_url: str | None = None,
            timeout: float = TIMEOUT_S, types: tuple[str, ...] = ("adres", "weg",
                                                                   "woonplaats")
            ) -> list[dict[str, str]]:
    """Suggestions while typing: ``[{"id", "label", "type"}, …]`` (no coordinates yet).

    Use :func:`lookup` with the chosen ``id`` to get its location.
    """
    q = (q or "").strip()
    if len(q) < 2:
        return []
    params = {"q": q, "rows": int(rows)}
    if types:
        params["fq"] = "type:(" + " OR ".join(types) + ")"
    url = f"{base_url or locatieserver_url()}/suggest?{urllib.parse.urlencode(params)}"
    return [{"id": str(d.get("id")), "label": str(d.get("weergavenaam", "")),
             "type": str(d.get("type", ""))}
            for d in _docs(_get_json(url, timeout=timeout)) if d.get("id")]


def lookup(id: str, *, base_url: str | None = None,  # noqa: A002 - PDOK's own name
           timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """The place with ``id`` (from :func:`suggest`): ``{"id", "label", "type", "lon", "lat"}``.

    Raises
    ------
    GeocodeError
        Offline, or PDOK does not know the id.
    """
    url = f"{base_url or locatieserver_url()}/lookup?{urllib.parse.urlencode({'id': id})}"
    docs = _docs(_get_json(url, timeout=timeout))
    if not docs or _lonlat(docs[0]) is None:
        raise GeocodeError(key="pdok_place_gone")
    lon, lat = _lonlat(docs[0])  # type: ignore[misc]
    d = docs[0]
    return {"id": str(d.get("id", id)), "label": str(d.get("weergavenaam", "")),
            "type": str(d.get("type", "")), "lon": lon, "lat": lat}


def free(q: str, *, rows: int = 5, base_url: str | None = None, timeout: float = TIMEOUT_S,
         types: tuple[str, ...] = ("adres",)) -> list[dict[str, Any]]:
    """Free-text search with coordinates: ``[{"id", "label", "type", "lon", "lat", "score"}]``."""
    q = (q or "").strip()
    if not q:
        return []
    params: dict[str, Any] = {"q": q, "rows": int(rows),
                              "fl": "id,weergavenaam,type,centroide_ll,score"}
    if types:
        params["fq"] = "type:(" + " OR ".join(types) + ")"
    url = f"{base_url or locatieserver_url()}/free?{urllib.parse.urlencode(params)}"
    out = []
    for d in _docs(_get_json(url, timeout=timeout)):
        ll = _lonlat(d)
        if ll is None:
            continue
        out.append({"id": str(d.get("id", "")), "label": str(d.get("weergavenaam", "")),
                    "type": str(d.get("type", "")), "lon": ll[0], "lat": ll[1],
                    "score": float(d.get("score") or 0.0)})
    return out


def geocoder(*, base_url: str | None = None, timeout: float = TIMEOUT_S
             ) -> Callable[[str], tuple[float, float] | None]:
    """A function ``address -> (lon, lat) | None`` for the spreadsheet importer.

    It raises :class:`GeocodeError` when PDOK cannot be reached; the importer then reports the
    remaining address-only rows as needing a location.
    """

    def find(address: str) -> tuple[float, float] | None:
        hits = free(address, rows=1, base_url=base_url, timeout=timeout)
        return (hits[0]["lon"], hits[0]["lat"]) if hits else None

    return find


def download_buurten(gemeente: str, *, level: str = "buurten", base_url: str | None = None,
                     timeout: float = 30.0) -> gpd.GeoDataFrame:
    """The buurten (or ``level="wijken"``) of one gemeente from PDOK's OGC API Features.

    ``gemeente`` is a name (``Zaanstad``) or a code (``GM0479``). Follows ``next`` links page
    by page. Returns the buurten columns (see :func:`assetmap.io.cbs.normalise`) in EPSG:4326.
    """
    from .cbs import normalise

    if level not in ("buurten", "wijken"):
        raise ValueError(level)
    g = gemeente.strip()
    if not g:
        raise GeocodeError(key="pdok_no_gemeente")
    prop = "gemeentecode" if re.fullmatch(r"(GM)?\d{1,4}", g, re.IGNORECASE) else "gemeentenaam"
    value = g
    if prop == "gemeentecode":
        value = "GM" + re.sub(r"\D", "", g).zfill(4)
    params = {"f": "json", "limit": 1000, prop: value}
    url: str | None = (f"{base_url or ogc_url()}/collections/{level}/items?"
                       f"{urllib.parse.urlencode(params)}")
    features: list[dict[str, Any]] = []
    pages = 0
    while url and pages < MAX_PAGES:
        data = _get_json(url, timeout=timeout, advice=_ADVICE_BUURTEN)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise GeocodeError(key="pdok_no_buurten")
        features += data["features"]
        url = next((lk.get("href") for lk in data.get("links", [])
                    if isinstance(lk, dict) and lk.get("rel") == "next"), None)
        pages += 1
    if not features:
        raise GeocodeError(key=f"pdok_unknown_gemeente_{level}", params={"gemeente": gemeente})
    raw = gpd.GeoDataFrame.from_features(features, crs=4326)
    return normalise(raw, gemeente=value, name=f"PDOK ({gemeente})")
